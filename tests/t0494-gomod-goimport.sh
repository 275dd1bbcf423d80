#!/bin/sh
# Where a module on a host no rule knows is (issue 13): the <meta name="go-import"> tag of
# https://PATH?go-get=1, looked up with libcurl, as cmd/go does. The test's vanity server,
# go.example.org, lives in a network namespace of its own (loopback only, /etc/hosts saying
# where go.example.org is, a certificate SSL_CERT_FILE names); Go and mipsbake both run there.
# The lock records the URL the lookup gave, so a locked build never looks up again.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/lib-git.sh"
. "$TESTS_DIR/lib-goproxy.sh"

if ! have git qemu-mipsel-static || ! go_oracle_ok; then
	test_skip 'go-import lookups' 'needs git, qemu and the Go oracle (root, unshare -mn, openssl, busybox, go)'
	test_done
fi

# a repository thing.git (module go.example.org/thing) and tool.git (go.example.org/tools,
# its package go.example.org/tools/cmd/... a sub-package of the root the tag names)
mkdir -p "$SRV"
for r in thing tools; do
	small_repo $r
done
printf 'module go.example.org/thing\n\ngo 1.16\n' >work/thing/go.mod
printf 'package thing\n\nconst Name = "thing, found by its go-import tag"\n' >work/thing/t.go
commit_all work/thing "thing" v1.0.0 || exit 1
printf 'module go.example.org/tools\n\ngo 1.16\n' >work/tools/go.mod
mkdir -p work/tools/strs && printf 'package strs\n\nconst Name = "tools/strs, below the root"\n' >work/tools/strs/s.go
commit_all work/tools "tools" v0.2.0 || exit 1
go_meta thing "go.example.org/thing git git://127.0.0.1:9418/thing.git" &&
go_meta tools "go.example.org/tools git git://127.0.0.1:9418/tools.git" || exit 1
export MIPSBAKE_CACHE="$TRASH/cache"

mkdir -p app
cat >app/main.go <<'EOF2'
package main

import (
	"fmt"

	"go.example.org/thing"
	"go.example.org/tools/strs"
)

func main() { fmt.Println(thing.Name); fmt.Println(strs.Name) }
EOF2
printf 'module example.com/vanity\n\ngo 1.18\n\nrequire (\n\tgo.example.org/thing v1.0.0\n\tgo.example.org/tools v0.2.0\n)\n' >app/go.mod
cat >app/mipsbake.yaml <<'EOF2'
mipsbake: 1
include: [boards/wt1520.yaml]
targets:
  vanity:
    main: .
    boards: [wt1520]
EOF2

test_expect_success 'Go finds both modules through their go-import tags and writes go.sum' '
	go_ns "$TRASH/app" go mod tidy &&
	go_ns "$TRASH/app" go run . >expect &&
	grep -q "thing, found by its go-import tag" expect &&
	cp app/go.sum go.sum.go
'

test_expect_success 'mipsbake looks them up too, fetches from the URL the tag names and verifies go.sum' '
	go_ns "$TRASH/app" "$MB" build >log 2>&1 || { tail -n 20 log; false; } &&
	qemu-mipsel-static -cpu 24KEc app/build/out/vanity/wt1520/debian-go/vanity >actual &&
	test_cmp expect actual &&
	cmp go.sum.go app/go.sum &&
	grep -q "url: git://127.0.0.1:9418/thing.git\$" app/mipsbake.lock &&
	grep -q "url: git://127.0.0.1:9418/tools.git\$" app/mipsbake.lock
'

test_expect_success 'deps shows the URL the lock recorded' '
	(cd app && mipsbake deps) >actual &&
	grep -q "^go.example.org/thing  *v1.0.0  .*  git://127.0.0.1:9418/thing.git\$" actual
'

test_expect_success 'a locked build never looks up again: no vanity server, no network, from the cache' '
	(cd app && mipsbake -B build2 --offline build) >log 2>&1 || { tail -n 20 log; false; } &&
	qemu-mipsel-static -cpu 24KEc app/build2/out/vanity/wt1520/debian-go/vanity >actual &&
	test_cmp expect actual
'

test_expect_success 'without the lock, --offline names the lookup it may not make' '
	mv app/mipsbake.lock lock.saved &&
	test_must_fail env -C app "$MB" -B build3 --offline build >log 2>&1 &&
	grep -q "module go.example.org/thing: where its repository is needs a go-import lookup of .https://go.example.org/thing?go-get=1., and --offline forbids it" log &&
	mv lock.saved app/mipsbake.lock
'

test_expect_success 'a lookup that fails is an error at the require, naming the module' '
	rm -f "$TRASH/oracle/www/thing?go-get=1" &&
	mv app/mipsbake.lock lock.saved &&
	test_must_fail go_ns "$TRASH/app" "$MB" -B build4 build >log 2>&1 &&
	grep -q "^go.mod:6:2: error: module go.example.org/thing: " log &&
	mv lock.saved app/mipsbake.lock
'

test_done
