#!/bin/bash
# bench/run.sh: the benchmarks of issue 7 (make bench; not part of make check).
#
#   bash bench/run.sh [--quick] [--runs N] [--cold-runs N] [--sizes "100 500 2000"]
#                     [--synth-edit-runs N] [--sections "gccgo gc cache fetch synth gotest"]
#                     [--dir DIR] [--output FILE]
#   bash bench/run.sh --report-only [--dir DIR] [--output FILE]   # rewrite the report only
#
#   make bench                        # the full pass: 5 runs of everything
#   make bench BENCH_FLAGS=--quick    # 1 cold run, 3 of the others
#
# It compares mipsbake with go build on the git-dependency minion (tests/fixtures/minion.go:
# miekg/dns, x/net, x/sys from a loopback git server holding Debian's sources), mipsle:
#
#   gccgo: mipsbake (toolchains/debian-gccgo.yaml, board generic-mipsle, x/sys patched)
#          against go build -compiler=gccgo with GCCGO/CC set to Debian's cross toolchain, in
#          GOPATH mode over clones of the same tags (x/sys patched), both -O2 -g and static
#   gc:    mipsbake (gc, GOMIPS=softfloat, strip) against go build -trimpath -ldflags='-s -w'
#          with GOMIPS=softfloat, GOPATH mode over clones of the same tags
#
# measuring a cold full build (every cache cleared; fetching timed apart), a no-op rebuild, a
# body-only edit and an exported-API edit of golang.org/x/net/bpf (a leaf package the minion
# links), the compiler invocations of each, and a warm fetch with the lock satisfied,
# counting the connections the git daemon accepts. Then synthetic projects of 100, 500 and
# 2,000 packages (bench/gen-synth.sh, built with gc): mipsbake's generation and no-op times
# against go build's no-op. Each figure is the median of the runs; ratios are against go
# build measured in the same run. The results go to BENCHMARKS.md, rewritten whole.
#
# The scratch directory (default bench/out) holds every log. The mipsbake under test is a
# copy of bin/mipsbake taken at the start, so that rebuilding it meanwhile changes nothing.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u

BENCH_SRC=$(cd "$(dirname "$0")/.." && pwd)
. "$BENCH_SRC/bench/lib.sh"
. "$BENCH_SRC/bench/cache.sh"

MODE=full
RUNS=5
COLD_RUNS=5
SIZES="100 500 2000"
SECTIONS="gccgo gc cache fetch synth gotest"
W=${BENCH_DIR:-$BENCH_SRC/bench/out}
OUT=$BENCH_SRC/BENCHMARKS.md
JOBS=$(nproc)
runs_set=
cold_set=
REPORT_ONLY=
SYNTH_EDIT_RUNS=

usage() {
	sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
	exit "${1:-2}"
}

while [ $# -gt 0 ]; do
	case $1 in
	--quick) MODE=quick ;;
	--full) MODE=full ;;
	--runs) RUNS=$2; runs_set=1; shift ;;
	--cold-runs) COLD_RUNS=$2; cold_set=1; shift ;;
	--sizes) SIZES=$2; shift ;;
	--synth-edit-runs) SYNTH_EDIT_RUNS=$2; shift ;;
	--sections) SECTIONS=$2; shift ;;
	--dir) W=$2; shift ;;
	--output) OUT=$2; shift ;;
	--report-only) REPORT_ONLY=1 ;;
	-h|--help) usage 0 ;;
	*) echo "bench/run.sh: unknown argument '$1'" >&2; usage ;;
	esac
	shift
done
if [ "$MODE" = quick ]; then
	[ -n "$runs_set" ] || RUNS=3
	[ -n "$cold_set" ] || COLD_RUNS=1
fi
# a leaf edit of the synthetic projects recompiles a good part of them: fewer runs
if [ -z "$SYNTH_EDIT_RUNS" ]; then
	if [ "$MODE" = quick ]; then SYNTH_EDIT_RUNS=1; else SYNTH_EDIT_RUNS=3; fi
	[ "$SYNTH_EDIT_RUNS" -le "$RUNS" ] || SYNTH_EDIT_RUNS=$RUNS
fi
case "$RUNS$COLD_RUNS$SYNTH_EDIT_RUNS" in *[!0-9]*) die "--runs and --cold-runs take numbers" ;; esac
[ "$RUNS" -ge 1 ] && [ "$COLD_RUNS" -ge 1 ] || die "--runs and --cold-runs must be at least 1"
has_section() {
	case " $SECTIONS " in *" $1 "*) return 0 ;; esac
	return 1
}

