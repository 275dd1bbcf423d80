#!/bin/sh
# Every seed board of the board library (WT1520, DIR-505, RUT955, Archer A6, Belkin F7D7302,
# FRITZ!Box 7362 SL) builds the bundled example with gc GOMIPS=softfloat in one manifest,
# passes its size check and passes 'mipsbake test' under that board's own qemu CPU model;
# 'mipsbake run' runs one of them interactively.
. "$(dirname "$0")/lib.sh"

SEED="wt1520 dir-505 rut955 archer-a6 f7d7302 fritzbox-7362sl"

cp -R "$SRC_DIR/manifests/examples/hello" hello
{
	echo "mipsbake: 1"
	echo "module: example.com/hello"
	echo "include:"
	for b in $SEED; do echo "  - boards/$b.yaml"; done
	echo "dependencies:"
	echo "  example.com/fmtbox: {path: third_party/fmtbox}"
	echo "targets:"
	echo "  hello:"
	echo "    main: ./cmd/hello"
	echo "    boards: [$(echo $SEED | sed 's/ /, /g')]"
	echo "    strip: true"
	cat <<-\EOF
	    test:
	      - args: [world]
	        expect: '^hello, world from mips(le)? \(gc\)\n\+-+\+\n\| crc32\(world\) = 3a771143 \|\n'
	EOF
} >hello/seed.yaml

test_expect_success 'the seed boards come from the board library with their default toolchain' '
	mipsbake validate hello/seed.yaml 2>err &&
	test_cmp /dev/null err
'

test_expect_success 'mipsbake test builds for every seed board and passes under each CPU model' '
	mipsbake -j2 test hello/seed.yaml >test.log 2>&1 || { cat test.log; false; } &&
	for b in $SEED; do
		test -x build/out/hello/$b/debian-go/hello || { echo "no binary for $b"; exit 1; }
	done &&
	grep -q "^mipsbake: sizes: 6 binaries within budget$" test.log &&
	grep -q "^mipsbake: test: 6 passed, 0 failed$" test.log &&
	! grep -E "warning|error" test.log
'

test_expect_success 'each board ran under its own qemu and CPU model' '
	cat >expect <<-\EOF &&
	hello wt1520 debian-go qemu-mipsel-static 24KEc 1 pass
	hello dir-505 debian-go qemu-mips-static 24Kc 1 pass
	hello rut955 debian-go qemu-mips-static 24KEc 1 pass
	hello archer-a6 debian-go qemu-mips-static 24KEc 1 pass
	hello f7d7302 debian-go qemu-mipsel-static 24KEc 1 pass
	hello fritzbox-7362sl debian-go qemu-mips-static 24KEc 1 pass
	EOF
	sed -n "/^TARGET /,/^mipsbake: test:/p" test.log | sed "1d;\$d" |
		awk "{ print \$1, \$2, \$3, \$4, \$5, \$6, \$7 }" >actual &&
	test_cmp expect actual
'

test_expect_success 'every binary is a gc softfloat build of the right byte order' '
	for b in $SEED; do
		case $b in wt1520|f7d7302) want=little ;; *) want=big ;; esac
		readelf -h build/out/hello/$b/debian-go/hello >h &&
		grep -q "Data: *2.s complement, $want endian" h || { echo "$b: not $want endian"; exit 1; }
	done &&
	grep -c "gomips: softfloat" build/artifacts.yaml >n &&
	echo 6 >expect && test_cmp expect n
'

test_expect_success 'the sizes table shows every binary within its tmpfs budget' '
	mipsbake sizes hello/seed.yaml >sizes.log 2>&1 &&
	grep -c " ok$" sizes.log >n &&
	echo 6 >expect && test_cmp expect n &&
	grep -qE "^hello/wt1520/debian-go +[0-9]+ +[0-9.]+ MiB +14.0 MiB +[0-9.]+% +4.0 MiB +not kept +ok$" \
		sizes.log
'

test_expect_success 'mipsbake run runs one binary with its arguments and passes its status on' '
	mipsbake run f7d7302 hello hello/seed.yaml -- there >run.log 2>&1 &&
	grep -q "^hello, there from mipsle (gc)$" run.log &&
	grep -q "^| crc32(there) = 5a2fe996 |$" run.log
'

test_done
