#!/bin/sh
# FPU sense: Debian's hard-float gccgo aimed at the FPU-less WT1520 is warned about when the
# build is planned, dies under 'mipsbake test' with SIGILL and an explanation of cause and
# cure, while the very same binary runs on the generic mipsle board's 74Kf (which has an
# FPU). gc GOMIPS=hardfloat is warned about too; 'fpu_emulation: kernel' makes it a note.
. "$(dirname "$0")/lib.sh"

cp -R "$SRC_DIR/manifests/examples/hello" hello
cat >hello/fpu.yaml <<'EOF'
mipsbake: 1
module: example.com/hello
include: [toolchains/debian-gccgo.yaml, boards/generic.yaml, boards/wt1520.yaml]
dependencies:
  example.com/fmtbox: {path: third_party/fmtbox}
targets:
  hello:
    main: ./cmd/hello
    boards: [wt1520, generic-mipsle]
    toolchains: [debian-gccgo-mipsle]
    test:
      - args: [world]
        expect: '^hello, world from mipsle \(gccgo\)\n'
EOF

# the board's place in the library, as messages show it
WT="$SRC_DIR/manifests/boards/wt1520.yaml"
WT_LINE=$(grep -n "^  wt1520:" "$WT" | cut -d: -f1)

test_expect_success 'the hard-float gccgo variant for the WT1520 is warned about before the build' '
	mipsbake -B b gen hello/fpu.yaml >out 2>err &&
	cat >expect <<-EOF &&
	$WT:$WT_LINE:3: warning: board '"'"'wt1520'"'"' (MIPS 24KEc, no FPU): variant hello/wt1520/debian-gccgo-mipsle uses hard-float instructions (gccgo toolchain '"'"'debian-gccgo-mipsle'"'"' links its hard-float libgo, whatever the board'"'"'s gomips); it dies with SIGILL (illegal instruction) there; build it with GOMIPS=softfloat (a gc toolchain and '"'"'gomips: softfloat'"'"') or a soft-float toolchain, or declare '"'"'fpu_emulation: kernel'"'"' if the board'"'"'s kernel emulates the FPU
	EOF
	test_cmp expect err &&
	test ! -d b/out
'

test_expect_success 'under test it dies with SIGILL, explained; generic-mipsle passes' '
	test_must_fail mipsbake -B b -j2 test hello/fpu.yaml >test.log 2>&1 &&
	grep -q "^mipsbake: error: hello/wt1520/debian-gccgo-mipsle: test 1 failed: killed by SIGILL (illegal instruction)$" test.log &&
	grep -q "^  command: qemu-mipsel-static -cpu 24KEc .*/b/out/hello/wt1520/debian-gccgo-mipsle/hello world$" test.log &&
	grep -q "^mipsbake: note: SIGILL: board '"'"'wt1520'"'"' (MIPS 24KEc) has no FPU, and this binary uses hard-float (FPU) instructions (toolchain '"'"'debian-gccgo-mipsle'"'"', gccgo); an FPU instruction on an FPU-less core is illegal; build it with GOMIPS=softfloat (a gc toolchain and '"'"'gomips: softfloat'"'"' on the board) or with a soft-float toolchain$" test.log &&
	grep -q "^$WT:$WT_LINE:3: note: board '"'"'wt1520'"'"' is defined here$" test.log &&
	grep -qE "^hello +wt1520 +debian-gccgo-mipsle +qemu-mipsel-static +24KEc +1 +FAIL " test.log &&
	grep -qE "^hello +generic-mipsle +debian-gccgo-mipsle +qemu-mipsel-static +74Kf +1 +pass " test.log &&
	grep -q "^mipsbake: test: 1 passed, 1 failed$" test.log
'

test_expect_success 'the very binary that died on the 24KEc runs on the 74Kf' '
	bin=b/out/hello/wt1520/debian-gccgo-mipsle/hello &&
	set +e; qemu-mipsel-static -cpu 24KEc $bin world >/dev/null 2>&1; rc=$?; set -e &&
	test $rc = 132 &&
	qemu-mipsel-static -cpu 74Kf $bin world >out &&
	grep -q "^hello, world from mipsle (gccgo)$" out
'

test_expect_success 'mipsbake run passes SIGILL on as status 132, with the explanation' '
	set +e; mipsbake -B b run wt1520 hello hello/fpu.yaml -- world >out 2>err; rc=$?; set -e &&
	test $rc = 132 &&
	grep -q "^mipsbake: note: SIGILL: board '"'"'wt1520'"'"' (MIPS 24KEc) has no FPU" err &&
	mipsbake -B b run generic-mipsle hello hello/fpu.yaml -- world >out 2>err &&
	grep -q "^hello, world from mipsle (gccgo)$" out
'

cat >hello/gc.yaml <<'EOF'
mipsbake: 1
module: example.com/hello
include: [toolchains/debian-go.yaml]
boards:
  nofpu-hard: {goarch: mipsle, gomips: hardfloat, core: MIPS 24KEc, cpu: 24KEc, fpu: false,
               toolchain: debian-go}
  emulated: {goarch: mips, gomips: hardfloat, core: MIPS 34Kc, cpu: 24KEc, fpu: false,
             fpu_emulation: kernel, toolchain: debian-go}
  nofpu-soft: {goarch: mipsle, gomips: softfloat, cpu: 24KEc, fpu: false, toolchain: debian-go}
  unstated: {goarch: mipsle, gomips: hardfloat, toolchain: debian-go}
dependencies:
  example.com/fmtbox: {path: third_party/fmtbox}
targets:
  hello:
    main: ./cmd/hello
    boards: [nofpu-hard, emulated, nofpu-soft, unstated]
EOF

test_expect_success 'gc GOMIPS=hardfloat: a warning, or a note with fpu_emulation: kernel' '
	mipsbake -B g gen hello/gc.yaml >out 2>err &&
	cat >expect <<-\EOF &&
	hello/gc.yaml:5:3: warning: board '"'"'nofpu-hard'"'"' (MIPS 24KEc, no FPU): variant hello/nofpu-hard/debian-go uses hard-float instructions (gc with GOMIPS=hardfloat); it dies with SIGILL (illegal instruction) there; build it with GOMIPS=softfloat (a gc toolchain and '"'"'gomips: softfloat'"'"') or a soft-float toolchain, or declare '"'"'fpu_emulation: kernel'"'"' if the board'"'"'s kernel emulates the FPU
	hello/gc.yaml:7:3: note: board '"'"'emulated'"'"' (MIPS 34Kc, no FPU, kernel FPU emulation): variant hello/emulated/debian-go uses hard-float instructions (gc with GOMIPS=hardfloat); the kernel emulates them, slowly, and smoke tests under qemu-user die with SIGILL
	EOF
	test_cmp expect err
'

cat >hello/mixed.yaml <<'EOF'
mipsbake: 1
module: example.com/hello
include: [toolchains/debian-gccgo.yaml]
boards:
  soft-ask: {goarch: mipsle, gomips: softfloat, cpu: 74Kf, toolchain: debian-gccgo-mipsle}
dependencies:
  example.com/fmtbox: {path: third_party/fmtbox}
targets:
  hello: {main: ./cmd/hello, boards: [soft-ask]}
EOF

test_expect_success 'gomips: softfloat with a hard-float gccgo: told, and built hard-float so it links and runs' '
	mipsbake -B mixed -j2 hello/mixed.yaml >out 2>err &&
	echo "hello/mixed.yaml:5:3: warning: board '"'"'soft-ask'"'"' asks for gomips: softfloat, but gccgo toolchain '"'"'debian-gccgo-mipsle'"'"' and its libgo are hardfloat; its binaries for this board are hardfloat" >expect &&
	test_cmp expect err &&
	! grep -q "uses soft float" out &&
	qemu-mipsel-static -cpu 74Kf mixed/out/hello/soft-ask/debian-gccgo-mipsle/hello world >run.out &&
	grep -q "^| crc32(world) = 3a771143 |$" run.out
'

test_done
