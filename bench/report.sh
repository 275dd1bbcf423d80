# bench/report.sh: write BENCHMARKS.md from the samples of bench/run.sh (sourced by it).

# le A B: whether A <= B (numbers, possibly fractional)
le() {
	[ -n "${1:-}" ] && [ -n "${2:-}" ] && awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'
}

# verdict OK: met or missed
verdict() {
	if [ "$1" = 1 ]; then echo "met"; else echo "**missed**"; fi
}

# speedup REF MB: how many times faster mipsbake is, "3.8×"
speedup() {
	[ -n "${1:-}" ] && [ -n "${2:-}" ] && [ "$2" != 0 ] || { echo "n/a"; return; }
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f×", a / b }'
}

# ran SEC: whether a section has samples
ran() {
	[ -n "$(median "$1")" ]
}

# runs KEY: "1 run", "5 runs"
runs() {
	local n
	n=$(nsamples "$1")
	if [ "$n" = 1 ]; then echo "1 run"; else echo "$n runs"; fi
}

# conns KEY: the connections of KEY's runs, "0" or "3 (2–3)"
fmt_conns() {
	local m lo hi
	m=$(median "$1")
	[ -n "$m" ] || { echo "n/a"; return; }
	lo=$(vmin "$1")
	hi=$(vmax "$1")
	if [ "$lo" = "$hi" ]; then echo "$m"; else echo "$m ($lo–$hi)"; fi
}

# minion_row SEC STEP LABEL KIND: one row of a minion table
minion_row() {
	local sec=$1 step=$2 label=$3 kind=$4 m g
	m=$(median "$sec.$step.mb")
	g=$(median "$sec.$step.go")
	printf '| %s | %s | %s | %s | %s | %s |\n' "$label" "$(fmt_time "$sec.$step.mb")" \
		"$(fmt_time "$sec.$step.go")" "$(ratio "$m" "$g")" \
		"$(fmt_counts "$sec.$step.mb" "$kind")" "$(fmt_counts "$sec.$step.go" "$kind")"
}

minion_table() {
	local sec=$1 ref kind m g
	if [ "$sec" = gccgo ]; then
		ref="go build -compiler=gccgo"
		kind=C
	else
		ref="go build (gc)"
		kind=asm
	fi
	if ! ran "$sec.cold.mb"; then
		echo "Not run (\`--sections\` left it out)."
		echo
		return
	fi
	echo "| step | mipsbake | $ref | mipsbake ÷ go build | mipsbake: compiles / links | go build: compiles / links |"
	echo "|---|---|---|---|---|---|"
	m=$(median "$sec.cold_fetch.mb")
	g=$(median "$sec.cold_fetch.go")
	printf '| fetch, cold (empty cache, no lock); go build: git clone ×3%s | %s | %s | %s | %s connections | %s connections |\n' \
		"$([ "$sec" = gccgo ] && echo " + git apply")" \
		"$(fmt_time "$sec.cold_fetch.mb")" "$(fmt_time "$sec.cold_fetch.go")" "$(ratio "$m" "$g")" \
		"$(fmt_conns "$sec.cold_fetch.mb.conns")" "$(fmt_conns "$sec.cold_fetch.go.conns")"
	minion_row "$sec" cold "cold full build, fetch excluded ($(runs "$sec.cold.mb"))" "$kind"
	minion_row "$sec" noop "no-op rebuild" "$kind"
	g=$(median "$sec.noop.go")
	printf '| (no-op, part: Ninja alone, `ninja -C build`) | %s | | %s | | |\n' "$(fmt_time "$sec.noop.ninja")" \
		"$(ratio "$(median "$sec.noop.ninja")" "$g")"
	printf '| (the first and second no-op after a build, which run Ninja) | %s, %s | | | | |\n' \
		"$(fmt_time "$sec.noop.mb.first")" "$(fmt_time "$sec.noop.mb.second")"
	printf '| (no-op, part: mipsbake'"'"'s start-up, `mipsbake --version`) | %s | | %s | | |\n' \
		"$(fmt_time "$sec.noop.version")" "$(ratio "$(median "$sec.noop.version")" "$g")"
	printf '| (reference: starting `/bin/true`) | %s | | | | |\n' "$(fmt_time "$sec.noop.true")"
	minion_row "$sec" body "body-only edit of $EDIT_PKG: a statement inserted (later declarations move)" "$kind"
	minion_row "$sec" same "body-only edit of $EDIT_PKG that moves no line (a message changed)" "$kind"
	minion_row "$sec" api "exported-API edit of $EDIT_PKG: a function appended" "$kind"
	echo
	echo "Connections to the git server during the no-op and edit builds: $(fmt_conns "$sec.builds.conns")."
	echo "Both binaries run under qemu and print the same: \`$(cat "$W/minion-$sec.answer" 2>/dev/null)\`."
	echo
}

