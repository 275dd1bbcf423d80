#!/bin/sh
# Build tags and per-target flags: a target's 'tags:' (merged with its board's and its
# toolchain's) choose files as go build -tags does, and 'gcflags:', 'asmflags:' and 'ldflags:'
# reach the compiler, the assembler and the linker of that target only. A tagged and an
# untagged target of one main package get their own configuration (pkg/<config>/...), so
# they never share a compile, and print what their sources say under qemu with gc (WT1520)
# and gccgo (generic-mips64le); an untagged manifest keeps its paths. The release records
# the tags and flags in provenance.yaml.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/lib-git.sh"

if ! have go qemu-mipsel-static qemu-mips64el-static mips64el-linux-gnuabi64-gccgo git; then
	test_skip 'tags and flags' 'needs golang-go, qemu-user-static, gccgo-mips64el-linux-gnuabi64 and git'
	test_done
fi

mkdir -p proj/cmd/show proj/feat
printf 'module example.com/tp\n\ngo 1.19\n' >proj/go.mod
printf '//go:build !fancy\n\npackage feat\n\nconst Name = "plain"\n' >proj/feat/plain.go
printf '//go:build fancy\n\npackage feat\n\nconst Name = "fancy"\n' >proj/feat/fancy.go
# the value an assembly function returns: ASMVAL, which only asmflags can change (gc, mipsle)
printf '//go:build gc && mipsle\n\npackage feat\n\nfunc asmval() int32\n' >proj/feat/asm_gc.go
printf '//go:build !(gc && mipsle)\n\npackage feat\n\nfunc asmval() int32 { return 1 }\n' \
	>proj/feat/asm_other.go
cat >proj/feat/asm_mipsle.s <<'EOF'
//go:build gc

#include "textflag.h"

#ifndef ASMVAL
#define ASMVAL 1
#endif

TEXT ·asmval(SB),NOSPLIT,$0-4
	MOVW	$ASMVAL, R1
	MOVW	R1, ret+0(FP)
	RET
EOF
printf 'package feat\n\nfunc Asm() int32 { return asmval() }\n' >proj/feat/feat.go
cat >proj/cmd/show/main.go <<'EOF'
package main

import (
	"fmt"

	"example.com/tp/feat"
)

var v = "unset"

func main() { fmt.Println(feat.Name, v, feat.Asm()) }
EOF

cat >proj/gc.yaml <<'EOF'
mipsbake: 1
include: [boards/wt1520.yaml]
toolchains:
  go-fancy: {compiler: gc, tags: [fancy]}
boards:
  wt1520-fancy: {goarch: mipsle, gomips: softfloat, cpu: 24KEc, toolchain: debian-go, tags: [fancy]}
targets:
  plain:
    main: ./cmd/show
    boards: [wt1520]
  fancy:
    main: ./cmd/show
    boards: [wt1520]
    tags: [fancy, fancy]
    gcflags: [-N, -l]
    asmflags: [-D, ASMVAL=7]
    ldflags: [-X, main.v=flagged]
  byboard:
    main: ./cmd/show
    boards: [wt1520-fancy]
  bytoolchain:
    main: ./cmd/show
    boards: [wt1520]
    toolchains: [go-fancy]
EOF
cat >proj/untagged.yaml <<'EOF'
mipsbake: 1
include: [boards/wt1520.yaml]
targets:
  plain:
    main: ./cmd/show
    boards: [wt1520]
EOF
cat >proj/gccgo.yaml <<'EOF'
mipsbake: 1
include: [toolchains/debian-gccgo.yaml, boards/generic.yaml]
targets:
  plain:
    main: ./cmd/show
    boards: [generic-mips64le]
  fancy:
    main: ./cmd/show
    boards: [generic-mips64le]
    tags: [fancy]
    gcflags: [-fno-inline]
    ldflags: ['-Wl,--build-id=none']
EOF

GC_OUT=build/out
run_gc() { qemu-mipsel-static -cpu 24KEc "$@"; }
run_64() { qemu-mips64el-static -cpu MIPS64R2-generic "$@"; }

