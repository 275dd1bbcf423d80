#!/bin/sh
# ${NAME} in paths and flags: the OpenWrt gccgo template takes its bindir, sysroot and the
# seed's -Wl,-R,<libdir> -L <libdir> flags from ${OPENWRT_SDK}; an unset variable is an error
# that names it at its place; '$$' is a literal '$'; a value is never shell syntax; changing
# a variable the build files were made with makes them again.
. "$(dirname "$0")/lib.sh"

TPL="$SRC_DIR/toolchains/openwrt-gccgo.yaml"

cp -R "$SRC_DIR/manifests/examples/hello" hello
cat >hello/owrt.yaml <<'EOF'
mipsbake: 1
module: example.com/hello
include: [toolchains/openwrt-gccgo.yaml, boards/generic.yaml]
dependencies:
  example.com/fmtbox: {path: third_party/fmtbox}
targets:
  hello:
    main: ./cmd/hello
    boards: [generic-mipsle]
    toolchains: [openwrt-gccgo]
    link: dynamic
    test:
      - args: [sdk]
        expect: '^hello, sdk from mipsle \(gccgo\)\n'
EOF

# a stand-in for an OpenWrt toolchain directory: Debian's mipsel tools under OpenWrt's names,
# its C library as the toolchain's lib/ (a name full of shell syntax, which must stay inert)
make_sdk() {
	mkdir -p "$1/bin" &&
	for t in gccgo gcc objcopy ar strip; do
		ln -s "$(command -v mipsel-linux-gnu-$t)" "$1/bin/mipsel-openwrt-linux-$t" || return 1
	done &&
	ln -s /usr/mipsel-linux-gnu/lib "$1/lib"
}
# sdk_mipsbake DIR ARGS...: mipsbake with OPENWRT_SDK=DIR in its environment
sdk_mipsbake() {
	(OPENWRT_SDK="$1" && export OPENWRT_SDK && shift && mipsbake "$@")
}
SDK="$TRASH/sdk \$(touch pwned) \${HOME} \`x\`"
make_sdk "$SDK"

test_expect_success 'the template without OPENWRT_SDK: an error naming it, at each place' '
	(unset OPENWRT_SDK; test_must_fail mipsbake validate hello/owrt.yaml) 2>raw &&
	sed "s|$SRC_DIR|\$SRC|g" raw >actual &&
	for at in 23:13:bindir 24:14:sysroot 25:23 25:51; do
		line=${at%%:*} rest=${at#*:} col=${rest%%:*} key=${rest#*:}
		case $key in [0-9]*) key="an entry of '"'"'ldflags'"'"'" ;; *) key="'"'"'$key'"'"'" ;; esac
		echo "\$SRC/toolchains/openwrt-gccgo.yaml:$line:$col: error: environment variable '"'"'OPENWRT_SDK'"'"' in $key is not set; set it, or write '"'"'\$\$'"'"' for a literal '"'"'\$'"'"'"
	done >expect &&
	test_cmp expect actual
'

test_expect_success 'the positions point at the ${OPENWRT_SDK} references' '
	sed -n "23p" "$TPL" | cut -c13- | grep -q "^\${OPENWRT_SDK}/bin" &&
	sed -n "24p" "$TPL" | cut -c14- | grep -q "^\${OPENWRT_SDK}" &&
	sed -n "25p" "$TPL" | cut -c23- | grep -q "^\${OPENWRT_SDK}/lib'"'"', '"'"'-L'"'"'" &&
	sed -n "25p" "$TPL" | cut -c51- | grep -q "^\${OPENWRT_SDK}/lib'"'"'\]"
'

test_expect_success 'an SDK without the tools: the error names board, toolchain and the expanded path' '
	mkdir -p empty &&
	(OPENWRT_SDK="$TRASH/empty" && export OPENWRT_SDK &&
	 test_must_fail mipsbake -B e gen hello/owrt.yaml) 2>raw &&
	sed "s|$SRC_DIR/toolchains/|\$SRC/toolchains/|g" raw >actual &&
	echo "\$SRC/toolchains/openwrt-gccgo.yaml:20:3: error: toolchain '"'"'openwrt-gccgo'"'"' (board '"'"'generic-mipsle'"'"'): '"'"'mipsel-openwrt-linux-gccgo'"'"' not found in $TRASH/empty/bin" >expect &&
	test_cmp expect actual
'

test_expect_success 'with OPENWRT_SDK set, the template builds, and the binary runs with -L' '
	sdk_mipsbake "$SDK" -j2 test hello/owrt.yaml >test.log 2>&1 || { cat test.log; false; } &&
	grep -q "^mipsbake: test: 1 passed, 0 failed$" test.log
'