synth_tables() {
	local n m g gen noop body
	if [ -z "$(median "synth.${SIZES%% *}.gen")" ]; then
		echo "Not run (\`--sections\` left it out)."
		echo
		return
	fi
	echo "The projects (\`bench/gen-synth.sh N DIR\`; the seed is fixed, so they are the same every run):"
	echo
	echo "| packages | layers (depth) | imports between them | mean imports | hubs: mean fan-in | largest fan-in | leaves | packages per layer, leaves first | .go files | generator |"
	echo "|---|---|---|---|---|---|---|---|---|---|"
	for n in $SIZES; do
		local f=$W/synth-$n/synth.info
		[ -f "$f" ] || continue
		info() { awk -F= -v k="$1" '$1 == k { print $2 }' "$f"; }
		printf '| %s | %s | %s | %s | %s (%s hubs) | %s | %s | %s | %s | %s |\n' "$n" "$(info layers)" \
			"$(info edges)" "$(info mean_imports)" "$(info mean_hub_fanin)" "$(info hubs)" \
			"$(info max_fanin)" "$(info leaves)" "$(info layer_sizes)" "$(info files)" \
			"$(fmt_us "$(median "synth.$n.generator")")"
	done
	echo
	echo "Generation and no-op ($(runs "synth.${SIZES%% *}.gen") each; gc, GOMIPS=softfloat). \"gen\" generates into an empty"
	echo "build directory; \"gen in place\" generates again over the previous generation's, which is"
	echo "what Ninja runs (mipsbake gen --regenerate) after any .go file changes:"
	echo
	echo "| packages | mipsbake gen | mipsbake gen in place | mipsbake no-op | (Ninja alone) | (mipsbake's first and second no-op after a build, which run Ninja) | go build no-op | mipsbake no-op ÷ go build no-op | goal: gen ≤ 0.5 s, no-op ≤ 50 ms |"
	echo "|---|---|---|---|---|---|---|---|---|"
	for n in $SIZES; do
		gen=$(median "synth.$n.gen")
		noop=$(median "synth.$n.noop.mb")
		g=$(median "synth.$n.noop.go")
		local goal="(goal for 2,000)"
		if [ "$n" = 2000 ]; then
			goal="gen $(verdict "$(le "$gen" 500000 && echo 1)"), no-op $(verdict "$(le "$noop" 50000 && echo 1)")"
		fi
		printf '| %s | %s | %s | %s | %s | %s, %s | %s | %s | %s |\n' "$n" "$(fmt_time "synth.$n.gen")" \
			"$(fmt_time "synth.$n.regen")" "$(fmt_time "synth.$n.noop.mb")" \
			"$(fmt_time "synth.$n.noop.ninja")" "$(fmt_time "synth.$n.noop.mb.first")" \
			"$(fmt_time "synth.$n.noop.mb.second")" "$(fmt_time "synth.$n.noop.go")" \
			"$(ratio "$noop" "$g")" "$goal"
	done
	echo
	echo "Starting \`/bin/true\` took $(fmt_us "$(median "synth.${SIZES##* }.noop.true")") (median) between those no-op runs."
	echo "The timed no-ops take mipsbake's fast path (src/noop.c): no Ninja, because no file Ninja reads"
	echo "has changed since Ninja last found nothing to do. The first no-op after a build runs Ninja and"
	echo "then asks it what it reads (\`ninja -t targets all\`, \`-t inputs\`); the second runs Ninja to"
	echo "confirm the stats taken before it; both are timed apart, above."
	echo
	echo "Full build (one run, every cache cleared, mipsbake's generation included) and a body-only"
	echo "edit of a leaf package ($(runs "synth.${SIZES%% *}.body.mb"): a statement inserted at the top of \`Value\`, three or four"
	echo "lines, so the declarations after it move; the package is the last one of layer 0):"
	echo
	echo "| packages | mipsbake full | go build full | ratio | mipsbake: compiles / links | go build: compiles / links | leaf edit: mipsbake | leaf edit: go build | ratio | mipsbake: compiles / links | go build: compiles / links |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|"
	for n in $SIZES; do
		m=$(median "synth.$n.full.mb")
		g=$(median "synth.$n.full.go")
		body=$(median "synth.$n.body.mb")
		printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$n" \
			"$(fmt_time "synth.$n.full.mb")" "$(fmt_time "synth.$n.full.go")" "$(ratio "$m" "$g")" \
			"$(fmt_counts "synth.$n.full.mb" asm)" "$(fmt_counts "synth.$n.full.go" asm)" \
			"$(fmt_time "synth.$n.body.mb")" "$(fmt_time "synth.$n.body.go")" \
			"$(ratio "$body" "$(median "synth.$n.body.go")")" \
			"$(fmt_counts "synth.$n.body.mb" asm)" "$(fmt_counts "synth.$n.body.go" asm)"
	done
	echo
	ran "synth.${SIZES%% *}.same.mb" || return 0
	echo "A body-only edit of the same leaf that moves no line ($(runs "synth.${SIZES%% *}.same.mb"): the modulus in \`Value\`, so its"
	echo "export data stays and one compile and the link run), beside the same edit in the least Ninja"
	echo "file of the graph, whose commands only touch (bench/ninja-floor.sh). \"Beyond the commands\" is"
	echo "the run's time less the commands' own from \`.ninja_log\`:"
	echo
	echo "| packages | mipsbake | its compile and link | mipsbake beyond them | least Ninja file: beyond its commands | its no-op | with the scan (--regen): beyond its commands | its no-op |"
	echo "|---|---|---|---|---|---|---|---|"
	for n in $SIZES; do
		printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$n" "$(fmt_time "synth.$n.same.mb")" \
			"$(fmt_time "synth.$n.same.cmds")" "$(fmt_time "synth.$n.same.over")" \
			"$(fmt_time "synth.$n.floor.over")" "$(fmt_time "synth.$n.floor.noop")" \
			"$(fmt_time "synth.$n.rfloor.over")" "$(fmt_time "synth.$n.rfloor.noop")"
	done
	echo
}