test_expect_success 'gc: a tagged and an untagged target of one main package build' '
	(cd proj && mipsbake -j2 gc.yaml) >gc.log 2>&1 || { tail -n 30 gc.log; false; }
'

test_expect_success 'gc: each prints what its tags, asmflags and ldflags say under qemu' '
	run_gc proj/$GC_OUT/plain/wt1520/debian-go/plain >plain.out &&
	echo "plain unset 1" >expect && test_cmp expect plain.out &&
	run_gc proj/$GC_OUT/fancy/wt1520/debian-go/fancy >fancy.out &&
	echo "fancy flagged 7" >expect && test_cmp expect fancy.out &&
	! cmp -s proj/$GC_OUT/plain/wt1520/debian-go/plain proj/$GC_OUT/fancy/wt1520/debian-go/fancy
'

test_expect_success 'gc: a board'\''s and a toolchain'\''s tags choose files too' '
	run_gc proj/$GC_OUT/byboard/wt1520-fancy/debian-go/byboard >board.out &&
	echo "fancy unset 1" >expect && test_cmp expect board.out &&
	run_gc proj/$GC_OUT/bytoolchain/wt1520/go-fancy/bytoolchain >tc.out &&
	test_cmp expect tc.out
'

test_expect_success 'gc: the shared package is compiled once per configuration, never shared' '
	cfgnames proj/build >cfgs &&
	test "$(wc -l <cfgs)" = 4 && test "$(ls proj/build/pkg | wc -l)" = 4 &&
	grep -qx debian-go-mipsle-softfloat cfgs &&
	test "$(grep -c "^debian-go-mipsle-softfloat+[0-9a-f]\{12\}$" cfgs)" = 2 &&
	grep -q "^go-fancy-mipsle-softfloat+[0-9a-f]\{12\}$" cfgs &&
	for c in $(cat cfgs); do
		test -f "proj/build/pkg/$(cfgdir proj/build "$c")/example.com/tp/feat/_pkg_.lo" || exit 1
	done &&
	grep "COMPILE example.com/tp/feat" gc.log >compiles &&
	test "$(wc -l <compiles)" = 4
'

