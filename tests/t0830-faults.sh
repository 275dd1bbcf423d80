#!/bin/sh
# Faults (issue 12): a full disk in the middle of a build, and a read-only cache. Each runs in
# a mount namespace of its own (unshare -m), so its mounts vanish with it.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/lib-git.sh"

if ! unshare -m sh -c 'mount -t tmpfs -o size=1m tmpfs /mnt' 2>/dev/null; then
	test_skip 'faults on a full disk and a read-only cache' 'needs unshare -m and mount (root)'
	test_done
fi

hello_project proj one.yaml generic-mipsle
BIN=out/hello/generic-mipsle/debian-gccgo-mipsle/hello

test_expect_success 'a reference build' '
	(cd proj && mipsbake -j2 -B ../ref one.yaml >../ref.log 2>&1)
'

test_expect_success 'the disk fills up mid-build: an error that says so, then a rerun with room recovers' '
	mkdir full &&
	cat >full.sh <<-EOF &&
	set -u
	mount -t tmpfs -o size=1500k tmpfs "$TRASH/full" || exit 97
	cd "$TRASH/proj"
	"$MB" -j2 -B "$TRASH/full/build" one.yaml >"$TRASH/full1.log" 2>&1
	echo \$? >"$TRASH/full1.rc"
	mount -o remount,size=200m "$TRASH/full" || exit 97
	"$MB" -j2 -B "$TRASH/full/build" one.yaml >"$TRASH/full2.log" 2>&1 || exit 98
	cmp "$TRASH/ref/$BIN" "$TRASH/full/build/$BIN" || exit 99
	EOF
	unshare -m sh full.sh &&
	rc=$(cat full1.rc) &&
	test "$rc" != 0 && test "$rc" -lt 128 &&
	grep -q "No space left on device" full1.log &&
	! grep -q "AddressSanitizer\|runtime error\|Segmentation" full1.log full2.log
'

small_repo lib
printf 'package lib\n\nconst V = 1\n' >work/lib/lib.go
commit_all work/lib v1 v1.0.0 || exit 1
write_manifest tag.yaml "  example.com/lib:" "    git: srv/lib.git" "    rev: v1.0.0"
write_manifest branch.yaml "  example.com/lib:" "    git: srv/lib.git" "    rev: main"

test_expect_success 'a read-only cache serves what it holds; a fetch into it says why it fails' '
	mipsbake --cache-dir cache -B b0 fetch tag.yaml &&
	mipsbake --cache-dir cache -B b0 fetch branch.yaml &&
	cat >ro.sh <<-EOF &&
	set -u
	cd "$TRASH"
	mount --bind cache cache && mount -o remount,ro,bind cache || exit 97
	touch cache/x 2>/dev/null && exit 96
	"$MB" --cache-dir cache -B b1 fetch tag.yaml || exit 1
	"$MB" --offline --cache-dir cache -B b2 fetch branch.yaml || exit 2
	rm -f branch.lock
	"$MB" --cache-dir cache -B b3 fetch branch.yaml 2>"$TRASH/ro3.err"
	echo \$? >"$TRASH/ro3.rc"
	EOF
	unshare -m sh ro.sh &&
	test "$(cat b1/deps/example.com/lib/lib.go)" = "$(cat work/lib/lib.go)" &&
	test -f b2/deps/example.com/lib/lib.go &&
	test "$(cat ro3.rc)" = 1 &&
	grep -q "Read-only file system" ro3.err
'

test_done
