#!/bin/sh
# Module versions as cmd/go resolves them (issue 13), on small modules this test writes: both
# /vN layouts, a module in a subdirectory with prefixed tags, a +incompatible version, a
# pseudo-version, and replace of both kinds. Go writes go.mod and go.sum ('go mod tidy', 'go
# get') against the test's git server and says what the program prints ('go run'); mipsbake
# builds the same module for wt1520 and runs it under qemu. Then the manifest overrides
# go.mod: patches on a go.mod version, a rev of its own, 'module:' that disagrees.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/lib-git.sh"
. "$TESTS_DIR/lib-goproxy.sh"

if ! have git jq qemu-mipsel-static || ! go_oracle_ok; then
	test_skip 'module layouts' 'needs git, jq, qemu and the Go oracle (root, unshare -mn, openssl, busybox, go)'
	test_done
fi

# publish NAME MESSAGE [TAG]: commit work/NAME and push it (and TAG)
publish() {
	(cd "$TRASH/work/$1" && tgit add -A && tgit commit -q -m "$2" &&
		{ [ -z "${3:-}" ] || tgit tag "$3"; } &&
		tgit push -q "$SRV/github.com/mb/$1.git" HEAD:refs/heads/main &&
		{ [ -z "${3:-}" ] || tgit push -q "$SRV/github.com/mb/$1.git" "refs/tags/$3"; })
}

# a Go file: gofile PATH PACKAGE TEXT
gofile() {
	mkdir -p "$(dirname "$1")" &&
	printf 'package %s\n\nfunc Name() string { return "%s" }\n' "$2" "$3" >"$1"
}

# the major subdirectory layout: v2/ holds github.com/mb/major/v2
mb_module major
printf 'module github.com/mb/major\n\ngo 1.16\n' >work/major/go.mod
gofile work/major/m.go major "major v1 (wrong)"
mkdir -p work/major/v2 && printf 'module github.com/mb/major/v2\n\ngo 1.16\n' >work/major/v2/go.mod
gofile work/major/v2/m.go major "major/v2 from v2/"
publish major "v2 in a subdirectory" v2.0.0

# the major branch layout: go.mod at the top says /v3
mb_module branch
printf 'module github.com/mb/branch/v3\n\ngo 1.16\n' >work/branch/go.mod
gofile work/branch/b.go branch "branch/v3 at v3.1.0"
publish branch "v3 on its branch" v3.1.0
gofile work/branch/b.go branch "branch/v3 after v3.1.0"
publish branch "later"

# a module in a subdirectory, tagged sub/v1.0.0; the root module's v1.0.0 is elsewhere
mb_module multi
printf 'module github.com/mb/multi\n\ngo 1.16\n' >work/multi/go.mod
mkdir -p work/multi/sub && printf 'module github.com/mb/multi/sub\n\ngo 1.16\n' >work/multi/sub/go.mod
gofile work/multi/sub/s.go sub "multi/sub WRONG (the root v1.0.0)"
publish multi "root" v1.0.0
gofile work/multi/sub/s.go sub "multi/sub at sub/v1.0.0"
publish multi "sub" sub/v1.0.0

# no go.mod at v2.0.0: required as v2.0.0+incompatible
mb_module legacy
gofile work/legacy/l.go legacy "legacy v2.0.0+incompatible"
publish legacy "legacy" v2.0.0

# an untagged commit: a pseudo-version
mb_module pseudo
printf 'module github.com/mb/pseudo\n\ngo 1.16\n' >work/pseudo/go.mod
gofile work/pseudo/p.go pseudo "pseudo at its commit"
publish pseudo "untagged"

# github.com/mb/old is replaced by github.com/mb/fork v1.1.0
mb_module old
printf 'module github.com/mb/old\n\ngo 1.16\n' >work/old/go.mod
gofile work/old/o.go old "old (never used)"
publish old "old" v1.0.0
mb_module fork
printf 'module github.com/mb/fork\n\ngo 1.16\n' >work/fork/go.mod
gofile work/fork/o.go old "fork v1.1.0 standing in for old"
publish fork "fork" v1.1.0

