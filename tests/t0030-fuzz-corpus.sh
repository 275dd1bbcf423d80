#!/bin/sh
# The fuzz harnesses (fuzz/) over their seed corpora, without libFuzzer, under ASan and UBSan:
# what a campaign found once stays found. 'make fuzz' runs the campaigns themselves (clang).
. "$(dirname "$0")/lib.sh"

# every harness the Makefile builds (a list kept here went stale twice)
HARNESSES=$(sed -n 's/^FUZZERS = //p' "$SRC_DIR/Makefile")

test_expect_success 'the Makefile names the harnesses, and each has its source' '
	test "$(echo $HARNESSES | wc -w)" -ge 9 &&
	for f in $HARNESSES; do test -f "$SRC_DIR/fuzz/$f.c" || exit 1; done &&
	test "$(ls "$SRC_DIR"/fuzz/*.c | grep -vc /driver.c)" = "$(echo $HARNESSES | wc -w)"
'

test_expect_success 'every harness has a seed corpus and a dictionary' '
	for f in $HARNESSES; do
		test -f "$SRC_DIR/fuzz/$f.c" &&
		test -f "$SRC_DIR/fuzz/$f.dict" &&
		test $(ls "$SRC_DIR/fuzz/corpus/$f" | wc -l) -ge 4 || { echo "fuzz/$f is incomplete"; exit 1; }
	done
'

test_expect_success 'every harness runs over its whole corpus without a sanitizer report' '
	make -s -C "$SRC_DIR" fuzz-regress >out 2>err || { cat out err; exit 1; } &&
	for f in $HARNESSES; do
		n=$(ls "$SRC_DIR/fuzz/corpus/$f" | wc -l) &&
		grep -qx "$f: $n inputs" out || { echo "$f did not run its $n inputs"; cat out; exit 1; }
	done &&
	! grep -q "runtime error\|ERROR: AddressSanitizer\|LeakSanitizer" err
'

test_done
