#!/bin/sh
# Where the bytes go: 'mipsbake sizes --packages' attributes each binary's bytes to Go
# packages, the C library and libgo from the symbols of its unstripped link (a twin linked
# only on request for strip: true). Oracles: readelf's section sizes, go tool nm -size for gc,
# the cross nm for gccgo's mangled names, jq, and a headless Chromium screenshot of the HTML.
. "$(dirname "$0")/lib.sh"

GOCODE=/usr/share/gocode/src
mkdir minion
cp "$TESTS_DIR/fixtures/minion.go" minion/main.go

manifest() { # tmpfs of the gc board
	cat <<YAML
mipsbake: 1
module: example.com/minion
include: [toolchains/debian-go.yaml, toolchains/debian-gccgo.yaml]
boards:
  soft: {goarch: mipsle, gomips: softfloat, tmpfs: $1, toolchain: debian-go}
  big64: {goarch: mips64le, gomips: hardfloat, fpu: true, tmpfs: 56MiB, toolchain: debian-gccgo-mips64le}
dependencies:
  github.com/miekg/dns: {path: $GOCODE/github.com/miekg/dns}
  golang.org/x/net: {path: $GOCODE/golang.org/x/net}
  golang.org/x/sys: {path: $GOCODE/golang.org/x/sys}
targets:
  minion: {main: ., boards: [soft, big64], strip: true}
YAML
}
manifest 14MiB >minion/minion.yaml
GC=out/minion/soft/debian-go/minion
GG=out/minion/big64/debian-gccgo-mips64le/minion

# hex(s), the value of hex digits s, for mawk (which has no strtonum)
cat >hex.awk <<'EOF'
function hex(s,   i, v) {
	v = 0; s = tolower(s)
	for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
	return v
}
EOF
# readelf's section lines as "name type address offset size es [flags] lk inf al": the
# allocated sections that occupy the file, summed
cat >loaded.awk <<'EOF'
NF == 10 && $7 ~ /A/ && $2 != "NOBITS" { s += hex($5) }
END { print s + 0 }
EOF

# sections ELF: readelf's section lines without their numbers
sections() {
	readelf -SW "$1" | sed -n 's/^ *\[ *[0-9]*\] //p'
}

# loaded_bytes ELF: the sizes of its loaded sections that occupy the file, from readelf
loaded_bytes() {
	sections "$1" | awk -f hex.awk -f loaded.awk
}

# within_1pct A B: A and B differ by at most 1% of B
within_1pct() {
	awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(b > 0 && d * 100 <= b) }'
}

test_expect_success 'a normal build links no unstripped twin' '
	mipsbake -B b -j2 minion/minion.yaml >build.log 2>&1 || { tail -n 30 build.log; false; } &&
	test -x b/$GC && test -x b/$GG &&
	test ! -e b/unstripped &&
	sha256sum b/$GC b/$GG >shipped.sum
'

test_expect_success 'sizes --packages links the twins, leaves the shipped binaries alone' '
	mipsbake -B b -j2 sizes --packages minion/minion.yaml >table.out 2>err &&
	grep -q "LINK unstripped/$GC" table.out &&
	test -x b/unstripped/$GC && test -x b/unstripped/$GG &&
	sha256sum -c shipped.sum &&
	grep -q "^minion/soft/debian-go: .* symbols of '"'"'unstripped/$GC'"'"'$" table.out &&
	mipsbake -B b -j2 sizes --json --packages minion/minion.yaml >sizes.json 2>err &&
	jq -e "length == 2" sizes.json
'

