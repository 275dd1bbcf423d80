#!/bin/sh
# The memo of an action's input digests (cache/act.c): 'act get' and 'act put' of an action
# whose inputs are big keep their digests in .mipsbake-digests/ and take them from there
# while a file's stat is the same; an entry hashed in the tick its file was written is hashed
# again (git's racy-entry rule); files outside the build directory are always hashed; an
# action that hashes little keeps no memo.
. "$(dirname "$0")/lib.sh"

unset MIPSBAKE_NO_CACHE
export MIPSBAKE_ACTION_CACHE="$TRASH/store"
logic=$(printf 'logic' | sha256sum | cut -c1-64)

# the build directory b: one action out/o of inputs pkg/big (2 MiB), pkg/small, ../src.go
# and one action out/s of pkg/small alone
mkdir -p b/cfg b/pkg b/out
{
	echo "mipsbake-actions 1"
	echo "@ out/o"
	echo "kind link"
	echo "logic $logic"
	echo "out out/o"
	echo "in pkg/big"
	echo "in pkg/small"
	echo "in ../src.go"
	echo "@ out/s"
	echo "kind compile"
	echo "logic $logic"
	echo "out out/s"
	echo "in pkg/small"
} >b/cfg/x.actions
awk 'BEGIN { for (i = 0; i < 65536; i++) printf "%031d\n", i }' >b/pkg/big
echo small >b/pkg/small
echo 'package main' >src.go
echo linked >b/out/o
echo compiled >b/out/s
touch -d '-1 hour' b/pkg/big b/pkg/small src.go

act() {
	(cd b && mipsbake act "$@")
}

test_expect_success 'put of an action with 2 MiB of inputs writes a memo of the build directory files' '
	act put cfg/x.actions out/o &&
	test $(ls b/.mipsbake-digests | wc -l) = 1 &&
	memo=b/.mipsbake-digests/$(ls b/.mipsbake-digests) &&
	test $(wc -l <"$memo") = 2 &&
	big=$(sha256sum <b/pkg/big | cut -c1-64) &&
	grep -q " $big pkg/big\$" "$memo" &&
	grep -q " pkg/small\$" "$memo" &&
	! grep -q "src.go" "$memo" &&
	cp "$memo" memo.good
'

test_expect_success 'an action that hashes little keeps no memo' '
	act put cfg/x.actions out/s &&
	rm b/out/s &&
	act get cfg/x.actions out/s &&
	test "$(cat b/out/s)" = compiled &&
	test $(ls b/.mipsbake-digests | wc -l) = 1
'

test_expect_success 'get takes the digests from the memo: a wrong digest there is a miss' '
	memo=b/.mipsbake-digests/$(ls b/.mipsbake-digests) &&
	rm b/out/o &&
	act get cfg/x.actions out/o &&
	test "$(cat b/out/o)" = linked &&
	other=$(echo other | sha256sum | cut -c1-64) &&
	big=$(sha256sum <b/pkg/big | cut -c1-64) &&
	sed "s/ $big / $other /" memo.good >"$memo" &&
	rm b/out/o &&
	test_must_fail act get cfg/x.actions out/o &&
	test ! -e b/out/o &&
	cp memo.good "$memo" &&
	act get cfg/x.actions out/o &&
	test "$(cat b/out/o)" = linked
'

test_expect_success 'a changed input (new mtime) is hashed again: a miss, then a hit when it is back' '
	cp b/pkg/big big.orig &&
	echo more >>b/pkg/big &&
	test_must_fail act get cfg/x.actions out/o &&
	cp big.orig b/pkg/big &&
	act get cfg/x.actions out/o
'

test_expect_success 'a file outside the build directory is hashed at every get, whatever its stat says' '
	touch -r src.go src.ref &&
	echo "package mian" >src.go &&
	touch -r src.ref src.go &&
	test_must_fail act get cfg/x.actions out/o &&
	echo "package main" >src.go &&
	touch -r src.ref src.go &&
	act get cfg/x.actions out/o
'

test_expect_success 'an entry hashed in the tick its file was written is hashed again (racy), even with the same stat' '
	awk "BEGIN { for (i = 0; i < 65536; i++) printf \"%031d\\n\", i + 1 }" >b/pkg/big &&
	touch -r b/pkg/big big.ref &&
	act put cfg/x.actions out/o &&
	memo=b/.mipsbake-digests/$(ls b/.mipsbake-digests) &&
	new=$(sha256sum <b/pkg/big | cut -c1-64) &&
	grep -q " $new pkg/big\$" "$memo" &&
	awk "BEGIN { for (i = 0; i < 65536; i++) printf \"%031d\\n\", i + 2 }" >b/pkg/big &&
	touch -r big.ref b/pkg/big &&
	rm b/out/o &&
	test_must_fail act get cfg/x.actions out/o
'

test_expect_success 'a missing input: get is a miss, put is silent, and the memo stays' '
	memo=b/.mipsbake-digests/$(ls b/.mipsbake-digests) &&
	cp "$memo" memo.before &&
	mv b/pkg/small small.away &&
	test_must_fail act get cfg/x.actions out/o &&
	act put cfg/x.actions out/o 2>err &&
	test ! -s err &&
	test_cmp memo.before "$memo" &&
	mv small.away b/pkg/small
'

test_done