# exactly_one KEY: every run of KEY had one compile (Go and C together) and one link
exactly_one() {
	paste -d' ' <(values "$1.go") <(values "$1.other") <(values "$1.link") |
		awk '$1 + $2 != 1 || $3 != 1 { bad = 1 } END { exit bad }'
}

goals_table() {
	local m g ok sec k
	echo "| goal | target | measured | result |"
	echo "|---|---|---|---|"
	for sec in gccgo gc; do
		ran "$sec.noop.mb" || continue
		m=$(median "$sec.noop.mb")
		g=$(median "$sec.noop.go")
		ok=$(le "$m" 10000 && awk -v a="$g" -v b="$m" 'BEGIN { exit !(a >= 8 * b) }' && echo 1)
		printf '| no-op rebuild of the minion (%s) | ≤ 10 ms and ≥ 8× faster than go build'"'"'s no-op | %s, %s faster than %s (`ninja -C build` alone: %s; `/bin/true`: %s) | %s |\n' \
			"$sec" "$(fmt_us "$m")" "$(speedup "$g" "$m")" "$(fmt_us "$g")" \
			"$(fmt_us "$(median "$sec.noop.ninja")")" "$(fmt_us "$(median "$sec.noop.true")")" "$(verdict "$ok")"
	done
	for sec in gccgo gc; do
		ran "$sec.cold.mb" || continue
		m=$(median "$sec.cold.mb")
		g=$(median "$sec.cold.go")
		ok=$(le "$(ratio "$m" "$g")" 0.9 && echo 1)
		printf '| cold full build of the minion (%s) | ≤ 0.9× %s | %s× (%s against %s) | %s |\n' "$sec" \
			"$([ "$sec" = gccgo ] && echo "go build -compiler=gccgo, same -O2 -g and -static" ||
				echo "go build, same -trimpath and -s -w")" \
			"$(ratio "$m" "$g")" "$(fmt_us "$m")" "$(fmt_us "$g")" "$(verdict "$ok")"
	done
	for sec in gccgo gc; do
		ran "$sec.body.mb" || continue
		k=$([ "$sec" = gccgo ] && echo C || echo asm)
		ok=$(exactly_one "$sec.body.mb" && echo 1)
		printf '| body-only edit of a leaf dependency (%s, %s) | exactly 1 compile and 1 link | %s (a statement inserted); %s (no line moved) | %s |\n' \
			"$EDIT_PKG" "$sec" "$(fmt_counts "$sec.body.mb" "$k")" "$(fmt_counts "$sec.same.mb" "$k")" \
			"$(verdict "$ok")"
	done
	if ran synth.2000.gen; then
		m=$(median synth.2000.gen)
		printf '| 2,000-package project: generation | ≤ 0.5 s | %s | %s |\n' "$(fmt_us "$m")" \
			"$(verdict "$(le "$m" 500000 && echo 1)")"
		m=$(median synth.2000.noop.mb)
		printf '| 2,000-package project: no-op | ≤ 50 ms | %s (`ninja -C build` alone: %s, %s×; go build: %s, %s×) | %s |\n' "$(fmt_us "$m")" \
			"$(fmt_us "$(median synth.2000.noop.ninja)")" "$(ratio "$m" "$(median synth.2000.noop.ninja)")" \
			"$(fmt_us "$(median synth.2000.noop.go)")" "$(ratio "$m" "$(median synth.2000.noop.go)")" \
			"$(verdict "$(le "$m" 50000 && echo 1)")"
		m=$(median synth.2000.body.mb)
		printf '| 2,000-package project: body-only edit of a leaf | no regeneration | %s: %s (`ninja -C build` alone: %s, %s, %s×; go build: %s, %s×) | %s |\n' \
			"$(fmt_us "$m")" "$(fmt_counts synth.2000.body.mb asm)" \
			"$(fmt_us "$(median synth.2000.body.ninja)")" "$(fmt_counts synth.2000.body.ninja asm)" \
			"$(ratio "$m" "$(median synth.2000.body.ninja)")" \
			"$(fmt_us "$(median synth.2000.body.go)")" "$(ratio "$m" "$(median synth.2000.body.go)")" \
			"$(verdict "$([ "$(vmax synth.2000.body.mb.regen)" = 0 ] && echo 1)")"
		if ran synth.2000.same.mb; then
			m=$(median synth.2000.same.over)
			ok=$([ "$(vmax synth.2000.same.mb.go)" = 1 ] && [ "$(vmax synth.2000.same.mb.link)" = 1 ] &&
				[ "$(vmax synth.2000.same.mb.regen)" = 0 ] && le "$m" 30000 && echo 1)
			printf '| 2,000-package project: body-only edit of a leaf that moves no line | no regeneration, one compile and one link plus at most 30 ms | %s: %s; the compile and the link took %s, the rest %s | %s |\n' \
				"$(fmt_us "$(median synth.2000.same.mb)")" "$(fmt_counts synth.2000.same.mb asm)" \
				"$(fmt_us "$(median synth.2000.same.cmds)")" "$(fmt_us "$m")" "$(verdict "$ok")"
		fi
		if ran synth.2000.floor.over; then
			m=$(median synth.2000.floor.over)
			printf '| reference: the same edit in the least Ninja file of this graph (bench/ninja-floor.sh) | Ninja'"'"'s own cost, no regeneration | beyond its commands %s (%s× the 30 ms); its no-op %s | — |\n' \
				"$(fmt_us "$m")" "$(ratio "$m" 30000)" "$(fmt_us "$(median synth.2000.floor.noop)")"
		fi
		if ran synth.2000.rfloor.over; then
			m=$(median synth.2000.rfloor.over)
			printf '| reference: the same, with the scan that regenerates on a change of imports (ninja-floor.sh --regen) | Ninja'"'"'s own cost for a file that meets the issue'"'"'s scanning rules: the floor of the body-edit row two above | beyond its commands %s (%s× the 30 ms); its no-op %s | %s |\n' \
				"$(fmt_us "$m")" "$(ratio "$m" 30000)" "$(fmt_us "$(median synth.2000.rfloor.noop)")" \
				"$(le "$m" 30000 && echo "under 30 ms" || echo "over 30 ms: Ninja 1.11 alone takes more than the goal allows")"
		fi
	fi
	cache_goal_rows
	if ran fetch.warm.mb.conns; then
		m=$(vmax fetch.warm.mb.conns)
		g=$(vmax fetch.fresh.mb.conns)
		ok=$([ "$m" = 0 ] && [ "$g" = 0 ] && echo 1)
		printf '| warm fetch, lock satisfied | 0 network connections | %s (%s into a new build directory) | %s |\n' \
			"$m" "$g" "$(verdict "$ok")"
	fi
	echo
}

