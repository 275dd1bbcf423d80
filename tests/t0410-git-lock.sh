#!/bin/sh
# The lock file: pinned commits, --update, --frozen, stale entries, round trips, errors.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/lib-git.sh"

if ! have git; then
	test_skip 'the lock file' 'needs git'
	test_done
fi

CACHE="$TRASH/cache"
LIB=example.com/lib

# a small Go package: tag v1.0.0 on main's first commit
small_repo lib
printf 'package lib\n\nconst V = 1\n' >work/lib/lib.go
commit_all work/lib "v1" v1.0.0 || exit 1
A=$(rev_of lib v1.0.0)

manifest() { # rev [url]
	write_manifest app.yaml "  $LIB:" "    git: ${2:-srv/lib.git}" "    rev: $1"
}

fetch() {
	mipsbake --cache-dir "$CACHE" -B build fetch "$@" app.yaml
}

test_expect_success 'without a lock, the rev is resolved and the lock written' '
	manifest v1.0.0 &&
	fetch &&
	test "$(lock_value app.lock $LIB commit)" = "$A" &&
	test "$(lock_value app.lock $LIB rev)" = v1.0.0 &&
	test "$(lock_value app.lock $LIB tree)" = "$(tgit --git-dir=srv/lib.git rev-parse "$A^{tree}")" &&
	cp -p app.lock lock.v1
'

test_expect_success '--frozen passes when the lock matches and leaves it untouched' '
	fetch --frozen &&
	cmp app.lock lock.v1 &&
	test ! app.lock -nt lock.v1
'

test_expect_success '--frozen catches a rev changed in the manifest, before any fetch' '
	manifest main &&
	test_must_fail fetch --frozen 2>err &&
	cat >expect <<-EOF &&
	mipsbake: error: dependency '"'$LIB'"': the manifest says rev '"'main'"', the lock '"'$TRASH/app.lock'"' says '"'v1.0.0'"'
	mipsbake: note: --frozen forbids changing the lock; run '"'mipsbake fetch'"' without it to update it
	EOF
	test_cmp expect err &&
	cmp app.lock lock.v1
'

test_expect_success 'without --frozen, a changed rev is resolved again and locked' '
	fetch 2>err &&
	grep -q "^fetch $LIB main from" err &&
	test "$(lock_value app.lock $LIB rev)" = main &&
	test "$(lock_value app.lock $LIB commit)" = "$A"
'

printf 'package lib\n\nconst V = 2\n' >work/lib/lib.go
commit_all work/lib "v2" || exit 1
B=$(rev_of lib main)

test_expect_success 'a branch that moved stays at its locked commit' '
	fetch 2>err &&
	test_must_fail grep "^fetch" err &&
	test "$(lock_value app.lock $LIB commit)" = "$A" &&
	grep -q "V = 1" build/deps/$LIB/lib.go
'

test_expect_success '--update DEP moves it forward and checks the new commit out' '
	mipsbake --cache-dir "$CACHE" -B build fetch --update app.yaml $LIB 2>err &&
	grep -q "^fetch $LIB main from" err &&
	test "$(lock_value app.lock $LIB commit)" = "$B" &&
	grep -q "V = 2" build/deps/$LIB/lib.go
'

test_expect_success 'a full commit id already in the cache is locked without fetching' '
	manifest "$A" &&
	fetch 2>err &&
	test_must_fail grep "^fetch" err &&
	test "$(lock_value app.lock $LIB commit)" = "$A" &&
	grep -q "V = 1" build/deps/$LIB/lib.go
'

test_expect_success 'a short commit id resolves too' '
	manifest "$(echo "$B" | cut -c1-10)" &&
	fetch &&
	test "$(lock_value app.lock $LIB commit)" = "$B"
'

test_expect_success 'a changed url is resolved again, in its own cache entry' '
	manifest v1.0.0 "file://$TRASH/srv/lib.git" &&
	fetch 2>err &&
	grep -q "^fetch $LIB v1.0.0 from file://" err &&
	test "$(lock_value app.lock $LIB url)" = "file://$TRASH/srv/lib.git" &&
	test "$(lock_value app.lock $LIB commit)" = "$A"
