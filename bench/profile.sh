#!/bin/bash
# bench/profile.sh: where mipsbake spends its time, with valgrind's callgrind, on the build
# directories a finished bench/run.sh left in its scratch directory (default bench/out):
#
#   bash bench/profile.sh [--dir DIR] [--top N]
#
#   noop      the minion (gccgo): a no-op build (mipsbake only; Ninja is not followed)
#   regen     the minion (gccgo): generation in place after a body edit of golang.org/x/net/bpf,
#             what Ninja runs after any .go file changes
#   synth-gen the largest synthetic project: generation in place
#   synth-noop the largest synthetic project: a no-op build
#
# For each, the instruction count and the top functions, inclusive and self, are printed;
# the callgrind files stay in DIR/profile for callgrind_annotate or kcachegrind.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u

BENCH_SRC=$(cd "$(dirname "$0")/.." && pwd)
W=${BENCH_DIR:-$BENCH_SRC/bench/out}
TOP=25
while [ $# -gt 0 ]; do
	case $1 in
	--dir) W=$2; shift ;;
	--top) TOP=$2; shift ;;
	-h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "bench/profile.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
	shift
done
command -v valgrind >/dev/null || { echo "bench/profile.sh: valgrind is missing" >&2; exit 1; }
MB=$W/mb/bin/mipsbake
[ -x "$MB" ] && [ -f "$W/minion-gccgo/minion.yaml" ] ||
	{ echo "bench/profile.sh: no finished bench/run.sh in $W" >&2; exit 1; }
P=$W/profile
mkdir -p "$P"
export LC_ALL=C
unset GOFLAGS GOPATH GO111MODULE 2>/dev/null || true

# profile NAME cmd...: callgrind one mipsbake run, then its top functions. A build that
# ends by exec'ing Ninja would lose its profile at the exec: it is dumped just before.
profile() {
	local name=$1 f
	shift
	rm -f "$P/$name.callgrind"*
	valgrind --tool=callgrind --dump-before=execve --callgrind-out-file="$P/$name.callgrind" \
		"$@" >"$P/$name.log" 2>&1 || { echo "$name: failed, see $P/$name.log" >&2; return 1; }
	f=$(ls -S "$P/$name.callgrind"* | head -n 1)
	echo "=== $name: $*"
	callgrind_annotate "$f" 2>/dev/null | awk '/PROGRAM TOTALS/ { print "    " $1 " instructions"; exit }'
	echo "--- inclusive"
	callgrind_annotate --inclusive=yes "$f" 2>/dev/null |
		awk '/^-+$/ { n++; next } n >= 3 && NF && !/PROGRAM TOTALS|^Ir|file:function/' | head -n "$TOP"
	echo "--- self"
	callgrind_annotate --inclusive=no "$f" 2>/dev/null |
		awk '/^-+$/ { n++; next } n >= 3 && NF && !/PROGRAM TOTALS|^Ir|file:function/' | head -n "$TOP"
	echo
}

d=$W/minion-gccgo
env MIPSBAKE_CACHE="$W/cache-gccgo" "$MB" -B "$d/build" "$d/minion.yaml" >/dev/null 2>&1
export MIPSBAKE_CACHE="$W/cache-gccgo"
profile noop "$MB" -B "$d/build" "$d/minion.yaml"

f=$d/build/deps/golang.org/x/net/bpf/vm.go
cp "$f" "$P/vm.go.keep"
printf '\nfunc init() { _ = 1 }\n' >>"$f"
profile regen "$MB" -B "$d/build" gen "$d/minion.yaml"
cp "$P/vm.go.keep" "$f"
"$MB" -B "$d/build" "$d/minion.yaml" >/dev/null 2>&1
unset MIPSBAKE_CACHE

s=
for x in "$W"/synth-[0-9]*; do
	[ -d "$x/build" ] || continue
	if [ -z "$s" ] || [ "${x##*-}" -gt "${s##*-}" ]; then s=$x; fi
done
if [ -n "$s" ] && [ -d "$s/build" ]; then
	n=${s##*-}
	export GOCACHE="$W/gocache-synth-mb-$n" MIPSBAKE_CACHE="$W/cache-synth-$n"
	profile synth-gen "$MB" -B "$s/build" gen "$s/synth.yaml"
	"$MB" -B "$s/build" "$s/synth.yaml" >/dev/null 2>&1
	profile synth-noop "$MB" -B "$s/build" "$s/synth.yaml"
fi
