#!/bin/sh
# Size budgets: a binary too big for its board's tmpfs fails the build with the size, the
# budget, the percentage and the variant; near the budget (size_warn, 80% by default) is a
# warning; a target that persists is held to the flash budget too; 'mipsbake sizes' prints
# the table and --json the same data.
. "$(dirname "$0")/lib.sh"

cp -R "$SRC_DIR/manifests/examples/hello" hello
cat >hello/tiny.yaml <<'EOF'
mipsbake: 1
module: example.com/hello
include: [toolchains/debian-go.yaml]
boards:
  tiny: {goarch: mipsle, gomips: softfloat, tmpfs: 512KiB, toolchain: debian-go}
dependencies:
  example.com/fmtbox: {path: third_party/fmtbox}
targets:
  hello: {main: ./cmd/hello, boards: [tiny], strip: true}
EOF

test_expect_success 'a binary too big for a tiny tmpfs fails the build, saying by how much' '
	test_must_fail mipsbake -B t -j2 hello/tiny.yaml >out 2>err &&
	test -x t/out/hello/tiny/debian-go/hello &&
	size=$(wc -c <t/out/hello/tiny/debian-go/hello) &&
	pct=$(awk "BEGIN { printf \"%.1f\", 100 * $size / 524288 }") &&
	human=$(awk "BEGIN { printf \"%.1f MiB\", $size / 1048576 }") &&
	cat >expect <<-EOF &&
	mipsbake: error: hello/tiny/debian-go: binary '"'"'out/hello/tiny/debian-go/hello'"'"' is $human ($size bytes), $pct% of the tmpfs budget of board '"'"'tiny'"'"', 512.0 KiB (524288 bytes): over budget
	hello/tiny.yaml:5:52: note: board '"'"'tiny'"'"' sets '"'"'tmpfs'"'"' here
	EOF
	test_cmp expect err
'

test_expect_success 'the next run builds nothing, checks the sizes again and fails the same way' '
	test_must_fail mipsbake -B t -j2 hello/tiny.yaml >out 2>err &&
	cat out &&
	grep -q "^\[[01]/1\] SIZES$" out &&
	! grep -q "COMPILE\|LINK" out &&
	grep -q "over budget$" err
'

test_expect_success 'a build within budget checks the sizes once, then has nothing to do' '
	sed "s/tmpfs: 512KiB/tmpfs: 64MiB/" hello/tiny.yaml >hello/fits.yaml &&
	grep -q "tmpfs: 64MiB" hello/fits.yaml &&
	mipsbake -B t -j2 hello/fits.yaml >out 2>err &&
	cat out err &&
	grep -q "SIZES" out &&
	grep -q "^mipsbake: sizes: 1 binary within budget$" out &&
	mipsbake -B t -j2 hello/fits.yaml >out2 2>err2 &&
	grep -q "no work to do" out2 &&
	test_cmp /dev/null err2
'

test_expect_success 'mipsbake sizes shows it over budget and exits 1' '
	test_must_fail mipsbake -B t sizes hello/tiny.yaml >out 2>err &&
	grep -qE "^hello/tiny/debian-go +[0-9]+ +1\.[0-9] MiB +512\.0 KiB +[0-9]+\.[0-9]% +- +- +over$" out &&
	test_cmp /dev/null err
'

cat >hello/budgets.yaml <<'EOF'
mipsbake: 1
module: example.com/hello
size_warn: 75%
include: [toolchains/debian-go.yaml]
boards:
  snug: {goarch: mipsle, gomips: softfloat, tmpfs: 1700KiB, flash: 1MiB, toolchain: debian-go}
  roomy: {goarch: mips, gomips: softfloat, tmpfs: 14MiB, flash: 1MiB, size_warn: 90%,
          toolchain: debian-go}
  ample: {goarch: mips, gomips: softfloat, tmpfs: 14MiB, flash: 8MiB, toolchain: debian-go}
  nolimit: {goarch: mips, gomips: softfloat, toolchain: debian-go}
dependencies:
  example.com/fmtbox: {path: third_party/fmtbox}
targets:
  hello: {main: ./cmd/hello, boards: [snug, roomy, nolimit], strip: true}
  kept: {main: ./cmd/hello, boards: [roomy, ample], strip: true, persist: true}
EOF

test_expect_success 'near the budget warns; a persisting target is held to flash as well' '
	test_must_fail mipsbake -B b -j2 hello/budgets.yaml >out 2>err &&
	grep -q "^mipsbake: warning: hello/snug/debian-go: binary .* of the tmpfs budget of board '"'"'snug'"'"', 1.7 MiB (1740800 bytes): above the 75% warning threshold$" err &&
	grep -q "^mipsbake: error: kept/roomy/debian-go: binary .* of the flash budget of board '"'"'roomy'"'"', 1.0 MiB (1048576 bytes): over budget$" err &&
	grep -q "^hello/budgets.yaml:7:65: note: board '"'"'roomy'"'"' sets '"'"'flash'"'"' here (the target has '"'"'persist: true'"'"')$" err &&
	test $(grep -c "warning\|error" err) = 2
'

test_expect_success 'the sizes table: every variant, its budgets and status' '
	test_must_fail mipsbake -B b sizes hello/budgets.yaml >out 2>err &&
	sed -n "/^VARIANT/,\$p" out | awk "{ print \$1, \$NF }" >actual &&
	cat >expect <<-\EOF &&
	VARIANT STATUS
	hello/snug/debian-go warning
	hello/roomy/debian-go ok
	hello/nolimit/debian-go ok
	kept/roomy/debian-go over
	kept/ample/debian-go ok
	EOF
	test_cmp expect actual &&
	grep -qE "^hello/roomy/debian-go .* 1\.0 MiB +not kept +ok$" out &&
	grep -qE "^kept/ample/debian-go .* 8\.0 MiB +[0-9.]+% +ok$" out
'

test_expect_success 'sizes --json: the same data, and nothing else on stdout' '
	if ! have jq; then echo "jq not installed: checking the JSON by eye" >&2; fi &&
	test_must_fail mipsbake -B b sizes --json hello/budgets.yaml >out.json 2>err &&
	grep -q "no work to do" err &&
	if have jq; then
		jq -r ".[] | [.target, .board, .status, .size_warn, (.persist|tostring), (.flash_percent != null|tostring)] | join(\" \")" out.json >actual &&
		cat >expect <<-\EOF &&
		hello snug warning 75 false false
		hello roomy ok 90 false false
		hello nolimit ok 75 false false
		kept roomy over 90 true true
		kept ample ok 75 true true
		EOF
		test_cmp expect actual &&
		test "$(jq ".[2].tmpfs" out.json)" = null &&
		test "$(jq ".[0].size" out.json)" = "$(wc -c <b/out/hello/snug/debian-go/hello)"
	else
		head -c 1 out.json | grep -q "\[" && grep -q "\"status\": \"over\"" out.json
	fi
'

test_done
