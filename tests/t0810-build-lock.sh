#!/bin/sh
# One mipsbake at a time in a build directory (issue 12, defects 3 and 4): a second run waits
# with a message, or fails at once with --no-wait; the lock is inherited by Ninja and every
# compiler, so a run killed with SIGKILL keeps the directory until its orphans are done.
. "$(dirname "$0")/lib.sh"

hello_project proj two.yaml generic-mips generic-mipsle -- "    strip: true"
BINS="out/hello/generic-mips/debian-gccgo-mips/hello out/hello/generic-mipsle/debian-gccgo-mipsle/hello"

# same_as_ref DIR: every binary in build directory DIR is byte for byte the reference build's
same_as_ref() {
	for b in $BINS; do
		cmp "ref/$b" "$1/$b" || return 1
	done
}

test_expect_success 'a reference build' '
	(cd proj && mipsbake -j2 -B ../ref two.yaml >../ref.log 2>&1) &&
	qemu-mipsel-static ref/out/hello/generic-mipsle/debian-gccgo-mipsle/hello x | grep -q "^hello, x from mipsle"
'

test_expect_success 'two runs at once: the second waits, both succeed, the bytes are a clean build'"'"'s' '
	for i in 1 2 3; do
		rm -rf b
		(cd proj && mipsbake -j2 -B ../b two.yaml >../one.log 2>&1) &
		one=$!
		(cd proj && mipsbake -j2 -B ../b two.yaml >../two.log 2>&1) &
		two=$!
		wait $one
		wait $two
		same_as_ref b
		cat one.log two.log >>both.log
	done

	grep -q "^mipsbake: waiting for another mipsbake in '"'"'$TRASH/b'"'"' (pid [0-9]*)$" both.log
'

test_expect_success '--no-wait fails at once, naming the holder, and changes nothing' '
	rm -rf b
	(cd proj && exec "$MB" -j2 -B ../b two.yaml >../one.log 2>&1) &
	one=$!
	while ! test -s b/.mipsbake-lock; do sleep 0.05; done
	(cd proj && test_must_fail mipsbake --no-wait -B ../b two.yaml 2>../err) &&
	grep -q "^mipsbake: error: another mipsbake is running in '"'"'$TRASH/b'"'"' (pid $one); --no-wait given$" err &&
	wait $one
	same_as_ref b
'

test_expect_success 'the regeneration Ninja runs does not wait for its own run' '
	sed -i "1i // edited: the header, which regenerates" proj/cmd/hello/main.go &&
	(cd proj && mipsbake -j2 -B ../b two.yaml >../regen.log 2>&1) &&
	grep -q "regenerating build.ninja" regen.log &&
	! grep -q waiting regen.log
'

test_expect_success '"run" lets the lock go before the program starts' '
	(cd proj && mipsbake -B ../b run generic-mipsle hello two.yaml -- x >../run.log 2>&1) &&
	grep -q "^hello, x from mipsle" run.log
'

test_expect_success 'a missing manifest makes no build directory' '
	test_must_fail mipsbake -B nodir missing.yaml 2>err &&
	test ! -e nodir
'

# kill -9 the run (Ninja: a build execs it) at a random point, rerun at once, compare
test_expect_success 'SIGKILL at 20 random points: the rerun at once gives a clean build'"'"'s bytes' '
	(cd proj && mipsbake -j2 -B ../ref2 two.yaml >/dev/null 2>&1)
	waited=0
	for i in $(seq 20); do
		rm -rf k
		(cd proj && exec "$MB" -j2 -B ../k two.yaml >/dev/null 2>&1) &
		pid=$!
		sleep "$(awk -v s=$i "BEGIN { srand(s); printf \"%.2f\", rand() * 2.5 }")"
		kill -9 $pid 2>/dev/null || true
		wait $pid 2>/dev/null || true
		(cd proj && mipsbake -j2 -B ../k two.yaml >../rerun.log 2>&1) || { cat rerun.log; exit 1; }
		if grep -q waiting rerun.log; then waited=$((waited + 1)); fi
		for b in $BINS; do
			cmp "ref2/$b" "k/$b" || { echo "kill $i differs"; exit 1; }
		done
	done
	echo "the rerun waited for orphans $waited times of 20" &&
	test $waited -gt 0
'

test_done
