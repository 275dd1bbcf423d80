#!/bin/sh
# tests/include-graph.sh [SRCDIR]: fail when the includes among SRCDIR's files (default src)
# form a cycle, between modules (x.c with its x.h) or between stage folders (src/lib,
# src/emit, ...; a file at the top of SRCDIR is a node of its own).
#
# The edges come from the compiler's own dependency output (cc -MM) for every .c and .h.
# It lists what a file includes directly and through other headers; a cycle among those
# edges exists exactly when there is one among the direct includes, so nothing is missed
# and nothing is made up. Prints each cycle found as "module cycle: a -> b -> a".
SRCDIR=${1:-src}
CC=${CC:-cc}
[ -d "$SRCDIR" ] || { echo "include-graph: no directory '$SRCDIR'" >&2; exit 2; }
files=$(cd "$SRCDIR" && find . -name '*.[ch]' | sed 's|^\./||' | sort)
[ -n "$files" ] || { echo "include-graph: no sources in '$SRCDIR'" >&2; exit 2; }

# "file dep dep ..." per source, every path relative to SRCDIR
edges=$(cd "$SRCDIR" && for f in $files; do
	# -MG: a library header that is not installed is taken as is, not an error
	$CC -MM -MG -I. -x c -MT "$f" "$f" || { echo "include-graph: cc -MM failed on '$f'" >&2; exit 2; }
done) || exit 2

printf '%s\n' "$edges" | (cd "$SRCDIR" && awk '
	# join the continuation lines of each rule into one "target: deps" record
	{ line = line $0 }
	/\\$/ { sub(/\\$/, "", line); next }
	{ rec[++nrec] = line; line = "" }

	function module(p) { sub(/\.[ch]$/, "", p); return p }
	function folder(p) { return p ~ /\// ? substr(p, 1, index(p, "/") - 1) "/" : module(p) }
	function add(kind, a, b) {
		if (a == b || ((kind, a, b) in edge)) return
		edge[kind, a, b] = 1
		succ[kind, a] = succ[kind, a] " " b
		addnode(kind, a); addnode(kind, b)
	}
	# nodes in the order they first appear (files sorted by name): the output is stable
	function addnode(kind, n) {
		if ((kind, n) in node) return
		node[kind, n] = 1
		nodes[kind, ++count[kind]] = n
	}
	# depth-first search from n, the depth-th node on the stack; a back edge is a cycle
	function dfs(kind, n, depth,    list, k, i, j, m, cycle) {
		color[kind, n] = 1
		stack[depth] = n
		m = split(succ[kind, n], list, " ")
		for (i = 1; i <= m; i++) {
			k = list[i]
			if (color[kind, k] == 1) {
				for (j = depth; stack[j] != k; j--) ;
				cycle = k
				for (j++; j <= depth; j++) cycle = cycle " -> " stack[j]
				printf "%s cycle: %s -> %s\n", kind, cycle, k
				found++
			} else if (!color[kind, k]) {
				dfs(kind, k, depth + 1)
			}
		}
		color[kind, n] = 2
	}
	END {
		for (r = 1; r <= nrec; r++) {
			colon = index(rec[r], ":")
			if (!colon) continue
			src = substr(rec[r], 1, colon - 1)
			n = split(substr(rec[r], colon + 1), deps, " ")
			for (i = 1; i <= n; i++) {
				d = deps[i]
				if (d == src) continue
				if (d ~ /^\.\//) d = substr(d, 3)
				# headers that are no file of the tree (system or library ones) are no nodes
				if (!(d in isfile)) { isfile[d] = system("test -f \"" d "\"") == 0 }
				if (!isfile[d]) continue
				add("module", module(src), module(d))
				# between two files at the top the module cycle says it all
				if (src ~ /\// || d ~ /\//)
					add("folder", folder(src), folder(d))
			}
		}
		split("module folder", kinds, " ")
		for (t = 1; t <= 2; t++)
			for (i = 1; i <= count[kinds[t]]; i++)
				if (!color[kinds[t], nodes[kinds[t], i]])
					dfs(kinds[t], nodes[kinds[t], i], 1)
		if (found) exit 1
		printf "no include cycle among %d records\n", nrec
	}')
