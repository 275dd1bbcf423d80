#!/bin/sh
# The bundled example builds with Debian's cross gccgo for all four MIPS architectures in
# one run, every binary runs under qemu-user with an FPU CPU model, and rebuilds do only
# the work an edit calls for.
. "$(dirname "$0")/lib.sh"

cp -R "$SRC_DIR/manifests/examples/hello" hello

# run_board ARCH: run the built example under qemu, output in out.ARCH
run_board() {
	case $1 in
	mips) q=qemu-mips-static c=74Kf ;;
	mipsle) q=qemu-mipsel-static c=74Kf ;;
	mips64) q=qemu-mips64-static c=MIPS64R2-generic ;;
	mips64le) q=qemu-mips64el-static c=MIPS64R2-generic ;;
	esac
	$q -cpu $c "build/out/hello/generic-$1/debian-gccgo-$1/hello" world >"out.$1"
}

# expect_for ARCH: what the example prints on ARCH
expect_for() {
	printf 'hello, world from %s (gccgo)\n' "$1"
	printf '+-------------------------+\n| crc32(world) = 3a771143 |\n+-------------------------+\n'
}

test_expect_success 'one run builds the example for mips, mipsle, mips64 and mips64le' '
	mipsbake -j2 hello/hello.yaml >build.log 2>&1 || { cat build.log; false; } &&
	for a in mips mipsle mips64 mips64le; do
		test -x build/out/hello/generic-$a/debian-gccgo-$a/hello || exit 1
	done &&
	test "$(grep -c "] GCCGO example.com/fmtbox" build.log)" = 4
'

test_expect_success 'every binary is a MIPS ELF of the right class and byte order' '
	for a in mips mipsle mips64 mips64le; do
		case $a in
		mips) want="ELF32 big" ;; mipsle) want="ELF32 little" ;;
		mips64) want="ELF64 big" ;; mips64le) want="ELF64 little" ;;
		esac
		readelf -h build/out/hello/generic-$a/debian-gccgo-$a/hello >h.$a &&
		got="$(sed -n "s/^ *Class: *//p" h.$a) $(sed -n "s/^ *Data: *2.s complement, \([a-z]*\) endian/\1/p" h.$a)" &&
		grep -q "Machine: *MIPS" h.$a &&
		test "$got" = "$want" || { echo "$a: $got, want $want"; exit 1; }
	done
'

for arch in mips mipsle mips64 mips64le; do
	test_expect_success "the $arch binary runs under qemu and prints the greeting" "
		run_board $arch &&
		expect_for $arch >expect.$arch &&
		test_cmp expect.$arch out.$arch
	"
done

test_expect_success 'stripped binaries carry no symbol table' '
	readelf -S build/out/hello/generic-mipsle/debian-gccgo-mipsle/hello >sections &&
	! grep -q "\.symtab" sections
'

test_expect_success 'a second run compiles nothing' '
	mipsbake -j2 hello/hello.yaml >noop.log 2>&1 &&
	! grep -E "GCCGO|LINK|EXPORT|AR " noop.log &&
	grep -q "no work to do" noop.log
'

# the incremental steps use one board, so "one compile" means one command
sed "s/boards: \[.*\]/boards: [generic-mipsle]/" hello/hello.yaml >hello/one.yaml

test_expect_success 'a build of one board starts from scratch in its own directory' '
	mipsbake -B one -j2 hello/one.yaml >one.log 2>&1 &&
	test "$(grep -c "] GCCGO " one.log)" = 3 &&
	test "$(grep -c "] LINK " one.log)" = 1
'

test_expect_success 'a body-only edit in a leaf package: one compile, one link' '
	sed -i "s/strings.Repeat(\"-\"/strings.Repeat(\"=\"/" hello/third_party/fmtbox/box.go &&
	mipsbake -B one -j2 hello/one.yaml >body.log 2>&1 &&
	grep "] GCCGO " body.log >compiles &&
	echo "GCCGO example.com/fmtbox" >expect &&
	sed "s/^\[[0-9/]*\] //" compiles >actual &&
	test_cmp expect actual &&
	test "$(grep -c "] LINK " body.log)" = 1 &&
	qemu-mipsel-static -cpu 74Kf one/out/hello/generic-mipsle/debian-gccgo-mipsle/hello world >out &&
	grep -q "^+=====" out
'

test_expect_success 'an exported-API change recompiles its importers, not the rest' '
	printf "\n// Width is the width of Box(s).\nfunc Width(s string) int { return len(s) + 4 }\n" \
		>>hello/third_party/fmtbox/box.go &&
	mipsbake -B one -j2 hello/one.yaml >api.log 2>&1 &&
	sed -n "s/^\[[0-9/]*\] GCCGO //p" api.log | sort >actual &&
	printf "example.com/fmtbox\nexample.com/hello/cmd/hello\n" >expect &&
	test_cmp expect actual &&
	test "$(grep -c "] LINK " api.log)" = 1
'

test_expect_success 'a new import in a source file regenerates the build and links it' '
	mkdir -p hello/internal/shout &&
	printf "package shout\n\nimport \"strings\"\n\nfunc Up(s string) string { return strings.ToUpper(s) }\n" \
		>hello/internal/shout/shout.go &&
	sed -i "s|\"example.com/hello/internal/greet\"|\"example.com/hello/internal/greet\"\n\t\"example.com/hello/internal/shout\"|; s|fmt.Println(greet.Line(name))|fmt.Println(shout.Up(greet.Line(name)))|" \
		hello/cmd/hello/main.go &&
	mipsbake -B one -j2 hello/one.yaml >imp.log 2>&1 || { cat imp.log; false; } &&
	grep -q "regenerating build.ninja" imp.log &&
	qemu-mipsel-static -cpu 74Kf one/out/hello/generic-mipsle/debian-gccgo-mipsle/hello world >out &&
	grep -q "^HELLO, WORLD FROM MIPSLE (GCCGO)$" out
'

test_expect_success 'after regeneration, a run is a no-op again' '
	mipsbake -B one -j2 hello/one.yaml >noop2.log 2>&1 &&
	grep -q "no work to do" noop2.log
'

test_done