for b in soft big64; do
	test_expect_success "$b: the rows add up to the binary, the loaded ones to readelf's sections" "
		jq -r '.[] | select(.board == \"$b\") | [.out, .symbols, .size, ([.packages[].bytes] | add),
			([.packages[] | select(.kind != \"file\") | .bytes] | add)] | @tsv' sizes.json >row &&
		read out syms size sum loaded <row &&
		test \"\$size\" = \$(wc -c <b/\$out) &&
		test \"\$sum\" = \"\$size\" &&
		want=\$(loaded_bytes b/\$syms) &&
		echo \"loaded \$loaded readelf \$want\" &&
		within_1pct \"\$loaded\" \"\$want\"
	"
done

# the package of a gc symbol, as debug/gosym's PackageName, past prefixes such as type..eq.
cat >gcpkg.awk <<'EOF'
function pkg(n,   i, j, s) {
	if (!sub(/^go[.:]itab\./, "", n) && !sub(/^type[.:]\.(eq|hash)\./, "", n) && !sub(/^type\.\./, "", n))
		sub(/^type[.:]/, "", n)
	while (n ~ /^[*[]/) {
		if (substr(n, 1, 1) == "*") { n = substr(n, 2); continue }
		i = index(n, "]"); if (!i) return ""; n = substr(n, i + 1)
	}
	if (match(n, /[[,]/)) n = substr(n, 1, RSTART - 1)
	s = 0
	for (i = 1; i <= length(n); i++) if (substr(n, i, 1) == "/") s = i
	j = index(substr(n, s + 1), ".")
	if (!j || substr(n, 1, 1) == "$") return ""
	n = substr(n, 1, s + j - 1)
	return (n == "go" || n == "type" || n == "") ? "" : n
}
# first the NOBITS sections (address size), then go tool nm -size -sort address's lines
FNR == NR { lo[++nb] = hex($1); hi[nb] = lo[nb] + hex($2); next }
$2 > 0 {
	a = hex($1)
	for (k = 1; k <= nb; k++) if (a >= lo[k] && a < hi[k]) next
	p = pkg($4); if (p != "") sum[p] += $2
}
END { for (p in sum) if (sum[p] >= 4096) print p, sum[p] }
EOF

test_expect_success 'gc: each package of any size matches go tool nm -size within 1%' '
	bin=b/unstripped/$GC &&
	sections $bin | awk "\$2 == \"NOBITS\" { print \$3, \$5 }" >bss.txt &&
	test -s bss.txt &&
	go tool nm -size -sort address $bin >nm.out &&
	test $(wc -l <nm.out) -gt 1000 &&
	awk -f hex.awk -f gcpkg.awk bss.txt nm.out | sort >expect.raw &&
	test $(wc -l <expect.raw) -ge 15 &&
	grep -q "^github.com/miekg/dns " expect.raw && grep -q "^runtime " expect.raw &&
	jq -r ".[] | select(.board == \"soft\") | .packages[] | select(.kind == \"package\") | \"\(.name) \(.bytes)\"" \
		sizes.json | sort >actual.raw &&
	while read p want; do
		got=$(awk -v p="$p" "\$1 == p { print \$2 }" actual.raw) &&
		echo "$p nm=$want mipsbake=${got:-none}" &&
		test -n "$got" && within_1pct "$got" "$want" || exit 1
	done <expect.raw
'

# the cross nm -S: the bytes of the symbols gccgo named github.com/miekg/dns's, outside bss
cat >dnsnm.awk <<'EOF'
NF == 4 && $3 !~ /^[bBU]$/ && $4 ~ /^github_0com_1miekg_1dns\./ { s += hex($2) }
END { print s + 0 }
EOF

test_expect_success 'gccgo: mangled names land on their import paths' '
	jq -r ".[] | select(.board == \"big64\") | .packages[] | \"\(.kind) \(.name) \(.bytes)\"" sizes.json >gg.rows &&
	cat gg.rows | head -n 20 &&
	for p in github.com/miekg/dns golang.org/x/net/ipv4 golang.org/x/sys/unix runtime net main; do
		grep -q "^package $p [0-9]" gg.rows || { echo "no $p"; exit 1; }
	done &&
	grep -q "^libc (C library) [0-9]" gg.rows &&
	grep -q "^libgo (libgo, C) [0-9]" gg.rows &&
	! grep "^package .*_[0-9]" gg.rows &&
	mips64el-linux-gnuabi64-nm -S b/unstripped/$GG |
		awk -f hex.awk -f dnsnm.awk >nm.dns &&
	got=$(awk "\$2 == \"github.com/miekg/dns\" { print \$3 }" gg.rows) &&
	echo "nm named dns symbols: $(cat nm.dns), mipsbake dns: $got" &&
	test "$(cat nm.dns)" -gt 100000 &&
	test "$got" -ge "$(cat nm.dns)"
'

test_expect_success 'the table and --json agree, row for row' '
	for b in soft big64; do
		sed -n "/^minion\/$b\//,/^\$/p" table.out | sed "1,2d; /^\$/d" |
			awk "{ n = \$1; for (i = 2; i <= NF - 5; i++) n = n \" \" \$i; print n \"|\" \$(NF - 4) }" >t.$b &&
		jq -r ".[] | select(.board == \"$b\") | .packages[] | \"\(.name)|\(.bytes)\"" sizes.json >j.$b &&
		test $(wc -l <j.$b) -gt 20 &&
		test_cmp j.$b t.$b || exit 1
	done
'

# colours.py PNG X0 Y0 X1 Y1: how many colours fill 200 pixels or more of the region (solid
# fills, not the antialiasing of text); python3 with zlib reads the PNG
cat >colours.py <<'EOF'
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
pos, idat, hdr = 8, b'', None
while pos < len(data):
    n, kind = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b'IHDR':
        hdr = struct.unpack('>IIBBBBB', body)
    elif kind == b'IDAT':
        idat += body
    pos += 12 + n
w, h, depth, ctype, _, _, interlace = hdr
assert depth == 8 and ctype in (2, 6) and interlace == 0, hdr
bpp = 3 if ctype == 2 else 4
raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line); prev = line
x0, y0, x1, y1 = map(int, sys.argv[2:6])
count = {}
for y in range(y0, min(y1, h)):
    for x in range(x0, min(x1, w)):
        px = bytes(rows[y][x * bpp:x * bpp + 3])
        count[px] = count.get(px, 0) + 1
print(sum(1 for n in count.values() if n >= 200))
EOF

if ! have chromium; then
	test_skip 'the HTML treemap renders in headless Chromium' 'chromium is not installed'
else
	test_expect_success 'the HTML treemap renders in headless Chromium' '
		mipsbake -B b -j2 sizes --html report.html minion/minion.yaml >/dev/null 2>err &&
		test $(grep -c "<svg " report.html) = 2 &&
		! grep -qi "<script\|src=\|href=" report.html &&
		grep -q "<title>github.com/miekg/dns: .* of the binary, .* of the tmpfs budget</title>" report.html &&
		printf "<!DOCTYPE html><html><body><p>no treemap</p></body></html>\n" >blank.html &&
		for f in report blank; do
			timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
				--screenshot="$TRASH/$f.png" --window-size=1200,900 "file://$TRASH/$f.html" \
				>chromium.log 2>&1 || { cat chromium.log; exit 1; }
		done &&
		blank=$(python3 colours.py blank.png 20 130 1100 700) &&
		drawn=$(python3 colours.py report.png 20 130 1100 700) &&
		echo "colours filling 200 pixels: blank page $blank, treemap $drawn" &&
		test "$blank" -lt 3 && test "$drawn" -ge 30
	'
fi

test_expect_success 'over budget: the error names the five largest packages' '
	manifest 1MiB >minion/tiny.yaml &&
	mipsbake -B tiny -j2 sizes --json --packages minion/tiny.yaml >tiny.json 2>tiny.err &&
	test_must_fail mipsbake -B tiny -j2 minion/tiny.yaml >out 2>err &&
	cat err &&
	grep -q "^mipsbake: error: minion/soft/debian-go: binary .* over budget$" err &&
	jq -r ".[] | select(.board == \"soft\") | [.packages[] | select(.kind == \"package\" or .kind == \"libgo\" or .kind == \"libc\")][:5] |
		map(.name + \" \" + (if .bytes >= 1048576 then \"\(.bytes / 1048576 * 10 | round / 10) MiB\" else \"\(.bytes / 1024 * 10 | round / 10) KiB\" end)) |
		\"mipsbake: note: minion/soft/debian-go: the largest packages: \" + join(\", \")" tiny.json |
		sed -E "s/ ([0-9]+) (KiB|MiB)/ \1.0 \2/g" >expect &&
	grep "the largest packages" err >actual &&
	test_cmp expect actual
'

test_expect_success 'without the twin there is nothing to name, and the error is as before' '
	manifest 1MiB >minion/tiny2.yaml &&
	test_must_fail mipsbake -B tiny2 -j2 minion/tiny2.yaml >out 2>err &&
	grep -q "over budget$" err &&
	! grep -q "largest packages" err
'

test_expect_code 2 '--packages is for sizes' '
	mipsbake -B b --packages minion/minion.yaml
'

test_done