# --report-only: write the report again from the samples of the last run
if [ -n "$REPORT_ONLY" ]; then
	[ -f "$W/meta" ] && [ -f "$W/samples" ] || die "no finished run in $W"
	W=$(cd "$W" && pwd)
	SAMPLES=$W/samples
	. "$W/meta"
	. "$BENCH_SRC/bench/report.sh"
	write_report >"$OUT.tmp.$$" || die "could not write the report"
	mv -f "$OUT.tmp.$$" "$OUT"
	say "wrote $OUT"
	exit 0
fi

# --- the scratch directory, the git fixtures and the server ----------------------------

mkdir -p "$W" || die "cannot create $W"
W=$(cd "$W" && pwd)
case $W in /|"$BENCH_SRC"|"$HOME") die "refusing to use $W as the scratch directory" ;; esac
rm -rf "$W"
mkdir -p "$W/logs"
L=$W/logs
SAMPLES=$W/samples
: >"$SAMPLES"
DAEMON_LOG=$W/daemon.log
: >"$DAEMON_LOG"
START_US=$(now_us)
START_DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
LOAD_START=$(loadavg)

# the git fixtures and servers of the tests (bare repos cached in tests/out/.git-fixtures)
TRASH=$W
TESTS_DIR=$BENCH_SRC/tests
. "$TESTS_DIR/lib-git.sh"
LC_ALL=C
export LC_ALL
unset MIPSBAKE_CACHE GOFLAGS GOPATH GO111MODULE GOCACHE GOMIPS GOARCH GOOS 2>/dev/null || true

for t in go ninja git busybox mipsel-linux-gnu-gccgo mipsel-linux-gnu-gcc qemu-mipsel-static; do
	have "$t" || die "'$t' is missing (./configure --install-deps installs it)"
done
git_ok || die "the Debian Go sources are missing (golang-golang-x-sys-dev, -x-net-dev, golang-github-miekg-dns-dev)"
[ -x "$BENCH_SRC/bin/mipsbake" ] || die "bin/mipsbake is missing: run make"

# the mipsbake under test: a copy, with the data directory it finds beside it
mkdir -p "$W/mb/bin"
cp "$BENCH_SRC/bin/mipsbake" "$W/mb/bin/mipsbake"
cp -R "$BENCH_SRC/manifests" "$BENCH_SRC/toolchains" "$W/mb/"
MB=$W/mb/bin/mipsbake
MB_VERSION=$("$MB" --version 2>&1 | head -n 1)
GIT_REV=$(git -C "$BENCH_SRC" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$BENCH_SRC" status --porcelain -- src 2>/dev/null)" ]; then
	GIT_REV="$GIT_REV, with uncommitted changes in src/"
fi

say "scratch directory $W; mode $MODE: $COLD_RUNS cold runs, $RUNS of the others"
git_fixtures sys net dns || die "could not build the git fixtures"
bench_daemon_start
URL="git://127.0.0.1:$GIT_PORT"

PATCH=$TESTS_DIR/fixtures/git/x-sys-gccgo-mipsx.patch
MINION=$TESTS_DIR/fixtures/minion.go
EDIT_PKG=golang.org/x/net/bpf
EDIT_FILE=vm.go

# --- the minion: manifests, go build, edits ---------------------------------------------

# the manifests: $W/minion-gccgo and $W/minion-gc
write_minion() {
	local sec=$1 d=$W/minion-$1
	mkdir -p "$d"
	cp "$MINION" "$d/main.go"
	{
		echo "mipsbake: 1"
		echo "module: example.com/minion"
		if [ "$sec" = gccgo ]; then
			echo "include: [toolchains/debian-gccgo.yaml, boards/generic.yaml]"
		else
			echo "include: [toolchains/debian-go.yaml]"
			echo "boards:"
			echo "  mipsle-softfloat: {goarch: mipsle, gomips: softfloat, endian: little, fpu: false, toolchain: debian-go}"
		fi
		echo "dependencies:"
		echo "  github.com/miekg/dns: {git: '$URL/dns.git', rev: v1.1.50}"
		echo "  golang.org/x/net: {git: '$URL/net.git', rev: v0.7.0}"
		echo "  golang.org/x/sys:"
		echo "    git: '$URL/sys.git'"
		echo "    rev: v0.3.0"
		[ "$sec" = gccgo ] && echo "    patches: [x-sys-gccgo-mipsx.patch]"
		echo "targets:"
		if [ "$sec" = gccgo ]; then
			echo "  minion: {main: ., boards: [generic-mipsle]}"
		else
			echo "  minion: {main: ., boards: [mipsle-softfloat], strip: true}"
		fi
	} >"$d/minion.yaml"
	[ "$sec" = gccgo ] && cp "$PATCH" "$d/"
	return 0
}

