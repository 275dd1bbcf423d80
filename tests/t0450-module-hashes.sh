#!/bin/sh
# Module versions and the h1 hashes of go.sum (issue 13), against Go itself: 'go mod download
# -json' in direct mode fetches each module from this test's git daemon and prints the commit
# a version names ('mipsbake modver' must name it too) and the two hashes 'mipsbake modhash'
# must print.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/lib-git.sh"

if ! have go git jq unzip; then
	test_skip 'module hashes against go mod download' 'needs go, git, jq and unzip'
	test_done
fi

# publish NAME TAG: commit work/NAME and push it with TAG
publish() {
	(cd "$TRASH/work/$1" && tgit add -A && tgit commit -q -m "$2" && tgit tag "$2" &&
		tgit push -q "$SRV/github.com/mb/$1.git" HEAD:refs/heads/main "refs/tags/$2")
}

# a module with a bit of everything a module zip takes
mb_module plain
w=work/plain
printf 'module github.com/mb/plain\n\ngo 1.18\n' >$w/go.mod
printf 'package plain\n' >$w/a.go
printf 'Copyright\n' >$w/LICENSE
mkdir -p "$w/sub dir" && printf 'x\n' >"$w/sub dir/file with spaces.txt"
printf '#!/bin/sh\n' >$w/run.sh && chmod +x $w/run.sh
publish plain v1.0.0

# what a module zip leaves out: a nested module, vendored packages, a symlink
mb_module nested
w=work/nested
printf 'module github.com/mb/nested\n\ngo 1.18\n' >$w/go.mod
printf 'package nested\n' >$w/a.go
mkdir -p $w/inner $w/vendor/github.com/z $w/x/vendor/y $w/deep/er
printf 'module github.com/mb/nested/inner\n' >$w/inner/go.mod
printf 'package inner\n' >$w/inner/x.go
printf '# github.com/z v1.0.0\n' >$w/vendor/modules.txt
printf 'package z\n' >$w/vendor/github.com/z/z.go
printf 'package y\n' >$w/x/vendor/y/z.go
printf 'package vendor\n' >$w/x/vendor/top.go
printf 'package er\n' >$w/deep/er/er.go
ln -s a.go $w/link.go
printf 'archived\n' >$w/.hg_archival.txt
publish nested v1.2.0

# a module in a subdirectory of its repository, tagged sub/v1.0.0, its LICENSE at the top
mb_module multi
w=work/multi
printf 'Root license\n' >$w/LICENSE
mkdir -p $w/sub && printf 'module github.com/mb/multi/sub\n' >$w/sub/go.mod
printf 'package sub\n' >$w/sub/s.go
publish multi sub/v1.0.0

# no go.mod at a v2 tag: v2.0.0+incompatible, with the go.mod Go synthesizes
mb_module legacy
printf 'package legacy\n' >work/legacy/l.go
publish legacy v2.0.0

# the major subdirectory layout: v2/ holds module github.com/mb/major/v2
mb_module major
w=work/major
printf 'module github.com/mb/major\n' >$w/go.mod
printf 'package major\n' >$w/m.go
mkdir -p $w/v2 && printf 'module github.com/mb/major/v2\n' >$w/v2/go.mod
printf 'package major\n' >$w/v2/m.go
publish major v2.0.0

git_daemon_start || exit 1
mkdir -p home gopath mod
printf '[url "git://127.0.0.1:%s/github.com/"]\n\tinsteadOf = https://github.com/\n' "$GIT_PORT" >home/.gitconfig
printf 'module example.com/probe\n\ngo 1.18\n' >mod/go.mod

# go_sums MODULE@VERSION: what go mod download prints as the two go.sum hashes
go_sums() {
	(cd mod && env HOME="$TRASH/home" GOPATH="$TRASH/gopath" GOMODCACHE="$TRASH/gopath/pkg/mod" \
		GOCACHE="$TRASH/gocache" GOPROXY=direct GOSUMDB=off GOFLAGS=-mod=mod GOTOOLCHAIN=local \
		GIT_CONFIG_NOSYSTEM=1 go mod download -json "$1") >dl.json &&
	jq -r '"\(.Path) \(.Version) \(.Sum)\n\(.Path) \(.Version)/go.mod \(.GoModSum)"' dl.json
}

# check NAME MODULE VERSION REV [SUBDIR]: mipsbake's go.sum lines are go's, and the version
# names go's commit (tags of a module in SUBDIR start with SUBDIR/, but for a /vN one)
check() {
	go_sums "$2@$3" >expect &&
	mipsbake modhash "$SRV/github.com/mb/$1.git" "$4" "$2" "$3" ${5:-} >actual &&
	test_cmp expect actual &&
	jq -r .Origin.Hash dl.json >expect &&
	prefix=${5:+$5/} &&
	if [ "${5:-}" = "${2##*/}" ] && expr "${5:-}" : "v[0-9]*$" >/dev/null; then prefix=; fi &&
	mipsbake modver "$SRV/github.com/mb/$1.git" "$2" "$3" "$prefix" >actual &&
	test_cmp expect actual
}