fetch_table() {
	if ! ran fetch.warm.mb; then
		echo "Not run (\`--sections\` left it out)."
		echo
		return
	fi
	echo "| fetch | time | connections to the git server |"
	echo "|---|---|---|"
	printf '| mipsbake fetch, lock satisfied, checkouts current | %s | %s |\n' "$(fmt_time fetch.warm.mb)" "$(fmt_conns fetch.warm.mb.conns)"
	printf '| mipsbake fetch into a new build directory (checkouts from the cache) | %s | %s |\n' "$(fmt_time fetch.fresh.mb)" "$(fmt_conns fetch.fresh.mb.conns)"
	printf '| reference: git fetch --tags in the three GOPATH clones | %s | %s |\n' "$(fmt_time fetch.warm.go)" "$(fmt_conns fetch.warm.go.conns)"
	echo
	echo "The lock file after the warm fetches: $(cat "$W/lock.result" 2>/dev/null || echo unknown) (compared byte for byte)."
	echo
}

gotest_table() {
	if ! ran gotest.mb; then
		echo "Not run (\`--sections\` left it out)."
		echo
		return
	fi
	echo "| package tests, cold (github.com/miekg/dns, golang.org/x/net/dns/dnsmessage; mips and mipsle, gc, -short) | time | ratio |"
	echo "|---|---|---|"
	printf '| mipsbake test (both boards in one run) | %s | %s |\n' "$(fmt_time gotest.mb)" \
		"$(ratio "$(median gotest.mb)" "$(median gotest.go)")"
	printf '| reference: go test -exec qemu, once per GOARCH (the sum) | %s | 1 |\n' "$(fmt_time gotest.go)"
	echo
	echo "Each run starts without a build directory, a GOCACHE or a cached result. mipsbake's table of the first run:"
	echo
	echo '```'
	cat "$W/gotest.table" 2>/dev/null
	echo '```'
	echo
}