test_expect_success 'gc: the flags reach only their target, after the fixed ones' '
	plain=proj/build/cfg/$(cfgdir proj/build debian-go-mipsle-softfloat).ninja &&
	fancy=$(grep -l "main.v=flagged" proj/build/cfg/*.ninja) &&
	test "$(echo "$fancy" | wc -l)" = 1 &&
	grep -q "^  gcflags = .*-lang=go1.19\$ -c=2\$ -N\$ -l\$" "$fancy" &&
	grep -q "^asmflags = -D\$ ASMVAL=7\$" "$fancy" &&
	grep -q "^  ldflags = -X\$ main.v=flagged\$" "$fancy" &&
	grep -q "\-\-tags\$ fancy\$ " "$fancy" &&
	! grep -q "ASMVAL\|main.v=\|\$ -N\|--tags" "$plain"
'

test_expect_success 'gc: mipsbake -n shows -N -l on the tagged compile only' '
	(cd proj && mipsbake -n -B dry gc.yaml) >dry.log 2>&1 &&
	grep "compile .*-p example.com/tp/feat " dry.log >feat.cmds &&
	test "$(wc -l <feat.cmds)" = 4 &&
	test "$(grep -c -- "-lang=go1.19 -c=2 -N -l " feat.cmds)" = 1 &&
	dir=$(grep -- "-lang=go1.19 -c=2 -N -l " feat.cmds | sed -n "s|.*pkg/\([0-9a-f]*\)/.*|\1|p" | head -n 1) &&
	grep -q "^$dir debian-go-mipsle-softfloat+" proj/dry/configs.txt &&
	grep "link .*main.v=flagged" dry.log >link.cmds &&
	test "$(wc -l <link.cmds)" = 1 &&
	grep -q "out/fancy/wt1520/debian-go/fancy" link.cmds
'

test_expect_success 'an untagged manifest keeps its configuration and binary paths' '
	(cd proj && mipsbake -B plainbuild untagged.yaml) >untagged.log 2>&1 &&
	cfgnames proj/plainbuild >cfgs &&
	echo debian-go-mipsle-softfloat >expect && test_cmp expect cfgs &&
	test "$(ls proj/plainbuild/pkg)" = "$(cfgdir proj/plainbuild debian-go-mipsle-softfloat)" &&
	run_gc proj/plainbuild/out/plain/wt1520/debian-go/plain >out &&
	echo "plain unset 1" >expect && test_cmp expect out
'

test_expect_success 'gccgo: tagged and untagged targets differ as the sources say' '
	(cd proj && mipsbake -j2 -B gccgobuild gccgo.yaml) >gccgo.log 2>&1 ||
		{ tail -n 30 gccgo.log; false; } &&
	out=proj/gccgobuild/out &&
	run_64 $out/plain/generic-mips64le/debian-gccgo-mips64le/plain >plain.out &&
	echo "plain unset 1" >expect && test_cmp expect plain.out &&
	run_64 $out/fancy/generic-mips64le/debian-gccgo-mips64le/fancy >fancy.out &&
	echo "fancy unset 1" >expect && test_cmp expect fancy.out &&
	cfgnames proj/gccgobuild >cfgs &&
	test "$(wc -l <cfgs)" = 2 &&
	grep -qx debian-gccgo-mips64le-mips64le-hardfloat cfgs &&
	grep -q "^debian-gccgo-mips64le-mips64le-hardfloat+[0-9a-f]\{12\}$" cfgs
'

test_expect_success 'gccgo: gcflags reach the Go compiles, ldflags the link, of that target only' '
	plain=proj/gccgobuild/cfg/$(cfgdir proj/gccgobuild debian-gccgo-mips64le-mips64le-hardfloat).ninja &&
	fancy=proj/gccgobuild/cfg/$(cfgdir proj/gccgobuild debian-gccgo-mips64le-mips64le-hardfloat+).ninja &&
	test -f "$plain" && test -f "$fancy" &&
	grep -q "^  pkgflags = -fgo-pkgpath=example.com/tp/feat\$ -fno-inline\$" "$fancy" &&
	grep -q "^  ldflags = -Wl,--build-id=none\$ -static\$" "$fancy" &&
	! grep -q "fno-inline\|build-id" "$plain" &&
	out=proj/gccgobuild/out &&
	mips64el-linux-gnuabi64-readelf -n $out/plain/generic-mips64le/debian-gccgo-mips64le/plain >notes.plain &&
	mips64el-linux-gnuabi64-readelf -n $out/fancy/generic-mips64le/debian-gccgo-mips64le/fancy >notes.fancy &&
	grep -q "Build ID" notes.plain &&
	! grep -q "Build ID" notes.fancy
'

test_expect_success 'the release records each artifact'\''s tags and flags in provenance.yaml' '
	printf "build/\ndist/\ngccgobuild/\nplainbuild/\ndry/\n" >proj/.gitignore &&
	(cd proj && tgit init -q && tgit add -A && tgit commit -q -m tp) &&
	(cd proj && mipsbake -j2 release gc.yaml) >release.log 2>&1 || { tail -n 20 release.log; false; } &&
	p=proj/dist/provenance.yaml &&
	grep -A12 "^  target: .\{0,1\}fancy.\{0,1\}$" $p >fancy.prov &&
	grep -q "^  tags: \[.\{0,1\}fancy.\{0,1\}\]$" fancy.prov &&
	grep -q "^  asm_flags: \[.\{0,1\}-D.\{0,1\}, .\{0,1\}ASMVAL=7.\{0,1\}\]$" fancy.prov &&
	grep "^  compile_flags:" fancy.prov | grep -q -- "-N.\{0,1\}, .\{0,1\}-l" &&
	grep "^  link_flags:" fancy.prov | grep -q "main.v=flagged" &&
	grep -A12 "^  target: .\{0,1\}plain.\{0,1\}$" $p >plain.prov &&
	grep -q "^  tags: \[\]$" plain.prov &&
	! grep -q "flagged\|ASMVAL" plain.prov
'

test_done
