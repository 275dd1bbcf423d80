#!/bin/sh
# The board library: every file of manifests/boards loads on its own, states what a board is
# (GOARCH, GOMIPS, SoC, core, FPU, byte order, flash, RAM, tmpfs, toolchain, qemu CPU) with
# its sources, uses a CPU model qemu has, and 'mipsbake boards' lists it all (--json too).
. "$(dirname "$0")/lib.sh"

LIB="$SRC_DIR/manifests/boards"
SEED="archer-a6 dir-505 f7d7302 fritzbox-7362sl rut955 wt1520"

test_expect_success 'every board file validates on its own (it includes its toolchain)' '
	for f in "$LIB"/*.yaml; do
		mipsbake validate "$f" 2>err || { cat err; exit 1; }
		test_cmp /dev/null err
	done
'

test_expect_success 'mipsbake boards lists every board, one row each' '
	mipsbake boards >out 2>err &&
	test_cmp /dev/null err &&
	awk "{ print \$1 }" out >actual &&
	cat >expect <<-\EOF &&
	BOARD
	archer-a6
	dir-505
	f7d7302
	fritzbox-7362sl
	generic-mips
	generic-mipsle
	generic-mips64
	generic-mips64le
	rut955
	wt1520
	EOF
	test_cmp expect actual
'

test_expect_success 'a row holds what the board is' '
	head -n 1 out | tr -s " " >actual &&
	echo "BOARD INCLUDE GOARCH GOMIPS ENDIAN SOC CORE FPU FLASH RAM TMPFS QEMU CPU TOOLCHAIN" >expect &&
	test_cmp expect actual &&
	grep "^wt1520 " out | tr -s " " >actual &&
	echo "wt1520 boards/wt1520.yaml mipsle softfloat little RT5350 MIPS 24KEc no 4.0 MiB 32.0 MiB 14.0 MiB 24KEc debian-go" >expect &&
	test_cmp expect actual &&
	grep "^fritzbox-7362sl " out | tr -s " " >actual &&
	echo "fritzbox-7362sl boards/fritzbox-7362sl.yaml mips softfloat big xRX200 (VRX288) MIPS 34Kc no 128.0 MiB 128.0 MiB 56.0 MiB 24KEc debian-go" >expect &&
	test_cmp expect actual
'

if have jq; then
	test_expect_success 'boards --json gives the same boards, with sizes in bytes' '
		mipsbake boards --json >b.json &&
		jq -r ".[].name" b.json >names &&
		awk "NR > 1 { print \$1 }" out >expect &&
		test_cmp expect names &&
		jq -r ".[] | select(.name == \"wt1520\") | [.include, .goarch, .gomips, .endian, .soc, .core, .cpu, (.fpu|tostring), .fpu_emulation, .flash, .ram, .tmpfs, .size_warn, .toolchain] | map(tostring) | join(\",\")" b.json >actual &&
		echo "boards/wt1520.yaml,mipsle,softfloat,little,RT5350,MIPS 24KEc,24KEc,false,none,4194304,33554432,14680064,80,debian-go" >expect &&
		test_cmp expect actual &&
		test "$(jq ".[] | select(.name == \"generic-mips\") | .tmpfs" b.json)" = null
	'

	test_expect_success 'the seed boards: soft-float gc, no FPU, a byte order that matches GOARCH' '
		for b in $SEED; do
			jq -r ".[] | select(.name == \"$b\") | [.gomips, (.fpu|tostring), .toolchain, .goarch, .endian] | join(\" \")" b.json >row &&
			read gomips fpu tc goarch endian <row &&
			test "$gomips $fpu $tc" = "softfloat false debian-go" || { echo "$b: $gomips $fpu $tc"; exit 1; }
			case $goarch in *le) want=little ;; *) want=big ;; esac
			test "$endian" = "$want" || { echo "$b: $goarch is not $endian endian"; exit 1; }
		done
	'
else
	test_skip 'boards --json gives the same boards, with sizes in bytes' 'jq is not installed'
	test_skip 'the seed boards: soft-float gc, no FPU, a byte order that matches GOARCH' 'jq is not installed'
fi

test_expect_success 'every qemu CPU model is one qemu-user has' '
	awk -F "  +" "NR > 1 { print \$3, \$12 }" out >pairs &&
	test $(wc -l <pairs) = 10 &&
	while read goarch cpu; do
		case $goarch in
		mips) q=qemu-mips-static ;; mipsle) q=qemu-mipsel-static ;;
		mips64) q=qemu-mips64-static ;; mips64le) q=qemu-mips64el-static ;;
		esac
		$q -cpu help | grep -q "^MIPS '"'"'$cpu'"'"'$" || { echo "$q has no $cpu"; exit 1; }
	done <pairs
'

test_expect_success 'each seed board cites its sources, and says when qemu lacks its core' '
	for b in $SEED; do
		f="$LIB/$b.yaml"
		grep -q "^# Sources of each figure:" "$f" || { echo "$f: no sources"; exit 1; }
		for fact in soc core endian flash ram tmpfs cpu; do
			grep -qE "^#   $fact( |$)|^#   flash .*, ram " "$f" || { echo "$f: $fact has no source"; exit 1; }
		done
		core=$(sed -n "s/^ *core: MIPS //p" "$f")
		cpu=$(sed -n "s/^ *cpu: *\([^ ]*\).*/\1/p" "$f")
		if [ "$core" != "$cpu" ]; then
			grep -q "qemu has no $core" "$f" || { echo "$f: $cpu stands in for $core, unexplained"; exit 1; }
		fi
	done
'

test_expect_success 'boards, sizes, test and run are documented in --help, mipsbake(1) and the README' '
	mipsbake --help >help &&
	mipsbake run --help | grep -q "^usage: mipsbake run \[options\] BOARD\[/TOOLCHAIN\] TARGET " &&
	for c in boards sizes test run; do
		grep -q "^  $c " help || { echo "--help lacks $c"; exit 1; }
		grep -q "^| \`${c%% *}\` |" "$SRC_DIR/README.md" || { echo "README lacks $c"; exit 1; }
	done &&
	for c in boards sizes test "run board target"; do
		grep -q "^\.B[I]* \"*${c%% *}" "$SRC_DIR/man/mipsbake.1" || { echo "mipsbake.1 lacks $c"; exit 1; }
	done &&
	grep -q "^\.SH SIZE BUDGETS" "$SRC_DIR/man/mipsbake.1" &&
	grep -q "^\.SH FPU SENSE" "$SRC_DIR/man/mipsbake.1"
'

test_expect_code 2 'boards takes --json and nothing else' '
	mipsbake boards --frob 2>/dev/null
'

test_done
