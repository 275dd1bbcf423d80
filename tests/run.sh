#!/bin/sh
# tests/run.sh [tests/tNNNN-name.sh ...]: run test scripts (default: all), print the totals.
# The last line is "N passed, N failed, N skipped"; the exit status is non-zero when a step
# failed, a script died, or nothing ran.
cd "$(dirname "$0")/.." || exit 1
[ $# -gt 0 ] || set -- tests/t[0-9]*.sh
pass=0 fail=0 skip=0
mkdir -p tests/out
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
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
done
if [ $((pass + fail)) = 0 ]; then
	echo "no test ran"
	fail=1
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