# mb SEC ARG...: mipsbake on the minion of SEC, with its own git cache and GOCACHE
mb() {
	local sec=$1
	shift
	env MIPSBAKE_CACHE="$W/cache-$sec" GOCACHE="$W/gocache-mb-$sec" \
		"$MB" -B "$W/minion-$sec/build" $(jobs_for "$@") "$@" "$W/minion-$sec/minion.yaml"
}

# mb_in SEC DIR ARG...: the same into another build directory
mb_in() {
	local sec=$1 dir=$2
	shift 2
	env MIPSBAKE_CACHE="$W/cache-$sec" GOCACHE="$W/gocache-mb-$sec" \
		"$MB" -B "$dir" $(jobs_for "$@") "$@" "$W/minion-$sec/minion.yaml"
}

# go_fetch SEC: what a GOPATH user does: clone the three tags from the same server (and
# patch x/sys for gccgo)
go_fetch() {
	local gp=$W/go-$1/gopath
	rm -rf "$gp"
	mkdir -p "$gp/src/github.com/miekg" "$gp/src/golang.org/x"
	tgit clone -q --branch v1.1.50 "$URL/dns.git" "$gp/src/github.com/miekg/dns" &&
		tgit clone -q --branch v0.7.0 "$URL/net.git" "$gp/src/golang.org/x/net" &&
		tgit clone -q --branch v0.3.0 "$URL/sys.git" "$gp/src/golang.org/x/sys" || return 1
	if [ "$1" = gccgo ]; then
		tgit -C "$gp/src/golang.org/x/sys" apply "$PATCH" || return 1
	fi
	mkdir -p "$gp/src/example.com/minion"
	cp "$MINION" "$gp/src/example.com/minion/main.go"
}

# go_refetch SEC: git fetch in each clone (what updating a GOPATH checks with the server)
go_refetch() {
	local gp=$W/go-$1/gopath d
	for d in github.com/miekg/dns golang.org/x/net golang.org/x/sys; do
		tgit -C "$gp/src/$d" fetch -q --tags origin || return 1
	done
}

# go_build SEC: go build -x of the minion, GOPATH mode, with SEC's compiler and flags
go_build() {
	local sec=$1 gp=$W/go-$1/gopath
	if [ "$sec" = gccgo ]; then
		(cd "$gp/src/example.com/minion" &&
			env GOPATH="$gp" GO111MODULE=off GOFLAGS= GOCACHE="$W/gocache-go-$sec" \
				GOOS=linux GOARCH=mipsle CGO_ENABLED=1 \
				CC=mipsel-linux-gnu-gcc GCCGO=mipsel-linux-gnu-gccgo \
				go build -x -compiler=gccgo "-gccgoflags=all=-O2 -static" \
				-o "$W/go-$sec/minion" .)
	else
		(cd "$gp/src/example.com/minion" &&
			env GOPATH="$gp" GO111MODULE=off GOFLAGS= GOCACHE="$W/gocache-go-$sec" \
				GOOS=linux GOARCH=mipsle GOMIPS=softfloat CGO_ENABLED=0 \
				go build -x -trimpath "-ldflags=-s -w" -o "$W/go-$sec/minion" .)
	fi
}

