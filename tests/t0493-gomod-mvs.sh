#!/bin/sh
# Minimal version selection (issue 13): a main go.mod that says go 1.16 lists only its direct
# requirements; the versions of everything else, and upgrades of what it lists, come from the
# dependencies' own go.mod files. mipsbake's selection must be 'go list -m all''s, and the
# program must print what 'go run' prints.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/lib-git.sh"
. "$TESTS_DIR/lib-goproxy.sh"

if ! have git jq qemu-mipsel-static || ! go_oracle_ok; then
	test_skip 'minimal version selection' 'needs git, jq, qemu and the Go oracle (root, unshare -mn, openssl, busybox, go)'
	test_done
fi

# release NAME VERSION GO.MOD-REQUIRES...: package NAME saying its version, tagged VERSION
release() {
	_n=$1 _v=$2
	shift 2
	{
		printf 'module github.com/mb/%s\n\ngo 1.16\n' "$_n"
		for _r; do printf 'require %s\n' "$_r"; done
	} >"work/$_n/go.mod" &&
	printf 'package %s\n\nconst Version = "%s %s"\n' "$_n" "$_n" "$_v" >"work/$_n/v.go" &&
	(cd "work/$_n" && tgit add -A && tgit commit -q -m "$_v" && tgit tag "$_v" &&
		tgit push -q "$SRV/github.com/mb/$_n.git" HEAD:refs/heads/main "refs/tags/$_v")
}

# a needs c v1.1.0; b needs c v1.2.0 and d; d needs a v1.1.0 (above what main says); e is
# only ever required at versions below what others need
mb_module a; mb_module b; mb_module c; mb_module d; mb_module e
release c v1.1.0
release c v1.2.0
release c v1.3.0
release e v1.0.0
release e v1.1.0
release a v1.0.0 "github.com/mb/c v1.1.0" "github.com/mb/e v1.0.0"
release a v1.1.0 "github.com/mb/c v1.1.0" "github.com/mb/e v1.1.0"
release d v1.0.0 "github.com/mb/a v1.1.0"
release b v1.0.0 "github.com/mb/c v1.2.0" "github.com/mb/d v1.0.0"

git_daemon_start || exit 1
export MIPSBAKE_CACHE="$TRASH/cache" PORT=$GIT_PORT

mkdir -p app
cat >app/main.go <<'EOF'
package main

import (
	"fmt"

	"github.com/mb/a"
	"github.com/mb/b"
	"github.com/mb/c"
	"github.com/mb/d"
	"github.com/mb/e"
)

func main() { fmt.Println(a.Version, b.Version, c.Version, d.Version, e.Version) }
EOF
cat >app/go.mod <<'EOF'
module example.com/mvs

go 1.16

require (
	github.com/mb/a v1.0.0
	github.com/mb/b v1.0.0
)
EOF
cat >app/mipsbake.yaml <<'EOF'
mipsbake: 1
include: [boards/wt1520.yaml]
mirrors:
  github.com/mb/: git://127.0.0.1:${PORT}/github.com/mb/
targets:
  mvs:
    main: .
    boards: [wt1520]
    test:
      - expect: '^a v1.1.0 b v1.0.0 c v1.2.0 d v1.0.0 e v1.1.0$'
EOF

test_expect_success 'go list -m all: the versions Go selects, and what go run prints' '
	cp app/go.mod go.mod.mine &&
	go_ns "$TRASH/app" go list -m all >golist &&
	go_ns "$TRASH/app" go run . >expect &&
	echo "a v1.1.0 b v1.0.0 c v1.2.0 d v1.0.0 e v1.1.0" >expect.want &&
	test_cmp expect.want expect &&
	cp go.mod.mine app/go.mod &&
	sed 1d golist >selected.go &&
	test $(wc -l <selected.go) = 5
'

test_expect_success 'mipsbake selects the same versions from the go.mod files alone, and the program agrees' '
	(cd app && mipsbake test) >log 2>&1 || { tail -n 20 log; false; } &&
	grep -q "test: 1 passed, 0 failed" log &&
	for m in a b c d e; do
		echo "github.com/mb/$m $(lock_value app/mipsbake.lock github.com/mb/$m rev)"
	done >selected &&
	test_cmp selected.go selected &&
	qemu-mipsel-static -cpu 24KEc app/build/out/mvs/wt1520/debian-go/mvs >actual &&
	test_cmp expect actual
'

test_expect_success 'with go 1.17 the same go.mod is complete and final: no selection, the listed versions' '
	sed "s/^go 1.16/go 1.17/" go.mod.mine >app/go.mod &&
	printf "require (\n\tgithub.com/mb/c v1.1.0\n\tgithub.com/mb/d v1.0.0\n\tgithub.com/mb/e v1.0.0\n)\n" >>app/go.mod &&
	cp app/go.sum go.sum.go &&
	(cd app && mipsbake -B build17 --update build) >log 2>&1 || { tail -n 20 log; false; } &&
	qemu-mipsel-static -cpu 24KEc app/build17/out/mvs/wt1520/debian-go/mvs >actual &&
	echo "a v1.0.0 b v1.0.0 c v1.1.0 d v1.0.0 e v1.0.0" >expect17 &&
	test_cmp expect17 actual &&
	cp go.mod.mine app/go.mod &&
	cp go.sum.go app/go.sum
'

test_expect_success 'a dependency'"'"'s requirement of a version main excludes is ignored, as cmd/go does' '
	printf "\nexclude github.com/mb/c v1.2.0\n" >>app/go.mod &&
	cp app/go.mod go.mod.x &&
	go_ns "$TRASH/app" go list -m all >golist.x &&
	cp go.mod.x app/go.mod &&
	(cd app && mipsbake -B buildx --update build) >log 2>&1 || { tail -n 20 log; false; } &&
	grep "github.com/mb/c " golist.x >expect &&
	echo "github.com/mb/c $(lock_value app/mipsbake.lock github.com/mb/c rev)" >actual &&
	test_cmp expect actual &&
	cp go.mod.mine app/go.mod &&
	cp go.sum.go app/go.sum
'

git_daemon_stop

test_expect_success 'the selection works offline from the cache' '
	(cd app && mipsbake -B build2 --offline test) >log 2>&1 || { tail -n 20 log; false; } &&
	grep -q "test: 1 passed, 0 failed" log
'

test_done
