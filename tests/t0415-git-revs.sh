#!/bin/sh
# Revs that are not what the lock says (issue 16, defects 4 and 11): a tag moved on the server
# is refused, naming '--update DEP'; --update DEP accepts it, says old -> new and rewrites the
# lock; a tag moved and then moved back builds again. A rev the repository does not have is an
# error at its place, naming the nearest tags, for the manifest's revs and go.mod's versions.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/lib-git.sh"

if ! have git busybox; then
	test_skip 'moved tags and unknown revs' 'needs git and busybox'
	test_done
fi

LIB=example.com/lib
small_repo lib
printf 'package lib\n\nconst V = 1\n' >work/lib/lib.go
commit_all work/lib v1 v1.0.0 || exit 1
A=$(rev_of lib v1.0.0)
TAG_A=$(tgit --git-dir=srv/lib.git rev-parse refs/tags/v1.0.0)
printf 'package lib\n\nconst V = 666\n' >work/lib/lib.go
commit_all work/lib moved >/dev/null || exit 1
M=$(rev_of lib main)
tgit --git-dir=srv/lib.git tag -a -m moved v1.0.0-moved "$M" || exit 1
TAG_M=$(tgit --git-dir=srv/lib.git rev-parse refs/tags/v1.0.0-moved)
a12=$(echo "$A" | cut -c1-12)
m12=$(echo "$M" | cut -c1-12)

# the server's tag v1.0.0 at tag object $1
server_tag() {
	tgit --git-dir=srv/lib.git update-ref refs/tags/v1.0.0 "$1"
}

# quiet file: the run printed nothing (shown when it did)
quiet() {
	test ! -s "$1" || { cat "$1"; false; }
}

git_daemon_start || exit 1
URL=git://127.0.0.1:$GIT_PORT/lib.git
write_manifest lib.yaml "  $LIB:" "    git: $URL" "    rev: v1.0.0"

# fetch CACHE ARGS...: mipsbake fetch lib.yaml with its own cache, the build directory b
fetch() {
	_c=$1
	shift
	mipsbake --cache-dir "$_c" -B b fetch "$@" lib.yaml
}

test_expect_success 'lock the tag' '
	fetch c1 &&
	test "$(lock_value lib.lock $LIB commit)" = "$A" &&
	cp lib.lock lib.lock.a
'

server_tag "$TAG_M"

test_expect_success 'a moved tag is refused without --update, which the error names' '
	test_must_fail fetch c2 2>err &&
	cat >expect <<-EOF &&
	mipsbake: error: dependency '"'$LIB'"': tag '"'v1.0.0'"' now points to $M, but the lock '"'$TRASH/lib.lock'"' says $A; if the move is expected, accept it with '"'mipsbake fetch --update lib.yaml $LIB'"'
	EOF
	grep -v "^fetch " err >actual &&
	test_cmp expect actual &&
	cmp lib.lock lib.lock.a
'

server_tag "$TAG_A"

test_expect_success 'a tag moved back on the server builds again from the cache that saw it moved' '
	fetch c2 2>err &&
	grep -q "^fetch $LIB v1.0.0 from $URL\$" err &&
	grep -q "V = 1\$" b/deps/$LIB/lib.go &&
	cmp lib.lock lib.lock.a
'

test_expect_success 'and the run after that is quiet: no fetch, no message' '
	fetch c2 2>err &&
	quiet err
'

server_tag "$TAG_M"

test_expect_success '--update DEP accepts the moved tag and says old -> new' '
	mipsbake --cache-dir c2 -B b fetch --update lib.yaml $LIB 2>err &&
	echo "mipsbake: $LIB: tag '"'v1.0.0'"' moved: $a12 -> $m12" >expect &&
	grep -v "^fetch " err >actual &&
	test_cmp expect actual
'