# edit_vm PRISTINE FILE BODY API [SAME]: FILE is PRISTINE with a statement inserted at the
# top of NewVM's body (BODY > 0: three lines for an odd BODY, four - the same and a comment -
# for an even one, so that from one run to the next the declarations after it move by a line)
# and an exported function BenchAPI<API> appended at the end (API > 0). With SAME set, BODY
# instead changes the text of NewVM's first error message: a body-only edit that moves no line.
edit_vm() {
	local pristine=$1 file=$2 body=$3 api=$4 same=${5:-}
	awk -v n="$body" -v same="$same" '
		same != "" && n > 0 && !done && sub(/"one or more Instructions must be specified"/,
		    "\"one or more Instructions must be specified (" n ")\"") { done = 1 }
		{ print }
		same == "" && n > 0 && /^func NewVM\(filter \[\]Instruction\) \(\*VM, error\) \{$/ {
			if (n % 2 == 0) print "\t// bench/run.sh: edit " n
			print "\tif len(filter) > 1<<20+" n " {"
			print "\t\treturn nil, errors.New(\"bpf: program too long (" n ")\")"
			print "\t}"
			done = 1
		}
		END { if (n > 0 && !done) exit 1 }' "$pristine" >"$file.tmp" || die "cannot edit $file"
	if [ "$api" -gt 0 ]; then
		printf '\n// BenchAPI%d is added by bench/run.sh: an exported-API edit.\nfunc BenchAPI%d() int { return %d }\n' \
			"$api" "$api" "$api" >>"$file.tmp"
	fi
	mv -f "$file.tmp" "$file"
}

# run_minion SEC WHERE: run the binary under qemu (the 24KEc has no FPU: softfloat only)
run_minion() {
	if [ "$1" = gccgo ]; then
		qemu-mipsel-static -cpu 74Kf "$2"
	else
		qemu-mipsel-static -cpu 24KEc "$2"
	fi
}

# check_minion SEC: both binaries answer, the same
check_minion() {
	local sec=$1 a b
	a=$(run_minion "$sec" "$W/minion-$sec/build/out/minion/"*/*/minion 2>&1) ||
		die "the mipsbake $sec minion does not run: $a"
	b=$(run_minion "$sec" "$W/go-$sec/minion" 2>&1) || die "the go build $sec minion does not run: $b"
	case $a in "packed 29 bytes"*) ;; *) die "the $sec minion answers '$a'" ;; esac
	[ "$a" = "$b" ] || die "the $sec minions disagree: '$a' and '$b'"
	echo "$a" >"$W/minion-$sec.answer"
}

minion_section() {
	local sec=$1 d=$W/minion-$1 r c0 c1 log mbfile gofile pristine
	write_minion "$sec"
	echo "$(loadavg)" >"$W/load-$sec.start"
	for r in $(seq "$COLD_RUNS"); do
		say "minion $sec: cold run $r of $COLD_RUNS"
		rm -rf "$d/build" "$d/minion.lock" "$W/cache-$sec" "$W/gocache-mb-$sec"
		c0=$(connections)
		must "$L/$sec-cold-fetch-mb-$r.log" "mipsbake fetch" mb "$sec" fetch
		sample "$sec.cold_fetch.mb" "$T_US"
		c1=$(connections)
		sample "$sec.cold_fetch.mb.conns" $((c1 - c0))
		log=$L/$sec-cold-mb-$r.log
		must "$log" "mipsbake cold build" mb "$sec" -v build
		sample "$sec.cold.mb" "$T_US"
		counts "$sec.cold.mb" "$log"

		rm -rf "$W/go-$sec" "$W/gocache-go-$sec"
		c0=$(connections)
		must "$L/$sec-cold-fetch-go-$r.log" "git clone" go_fetch "$sec"
		sample "$sec.cold_fetch.go" "$T_US"
		c1=$(connections)
		sample "$sec.cold_fetch.go.conns" $((c1 - c0))
		log=$L/$sec-cold-go-$r.log
		must "$log" "go build (cold)" go_build "$sec"
		sample "$sec.cold.go" "$T_US"
		counts "$sec.cold.go" "$log"
	done
	check_minion "$sec"

	mbfile=$d/build/deps/$EDIT_PKG/$EDIT_FILE
	gofile=$W/go-$sec/gopath/src/$EDIT_PKG/$EDIT_FILE
	pristine=$W/$EDIT_FILE.pristine
	cp "$mbfile" "$pristine"
	cmp -s "$pristine" "$gofile" || die "$EDIT_PKG/$EDIT_FILE differs between the checkout and the clone"

	c0=$(connections)
	# the first no-op after a build finds what Ninja reads, the second confirms it (both run
	# Ninja); the timed runs after them take the fast path (src/noop.c)
	must "$L/$sec-noop-mb-first.log" "mipsbake's first no-op" mb "$sec" -v build
	sample "$sec.noop.mb.first" "$T_US"
	must "$L/$sec-noop-mb-second.log" "mipsbake's second no-op" mb "$sec" -v build
	sample "$sec.noop.mb.second" "$T_US"
	say "minion $sec: $RUNS no-op runs"
	for r in $(seq "$RUNS"); do
		log=$L/$sec-noop-mb-$r.log
		must "$log" "mipsbake no-op" mb "$sec" -v build
		sample "$sec.noop.mb" "$T_US"
		counts "$sec.noop.mb" "$log"
		must "$L/$sec-noop-ninja-$r.log" "ninja no-op" ninja -C "$d/build" -j "$JOBS"
		sample "$sec.noop.ninja" "$T_US"
		must "$L/$sec-noop-version-$r.log" "mipsbake --version" "$MB" --version
		sample "$sec.noop.version" "$T_US"
		must "$L/$sec-noop-true-$r.log" "/bin/true" /bin/true
		sample "$sec.noop.true" "$T_US"
		log=$L/$sec-noop-go-$r.log
		must "$log" "go build no-op" go_build "$sec"
		sample "$sec.noop.go" "$T_US"
		counts "$sec.noop.go" "$log"
	done
	# edit_step SEC STEP R BODY API [SAME]: edit both copies of the file, build with both tools
	edit_step() {
		local sec=$1 step=$2 r=$3 log
		edit_vm "$pristine" "$mbfile" "$4" "$5" "${6:-}"
		edit_vm "$pristine" "$gofile" "$4" "$5" "${6:-}"
		log=$L/$sec-$step-mb-$r.log
		must "$log" "mipsbake after an edit ($step)" mb "$sec" -v build
		sample "$sec.$step.mb" "$T_US"
		counts "$sec.$step.mb" "$log"
		log=$L/$sec-$step-go-$r.log
		must "$log" "go build after an edit ($step)" go_build "$sec"
		sample "$sec.$step.go" "$T_US"
		counts "$sec.$step.go" "$log"
	}
	say "minion $sec: $RUNS body-only edits of $EDIT_PKG"
	for r in $(seq "$RUNS"); do
		edit_step "$sec" body "$r" "$r" 0
	done
	# the same-line edits start from a file with the message changed and no line added
	edit_vm "$pristine" "$mbfile" 1000 0 same
	edit_vm "$pristine" "$gofile" 1000 0 same
	must "$L/$sec-same-base-mb.log" "mipsbake after an edit" mb "$sec" build
	must "$L/$sec-same-base-go.log" "go build after an edit" go_build "$sec"
	say "minion $sec: $RUNS body-only edits of $EDIT_PKG that move no line"
	for r in $(seq "$RUNS"); do
		edit_step "$sec" same "$r" "$r" 0 same
	done
	say "minion $sec: $RUNS exported-API edits of $EDIT_PKG"
	for r in $(seq "$RUNS"); do
		edit_step "$sec" api "$r" "$RUNS" "$r" same
	done
	c1=$(connections)
	sample "$sec.builds.conns" $((c1 - c0))
	cp "$pristine" "$mbfile"
	cp "$pristine" "$gofile"
	must "$L/$sec-restore-mb.log" "mipsbake after restoring $EDIT_FILE" mb "$sec" build
	must "$L/$sec-restore-go.log" "go build after restoring $EDIT_FILE" go_build "$sec"
	check_minion "$sec"
	echo "$(loadavg)" >"$W/load-$sec.end"
}

# the warm fetch: the lock satisfied, the cache full
fetch_section() {
	local d=$W/minion-gccgo r c0 c1
	if [ ! -f "$d/minion.lock" ]; then
		write_minion gccgo
		must "$L/fetch-setup-mb.log" "mipsbake fetch" mb gccgo fetch
		must "$L/fetch-setup-go.log" "git clone" go_fetch gccgo
	fi
	[ -d "$W/go-gccgo/gopath" ] || must "$L/fetch-setup-go.log" "git clone" go_fetch gccgo
	cp "$d/minion.lock" "$W/lock.before"
	say "warm fetch: $RUNS runs"
	for r in $(seq "$RUNS"); do
		c0=$(connections)
		must "$L/fetch-warm-mb-$r.log" "mipsbake warm fetch" mb gccgo fetch
		sample "fetch.warm.mb" "$T_US"
		c1=$(connections)
		sample "fetch.warm.mb.conns" $((c1 - c0))

		rm -rf "$d/fresh"
		c0=$(connections)
		must "$L/fetch-fresh-mb-$r.log" "mipsbake fetch into a new build directory" mb_in gccgo "$d/fresh" fetch
		sample "fetch.fresh.mb" "$T_US"
		c1=$(connections)
		sample "fetch.fresh.mb.conns" $((c1 - c0))

		c0=$(connections)
		must "$L/fetch-warm-go-$r.log" "git fetch" go_refetch gccgo
		sample "fetch.warm.go" "$T_US"
		c1=$(connections)
		sample "fetch.warm.go.conns" $((c1 - c0))
	done
	if cmp -s "$W/lock.before" "$d/minion.lock"; then
		echo same >"$W/lock.result"
	else
		echo changed >"$W/lock.result"
	fi
}

# --- the synthetic projects ---------------------------------------------------------------

# synth_go N: go build -x of the synthetic project of N packages (module mode, offline)
synth_go() {
	(cd "$W/synth-$1" &&
		env GO111MODULE=on GOFLAGS= GOPROXY=off GOSUMDB=off GOCACHE="$W/gocache-synth-go-$1" \
			GOOS=linux GOARCH=mipsle GOMIPS=softfloat CGO_ENABLED=0 \
			go build -x -trimpath "-ldflags=-s -w" -o "$W/synth-$1.go-bin" ./cmd/synth)
}

synth_mb() {
	local n=$1 j="-j $JOBS"
	shift
	# gen runs no jobs, and refuses -j
	[ "$1" = gen ] && j=
	env MIPSBAKE_CACHE="$W/cache-synth-$n" GOCACHE="$W/gocache-synth-mb-$n" "$MB" -B "$W/synth-$n/build" $j "$@" "$W/synth-$n/synth.yaml"
}

synth_section() {
	local n sd r log leaf lfile pristine a b fd ffile v
	for n in $SIZES; do
		sd=$W/synth-$n
		echo "$(loadavg)" >"$W/load-synth-$n.start"
		say "synthetic $n: generating the project"
		must "$L/synth-$n-generator.log" "gen-synth.sh $n" sh "$BENCH_SRC/bench/gen-synth.sh" "$n" "$sd"
		sample "synth.$n.generator" "$T_US"
		say "synthetic $n: $RUNS generations"
		for r in $(seq "$RUNS"); do
			rm -rf "$sd/build"
			must "$L/synth-$n-gen-$r.log" "mipsbake gen ($n packages)" synth_mb "$n" gen
			sample "synth.$n.gen" "$T_US"
		done
		say "synthetic $n: $RUNS generations in place"
		for r in $(seq "$RUNS"); do
			must "$L/synth-$n-regen-$r.log" "mipsbake gen in place ($n packages)" synth_mb "$n" gen
			sample "synth.$n.regen" "$T_US"
		done
		say "synthetic $n: full builds"
		rm -rf "$sd/build" "$W/cache-synth-$n" "$W/gocache-synth-mb-$n" "$W/gocache-synth-go-$n"
		log=$L/synth-$n-full-mb.log
		must "$log" "mipsbake full build ($n packages)" synth_mb "$n" -v build
		sample "synth.$n.full.mb" "$T_US"
		counts "synth.$n.full.mb" "$log"
		log=$L/synth-$n-full-go.log
		must "$log" "go build full build ($n packages)" synth_go "$n"
		sample "synth.$n.full.go" "$T_US"
		counts "synth.$n.full.go" "$log"
		a=$(qemu-mipsel-static -cpu 24KEc "$sd/build/out/synth/"*/*/synth 2>&1) || die "synth $n: $a"
		b=$(qemu-mipsel-static -cpu 24KEc "$W/synth-$n.go-bin" 2>&1) || die "synth $n (go build): $b"
		[ "$a" = "$b" ] || die "synth $n: the binaries disagree: '$a' and '$b'"
		echo "$a" >"$W/synth-$n.answer"
		must "$L/synth-$n-noop-mb-first.log" "mipsbake's first no-op ($n packages)" synth_mb "$n" -v build
		sample "synth.$n.noop.mb.first" "$T_US"
		must "$L/synth-$n-noop-mb-second.log" "mipsbake's second no-op ($n packages)" synth_mb "$n" -v build
		sample "synth.$n.noop.mb.second" "$T_US"
		say "synthetic $n: $RUNS no-op runs"
		for r in $(seq "$RUNS"); do
			log=$L/synth-$n-noop-mb-$r.log
			must "$log" "mipsbake no-op ($n packages)" synth_mb "$n" -v build
			sample "synth.$n.noop.mb" "$T_US"
			counts "synth.$n.noop.mb" "$log"
			must "$L/synth-$n-noop-ninja-$r.log" "ninja no-op ($n packages)" ninja -C "$sd/build" -j "$JOBS"
			sample "synth.$n.noop.ninja" "$T_US"
			must "$L/synth-$n-noop-true-$r.log" "/bin/true" /bin/true
			sample "synth.$n.noop.true" "$T_US"
			log=$L/synth-$n-noop-go-$r.log
			must "$log" "go build no-op ($n packages)" synth_go "$n"
			sample "synth.$n.noop.go" "$T_US"
			counts "synth.$n.noop.go" "$log"
		done
		# a body-only edit of a leaf package (the last one of layer 0, not a hub)
		leaf=$(awk -F= '$1 == "layer_sizes" { split($2, s, " "); print s[1] - 1 }' "$sd/synth.info")
		leaf=$(printf 'p%04d' "$leaf")
		lfile=$sd/pkg/l00/$leaf/$leaf.go
		pristine=$W/synth-$n.leaf.pristine
		cp "$lfile" "$pristine"
		echo "example.com/synth/pkg/l00/$leaf" >"$W/synth-$n.leaf"
		say "synthetic $n: $SYNTH_EDIT_RUNS body-only edits of $leaf"
		for r in $(seq "$SYNTH_EDIT_RUNS"); do
			# as for the minion: four lines in even runs, three in odd ones
			awk -v n="$r" '{ print } /^func Value\(seed int\) int \{$/ {
				if (n % 2 == 0) print "\t// bench/run.sh: edit " n
				print "\tif seed == -" n " {"; print "\t\treturn " n; print "\t}" }' \
				"$pristine" >"$lfile"
			log=$L/synth-$n-body-mb-$r.log
			must "$log" "mipsbake after a body edit ($n packages)" synth_mb "$n" -v build
			sample "synth.$n.body.mb" "$T_US"
			counts "synth.$n.body.mb" "$log"
			log=$L/synth-$n-body-go-$r.log
			must "$log" "go build after a body edit ($n packages)" synth_go "$n"
			sample "synth.$n.body.go" "$T_US"
			counts "synth.$n.body.go" "$log"
			# the same edit again (another number), built by Ninja alone on the same directory
			awk -v n="$((r + 100))" '{ print } /^func Value\(seed int\) int \{$/ {
				if (n % 2 == 0) print "\t// bench/run.sh: edit " n
				print "\tif seed == -" n " {"; print "\t\treturn " n; print "\t}" }' \
				"$pristine" >"$lfile"
			log=$L/synth-$n-body-ninja-$r.log
			must "$log" "ninja after a body edit ($n packages)" ninja -C "$sd/build" -j "$JOBS" -v
			sample "synth.$n.body.ninja" "$T_US"
			counts "synth.$n.body.ninja" "$log"
		done
		# a body-only edit that moves no line (the modulus in Value): the export data stays, so
		# one compile and the link run; the two commands' own time comes from .ninja_log (the
		# entries whose output is newer than the run's start), the rest is mipsbake's and Ninja's
		say "synthetic $n: $SYNTH_EDIT_RUNS body-only edits of $leaf that move no line"
		# from the pristine file, built (untimed): the edits above moved its lines
		cp "$pristine" "$lfile"
		must "$L/synth-$n-same-base.log" "mipsbake on the pristine leaf ($n packages)" synth_mb "$n" build
		for r in $(seq "$SYNTH_EDIT_RUNS"); do
			sed "s/% 1000003\$/% $((1000003 + 2 * r))/" "$pristine" >"$lfile"
			cmp -s "$pristine" "$lfile" && die "synth $n: the edit that moves no line changed nothing"
			t0=$(date +%s%N)
			log=$L/synth-$n-same-mb-$r.log
			must "$log" "mipsbake after a body edit that moves no line ($n packages)" synth_mb "$n" -v build
			sample "synth.$n.same.mb" "$T_US"
			counts "synth.$n.same.mb" "$log"
			c=$(awk -F'\t' -v t0="$t0" 'NR > 1 && $3 >= t0 && $4 !~ /^dirs\// &&
				$4 != ".sizes-ok" && !seen[$1 " " $2]++ { t += $2 - $1 } END { print t * 1000 }' \
				"$sd/build/.ninja_log")
			sample "synth.$n.same.cmds" "$c"
			sample "synth.$n.same.over" "$((T_US - c))"
		done
		cp "$pristine" "$lfile"
		# the floor: the same edit in the least Ninja file of this graph, whose commands only
		# touch (bench/ninja-floor.sh), without and with the scan that makes a change of imports
		# regenerate in the same run; what its runs cost beyond the commands is Ninja's own
		for v in floor rfloor; do
			say "synthetic $n: the same edit and no-op in the least Ninja file of this graph ($v)"
			fd=$W/$v-$n
			must "$L/synth-$n-$v-gen.log" "ninja-floor.sh $n ($v)" sh "$BENCH_SRC/bench/ninja-floor.sh" \
				$([ "$v" = rfloor ] && echo --regen) "$sd" "$fd"
			must "$L/synth-$n-$v-full.log" "ninja on the floor file ($n packages, $v)" ninja -C "$fd" -j "$JOBS"
			ffile=$fd/src/pkg/l00/$leaf/$leaf.go
			for r in $(seq "$SYNTH_EDIT_RUNS"); do
				sed "s/% 1000003\$/% $((1000003 + 2 * r))/" "$pristine" >"$ffile"
				t0=$(date +%s%N)
				log=$L/synth-$n-$v-same-$r.log
				must "$log" "ninja on the floor file after the edit ($n packages, $v)" ninja -C "$fd" -j "$JOBS" -v
				sample "synth.$n.$v.same" "$T_US"
				grep -q ' touch o/synth$' "$log" || die "synth $n: the $v file did not link after the edit"
				c=$(awk -F'\t' -v t0="$t0" 'NR > 1 && $3 >= t0 && !seen[$1 " " $2]++ { t += $2 - $1 }
					END { print t * 1000 }' "$fd/.ninja_log")
				sample "synth.$n.$v.over" "$((T_US - c))"
				must "$L/synth-$n-$v-noop-$r.log" "ninja no-op on the floor file ($n packages, $v)" ninja -C "$fd" -j "$JOBS"
				sample "synth.$n.$v.noop" "$T_US"
			done
			rm -rf "$fd"
		done
		echo "$(loadavg)" >"$W/load-synth-$n.end"
		# the big trees are not needed any more
		rm -rf "$W/gocache-synth-go-$n" "$W/gocache-synth-mb-$n"
	done
}

# --- package tests --------------------------------------------------------------------------

# miekg/dns and x/net/dns/dnsmessage (Debian's sources), their tests in short mode on mips
# and mipsle with gc: mipsbake test (both boards in one run, -j) against go test -exec qemu
# run once per GOARCH, each timed cold (fresh build directory and GOCACHE, no cached result)
GOTEST_PKGS="github.com/miekg/dns golang.org/x/net/dns/dnsmessage"
write_gotest() {
	local d=$W/gotest g=/usr/share/gocode/src
	mkdir -p "$d/cmd/x"
	printf 'package main\n\nfunc main() {}\n' >"$d/cmd/x/main.go"
	cat >"$d/gotest.yaml" <<EOF
mipsbake: 1
module: example.com/gotest
include: [boards/generic.yaml, toolchains/debian-go.yaml]
dependencies:
  github.com/miekg/dns: {path: $g/github.com/miekg/dns}
  golang.org/x/net: {path: $g/golang.org/x/net}
  golang.org/x/sys: {path: $g/golang.org/x/sys}
  golang.org/x/sync: {path: $g/golang.org/x/sync}
tests:
  packages: [$(echo "$GOTEST_PKGS" | sed 's/ /, /')]
  boards: [generic-mips, generic-mipsle]
  toolchains: [debian-go]
  short: true
EOF
}

gotest_mb() {
	rm -rf "$W/gotest/build" "$W/gocache-gotest-mb"
	env GOCACHE="$W/gocache-gotest-mb" "$MB" -B "$W/gotest/build" -j "$JOBS" test "$W/gotest/gotest.yaml"
}

gotest_go() {
	local a q
	for a in mips mipsle; do
		q=$a
		[ "$a" = mipsle ] && q=mipsel
		rm -rf "$W/gocache-gotest-go"
		env GOPATH=/usr/share/gocode GO111MODULE=off GOFLAGS= GOCACHE="$W/gocache-gotest-go" \
			GOARCH=$a GOMIPS=hardfloat go test -short -count=1 -exec "qemu-$q-static -cpu 74Kf" $GOTEST_PKGS ||
			return 1
	done
}

gotest_section() {
	local r
	write_gotest
	say "package tests: $RUNS cold runs of each"
	for r in $(seq "$RUNS"); do
		# a failing test fails both alike; the time is what is compared
		timed "$L/gotest-mb-$r.log" gotest_mb || true
		sample "gotest.mb" "$T_US"
		timed "$L/gotest-go-$r.log" gotest_go || true
		sample "gotest.go" "$T_US"
	done
	grep "^github.com/miekg/dns \|^golang.org/x/net/dns/dnsmessage " "$L/gotest-mb-1.log" >"$W/gotest.table" || true
}

# --- the run ------------------------------------------------------------------------------

SPAWN_US=$(spawn_cost)
for s in gccgo gc; do
	has_section "$s" && minion_section "$s"
done
has_section cache && cache_section
has_section fetch && fetch_section
has_section synth && synth_section
has_section gotest && gotest_section
END_US=$(now_us)
LOAD_END=$(loadavg)
git_daemon_stop
kill "$GIT_PID" 2>/dev/null

# what the report needs besides the samples (for --report-only)
for v in MODE RUNS COLD_RUNS SYNTH_EDIT_RUNS SIZES SECTIONS JOBS START_DATE START_US END_US LOAD_START LOAD_END \
	SPAWN_US MB_VERSION GIT_REV EDIT_PKG EDIT_FILE; do
	printf '%s=%q\n' "$v" "${!v}"
done >"$W/meta"

. "$BENCH_SRC/bench/report.sh"
write_report >"$OUT.tmp.$$" || die "could not write the report"
mv -f "$OUT.tmp.$$" "$OUT"
say "done in $(fmt_us $((END_US - START_US))); wrote $OUT"
