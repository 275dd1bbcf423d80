#!/bin/sh
# tests/run.sh [-j N] [tests/tNNNN-name.sh ...]: run test scripts (default: all), print the
# totals. The last line is "N passed, N failed, N skipped"; the exit status is non-zero when
# a step failed, a script died, or nothing ran.
#
# -j N (default $TEST_JOBS, else 1) runs up to N scripts at once. Each script has its own
# scratch directory and log; their reports are printed whole, in the order given. A script
# with a line "# test-serial: REASON" (one whose steps time things or measure memory, so
# that a neighbour's load could fail them) runs alone.
cd "$(dirname "$0")/.." || exit 1
jobs=${TEST_JOBS:-1}
if [ "${1:-}" = -j ]; then
	[ $# -ge 2 ] || { echo "run.sh: -j needs a number" >&2; exit 2; }
	jobs=$2
	shift 2
fi
case $jobs in ''|*[!0-9]*|0) echo "run.sh: -j N: N is a number of scripts, 1 or more" >&2; exit 2 ;; esac
[ $# -gt 0 ] || set -- tests/t[0-9]*.sh
pass=0 fail=0 skip=0
mkdir -p tests/out
OUT=$(pwd)/tests/out
# a finished script's exit status, per script: $RC/NAME
RC=$OUT/.rc.$$
rm -rf "$RC"
mkdir -p "$RC"
trap 'rm -rf "$RC"' EXIT

# the processes still alive that work in, or name, directory $1: what a script left running
leftovers() {
	for _p in /proc/[0-9]*; do
		_cwd=$(readlink "$_p/cwd" 2>/dev/null) || continue
		_cmd=$({ tr '\0' ' ' <"$_p/cmdline"; } 2>/dev/null) || continue
		case "$_cwd/ $_cmd" in
		"$1"/*|*" $1"/*|*"=$1"/*) echo "${_p#/proc/} $_cmd" ;;
		esac
	done
}

# fail the script that left processes: wait a moment for them, then name and kill them
check_leftovers() {
	_i=0
	while [ -n "$(leftovers "$OUT/$1")" ] && [ $_i -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	_left=$(leftovers "$OUT/$1")
	[ -z "$_left" ] && return 0
	echo "not ok - $1 left processes running"
	echo "$_left" | sed 's/^/#   /'
	echo "$_left" | while read -r _pid _rest; do kill -9 "$_pid" 2>/dev/null; done
	return 1
}
# run script $1 into its log, then leave its status in $RC
start() {
	_name=$(basename "$1" .sh)
	rm -f "$RC/$_name"
	{
		sh "$1" >"tests/out/$_name.log" 2>&1
		echo $? >"$RC/$_name.tmp" && mv "$RC/$_name.tmp" "$RC/$_name"
	} &
	running="$running $_name"
	started="$started $_name"
}

# forget the scripts of $running that have finished
reap() {
	_still=
	for _n in $running; do
		[ -f "$RC/$_n" ] || _still="$_still $_n"
	done
	running=$_still
}

# wait until fewer than $1 scripts run
wait_below() {
	reap
	while [ "$(echo $running | wc -w)" -ge "$1" ]; do
		sleep 0.1
		reap
	done
}

# print the report of script $1 (finished) and add up its counts
report() {
	name=$(basename "$1" .sh)
	log=tests/out/$name.log
	rc=$(cat "$RC/$name")
	echo "*** $name"
	grep -E '^(not )?ok |^#   ' "$log" | grep -vE '^#   ' || true
	grep -A60 -E '^not ok ' "$log" | grep -E '^#   ' | head -n 80
	p=$(grep -E '^ok ' "$log" | grep -vc '# SKIP')
	s=$(grep -cE '^ok .*# SKIP' "$log")
	f=$(grep -cE '^not ok ' "$log")
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		echo "not ok - $name exited with status $rc without a failing step"
		tail -n 20 "$log" | sed 's/^/#   /'
		f=1
	fi
	check_leftovers "$name" || f=$((f + 1))
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
}

# print, in order, the reports of the scripts at the head of $unreported that have finished
report_done() {
	while [ -n "$unreported" ]; do
		set -f
		set -- $unreported
		set +f
		[ -f "$RC/$(basename "$1" .sh)" ] || return 0
		report "$1"
		shift
		unreported="$*"
	done
}

running= started= unreported="$*"
for t in "$@"; do
	# a script given twice waits until its first run is reported: they share a log and a status
	case " $started " in *" $(basename "$t" .sh) "*) wait_below 1; report_done ;; esac
	if grep -q '^# test-serial: ' "$t" 2>/dev/null; then
		wait_below 1
		report_done
		start "$t"
		wait_below 1
	else
		wait_below "$jobs"
		report_done
		start "$t"
	fi
	report_done
done
wait_below 1
wait
report_done
if [ $((pass + fail)) = 0 ]; then
	echo "no test ran"
	fail=1
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
