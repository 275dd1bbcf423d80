#!/bin/sh
# The fuzz harnesses (fuzz/) over their seed corpora, without libFuzzer, under ASan and UBSan:
# what a campaign found once stays found. 'make fuzz' runs the campaigns themselves (clang).
. "$(dirname "$0")/lib.sh"

test_expect_success 'every harness has a seed corpus and a dictionary' '
	for f in manifest goscan constraint lock expand gomod; do
		test -f "$SRC_DIR/fuzz/$f.c" &&
		test -f "$SRC_DIR/fuzz/$f.dict" &&
		test $(ls "$SRC_DIR/fuzz/corpus/$f" | wc -l) -ge 4 || { echo "fuzz/$f is incomplete"; exit 1; }
	done
'

test_expect_success 'every harness runs over its whole corpus without a sanitizer report' '
	make -s -C "$SRC_DIR" fuzz-regress >out 2>err || { cat out err; exit 1; } &&
	for f in manifest goscan constraint lock expand gomod; do
		n=$(ls "$SRC_DIR/fuzz/corpus/$f" | wc -l) &&
		grep -qx "$f: $n inputs" out || { echo "$f did not run its $n inputs"; cat out; exit 1; }
	done &&
	! grep -q "runtime error\|ERROR: AddressSanitizer\|LeakSanitizer" err
'

test_done
