#!/bin/sh
# The gc standard library, one package per Ninja edge: one compile for each standard package
# the build imports (go list -deps is the oracle), with the flags and files go build gives
# it (go build -n -a -trimpath is the oracle); a package waits for its own standard imports
# only, so user compiles start while std is still compiling; the binaries run.
. "$(dirname "$0")/lib.sh"
# per package, the default, not the suite's one go list step
unset MIPSBAKE_GC_STD

GOCODE=/usr/share/gocode/src
# the configuration, whose directories are named in build/configs.txt
CFGNAME=go-mipsle-softfloat
GOENV_MIPS="GOOS=linux GOARCH=mipsle GOMIPS=softfloat CGO_ENABLED=0 GO111MODULE=off GOFLAGS="

cp -R "$SRC_DIR/manifests/examples/hello" proj
mkdir -p proj/cmd/minion
cp "$TESTS_DIR/fixtures/minion.go" proj/cmd/minion/main.go
cat >proj/gc.yaml <<EOF
mipsbake: 1
module: example.com/hello
toolchains:
  go: {compiler: gc}
boards:
  mipsle-softfloat: {goarch: mipsle, gomips: softfloat, toolchain: go}
dependencies:
  example.com/fmtbox: {path: third_party/fmtbox}
  github.com/miekg/dns: {path: $GOCODE/github.com/miekg/dns}
  golang.org/x/net: {path: $GOCODE/golang.org/x/net}
  golang.org/x/sys: {path: $GOCODE/golang.org/x/sys}
targets:
  hello: {main: ./cmd/hello, boards: [mipsle-softfloat], strip: true}
  minion: {main: ./cmd/minion, boards: [mipsle-softfloat], strip: true}
EOF
mkdir -p gopath/src/example.com
cp -R proj gopath/src/example.com/hello
cp -R proj/third_party/fmtbox gopath/src/example.com/fmtbox

# in the GOPATH copy: the go command for mipsle softfloat
go_mips() {
	(cd gopath/src/example.com/hello && env GOPATH="$TRASH/gopath:/usr/share/gocode" $GOENV_MIPS go "$@")
}

# std_compiles LOG: "path: flags; files" of each standard package compile in a log of
# command lines (mipsbake -v, go build -n), sorted; flags are those cmd/go decides for std
std_compiles() {
	grep '/compile .* -std ' "$1" | awk '{
		p = ""; flags = ""; files = ""
		for (i = 1; i <= NF; i++) {
			if ($i == "-p") p = $(i + 1)
			else if ($i ~ /^-(std|\+|complete|nolocalimports)$/) flags = flags " " $i
			else if ($i ~ /\.go$/) files = files " " $i
		}
		print p ":" flags ";" files
	}' | sort
}

# std_asms LOG: "path: -compiling-runtime?; files" of each standard package's symabis run
std_asms() {
	grep '/asm .*-gensymabis' "$1" | grep -v ' -p \(example\.com\|golang\.org\|github\.com\)' | awk '{
		p = ""; flags = ""; files = ""
		for (i = 1; i <= NF; i++) {
			if ($i == "-p") p = $(i + 1)
			else if ($i == "-compiling-runtime") flags = " " $i
			else if ($i ~ /\.s$/) { n = split($i, parts, "/"); files = files " " parts[n] }
		}
		print p ":" flags ";" files
	}' | sort
}

test_expect_success 'hello and minion build with gc, std per package; the binaries answer' '
	mipsbake -v -j2 proj/gc.yaml >build.log 2>&1 || { tail -n 40 build.log; false; } &&
	(cd gopath/src/example.com/hello && GOPATH=$TRASH/gopath:/usr/share/gocode GO111MODULE=off GOFLAGS= \
	 go run ./cmd/minion) >expect.minion &&
	qemu-mipsel-static -cpu 24KEc build/out/minion/mipsle-softfloat/go/minion >out &&
	test_cmp expect.minion out &&
	qemu-mipsel-static -cpu 24KEc build/out/hello/mipsle-softfloat/go/hello world >out &&
	grep -q "world" out &&
	! grep -q " gc-std " build.log
'

test_expect_success 'one compile per standard package the build imports, as go list -deps lists them' '
	go_mips list -deps -f "{{if .Standard}}{{.ImportPath}}{{end}}" ./cmd/hello ./cmd/minion |
		grep -vx unsafe | sort -u >expect &&
	std_compiles build.log | sed "s/:.*//" | sort >actual &&
	test_cmp expect actual &&
	test $(wc -l <actual) -gt 100
'

test_expect_success 'each with the flags and files go build -a -trimpath gives it' '
	go_mips build -n -a -trimpath ./cmd/hello ./cmd/minion >gobuild.log 2>&1 &&
	std_compiles gobuild.log >expect &&
	std_compiles build.log >actual &&
	test_cmp expect actual &&
	grep -q "^runtime: -std -+ -nolocalimports;" actual &&
	grep -q "^sync: -std -nolocalimports;" actual &&
	grep -q "^vendor/golang.org/x/net/dns/dnsmessage: -std -complete -nolocalimports;" actual &&
	std_asms gobuild.log >expect &&
	std_asms build.log >actual &&
	test_cmp expect actual &&
	grep -q "^runtime: -compiling-runtime;" actual
'

test_expect_success 'a package waits for its own standard imports only' '
	CFG=$(cfgdir build $CFGNAME) && test -n "$CFG" &&
	ninja -C build -t query exp/$CFG/example.com/fmtbox.a >q &&
	grep "_std/" q | sed "s/^[ |]*//" >actual &&
	echo "exp/$CFG/_std/strings.a" >expect &&
	test_cmp expect actual &&
	ninja -C build -t commands exp/$CFG/_std/net.a | tail -n 1 >cmd &&
	grep -q "'\''importmap golang.org/x/net/dns/dnsmessage=vendor/golang.org/x/net/dns/dnsmessage'\''" cmd
'

test_expect_success 'so user compiles start before the last standard compile ends (.ninja_log)' '
	CFG=$(cfgdir build $CFGNAME) && test -n "$CFG" &&
	awk -v cfg="$CFG" "NR > 1 && \$4 ~ \"^exp/\" cfg \"/\" {
		if (\$4 ~ \"/_std/\") { if (\$2 > last) last = \$2 }
		else if (first == \"\" || \$1 < first) first = \$1
	} END { print first, last; exit !(first != \"\" && first + 0 < last + 0) }" build/.ninja_log
'

test_expect_success 'a second run compiles nothing' '
	mipsbake -v -j2 proj/gc.yaml >noop.log 2>&1 &&
	! grep -q "/compile " noop.log
'

test_done
