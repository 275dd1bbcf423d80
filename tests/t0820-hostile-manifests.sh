#!/bin/sh
# The hostile manifest suite (issue 12): every manifest of tests/hostile/ and of the golden
# bad manifests, built, gives exactly its expected errors (positions included), exits 1, and
# writes nothing outside the build and cache directories. Under make check-asan the same runs
# find any memory error (an ASan report would change stderr).
. "$(dirname "$0")/lib.sh"

unset MIPSBAKE_HOSTILE_UNSET 2>/dev/null || true

# everything under the test directory and the manifests' own directory, but build/ and cache/
listing() {
	{ find "$TRASH" -path "$TRASH/build" -prune -o -path "$TRASH/cache" -prune \
		-o -path "$TRASH/o" -prune -o -name '.step.log' -prune -o -print; find "$1"; } |
		LC_ALL=C sort
}

# hostile DIR NAME: build DIR/NAME.yaml and check the three things
hostile() {
	o="$TRASH/o"
	mkdir -p "$o"
	listing "$1" >"$o/listing.before"
	rc=0
	(cd "$1" && timeout 60 "$MB" -B "$TRASH/build" --cache-dir "$TRASH/cache" build "$2.yaml") \
		>"$o/$2.out" 2>"$o/$2.raw" || rc=$?
	sed "s|$SRC_DIR|\$SRC|g" "$o/$2.raw" >"$o/$2.actual"
	test_cmp "$1/$2.err" "$o/$2.actual"
	if [ "$rc" != 1 ]; then
		echo "exit status $rc, expected 1" >&2
		return 1
	fi
	listing "$1" >"$o/listing.after"
	test_cmp "$o/listing.before" "$o/listing.after"
	! find "$TRASH" "$1" -name 'PWNED*' | grep .
}

n=0
for dir in "$TESTS_DIR/hostile" "$TESTS_DIR/manifests/bad"; do
	for y in "$dir"/*.yaml; do
		name=$(basename "$y" .yaml)
		n=$((n + 1))
		test_expect_success "hostile manifest: $(basename "$dir")/$name" 'hostile "$dir" "$name"'
	done
done

test_expect_success 'the suite holds at least 100 manifests' '
	test $n -ge 100
'

test_done