git_daemon_start || exit 1
export MIPSBAKE_CACHE="$TRASH/cache" PORT=$GIT_PORT

mkdir -p app/local
printf 'module example.com/local\n\ngo 1.16\n' >app/local/go.mod
gofile app/local/l.go local "local directory"
cat >app/main.go <<'EOF'
package main

import (
	"fmt"

	"example.com/local"
	"github.com/mb/branch/v3"
	"github.com/mb/legacy"
	"github.com/mb/major/v2"
	"github.com/mb/multi/sub"
	"github.com/mb/old"
	"github.com/mb/pseudo"
)

func main() {
	for _, s := range []string{major.Name(), branch.Name(), sub.Name(), legacy.Name(),
		pseudo.Name(), old.Name(), local.Name()} {
		fmt.Println(s)
	}
}
EOF
cat >app/go.mod <<'EOF'
module example.com/layouts

go 1.18

require (
	example.com/local v0.0.0
	github.com/mb/branch/v3 v3.1.0
	github.com/mb/legacy v2.0.0+incompatible
	github.com/mb/major/v2 v2.0.0
	github.com/mb/multi/sub v1.0.0
	github.com/mb/old v1.0.0
)

replace github.com/mb/old => github.com/mb/fork v1.1.0

replace example.com/local => ./local
EOF
cat >app/mipsbake.yaml <<'EOF'
mipsbake: 1
include: [boards/wt1520.yaml]
mirrors:
  github.com/mb/: git://127.0.0.1:${PORT}/github.com/mb/
targets:
  layouts:
    main: .
    boards: [wt1520]
EOF

in_app() {
	(cd app && mipsbake "$@")
}
BIN=app/build/out/layouts/wt1520/debian-go/layouts
run_bin() {
	qemu-mipsel-static -cpu 24KEc "$BIN"
}

test_expect_success 'Go writes go.mod and go.sum (go get of a commit: a pseudo-version) and says what the program prints' '
	c=$(tgit -C work/pseudo rev-parse HEAD) &&
	go_ns "$TRASH/app" go get "github.com/mb/pseudo@$c" &&
	go_ns "$TRASH/app" go mod tidy &&
	grep -q "github.com/mb/pseudo v0.0.0-20230102030405-$(echo $c | cut -c1-12)" app/go.mod &&
	go_ns "$TRASH/app" go run . >expect &&
	cat >expect.want <<-EOF &&
	major/v2 from v2/
	branch/v3 at v3.1.0
	multi/sub at sub/v1.0.0
	legacy v2.0.0+incompatible
	pseudo at its commit
	fork v1.1.0 standing in for old
	local directory
	EOF
	test_cmp expect.want expect &&
	cp app/go.sum go.sum.go
'

test_expect_success 'mipsbake builds the same module; on the board it prints what go run printed' '
	in_app build >log 2>&1 || { tail -n 20 log; false; } &&
	run_bin >actual &&
	test_cmp expect actual &&
	cmp app/go.sum go.sum.go
'

test_expect_success 'the lock names each module version with the commit it resolved to' '
	test "$(lock_value app/mipsbake.lock github.com/mb/multi/sub commit)" = "$(rev_of github.com/mb/multi sub/v1.0.0)" &&
	test "$(lock_value app/mipsbake.lock github.com/mb/old rev)" = v1.1.0 &&
	grep -q "url: git://127.0.0.1:$GIT_PORT/github.com/mb/fork\$" app/mipsbake.lock &&
	test "$(lock_value app/mipsbake.lock github.com/mb/pseudo commit)" = "$(tgit -C work/pseudo rev-parse HEAD)" &&
	! grep -q "example.com/local" app/mipsbake.lock
'

test_expect_success 'dependencies: patches on a go.mod version; go.sum is checked before them' '
	(cd work/multi && sed -i "s/at sub/patched at sub/" sub/s.go && tgit diff >"$TRASH/app/sub.patch" && tgit checkout -q sub/s.go) &&
	sed -i "s|^targets:|dependencies:\n  github.com/mb/multi/sub:\n    patches: [sub.patch]\ntargets:|" app/mipsbake.yaml &&
	in_app build >log 2>&1 || { tail -n 20 log; false; } &&
	run_bin >actual &&
	grep -qx "multi/sub patched at sub/v1.0.0" actual &&
	grep -q "sha256" app/mipsbake.lock
