#!/bin/sh
# The command line: gen, --dry-run, -B, -j, the default manifest, usage errors.
. "$(dirname "$0")/lib.sh"

cp -R "$SRC_DIR/manifests/examples/hello" hello
sed "s/boards: \[.*\]/boards: [generic-mipsle]/" hello/hello.yaml >hello/mipsbake.yaml

test_expect_success 'gen writes the build files and says what it generated' '
	mipsbake -B gen-dir gen hello/hello.yaml >out &&
	echo "generated '"'"'$TRASH/gen-dir/build.ninja'"'"': 4 configurations, 12 packages, 4 binaries" >expect &&
	test_cmp expect out &&
	test -f gen-dir/build.ninja &&
	test -f gen-dir/build.ninja.d &&
	test $(ls gen-dir/cfg/*.ninja | wc -l) = 4 &&
	test ! -d gen-dir/out
'

test_expect_success '--dry-run prints every command and runs none' '
	mipsbake -B dry -n hello/hello.yaml >out &&
	test $(grep -c "mipsel-linux-gnu-gccgo -c " out) = 3 &&
	test $(grep -c "mipsel-linux-gnu-objcopy -j .go_export" out) = 2 &&
	grep -q "mips64el-linux-gnuabi64-gccgo -o out/hello/generic-mips64le/debian-gccgo-mips64le/hello" out &&
	test -z "$(find dry/out dry/pkg dry/exp -type f)"
'

test_expect_success 'without a manifest operand, mipsbake.yaml in the current directory is built' '
	(cd hello && mipsbake -j2 >../log 2>&1) &&
	test -x hello/build/out/hello/generic-mipsle/debian-gccgo-mipsle/hello
'

test_expect_success 'a missing manifest is an error naming it' '
	test_must_fail mipsbake nothere.yaml 2>err &&
	grep -q "^mipsbake: error: could not open manifest '"'"'nothere.yaml'"'"': No such file or directory$" err
'

test_expect_code 2 '-j wants a positive number' '
	mipsbake -j zero hello/hello.yaml 2>/dev/null
'

test_expect_code 2 'a second manifest operand is a usage error' '
	mipsbake hello/hello.yaml hello/mipsbake.yaml 2>/dev/null
'

test_expect_code 1 'a failing compile passes the failure through' '
	printf "package fmtbox\n\nfunc Broken() { undefined() }\n" >hello/third_party/fmtbox/broken.go &&
	mipsbake -B broken hello/mipsbake.yaml >log 2>&1
	rc=$?
	grep -q "undefined" log || exit 99
	exit $rc
'

test_done
