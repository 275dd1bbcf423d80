#!/bin/sh
# tests/example.sh ('make example'): build the bundled example for every board, run its smoke
# tests under qemu-user with each board's CPU model, then show each binary's output.
set -eu
cd "$(dirname "$0")/.."
M=manifests/examples/hello/hello.yaml
bin/mipsbake -B build/example test "$M"
for arch in mips mipsle mips64 mips64le; do
	echo "== mipsbake run generic-$arch hello -- world"
	bin/mipsbake -B build/example run "generic-$arch" hello "$M" -- world 2>/dev/null
done
