#!/bin/sh
# bench/ninja-floor.sh: the least Ninja file that builds a synthetic project's graph.
#
#   sh bench/ninja-floor.sh [--regen] SYNTHDIR DIR
#
# DIR gets a copy of SYNTHDIR's Go sources (DIR/src/...) and a build.ninja with what any Ninja
# file of that build must hold and nothing more: each package's compile (its .go files in,
# its export data and object out, the export data of its imports as implicit inputs, restat
# so that unchanged export data stops there) and one link of every object. No regeneration,
# no directory scan, no cache. The commands only touch their outputs (the export data only
# when it is missing), so a run's time, less the commands' own, is what Ninja itself costs for
# a graph of this size: a floor for any build tool that runs Ninja on it (bench/run.sh).
#
# --regen adds the least that makes a change to a package's imports regenerate build.ninja
# in the same run: a scan edge per 64 packages, reading their .go files and writing a stamp
# with restat (the command keeps the stamp, as a scan that finds the headers unchanged
# does), and build.ninja built from the stamps by a generator edge. A body edit then runs
# one scan in Ninja's manifest phase, as any such design must, before the compile.
set -eu

regen=
if [ "${1:-}" = --regen ]; then
	regen=1
	shift
fi
if [ $# -ne 2 ]; then
	echo "usage: ninja-floor.sh [--regen] SYNTHDIR DIR" >&2
	exit 2
fi
src=$1
dir=$2
[ -f "$src/synth.info" ] || { echo "ninja-floor.sh: $src is not a gen-synth.sh project" >&2; exit 2; }
rm -rf "$dir"
mkdir -p "$dir/src"
(cd "$src" && find pkg cmd -name '*.go' ! -name '*_test.go' | sort) >"$dir/files"
(cd "$src" && tar cf - -T "$dir/files") | (cd "$dir/src" && tar xf -)

# one line per file: its package directory, then the synthetic packages it imports
while read -r f; do
	printf '%s' "${f%/*}"
	sed -n 's|^[[:space:]]*"example.com/synth/\(pkg/[^"]*\)"$|\1|p' "$dir/src/$f" | tr '\n' ' ' | sed 's/^/ /'
	echo
done <"$dir/files" >"$dir/imports"

awk -v files="$dir/files" -v regen="$regen" '
	BEGIN {
		while ((getline f < files) > 0) {
			d = f
			sub(/\/[^\/]*$/, "", d)
			if (!(d in srcs))
				order[++n] = d
			srcs[d] = srcs[d] " src/" f
		}
		print "# bench/ninja-floor.sh: the least Ninja file of this graph"
		print "rule cc"
		print "  command = touch $lo && { test -e $exp || touch $exp; }"
		print "  restat = 1"
		print "rule ld"
		print "  command = touch $out"
	}
	{
		for (i = 2; i <= NF; i++)
			if (index(imps[$1] " ", " o/" $i ".x ") == 0)
				imps[$1] = imps[$1] " o/" $i ".x"
	}
	END {
		for (k = 1; k <= n; k++) {
			d = order[k]
			printf "build o/%s.x o/%s.lo: cc%s |%s\n  exp = o/%s.x\n  lo = o/%s.lo\n", d, d, srcs[d], imps[d], d, d
			objs = objs " o/" d ".lo"
		}
		print "build o/synth: ld" objs
		print "default o/synth"
		if (regen) {
			print "rule scan"
			print "  command = test -e $out || touch $out"
			print "  restat = 1"
			print "rule regen"
			print "  command = touch build.ninja"
			print "  generator = 1"
			for (k = 1; k <= n; k++) {
				shard = "s/" int((k - 1) / 64)
				if (!(shard in ins))
					shards = shards " " shard
				ins[shard] = ins[shard] srcs[order[k]]
			}
			m = split(shards, sh, " ")
			for (k = 1; k <= m; k++)
				printf "build %s: scan%s\n", sh[k], ins[sh[k]]
			print "build build.ninja: regen" shards
		}
	}' "$dir/imports" >"$dir/build.ninja"
rm -f "$dir/files" "$dir/imports"