test_expect_success 'the expanded paths reached the commands as they are, byte for byte' '
	sdk_mipsbake "$SDK" -B dry -n hello/owrt.yaml >dry.log 2>&1 &&
	grep -F -q -- "'"'"'-Wl,-R,$SDK/lib'"'"' -L '"'"'$SDK/lib'"'"'" dry.log &&
	grep -F -q -- "'"'"'$SDK/bin/mipsel-openwrt-linux-gccgo'"'"'" dry.log &&
	! grep -F "OPENWRT_SDK" build/cfg/*.ninja &&
	grep -F -q "sysroot: '"'"'$SDK'"'"'" build/artifacts.yaml
'

test_expect_success 'nothing in the value was run by a shell' '
	! find . -name pwned | grep . &&
	! test -e x
'

mkdir -p hello/cmd/cgohi
cat >hello/cmd/cgohi/main.go <<'EOF'
package main

// static int add(int a, int b) { return a + b; }
import "C"

import "fmt"

func main() { fmt.Println("cgo says", C.add(40, 2)) }
EOF
cat >hello/owrt-go.yaml <<'EOF'
mipsbake: 1
module: example.com/hello
include: [toolchains/openwrt-go.yaml, boards/generic.yaml]
targets:
  cgohi:
    main: ./cmd/cgohi
    boards: [generic-mipsle]
    toolchains: [openwrt-go]
    cgo: true
    link: dynamic
    test:
      - expect: '^cgo says 42\n$'
EOF

test_expect_success 'the gc template: cgo through the SDK'"'"'s gcc, dynamic, run with -L the SDK' '
	sdk_mipsbake "$SDK" -B gcb -j2 test hello/owrt-go.yaml >gctest.log 2>&1 || { cat gctest.log; false; } &&
	grep -q "^mipsbake: test: 1 passed, 0 failed$" gctest.log &&
	grep -F -q "sysroot: '"'"'$SDK'"'"'" gcb/artifacts.yaml &&
	grep "^  link_flags: " gcb/artifacts.yaml >flags &&
	grep -F -q -- "'"'"'-extld=mipsel-openwrt-linux-gcc'"'"'" flags &&
	! grep -F "$TRASH" flags
'

test_expect_success 'and nothing of that path was run by a shell either' '
	! find . -name pwned | grep . &&
	! test -e x
'

test_expect_success 'a changed OPENWRT_SDK makes the build files again' '
	make_sdk "$TRASH/sdk2" &&
	sdk_mipsbake "$TRASH/sdk2" -j2 hello/owrt.yaml >again.log 2>&1 &&
	grep -F -q -- "-Wl,-R,$TRASH/sdk2/lib" build/cfg/*.ninja &&
	grep -q "LINK out/hello" again.log
'

test_expect_success 'an unchanged one goes straight to Ninja, which has nothing to do' '
	sdk_mipsbake "$TRASH/sdk2" -j2 hello/owrt.yaml >noop.log 2>&1 &&
	grep -q "no work to do" noop.log &&
	! grep -q regenerating noop.log
'

mkdir -p 'hello/third_party/lit$dir'
cp hello/third_party/fmtbox/box.go 'hello/third_party/lit$dir/'
cat >hello/literal.yaml <<'EOF'
mipsbake: 1
module: example.com/hello
include: [toolchains/debian-go.yaml]
boards:
  b: {goarch: mipsle, gomips: softfloat, cpu: 24KEc, toolchain: debian-go}
dependencies:
  example.com/fmtbox: {path: 'third_party/lit$${dir}/../lit$dir'}
targets:
  hello: {main: ./cmd/hello, boards: [b]}
EOF

test_expect_success '$$ is a literal $, and a $ without braces stays as it is' '
	mipsbake -B lit gen hello/literal.yaml >out 2>err || { cat err; false; } &&
	test_cmp /dev/null err
'

cat >hello/open.yaml <<'EOF'
mipsbake: 1
include: [toolchains/debian-go.yaml]
toolchains:
  go2: {compiler: gc, bindir: '/opt/${GO_HOME/bin'}
  go3: {compiler: gc, goroot: "${HOME}/${GO-ROOT}"}
EOF

test_expect_success 'a reference without its closing brace, or with a bad name, is an error' '
	test_must_fail mipsbake validate hello/open.yaml 2>actual &&
	cat >expect <<-\EOF &&
	hello/open.yaml:4:37: error: unterminated '"'"'${'"'"' in '"'"'bindir'"'"'; expected '"'"'${NAME}'"'"', or '"'"'$$'"'"' for a literal '"'"'$'"'"'
	hello/open.yaml:5:40: error: bad variable name '"'"'GO-ROOT'"'"' in '"'"'goroot'"'"'; expected letters, digits and '"'"'_'"'"', not starting with a digit
	EOF
	test_cmp expect actual
'

test_done
