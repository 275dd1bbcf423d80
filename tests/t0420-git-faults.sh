#!/bin/sh
# Faults: a server stopped or killed mid-fetch, mipsbake killed mid-fetch, an unknown rev, a tag
# moved after locking, a locked commit gone from the server, a tampered cache, --offline with
# an empty cache. Each ends in a clear error or a correct recovery, and nothing corrupt stays.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/lib-git.sh"

if ! git_ok; then
	test_skip 'git dependency faults' 'needs git, busybox and golang-golang-x-sys-dev'
	test_done
fi

SYSDEP=golang.org/x/sys
LIB=example.com/lib
git_fixtures sys || exit 1
small_repo lib
printf 'package lib\n\nconst V = 1\n' >work/lib/lib.go
commit_all work/lib v1 v1.0.0 || exit 1
A=$(rev_of lib v1.0.0)

# uploadpack.packObjectsHook: when $TRASH/hook-mode exists, send 200 kB of the pack, then
# die (kill upload-pack: the connection drops mid-pack) or hang
cat >hook.sh <<EOF
#!/bin/sh
mode=\$(cat '$TRASH/hook-mode' 2>/dev/null) || exec "\$@"
rm -f '$TRASH/hook-mode'
"\$@" >'$TRASH/hook.pack' || exit 1
head -c 200000 '$TRASH/hook.pack'
echo \$PPID >>'$TRASH/hook.pids'
echo \$\$ >>'$TRASH/hook.pids'
touch '$TRASH/hook.sent'
sleep 1
case \$mode in
die) kill -9 \$PPID; exit 1 ;;
*) exec sleep 60 ;;
esac
EOF
chmod +x hook.sh
printf '[uploadpack]\n\tpackObjectsHook = %s\n' "$TRASH/hook.sh" >daemon.gitconfig
T_DAEMON_CONFIG="$TRASH/daemon.gitconfig"

# no_trusted_entry cache: the cache holds no repository a later run would use
no_trusted_entry() {
	test -z "$(find "$1/git" -mindepth 1 -maxdepth 1 -name '*.git' 2>/dev/null)"
}

