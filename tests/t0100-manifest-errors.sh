#!/bin/sh
# t0100-manifest-errors: 'mipsbake validate' on broken manifests prints exactly the expected
# diagnostics (file:line:col: error: ...) and exits 1; good manifests validate silently.
#
# Each tests/manifests/bad/NAME.yaml is validated from inside tests/manifests/bad, so that
# messages show relative paths; its stderr must equal NAME.err. The source tree's path in
# messages (the search directories of includes) is written as $SRC in the .err files.
. "$(dirname "$0")/lib.sh"

BAD="$TESTS_DIR/manifests/bad"
GOOD="$TESTS_DIR/manifests/good"

# validate_bad NAME: run validate on NAME.yaml in $BAD; stderr in $TRASH/NAME.actual, must exit 1
validate_bad() {
	rc=0
	(cd "$BAD" && mipsbake validate "$1.yaml") >"$TRASH/$1.out" 2>"$TRASH/$1.raw" || rc=$?
	sed "s|$SRC_DIR|\$SRC|g" "$TRASH/$1.raw" >"$TRASH/$1.actual"
	test_cmp "$BAD/$1.err" "$TRASH/$1.actual"
	test ! -s "$TRASH/$1.out"
	if [ "$rc" != 1 ]; then
		echo "exit code $rc, expected 1" >&2
		return 1
	fi
}

test_expect_success 'every bad manifest has a golden .err and the other way round' '
	n=0
	for y in "$BAD"/*.yaml; do
		test -f "${y%.yaml}.err" || { echo "no golden file for $y"; exit 1; }
		n=$((n + 1))
	done
	for e in "$BAD"/*.err; do
		test -f "${e%.err}.yaml" || { echo "no manifest for $e"; exit 1; }
	done
	test "$n" -ge 24
'

for y in "$BAD"/*.yaml; do
	name=$(basename "$y" .yaml)
	test_expect_success "bad manifest: $name" 'validate_bad "$name"'
done

for y in "$GOOD"/*.yaml; do
	name=$(basename "$y" .yaml)
	test_expect_success "good manifest validates silently: $name" '
		(cd "$GOOD" && mipsbake validate "$name.yaml") >out 2>err &&
		test ! -s out &&
		test_cmp /dev/null err
	'
done

test_expect_success 'messages name files relative to the directory mipsbake runs in' '
	cat >expect <<-\EOF &&
	bad/include-duplicate.yaml:5:3: error: toolchain '\''go'\'' is already defined
	bad/inc/dup-defs.yaml:3:3: note: toolchain '\''go'\'' first defined here
	bad/include-duplicate.yaml:7:3: error: board '\''wt1520'\'' is already defined
	bad/inc/dup-defs.yaml:7:3: note: board '\''wt1520'\'' first defined here
	EOF
	(cd "$TESTS_DIR/manifests" && test_must_fail mipsbake validate bad/include-duplicate.yaml) \
		2>actual &&
	test_cmp expect actual
'

test_expect_success 'breaking a good manifest makes validate fail at the broken value' '
	sed "s/goarch: mipsle/goarch: mipsel/" "$GOOD/minimal.yaml" >broken.yaml &&
	cat >expect <<-\EOF &&
	broken.yaml:7:20: error: bad value '\''mipsel'\'' for '\''goarch'\''; expected '\''mips'\'', '\''mipsle'\'', '\''mips64'\'' or '\''mips64le'\''
	EOF
	test_must_fail mipsbake validate broken.yaml 2>actual &&
	test_cmp expect actual
'

test_expect_success 'an include found in a search directory is shown by its full path' '
	mkdir -p sub &&
	cat >sub/main.yaml <<-\EOF &&
	mipsbake: 1
	include: tests/manifests/bad/inc/fragment-v2.yaml
	EOF
	test_must_fail mipsbake validate sub/main.yaml 2>raw &&
	sed "s|$SRC_DIR|\$SRC|g" raw >actual &&
	cat >expect <<-\EOF &&
	$SRC/tests/manifests/bad/inc/fragment-v2.yaml:1:11: error: unsupported manifest version 2; expected '\''mipsbake: 1'\''
	EOF
	test_cmp expect actual
'

test_expect_success 'a manifest that does not exist is an error' '
	test_must_fail mipsbake validate no-such.yaml 2>actual &&
	grep "could not open manifest '\''no-such.yaml'\'': No such file or directory" actual
'

test_expect_code 2 'validate with an unknown option is a usage error' '
	mipsbake validate --no-such-option "$GOOD/minimal.yaml"
'

test_done