test_expect_success '--update DEP rewrote the lock and checked the new commit out' '
	test "$(lock_value lib.lock $LIB commit)" = "$M" &&
	test "$(lock_value lib.lock $LIB tree)" = "$(tgit --git-dir=srv/lib.git rev-parse "$M^{tree}")" &&
	grep -q "V = 666\$" b/deps/$LIB/lib.go
'

test_expect_success 'the next run with the rewritten lock is quiet' '
	fetch c2 2>err &&
	quiet err &&
	rm -rf b &&
	fetch c1 2>err &&
	grep -q "V = 666\$" b/deps/$LIB/lib.go
'

# a repository with tags around the revs the manifests ask for
small_repo tags
printf 'package tags\n' >work/tags/t.go
commit_all work/tags first v1.0.0 || exit 1
for t in v0.9.0 v1.2.0 v1.2.3 v1.3.0 v2.0.0 release-2023 sub/v1.2.5; do
	tgit --git-dir=srv/tags.git tag "$t" main || exit 1
done
TAGS_URL=git://127.0.0.1:$GIT_PORT/tags.git

# unknown REV: bad.yaml asks for tags.git at REV
unknown() {
	write_manifest bad.yaml "  example.com/tags:" "    git: $TAGS_URL" "    rev: $1" &&
	test_must_fail mipsbake --cache-dir c3 -B b3 fetch bad.yaml 2>err &&
	grep -v "^fetch " err >actual &&
	test ! -f bad.lock
}

test_expect_success 'an unknown version: its place, then the nearest tags below and above it' '
	unknown v1.2.4 &&
	echo "bad.yaml:5:10: error: dependency '"'example.com/tags'"': no rev '"'v1.2.4'"' in '"'$TAGS_URL'"'; closest tags: v1.2.3, v1.3.0, v1.2.0, v2.0.0, v1.0.0" >expect &&
	test_cmp expect actual
'

test_expect_success 'a short version: the tag of the same version comes first' '
	unknown v1.2 &&
	echo "bad.yaml:5:10: error: dependency '"'example.com/tags'"': no rev '"'v1.2'"' in '"'$TAGS_URL'"'; closest tags: v1.2.0, v1.2.3, v1.0.0, v1.3.0, v0.9.0" >expect &&
	test_cmp expect actual
'

test_expect_success 'a misspelt tag that is no version: the tags spelt nearly so' '
	unknown relase-2023 &&
	echo "bad.yaml:5:10: error: dependency '"'example.com/tags'"': no rev '"'relase-2023'"' in '"'$TAGS_URL'"'; closest tags: release-2023" >expect &&
	test_cmp expect actual
'

test_expect_success 'nothing spelt nearly: no tags named' '
	unknown no-such-branch &&
	echo "bad.yaml:5:10: error: dependency '"'example.com/tags'"': no rev '"'no-such-branch'"' in '"'$TAGS_URL'"'" >expect &&
	test_cmp expect actual
'

test_expect_success 'a repository without tags says so' '
	for t in v1.0.0 v1.0.0-moved; do tgit --git-dir=srv/lib.git tag -d $t >/dev/null || exit 1; done &&
	write_manifest bad.yaml "  $LIB:" "    git: $URL" "    rev: v1.0.1" &&
	test_must_fail mipsbake --cache-dir c4 -B b4 fetch bad.yaml 2>err &&
	echo "bad.yaml:5:10: error: dependency '"'$LIB'"': no rev '"'v1.0.1'"' in '"'$URL'"'; it has no tags" >expect &&
	grep -v "^fetch " err >actual &&
	test_cmp expect actual
'

# go.mod's versions: github.com/mb/mod, tagged v1.0.0, v1.1.0 and v2.0.0-rc.1
mb_module mod
printf 'module github.com/mb/mod\n\ngo 1.16\n' >work/mod/go.mod
printf 'package mod\n\nconst V = 1\n' >work/mod/m.go
(cd work/mod && tgit add -A && tgit commit -q -m v1 && tgit tag v1.0.0 && tgit tag v1.1.0 &&
	tgit tag v2.0.0-rc.1 && tgit push -q "$SRV/github.com/mb/mod.git" HEAD:refs/heads/main --tags) ||
	exit 1