# sound cache: git fsck passes on every entry
sound() {
	for _e in "$1"/git/*.git; do
		tgit --git-dir="$_e" fsck --full --no-dangling 2>&1 || return 1
	done
}

sys_manifest() { # port
	write_manifest sys.yaml "  $SYSDEP:" "    git: git://127.0.0.1:$1/sys.git" "    rev: v0.3.0"
}

# wait_file file: wait up to 20 s for file to appear
wait_file() {
	_i=0
	while [ ! -e "$1" ] && [ $_i -lt 200 ]; do sleep 0.1; _i=$((_i + 1)); done
	test -e "$1"
}

git_daemon_start || exit 1
sys_manifest "$GIT_PORT"
git_daemon_stop

test_expect_success 'a server stopped before the fetch: a clear error, nothing cached, no lock' '
	test_must_fail mipsbake --cache-dir c1 -B b1 fetch sys.yaml 2>err &&
	grep -q "^mipsbake: error: dependency '"'$SYSDEP'"': could not fetch '"'git://127.0.0.1:[0-9]*/sys.git'"': .*onnection refused" err &&
	no_trusted_entry c1 &&
	test -z "$(ls -A c1/git | grep -v flock)" &&
	test ! -f sys.lock &&
	test ! -d b1/deps/$SYSDEP
'

git_daemon_start || exit 1
sys_manifest "$GIT_PORT"
echo die >hook-mode

test_expect_success 'the server killed in the middle of a fetch: an error, and no cache entry' '
	test_must_fail mipsbake --cache-dir c1 -B b1 fetch sys.yaml 2>err &&
	test -f hook.sent &&
	grep -q "^mipsbake: error: dependency '"'$SYSDEP'"': could not fetch '"'git://127.0.0.1:$GIT_PORT/sys.git'"': " err &&
	no_trusted_entry c1 &&
	test -z "$(ls -A c1/git | grep -v flock)" &&
	test ! -f sys.lock
'

git_daemon_stop
git_daemon_start || exit 1
sys_manifest "$GIT_PORT"
rm -f hook.sent

test_expect_success 'after a restart, a rerun fetches everything and the cache is sound' '
	mipsbake --cache-dir c1 -B b1 fetch sys.yaml 2>err &&
	grep -q "^fetch $SYSDEP v0.3.0" err &&
	test "$(lock_value sys.lock $SYSDEP commit)" = "$(rev_of sys v0.3.0)" &&
	diff -r -x .mipsbake-stamp b1/deps/$SYSDEP "$GOCODE/$SYSDEP" &&
	sound c1
'

test_expect_success 'mipsbake killed (SIGKILL) in the middle of a clone leaves nothing trusted' '
	echo hang >hook-mode &&
	{ "$MB" --cache-dir c2 -B b2 fetch sys.yaml 2>err & } &&
	pid=$! &&
	wait_file hook.sent &&
	sleep 0.5 &&
	kill -9 $pid &&
	{ wait $pid; test $? = 137; } &&
	no_trusted_entry c2 &&
	ls -A c2/git | grep -q "^\.tmp-$pid-" &&
	test ! -d b2/deps/$SYSDEP
'
[ -f hook.pids ] && kill -9 $(cat hook.pids) 2>/dev/null
rm -f hook.sent hook.pids

test_expect_success 'a rerun sweeps what the killed run left and succeeds' '
	mipsbake --cache-dir c2 -B b2 fetch sys.yaml 2>err &&
	test -z "$(ls -A c2/git | grep "^\.tmp-")" &&
	diff -r -x .mipsbake-stamp b2/deps/$SYSDEP "$GOCODE/$SYSDEP" &&
	sound c2
'

test_expect_success 'SIGINT in the middle of a first clone leaves no temporary entry' '
	echo hang >hook-mode &&
	{ env --default-signal=INT "$MB" --cache-dir c8 -B b11 fetch sys.yaml 2>err & } &&
	pid=$! &&
	wait_file hook.sent &&
	sleep 0.5 &&
	kill -INT $pid &&
	{ wait $pid; test $? = 130; } &&
	no_trusted_entry c8 &&
	test -z "$(ls -A c8/git | grep "^\.tmp-")" &&
	test ! -d b11/deps/$SYSDEP
'
[ -f hook.pids ] && kill -9 $(cat hook.pids) 2>/dev/null
rm -f hook.sent hook.pids

# a new commit with 1 MB of noise, so that fetching it takes a while
head -c 1000000 /dev/urandom >noise.bin
tgit clone -q srv/sys.git work/sys && cp noise.bin work/sys/ && commit_all work/sys noise || exit 1

test_expect_success 'mipsbake interrupted (SIGINT) while fetching into a cached entry keeps it sound' '
	entry=$(ls -d c2/git/*sys*.git) &&
	before=$(tgit --git-dir="$entry" show-ref) &&
	echo hang >hook-mode &&
	write_manifest main.yaml "  $SYSDEP:" "    git: git://127.0.0.1:$GIT_PORT/sys.git" "    rev: main" &&
	{ env --default-signal=INT "$MB" --cache-dir c2 -B b3 fetch main.yaml 2>err & } &&
	pid=$! &&
	wait_file hook.sent &&
	sleep 0.5 &&
	kill -INT $pid &&
	{ wait $pid; test $? = 130; } &&
	test "$(tgit --git-dir="$entry" show-ref)" = "$before" &&
	sound c2
'
[ -f hook.pids ] && kill -9 $(cat hook.pids) 2>/dev/null
rm -f hook.sent hook.pids

test_expect_success 'the interrupted fetch completes on a rerun' '
	mipsbake --cache-dir c2 -B b3 fetch main.yaml 2>err &&
	cmp noise.bin b3/deps/$SYSDEP/noise.bin &&
	sound c2
'

test_expect_success 'an unknown rev is an error at it naming it, the URL and the nearest tag' '
	write_manifest bad.yaml "  $LIB:" "    git: git://127.0.0.1:$GIT_PORT/lib.git" "    rev: v9.9.9" &&
	test_must_fail mipsbake --cache-dir c3 -B b4 fetch bad.yaml 2>err &&
	grep -q "^bad.yaml:5:10: error: dependency '"'$LIB'"': no rev '"'v9.9.9'"' in '"'git://127.0.0.1:$GIT_PORT/lib.git'"'; closest tags: v1.0.0\$" err &&
	test ! -f bad.lock
'

write_manifest lib.yaml "  $LIB:" "    git: git://127.0.0.1:$GIT_PORT/lib.git" "    rev: v1.0.0"

test_expect_success 'lock a tag' '
	mipsbake --cache-dir c3 -B b5 fetch lib.yaml &&
	test "$(lock_value lib.lock $LIB commit)" = "$A" &&
	cp lib.lock lib.lock.orig
'

# move the tag on the server
printf 'package lib\n\nconst V = 666\n' >work/lib/lib.go
commit_all work/lib moved v1.0.0 >/dev/null || exit 1
M=$(rev_of lib v1.0.0)

test_expect_success 'a tag moved after locking: the lock stands while the cache has not seen it' '
	mipsbake --cache-dir c3 -B b5 fetch lib.yaml 2>err &&
	test_must_fail grep "^fetch" err &&
	grep -q "V = 1" b5/deps/$LIB/lib.go
'

test_expect_success 'a tag moved after locking: --update takes the move, saying old -> new' '
	mipsbake --cache-dir c3 -B b5 fetch --update lib.yaml 2>err &&
	echo "mipsbake: $LIB: tag '"'v1.0.0'"' moved: $(echo $A | cut -c1-12) -> $(echo $M | cut -c1-12)" >expect &&
	grep -v "^fetch" err >actual &&
	test_cmp expect actual &&
	test "$(lock_value lib.lock $LIB commit)" = "$M" &&
	cp lib.lock.orig lib.lock
'

test_expect_success 'a tag moved after locking: once the cache knows, every run without --update fails' '
	test_must_fail mipsbake --cache-dir c3 -B b5 fetch lib.yaml 2>err &&
	grep -q "tag '"'v1.0.0'"' now points to $M, but the lock .* says $A; if the move is expected, accept it with '"'mipsbake fetch --update lib.yaml $LIB'"'\$" err
'

test_expect_success 'a tag moved after locking: a fresh cache finds out too' '
	test_must_fail mipsbake --cache-dir c4 -B b6 fetch lib.yaml 2>err &&
	grep -q "tag '"'v1.0.0'"' now points to $M, but the lock .* says $A" err &&
	test ! -d b6/deps/$LIB
'

test_expect_success 'deleting the entry from the lock accepts the move' '
	rm lib.lock &&
	mipsbake --cache-dir c3 -B b5 fetch lib.yaml &&
	test "$(lock_value lib.lock $LIB commit)" = "$M" &&
	grep -q "V = 666" b5/deps/$LIB/lib.go
'

test_expect_success 'a locked commit no longer on the server is an error naming it' '
	write_manifest gone.yaml "  $LIB:" "    git: git://127.0.0.1:$GIT_PORT/lib.git" "    rev: main" &&
	mipsbake --cache-dir c5 -B b7 fetch gone.yaml &&
	C=$(lock_value gone.lock $LIB commit) &&
	test "$C" = "$(rev_of lib main)" &&
	(cd work/lib && tgit checkout -q --orphan other && tgit commit -q -m orphan &&
		tgit push -q -f "$TRASH/srv/lib.git" other:main) &&
	tgit --git-dir=srv/lib.git tag -d v1.0.0 >/dev/null &&
	test_must_fail mipsbake --cache-dir c6 -B b8 fetch gone.yaml 2>err &&
	grep -q "^mipsbake: error: dependency '"'$LIB'"': locked commit $C (rev '"'main'"') is missing on '"'git://127.0.0.1:$GIT_PORT/lib.git'"'\$" err
'

# tamper_blob cache path: overwrite bytes inside the packed blob of path
tamper_blob() {
	_repo=$(ls -d "$1"/git/*sys*.git | head -n 1)
	_blob=$(tgit --git-dir="$_repo" rev-parse "v0.3.0^{commit}:$2")
	_idx=$(ls "$_repo"/objects/pack/*.idx | head -n 1)
	_off=$(tgit verify-pack -v "$_idx" | awk -v b="$_blob" '$1 == b { print $5 }')
	[ -n "$_off" ] || return 1
	chmod u+w "${_idx%.idx}.pack"
	printf 'XXXXXXXXXXXXXXXX' | dd of="${_idx%.idx}.pack" bs=1 seek=$((_off + 6)) conv=notrunc 2>/dev/null
}

test_expect_success 'a tampered cache object: --offline says the entry is corrupt and how to recover' '
	tamper_blob c1 unix/syscall_linux_mipsx.go &&
	rm -rf b1 &&
	test_must_fail mipsbake --cache-dir c1 -B b1 fetch --offline sys.yaml 2>err &&
	grep -q "^mipsbake: error: dependency '"'$SYSDEP'"': the cache entry '"'$TRASH/c1/git/.*sys.*\.git'"' is corrupt (commit $(rev_of sys v0.3.0), blob [0-9a-f]* '"'[^ ]*'"': .*); remove it and fetch again without --offline\$" err &&
	test ! -d b1/deps/$SYSDEP
'

test_expect_success 'a tampered cache object: a normal run fetches the entry again and recovers' '
	mipsbake --cache-dir c1 -B b1 fetch sys.yaml 2>err &&
	grep -q "^mipsbake: warning: dependency '"'$SYSDEP'"': the cache entry .* is corrupt (.*); fetching it again\$" err &&
	diff -r -x .mipsbake-stamp b1/deps/$SYSDEP "$GOCODE/$SYSDEP" &&
	sound c1 &&
	test -z "$(ls -A c1/git | grep "^\.tmp-")"
'

test_expect_success 'a cache entry that cannot be opened is fetched again' '
	entry=$(ls -d "$TRASH"/c1/git/*sys*.git) &&
	rm "$entry/HEAD" &&
	rm -rf b1 &&
	mipsbake --cache-dir c1 -B b1 fetch sys.yaml 2>err &&
	grep -q "^mipsbake: warning: dependency '"'$SYSDEP'"': the cache entry .$entry. is corrupt (.*); fetching it again\$" err &&
	sound c1
'

test_expect_success 'ref locks and checkout directories left by killed runs are cleared' '
	entry=$(ls -d c1/git/*sys*.git) &&
	touch "$entry/refs/tags/v0.3.0.lock" "$entry/packed-refs.lock" &&
	dead=$(sh -c "echo \$\$") &&
	mkdir -p "b1/deps/.tmp-$dead-abcdef/x" &&
	mipsbake --cache-dir c1 -B b1 fetch --update sys.yaml &&
	test ! -e "$entry/refs/tags/v0.3.0.lock" &&
	test ! -e "$entry/packed-refs.lock" &&
	test ! -e "b1/deps/.tmp-$dead-abcdef" &&
	test -d b1/deps/$SYSDEP
'

test_expect_success 'a truncated pack in the cache is recovered, without the lock and with it' '
	rm -rf c7 b10 trunc.lock &&
	cp sys.yaml trunc.yaml &&
	mipsbake --cache-dir c7 -B b10 fetch trunc.yaml &&
	for round in 1 2; do
		for p in c7/git/*sys*.git/objects/pack/*.pack; do
			chmod u+w "$p" && truncate -s 100 "$p"
		done
		rm -rf b10
		test $round = 2 || rm trunc.lock
		mipsbake --cache-dir c7 -B b10 fetch trunc.yaml 2>err || { cat err; exit 1; }
		grep -q "^mipsbake: warning: dependency '"'$SYSDEP'"': the cache entry .* is corrupt (.*); fetching it again\$" err
		diff -r -x .mipsbake-stamp b10/deps/$SYSDEP "$GOCODE/$SYSDEP"
		sound c7
	done
'

test_expect_success 'a truncated pack with --offline: the entry is named with how to recover' '
	for p in c7/git/*sys*.git/objects/pack/*.pack; do
		chmod u+w "$p" && truncate -s 100 "$p"
	done &&
	rm -rf b10 trunc.lock &&
	test_must_fail mipsbake --cache-dir c7 -B b10 fetch --offline trunc.yaml 2>err &&
	grep -q "is corrupt (.*); remove it and fetch again without --offline\$" err
'

test_expect_success 'a lock edited to a commit nobody has is not called a moved tag' '
	rm -rf b10 &&
	mipsbake --cache-dir c7 -B b10 fetch trunc.yaml &&
	sed -i "s/commit: .*/commit: 1111111111111111111111111111111111111111/" trunc.lock &&
	rm -rf b10 &&
	test_must_fail mipsbake --cache-dir c7 -B b10 fetch trunc.yaml 2>err &&
	grep -q "the lock .* says commit 1111111111111111111111111111111111111111 for tag '"'v0.3.0'"', but .* has no such commit (the tag is at $(rev_of sys v0.3.0)); correct '"'$SYSDEP'"' in the lock, or accept the tag with '"'mipsbake fetch --update trunc.yaml $SYSDEP'"'\$" err &&
	! grep -q "now points to" err
'

test_expect_success '--offline with an empty cache fails naming what is missing' '
	test_must_fail mipsbake --cache-dir empty -B b9 fetch --offline sys.yaml 2>err &&
	grep -q "^mipsbake: error: dependency '"'$SYSDEP'"': the locked commit is not in the cache '"'$TRASH/empty/git/.*'"' and --offline forbids fetching it\$" err &&
	rm sys.lock &&
	test_must_fail mipsbake --cache-dir empty -B b9 fetch --offline sys.yaml 2>err &&
	grep -q "^mipsbake: error: dependency '"'$SYSDEP'"': rev '"'v0.3.0'"' is not in the cache .* and --offline forbids fetching it\$" err &&
	test ! -f sys.lock &&
	no_trusted_entry empty
'

test_done
