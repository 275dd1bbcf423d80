#!/bin/sh
# Messages said once: a missing package once per (importing file:line, import) with the
# configurations that share it, a missing include once, and glibc's warning for a static
# gccgo binary using its name service replaced by one note of mipsbake's.
. "$(dirname "$0")/lib.sh"

if ! have mips-linux-gnu-gccgo mipsel-linux-gnu-gccgo qemu-mipsel-static; then
	test_skip 'messages' 'the Debian cross gccgo or qemu-user-static is missing'
	test_done
fi

mkdir -p app/cmd/app app/cmd/net
printf 'package main\n\nimport (\n\t"example.com/app/nope"\n\t"fmtx"\n)\n\nfunc main() { nope.X(); fmtx.Y() }\n' >app/cmd/app/main.go
cat >app/cmd/net/main.go <<'EOF'
package main

import (
	"fmt"
	"net"
)

func main() {
	_, err := net.LookupPort("tcp", "www")
	fmt.Println(net.ParseIP("192.0.2.1"), err == nil)
}
EOF
cat >app/missing.yaml <<'EOF'
mipsbake: 1
module: example.com/app
include: [toolchains/debian-gccgo.yaml, boards/generic.yaml]
targets:
  app: {main: ./cmd/app, boards: [generic-mips, generic-mipsle, generic-mips64]}
EOF

test_expect_success 'a package found nowhere is said once per import, with the configurations' '
	test_must_fail mipsbake -B m app/missing.yaml >out 2>err &&
	cat err &&
	test $(grep -c "error: cannot find package '"'"'example.com/app/nope'"'"'" err) = 1 &&
	test $(grep -c "error: cannot find package '"'"'fmtx'"'"'" err) = 1 &&
	test $(grep -c "error:" err) = 2 &&
	grep -q "^$TRASH/app/cmd/app/main.go:4:2: note: the same in 3 configurations: '"'"'debian-gccgo-mips-mips-hardfloat'"'"', '"'"'debian-gccgo-mipsle-mipsle-hardfloat'"'"', '"'"'debian-gccgo-mips64-mips64-hardfloat'"'"'$" err
'

test_expect_success 'a missing include is one error' '
	sed "s|boards/generic.yaml|boards/generic.yaml, nosuch.yaml|" app/missing.yaml >app/inc.yaml &&
	test_must_fail mipsbake -B i app/inc.yaml 2>err &&
	test $(grep -c "error" err) = 1 &&
	grep -q "^app/inc.yaml:3:.*: error: include '"'"'nosuch.yaml'"'"' not found; searched " err
'

cat >app/net.yaml <<'EOF'
mipsbake: 1
module: example.com/app
include: [toolchains/debian-gccgo.yaml, boards/generic.yaml]
targets:
  net: {main: ./cmd/net, boards: [generic-mips, generic-mipsle]}
  dyn: {main: ./cmd/net, boards: [generic-mipsle], link: dynamic}
EOF

test_expect_success 'static gccgo with net: one note of mipsbake, not the linker warning per link' '
	mipsbake -B n -j2 app/net.yaml >out 2>err &&
	cat out err >all &&
	! grep -q "getaddrinfo" all &&
	! grep -q "in function" all &&
	test $(grep -c "note: .*glibc NSS" all) = 1 &&
	grep -q "^mipsbake: note: net/generic-mips/debian-gccgo-mips and 1 more link glibc statically with package net or os/user: .*OpenWrt (musl).*build with gc .*'"'"'link: static-libgo'"'"' or '"'"'link: dynamic'"'"'$" all
'

test_expect_success 'the linker did warn, and the binary runs' '
	grep -q "rule gccgo_link_nss" n/build.ninja &&
	grep -q "^build out/net/generic-mipsle/debian-gccgo-mipsle/net: gccgo_link_nss " n/cfg/*.ninja &&
	grep -q "^build out/dyn/generic-mipsle/debian-gccgo-mipsle/dyn: gccgo_link " n/cfg/*.ninja &&
	mipsel-linux-gnu-gccgo -static -o direct app/cmd/net/main.go 2>ld.err &&
	grep -q "getaddrinfo.*in statically linked applications" ld.err &&
	qemu-mipsel-static n/out/net/generic-mipsle/debian-gccgo-mipsle/net >run.out &&
	grep -q "^192.0.2.1 " run.out
'

test_expect_success 'a failing link keeps every line of the linker' '
	printf "package main\n\nimport \"net\"\n\n//extern mipsbake_no_such_function\nfunc missing()\n\nfunc main() { net.ParseIP(\"\"); missing() }\n" >app/cmd/net/main.go &&
	test_must_fail mipsbake -B n -j2 app/net.yaml >out 2>&1 &&
	grep -q "undefined reference" out &&
	grep -q "in function" out
'

test_done