'

test_expect_success 'dependencies: a rev of its own overrides go.mod'"'"'s version, and go.sum has no say' '
	sed -i "s|^targets:|  github.com/mb/branch/v3:\n    rev: main\ntargets:|" app/mipsbake.yaml &&
	grep -v "github.com/mb/branch" go.sum.go >app/go.sum &&
	in_app build >log 2>&1 || { tail -n 20 log; false; } &&
	run_bin >actual &&
	grep -qx "branch/v3 after v3.1.0" actual &&
	cp go.sum.go app/go.sum
'

test_expect_success 'dependencies: git: alone fetches go.mod'"'"'s version from elsewhere, still checked against go.sum' '
	cp app/mipsbake.yaml manifest.before &&
	cp -R "$SRV/github.com/mb/legacy.git" "$SRV/elsewhere-legacy.git" &&
	sed -i "s|^targets:|  github.com/mb/legacy:\n    git: git://127.0.0.1:$GIT_PORT/elsewhere-legacy.git\ntargets:|" app/mipsbake.yaml &&
	in_app build >log 2>&1 || { tail -n 20 log; false; } &&
	grep -q "url: git://127.0.0.1:$GIT_PORT/elsewhere-legacy.git\$" app/mipsbake.lock &&
	rm -rf work/legacy2 && tgit clone -q "$SRV/elsewhere-legacy.git" work/legacy2 &&
	(cd work/legacy2 && sed -i "s/incompatible/incompatible, tampered/" l.go && tgit commit -q -am tampered &&
		tgit tag -f v2.0.0 && tgit push -q -f origin HEAD:refs/heads/main refs/tags/v2.0.0) &&
	mv app/mipsbake.lock lock.saved &&
	test_must_fail env MIPSBAKE_CACHE="$TRASH/cache-t" sh -c "cd app && \"$MB\" -B build-t build" 2>err &&
	grep -q "^go.sum:[0-9]*:1: error: verifying github.com/mb/legacy@v2.0.0+incompatible: checksum mismatch" err &&
	mv lock.saved app/mipsbake.lock &&
	cp manifest.before app/mipsbake.yaml
'

test_expect_success 'a git dependency of the manifest whose checkout would hold a module version'"'"'s is refused' '
	sed "s|^targets:|  github.com/mb/multi:\n    git: git://127.0.0.1:$GIT_PORT/github.com/mb/multi\n    rev: v1.0.0\ntargets:|" manifest.before >app/nest.yaml &&
	test_must_fail in_app -B build-n fetch nest.yaml 2>err &&
	grep -q "error: dependency .github.com/mb/multi/sub. lies inside git dependency .github.com/mb/multi.; their checkouts cannot nest" err
'

test_expect_success 'a dependency that gives only patches but that go.mod does not require is an error' '
	sed "s|github.com/mb/multi/sub:|github.com/mb/nothere:|" app/mipsbake.yaml >app/bad.yaml &&
	test_must_fail in_app validate bad.yaml 2>err &&
	grep -q "^bad.yaml:[0-9]*:3: error: missing .path. or .git. in dependency .github.com/mb/nothere.; go.mod does not require it" err
'

test_expect_success 'module: that agrees with go.mod is fine; one that disagrees is an error at both places' '
	{ echo "module: example.com/layouts"; cat app/mipsbake.yaml; } >app/agree.yaml &&
	in_app validate agree.yaml &&
	{ echo "module: example.com/other"; cat app/mipsbake.yaml; } >app/other.yaml &&
	test_must_fail in_app validate other.yaml 2>err &&
	grep -q "^other.yaml:1:9: error: module .example.com/other. disagrees with go.mod, which says .example.com/layouts.\$" err &&
	grep -q "^go.mod:1:[0-9]*: note: go.mod.s module line is here" err &&
	test $(wc -l <err) = 2
