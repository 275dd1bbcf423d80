#!/bin/sh
# The test runner itself: a script that leaves a process running fails the run, and the
# process is named and stopped; the last line counts every step.
. "$(dirname "$0")/lib.sh"

# alive PID: a process that still runs (a zombie waiting to be reaped has no command line);
# matched by its pid, not its name, so that another run's "sleep 300" cannot count
alive() {
	[ -n "$(tr -d '\0' 2>/dev/null <"/proc/$1/cmdline")" ]
}

test_expect_success 'a script that leaves a process running fails, naming and stopping it' '
	cat >tfake-leaver.sh <<-\SH &&
	d="$(dirname "$0")/../tfake-leaver"
	mkdir -p "$d" && cd "$d" || exit 1
	sleep 300 &
	echo "ok 1 - a step that passes"
	SH
	test_must_fail sh "$SRC_DIR/tests/run.sh" "$TRASH/tfake-leaver.sh" >out &&
	grep -q "^not ok - tfake-leaver left processes running$" out &&
	grep -q "^#   [0-9]* sleep 300 $" out &&
	test "$(tail -n 1 out)" = "1 passed, 1 failed, 0 skipped" &&
	pid=$(sed -n "s/^#   \([0-9]*\) sleep 300 $/\1/p" out) &&
	test -n "$pid" &&
	{ i=0; while alive "$pid" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done; } &&
	! alive "$pid"
'

test_expect_success 'a script that leaves nothing passes' '
	cat >tfake-clean.sh <<-\SH &&
	echo "ok 1 - a step that passes"
	SH
	sh "$SRC_DIR/tests/run.sh" "$TRASH/tfake-clean.sh" >out &&
	test "$(tail -n 1 out)" = "1 passed, 0 failed, 0 skipped"
'

test_done