mkdir -p app
printf 'package main\n\nimport _ "github.com/mb/mod"\n\nfunc main() {}\n' >app/main.go
cat >app/mipsbake.yaml <<EOF
mipsbake: 1
include: [boards/generic.yaml]
targets:
  app:
    main: .
    boards: [generic-mipsle]
mirrors:
  github.com/mb/: git://127.0.0.1:$GIT_PORT/github.com/mb/
EOF

# gomod VERSION: app/go.mod requires github.com/mb/mod at VERSION (on line 5)
gomod() {
	printf 'module example.com/app\n\ngo 1.18\n\nrequire github.com/mb/mod %s\n' "$1" >app/go.mod
}

test_expect_success 'an unknown go.mod version: go.mod'"'"'s line, then the nearest tags' '
	gomod v1.0.5 &&
	(cd app && test_must_fail mipsbake --cache-dir ../c5 fetch 2>../err) &&
	cat >expect <<-EOF &&
	go.mod:5:1: error: module github.com/mb/mod@v1.0.5: no tag '"'v1.0.5'"' in '"'git://127.0.0.1:$GIT_PORT/github.com/mb/mod'"'; closest tags: v1.0.0, v1.1.0, v2.0.0-rc.1
	$TRASH/app/main.go:3:10: note: '"'github.com/mb/mod'"' is imported here
	EOF
	grep -v "^fetch " err >actual &&
	test_cmp expect actual
'

test_expect_success 'a go.mod version whose tag moved: refused, naming --update' '
	gomod v1.0.0 &&
	(cd app && mipsbake --cache-dir ../c5 --update fetch) &&
	c=$(tgit --git-dir="$SRV/github.com/mb/mod.git" rev-parse v1.0.0) &&
	test "$(lock_value app/mipsbake.lock github.com/mb/mod commit)" = "$c" &&
	(cd work/mod && printf "package mod\n\nconst V = 2\n" >m.go && tgit commit -q -a -m v2 &&
		tgit tag -f v1.0.0 >/dev/null && tgit push -q -f "$SRV/github.com/mb/mod.git" refs/tags/v1.0.0) &&
	n=$(tgit --git-dir="$SRV/github.com/mb/mod.git" rev-parse v1.0.0) &&
	(cd app && test_must_fail mipsbake --cache-dir ../c6 fetch 2>../err) &&
	cat >expect <<-EOF &&
	mipsbake: error: dependency '"'github.com/mb/mod'"': tag '"'v1.0.0'"' now points to $n, but the lock '"'$TRASH/app/mipsbake.lock'"' says $c; if the move is expected, accept it with '"'mipsbake fetch --update mipsbake.yaml github.com/mb/mod'"'
	$TRASH/app/main.go:3:10: note: '"'github.com/mb/mod'"' is imported here
	EOF
	grep -v "^fetch " err >actual &&
	test_cmp expect actual &&
	echo "$c $n" >mod.commits
'

test_expect_success 'go.mod version: --update DEP takes the move, and go.sum still refuses it' '
	read c n <mod.commits &&
	cp app/go.sum go.sum.before &&
	(cd app && test_must_fail mipsbake --cache-dir ../c6 --update fetch mipsbake.yaml github.com/mb/mod 2>../err) &&
	grep -q "^mipsbake: github.com/mb/mod: tag '"'v1.0.0'"' moved: $(echo $c | cut -c1-12) -> $(echo $n | cut -c1-12)\$" err &&
	grep -q "^go.sum:[0-9]*:1: error: verifying github.com/mb/mod@v1.0.0: checksum mismatch" err &&
	test_cmp go.sum.before app/go.sum &&
	test "$(lock_value app/mipsbake.lock github.com/mb/mod commit)" = "$c"
'

test_done