'

test_expect_success 'go.mod requiring a version it excludes is an error at the require' '
	cp app/go.mod go.mod.good &&
	printf "\nexclude github.com/mb/major/v2 v2.0.0\n" >>app/go.mod &&
	test_must_fail in_app validate 2>err &&
	grep -q "^go.mod:[0-9]*:2: error: go.mod requires github.com/mb/major/v2 v2.0.0, which it also excludes" err &&
	cp go.mod.good app/go.mod
'

test_expect_success 'a go.mod that cannot be parsed is an error at go.mod:line:col' '
	printf "module example.com/layouts\n\ngo 1.18\n\nrequire github.com/mb/x v1\x2e0\n" >app/go.mod &&
	printf "bogus line\n" >>app/go.mod &&
	test_must_fail in_app validate 2>err &&
	grep -q "^go.mod:[0-9]*:[0-9]*: error: " err &&
	cp go.mod.good app/go.mod
'

test_expect_success 'a replacement directory that does not exist is an error at its replace line' '
	sed "s|=> ./local|=> ./gone|" go.mod.good >app/go.mod &&
	test_must_fail in_app validate 2>err &&
	grep -q "^go.mod:[0-9]*:[0-9]*: error: replacement directory .\./gone. of module .example.com/local. does not exist" err &&
	cp go.mod.good app/go.mod
'

test_expect_success 'go mod vendor (direct mode, from the server) writes vendor/' '
	cp app/mipsbake.yaml manifest.full &&
	sed "/^dependencies:/,/^targets:/{/^targets:/!d}" manifest.full >app/mipsbake.yaml &&
	! grep -q dependencies app/mipsbake.yaml &&
	go_ns "$TRASH/app" go mod vendor &&
	grep -q "^# github.com/mb/old v1.0.0 => github.com/mb/fork v1.1.0\$" app/vendor/modules.txt &&
	test -f app/vendor/github.com/mb/major/v2/m.go
'

git_daemon_stop

test_expect_success 'a vendored module builds offline: no server, an empty cache, no fetch' '
	(cd app && MIPSBAKE_CACHE="$TRASH/empty-cache" mipsbake -B buildv --offline build) >log 2>&1 ||
		{ tail -n 20 log; false; } &&
	! grep -q "^fetch" log &&
	test ! -e empty-cache/git &&
	qemu-mipsel-static -cpu 24KEc app/buildv/out/layouts/wt1520/debian-go/layouts >actual &&
	test_cmp expect actual
'

test_expect_success 'the vendored code is what is built: an edit under vendor/ shows' '
	sed -i "s/major\/v2 from v2\//major\/v2 vendored, edited/" app/vendor/github.com/mb/major/v2/m.go &&
	(cd app && mipsbake -B buildv --offline build) >log 2>&1 &&
	qemu-mipsel-static -cpu 24KEc app/buildv/out/layouts/wt1520/debian-go/layouts >actual &&
	grep -qx "major/v2 vendored, edited" actual
'

test_expect_success 'modules.txt that disagrees with go.mod is an error naming the module, as go build says' '
	cp app/vendor/modules.txt modules.txt.good &&
	sed -i "s|^# github.com/mb/legacy v2.0.0+incompatible|# github.com/mb/legacy v2.0.1+incompatible|" app/vendor/modules.txt &&
	test_must_fail in_app -B buildv --offline build >err 2>&1 &&
	grep -q "github.com/mb/legacy" err &&
	grep -q "go mod vendor" err &&
	export NS_GOFLAGS=-mod=vendor &&
	test_must_fail go_ns "$TRASH/app" go build -o /dev/null . 2>goerr &&
	grep -q "github.com/mb/legacy" goerr &&
	cp modules.txt.good app/vendor/modules.txt
'

test_expect_success 'patches on a vendored module are refused: vendor/ is the code' '
	cp manifest.full app/patched.yaml &&
	test_must_fail in_app validate patched.yaml 2>err &&
	grep -q "error: dependency .github.com/mb/multi/sub.: .patches. apply to fetched modules, but its packages come from vendor/" err
'

test_done
