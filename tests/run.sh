#!/bin/sh
# tests/run.sh [tests/tNNNN-name.sh ...]: run test scripts (default: all), print the totals.
# The last line is "N passed, N failed, N skipped"; the exit status is non-zero when a step
# failed, a script died, or nothing ran.
cd "$(dirname "$0")/.." || exit 1
[ $# -gt 0 ] || set -- tests/t[0-9]*.sh
pass=0 fail=0 skip=0
mkdir -p tests/out
OUT=$(pwd)/tests/out

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
for t in "$@"; do
	name=$(basename "$t" .sh)
	log=tests/out/$name.log
	echo "*** $name"
	sh "$t" >"$log" 2>&1
	rc=$?
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
done
if [ $((pass + fail)) = 0 ]; then
	echo "no test ran"
	fail=1
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
