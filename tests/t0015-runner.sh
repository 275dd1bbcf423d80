#!/bin/sh
# The test runner itself: a script that leaves a process running fails the run, and the
# process is named and stopped; the last line counts every step.
. "$(dirname "$0")/lib.sh"

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
	! pgrep -f "^sleep 300$" -s 0 >/dev/null
'

test_expect_success 'a script that leaves nothing passes' '
	cat >tfake-clean.sh <<-\SH &&
	echo "ok 1 - a step that passes"
	SH
	sh "$SRC_DIR/tests/run.sh" "$TRASH/tfake-clean.sh" >out &&
	test "$(tail -n 1 out)" = "1 passed, 0 failed, 0 skipped"
'

test_done
