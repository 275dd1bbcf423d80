#!/bin/sh
# Manifest values that are legal but full of Ninja and shell syntax ($, spaces, ':', quotes,
# ';', backquotes, $(...)) reach build.ninja and the command lines exactly, break nothing
# and run nothing.
. "$(dirname "$0")/lib.sh"

WEIRD='we ird $HOME:x;touch pwned-a `touch pwned-b` $(touch pwned-c) '"'q'"' #h'
mkdir -p "$WEIRD"
cp -R "$SRC_DIR/manifests/examples/hello/." "$WEIRD/"
mv "$WEIRD/third_party/fmtbox" "$WEIRD/third_party/fm\$tbox: x"

# a tool directory with the same hostile characters in its name
TOOLS="$TRASH/tools \$out:\$in;touch pwned-d"
mkdir -p "$TOOLS"
for t in gccgo gcc objcopy ar strip; do
	ln -s "$(command -v mipsel-linux-gnu-$t)" "$TOOLS/mipsel-linux-gnu-$t"
done

cat >"$WEIRD/weird.yaml" <<YAML
mipsbake: 1
module: example.com/hello
toolchains:
  tc:
    compiler: gccgo
    prefix: mipsel-linux-gnu-
    bindir: "tools \$out:\$in;touch pwned-d"
    ldflags: ['-Wl,-Map,map \$in;\$(touch pwned-e):\`x\`.txt']
boards:
  b:
    goarch: mipsle
    cpu: 74Kf
    toolchain: tc
dependencies:
  example.com/fmtbox:
    path: "third_party/fm\$tbox: x"
targets:
  hello:
    main: ./cmd/hello
    boards: [b]
YAML
# bindir is relative to the manifest's directory
mv "$TOOLS" "$WEIRD/"

test_expect_success 'hostile paths and flags build a binary that runs' '
	mipsbake -B "bu ild\$x" -j2 "$WEIRD/weird.yaml" >build.log 2>&1 || { cat build.log; false; } &&
	qemu-mipsel-static -cpu 74Kf "bu ild\$x/out/hello/b/tc/hello" world >out &&
	grep -q "^hello, world from mipsle (gccgo)$" out
'

test_expect_success 'the linker flag arrived as one word, byte for byte' '
	test -f "bu ild\$x/map \$in;\$(touch pwned-e):\`x\`.txt"
'

test_expect_success 'nothing was run by the shell' '
	! find . -name "pwned*" | grep .
'

test_expect_success 'build.ninja parses and a second run is a no-op' '
	mipsbake -B "bu ild\$x" -j2 "$WEIRD/weird.yaml" >noop.log 2>&1 &&
	grep -q "no work to do" noop.log
'

test_expect_success 'an edit in a directory a depfile cannot spell still regenerates' '
	sleep 1 &&
	printf "package fmtbox\n\nfunc Extra() int { return 1 }\n" >"$WEIRD/third_party/fm\$tbox: x/extra.go" &&
	mipsbake -B "bu ild\$x" -j2 "$WEIRD/weird.yaml" >edit.log 2>&1 &&
	grep -q "regenerating build.ninja" edit.log &&
	grep -q "GCCGO example.com/fmtbox" edit.log
'

test_expect_success 'a Go file whose name holds a newline is refused, not written into build.ninja' '
	cp "bu ild\$x/build.ninja" before.ninja &&
	printf "package fmtbox\n" >"$WEIRD/third_party/fm\$tbox: x/new
line.go" &&
	test_must_fail mipsbake -B "bu ild\$x" gen "$WEIRD/weird.yaml" 2>err &&
	grep -q "a file name with control characters is not supported" err &&
	test_cmp before.ninja "bu ild\$x/build.ninja"
'

test_done