'

test_expect_success 'a lock with its keys reordered still satisfies --frozen; a fetch rewrites it canonically' '
	cp app.lock canonical.lock &&
	awk "/^    url:/ { u = \$0; next } { print } /^    tree:/ { print u }" canonical.lock >app.lock &&
	! cmp -s app.lock canonical.lock &&
	fetch --frozen &&
	! cmp -s app.lock canonical.lock &&
	fetch &&
	cmp app.lock canonical.lock
'

test_expect_success '--frozen without a lock fails naming the dependency' '
	mv app.lock saved.lock &&
	test_must_fail fetch --frozen 2>err &&
	grep -q "^mipsbake: error: dependency '"'$LIB'"' is not in the lock '"'$TRASH/app.lock'"'\$" err &&
	test ! -f app.lock &&
	mv saved.lock app.lock
'

test_expect_success '--frozen fails on a lock entry the manifest no longer has' '
	sed "s|^dependencies:|dependencies:\n  example.com/gone:\n    url: srv/gone.git\n    rev: v1\n    commit: $A\n    tree: $A|" \
		app.lock >stale.lock &&
	cp stale.lock app.lock &&
	test_must_fail fetch --frozen 2>err &&
	grep -q "the lock '"'$TRASH/app.lock'"' has '"'example.com/gone'"', which is no git dependency" err &&
	fetch &&
	cmp app.lock canonical.lock
'

test_expect_code 1 '--frozen and --update together are refused' '
	fetch --frozen --update 2>err
	rc=$?
	grep -q "^mipsbake: error: --frozen and --update cannot be used together\$" err || exit 9
	exit $rc
'

test_expect_success '--update names only git dependencies of the manifest' '
	test_must_fail mipsbake --cache-dir "$CACHE" -B build fetch --update app.yaml example.com/nope 2>err &&
	grep -q "^mipsbake: error: --update: '"'example.com/nope'"' is not a git dependency of '"'app.yaml'"'\$" err
'

test_expect_success 'a malformed lock is an error at its position' '
	sed "s/^    commit: .*/    commit: 1234/" canonical.lock >app.lock &&
	test_must_fail fetch 2>err &&
	grep -q "^$TRASH/app.lock:8:13: error: '"'commit'"' must be 40 lowercase hex digits\$" err &&
	printf "lock: 2\ndependencies: {}\n" >app.lock &&
	test_must_fail fetch 2>err &&
	grep -q "^$TRASH/app.lock:1:7: error: unsupported lock version" err &&
	printf "lock: 1\ndependencies:\n  $LIB:\n    url: x\n    colour: red\n" >app.lock &&
	test_must_fail fetch 2>err &&
	grep -q "^$TRASH/app.lock:5:5: error: unknown or duplicate key '"'colour'"'" err &&
	cp canonical.lock app.lock
'

test_expect_success 'a lock whose tree is not the commit'"'"'s is an integrity error naming both' '
	T=$(lock_value app.lock $LIB tree) &&
	C=$(lock_value app.lock $LIB commit) &&
	sed "s/^    tree: .*/    tree: 0123456789abcdef0123456789abcdef01234567/" canonical.lock >app.lock &&
	test_must_fail fetch 2>err &&
	echo "mipsbake: error: dependency '"'$LIB'"': commit $C has tree $T, but the lock '"'$TRASH/app.lock'"' says 0123456789abcdef0123456789abcdef01234567" >expect &&
	test_cmp expect err &&
	cp canonical.lock app.lock
'

test_expect_success 'a manifest with path dependencies only writes no lock' '
	mkdir -p only/local &&
	write_manifest only/app.yaml "  example.com/local:" "    path: local" &&
	mipsbake --cache-dir "$CACHE" -B only/build fetch only/app.yaml &&
	test ! -f only/app.lock
'

test_done