write_report() {
	local elapsed=$((END_US - START_US))
	cat <<EOF
# Benchmarks

Generated by \`make bench\` (\`bench/run.sh\`, $MODE pass) on $START_DATE, in $(fmt_us "$elapsed"):
$COLD_RUNS cold run(s), $SYNTH_EDIT_RUNS run(s) of the leaf edits of the synthetic projects and $RUNS run(s) of
everything else. Do not edit this file: the harness rewrites it whole
(\`make bench\` for the full pass, \`make bench BENCH_FLAGS=--quick\` for a short one).

Every time is the median of the runs, with the fastest and slowest run in brackets. Ratios divide
mipsbake's median by the median of the reference (go build) measured in the same run: below 1 means
mipsbake is faster. "compiles / links" counts compiler invocations (the median over the runs, with
the range when the runs differ): Go compiles (gccgo -c, go tool compile), plus C compiles or
assembler runs, slash links; "regen" marks runs in which Ninja first regenerated build.ninja
(mipsbake gen --regenerate: not a compile).

## Goals

$(goals_table)

## Machine

| | |
|---|---|
| CPU | $(cpu_model), $(nproc) cores |
| memory | $(mem_total) |
| kernel | $(uname -srm) |
| system | $(os_name) |
| load average (1, 5, 15 min) | $LOAD_START at the start, $LOAD_END at the end |
| starting a process | $(fmt_us "$SPAWN_US") (/bin/true from bash, median of 11) |
| mipsbake | $MB_VERSION (commit $GIT_REV) |
| go | $(go version 2>&1) |
| gccgo | $(mipsel-linux-gnu-gccgo --version 2>&1 | head -n 1) |
| Ninja | $(ninja --version 2>&1) |
| git | $(git --version 2>&1) |
| qemu | $(qemu-mipsel-static --version 2>&1 | head -n 1) |

## What was run

- **The program**: the git-dependency minion of \`tests/t0430-git-minion.sh\` (\`tests/fixtures/minion.go\`:
  github.com/miekg/dns v1.1.50, which imports golang.org/x/net v0.7.0 and golang.org/x/sys v0.3.0),
  for mipsle. The dependencies are Debian's sources committed into bare repositories
  (\`tests/lib-git.sh\`) and served by \`git daemon --verbose\` on 127.0.0.1, whose log counts the
  connections.
- **gccgo**: mipsbake with \`toolchains/debian-gccgo.yaml\` and the board generic-mipsle
  (\`boards/generic.yaml\`), x/sys patched with \`tests/fixtures/git/x-sys-gccgo-mipsx.patch\`:
  \`gccgo -O2 -g\`, linked \`-static\`, not stripped. Against \`go build -compiler=gccgo
  -gccgoflags='all=-O2 -static'\` with \`GCCGO=mipsel-linux-gnu-gccgo CC=mipsel-linux-gnu-gcc
  GOARCH=mipsle\`, in GOPATH mode (\`GO111MODULE=off\`, \`GOFLAGS=\`) over git clones of the same tags
  from the same server, x/sys patched the same way. (go build alone compiles gccgo packages without
  -O; the flag makes the optimisation match.)
- **gc**: mipsbake with \`toolchains/debian-go.yaml\` and a board \`{goarch: mipsle, gomips: softfloat}\`,
  \`strip: true\`, x/sys unpatched. Against \`go build -trimpath -ldflags='-s -w'\` with
  \`GOARCH=mipsle GOMIPS=softfloat CGO_ENABLED=0\`, GOPATH mode over clones of the same tags. Both
  compile the standard library for GOMIPS=softfloat (mipsbake one package per Ninja edge, as
  go build does; a \`gc-std\` step, \`go list -export\`, only with cgo: those compiles are not counted).
- **Cold**: before each cold run the build directory, the lock, mipsbake's cache directory (git
  repositories and toolchain probes) and both tools' GOCACHE (fresh directories) are removed, and the GOPATH is deleted. The fetch is timed
  apart: \`mipsbake fetch\` (resolve, fetch three repositories, check out, patch, write the lock)
  against three \`git clone --branch TAG\` (and \`git apply\` for gccgo). The cold build that follows
  is \`mipsbake -v build\` (generation and Ninja) and \`go build -x\`. The operating system's file
  cache is not dropped.
- **No-op**: the same commands again with nothing changed. To show where mipsbake's no-op goes,
  three rows are measured between them: \`ninja -C build\` on the same build directory,
  \`mipsbake --version\` (mipsbake's start-up: loading it and its shared libraries), and
  \`/bin/true\` (what starting any process costs on this machine).
- **Edits**: in $EDIT_PKG (it imports only the standard library; golang.org/x/net/ipv4 and ipv6
  import it, so the minion links it), file $EDIT_FILE, every run a new edit of both tools' copies:
  - *a statement inserted*: an \`if\` at the top of \`NewVM\` (too big to inline), three lines in
    odd runs and four (with a comment) in even ones, so that the declarations after it move by a
    line from one run to the next, as they do when one edits code;
  - *no line moved*: the text of \`NewVM\`'s first error message changes (\`(1)\`, \`(2)\`, ...);
  - *exported API*: \`func BenchAPI<i>() int\` appended at the end of the file (the previous run's
    removed), so nothing before it moves.

  For mipsbake the checkout of the git dependency in \`build/deps/$EDIT_PKG\` is edited in
  place (mipsbake never rewrites a checkout whose stamp is current); for go build, the same file
  of the GOPATH clone.
- **Counting compiles**: mipsbake runs with \`-v\`, so Ninja prints every command line; go build
  runs with \`-x\`. Counted: \`gccgo -c\` and \`…/compile -o\` (Go), \`…-gcc\` (C), \`…/asm\`, and
  \`gccgo -o\`, \`…/link -o\` (links). Not counted: go build's probes of gccgo's flags
  (\`-o /dev/null\`), its \`_buildid.o\` assembler runs, objcopy, ar and pack.
- **Warm fetch**: with the lock written and the cache full, \`mipsbake fetch\` in the build directory
  and into a new one, against \`git fetch --tags\` in the three clones, counting the connections
  the daemon logs.
- **Synthetic projects**: \`bench/gen-synth.sh N DIR\` writes a module of N packages in layers, the
  leaves widest, each importing one or two packages of the layer below, one to three of any lower
  layer and, for 60%, a hub (2% of layers 0 and 1), with real code (strings, strconv, sort, errors)
  and a main package importing the top layer; see the table for the shape. They are built with
  **gc** (GOMIPS=softfloat, stripped; faster than gccgo at this size) by mipsbake and by
  \`go build\` in module mode (\`go.mod\`, no dependencies, \`GOPROXY=off\`). Generation is
  \`mipsbake gen\` into an empty build directory (mipsbake's cache directory, which keeps its
  toolchain probes, stays warm between runs, as GOCACHE does for go build); the full build starts
  with both tools' caches empty; the no-op follows it.
- **Ninja's floor**: \`bench/ninja-floor.sh\` writes the least Ninja file of a synthetic
  project's graph: each package's compile (its sources in; export data and object out; its
  imports' export data as implicit inputs; restat) and the link, with commands that only touch
  their outputs, over a copy of the sources. The edit that moves no line is made to the copy
  and timed like mipsbake's: the run, less its commands' own time from \`.ninja_log\`, is what
  Ninja itself costs for that graph, whatever the tool that writes the file. \`--regen\` adds
  the least that makes a change of imports regenerate \`build.ninja\` in the same run, as the
  issue's incremental scanning asks: a scan edge per 64 packages over their .go files, whose
  stamp stays (restat), and a generator edge from the stamps. A body edit then runs a scan in
  Ninja's manifest phase, after which Ninja stats the graph again.
- Every timing is wall-clock time from bash's \`\$EPOCHREALTIME\` around the command, with its
  output sent to a log in \`bench/out/logs\` (no process is started to take the time). Both tools
  run with ${JOBS} jobs (\`-j$JOBS\`; go build's default on this machine). The runs of the two
  tools alternate, so a busy machine slows both.

## Minion, gccgo (mipsle, hard-float, static)

$(minion_table gccgo)

## Minion, gc (mipsle, GOMIPS=softfloat, stripped)

$(minion_table gc)

## Build cache (a remote cache on nginx; fresh clones)

$(cache_tables)

$(scale_estimate)

## Package tests (mipsbake test against go test -exec)

$(gotest_table)

## Warm fetch (lock satisfied)

$(fetch_table)

## Synthetic projects

$(synth_tables)

## Notes

- The load average was $LOAD_START when the harness started and $LOAD_END when it ended, on
  $(nproc) cores. Anything else running on the machine slows the cold builds and adds noise to the
  short no-op timings: compare the brackets with the medians before trusting a small difference.
- The minion's logs, the lock and the build directories are left in \`bench/out\` (or
  \`\$BENCH_DIR\`) for inspection.
EOF
}
