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

# a fake script that logs when it starts and ends to $TRASH/events, sleeping S between;
# WAIT names a file it waits for (up to 3 s) before it ends
fake() {
	cat >"tfake-$1.sh" <<-SH
	${3:+# test-serial: a fake that must run alone}
	echo "start $1" >>"$TRASH/events"
	sleep $2
	i=0
	while [ -n "${4:-}" ] && [ ! -e "$TRASH/${4:-none}" ] && [ \$i -lt 30 ]; do sleep 0.1; i=\$((i + 1)); done
	echo "end $1" >>"$TRASH/events"
	touch "$TRASH/done-$1"
	[ -z "${4:-}" ] || [ -e "$TRASH/${4:-none}" ] || { echo "not ok 1 - $1 waited alone"; exit 0; }
	echo "ok 1 - $1"
	SH
}

test_expect_success '-j 2 runs two scripts at once and prints their reports in the order given' '
	rm -f events done-* &&
	fake slow 0 "" done-quick &&
	fake quick 0.3 &&
	sh "$SRC_DIR/tests/run.sh" -j 2 "$TRASH/tfake-slow.sh" "$TRASH/tfake-quick.sh" >out &&
	grep "^\*\*\* \|^ok\|^not ok" out >got &&
	printf "%s\n" "*** tfake-slow" "ok 1 - slow" "*** tfake-quick" "ok 1 - quick" >want &&
	test_cmp want got &&
	test "$(tail -n 1 out)" = "2 passed, 0 failed, 0 skipped" &&
	test "$(sed -n 4p events)" = "end slow"
'

test_expect_success 'without -j the same scripts run one at a time: the first waits in vain' '
	rm -f events done-* &&
	test_must_fail sh "$SRC_DIR/tests/run.sh" "$TRASH/tfake-slow.sh" "$TRASH/tfake-quick.sh" >out &&
	grep -q "^not ok 1 - slow waited alone$" out &&
	test "$(tail -n 1 out)" = "1 passed, 1 failed, 0 skipped"
'

test_expect_success 'a script marked test-serial runs alone, between the others' '
	rm -f events done-* &&
	fake a 0.5 && fake s 0.5 serial && fake b 0 &&
	sh "$SRC_DIR/tests/run.sh" -j 3 "$TRASH/tfake-a.sh" "$TRASH/tfake-s.sh" "$TRASH/tfake-b.sh" >out &&
	test "$(tail -n 1 out)" = "3 passed, 0 failed, 0 skipped" &&
	printf "%s\n" "start a" "end a" "start s" "end s" "start b" "end b" >want &&
	test_cmp want events
'

test_expect_success 'a script given twice starts again only once its first report is printed' '
	rm -f events done-* &&
	fake x 0.5 "" done-z && fake y 0 && fake z 0 &&
	sh "$SRC_DIR/tests/run.sh" -j 2 "$TRASH/tfake-x.sh" "$TRASH/tfake-y.sh" "$TRASH/tfake-z.sh" "$TRASH/tfake-y.sh" >out &&
	test "$(tail -n 1 out)" = "4 passed, 0 failed, 0 skipped" &&
	grep "^\*\*\* " out >got &&
	printf "*** tfake-%s\n" x y z y >want &&
	test_cmp want got &&
	test "$(grep -n "^start y$" events | sed -n 2p | cut -d: -f1)" -gt "$(grep -n "^end x$" events | cut -d: -f1)"
'

test_expect_success '-j takes a number of scripts, 1 or more' '
	test_must_fail sh "$SRC_DIR/tests/run.sh" -j 0 "$TRASH/tfake-b.sh" 2>err &&
	grep -q "^run.sh: -j N: N is a number of scripts, 1 or more$" err &&
	test_must_fail sh "$SRC_DIR/tests/run.sh" -j 2>err &&
	grep -q "^run.sh: -j needs a number$" err
'

test_done
