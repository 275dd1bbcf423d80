#!/bin/sh
# tests/example.sh: build the bundled example for every board and run each binary under
# qemu-user with the board's CPU model (what 'make example' does).
set -eu
cd "$(dirname "$0")/.."
bin/mipsbake -B build/example manifests/examples/hello/hello.yaml
for arch in mips mipsle mips64 mips64le; do
	case $arch in
	mips) qemu=qemu-mips-static cpu=74Kf ;;
	mipsle) qemu=qemu-mipsel-static cpu=74Kf ;;
	mips64) qemu=qemu-mips64-static cpu=MIPS64R2-generic ;;
	mips64le) qemu=qemu-mips64el-static cpu=MIPS64R2-generic ;;
	esac
	bin=build/example/out/hello/generic-$arch/debian-gccgo-$arch/hello
	echo "== $qemu -cpu $cpu $bin world"
	$qemu -cpu $cpu "$bin" world
done