# pseudo NAME MODULE COMMIT: go names COMMIT with a pseudo-version; mipsbake resolves it back
pseudo() {
	go_sums "$2@$3" >/dev/null &&
	v=$(jq -r .Version dl.json) &&
	echo "$v" | grep -q "[0-9]\{14\}-[0-9a-f]\{12\}$" &&
	mipsbake modver "$SRV/github.com/mb/$1.git" "$2" "$v" >actual &&
	echo "$3" >expect &&
	test_cmp expect actual &&
	echo "$v"
}

test_expect_success 'a plain module: files in directories, spaces, an executable, LICENSE' '
	check plain github.com/mb/plain v1.0.0 v1.0.0
'

test_expect_success 'nested modules, vendored packages (with zip'"'"'s offset bug), symlinks and .hg_archival.txt are left out' '
	check nested github.com/mb/nested v1.2.0 v1.2.0 &&
	git -C "$SRV/github.com/mb/nested.git" ls-tree -r --name-only v1.2.0 >all &&
	grep -q "^inner/x.go$" all && grep -q "^x/vendor/top.go$" all &&
	unzip -l "$TRASH/gopath/pkg/mod/cache/download/github.com/mb/nested/@v/v1.2.0.zip" >zip &&
	! grep -q "inner/x.go\|link.go\|x/vendor/top.go\|hg_archival" zip &&
	grep -q "vendor/modules.txt" zip
'

test_expect_success 'a module in a subdirectory, tagged sub/v1.0.0, takes the root LICENSE' '
	check multi github.com/mb/multi/sub v1.0.0 sub/v1.0.0 sub
'

test_expect_success 'a +incompatible version without go.mod: the go.mod Go synthesizes' '
	check legacy github.com/mb/legacy v2.0.0+incompatible v2.0.0
'

test_expect_success 'the major subdirectory layout: github.com/mb/major/v2 from v2/' '
	check major github.com/mb/major/v2 v2.0.0 v2.0.0 v2
'

test_expect_success 'pseudo-versions of all three forms resolve to their commits' '
	printf "package plain // after v1.0.0\n" >work/plain/a.go &&
	(cd work/plain && tgit commit -q -am next && tgit push -q "$SRV/github.com/mb/plain.git" HEAD:refs/heads/main) &&
	c=$(tgit -C work/plain rev-parse HEAD) &&
	v=$(pseudo plain github.com/mb/plain $c) &&
	case $v in v1.0.1-0.*) ;; *) echo "not the release-base form: $v"; exit 1 ;; esac &&
	mb_module notag &&
	printf "module github.com/mb/notag\n" >work/notag/go.mod &&
	(cd work/notag && tgit add -A && tgit commit -q -m first && tgit push -q "$SRV/github.com/mb/notag.git" HEAD:refs/heads/main) &&
	c=$(tgit -C work/notag rev-parse HEAD) &&
	v=$(pseudo notag github.com/mb/notag $c) &&
	case $v in v0.0.0-*) ;; *) echo "not the no-base form: $v"; exit 1 ;; esac &&
	(cd work/notag && tgit tag v1.1.0-rc.1 && tgit push -q "$SRV/github.com/mb/notag.git" refs/tags/v1.1.0-rc.1 &&
		printf "package notag\n" >n.go && tgit add -A && tgit commit -q -m second &&
		tgit push -q "$SRV/github.com/mb/notag.git" HEAD:refs/heads/main) &&
	c=$(tgit -C work/notag rev-parse HEAD) &&
	v=$(pseudo notag github.com/mb/notag $c) &&
	case $v in v1.1.0-rc.1.0.*) ;; *) echo "not the prerelease-base form: $v"; exit 1 ;; esac
'

test_expect_success 'a pseudo-version whose time is not its commit'"'"'s is refused' '
	c=$(tgit -C work/notag rev-parse --short=12 HEAD) &&
	test_must_fail mipsbake modver "$SRV/github.com/mb/notag.git" github.com/mb/notag v0.0.0-20000101000000-$c 2>err &&
	grep -q "module github.com/mb/notag@v0.0.0-20000101000000-$c: the time 20000101000000 does not match commit $c" err
'

test_expect_success 'the major branch layout: go.mod at the top says /v2' '
	mb_module branch &&
	printf "module github.com/mb/branch/v2\n" >work/branch/go.mod &&
	printf "package branch\n" >work/branch/b.go &&
	publish branch v2.1.0 &&
	check branch github.com/mb/branch/v2 v2.1.0 v2.1.0
'

test_expect_success 'a tree with a malformed file name is refused, naming it' '
	mb_module bad &&
	printf "module github.com/mb/bad\n" >work/bad/go.mod &&
	printf "x\n" >"work/bad/a*b.go" &&
	publish bad v1.0.0 &&
	test_must_fail mipsbake modhash "$SRV/github.com/mb/bad.git" v1.0.0 github.com/mb/bad v1.0.0 2>err &&
	grep -q "module github.com/mb/bad@v1.0.0: malformed file path '"'"'a\*b.go'"'"'" err
'

test_done
