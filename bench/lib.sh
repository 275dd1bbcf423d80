# bench/lib.sh: helpers of bench/run.sh (bash): timing, samples, medians, counting the
# compiler invocations in build logs, the loopback git server, machine facts.
#
# Samples are lines "KEY VALUE" appended to $SAMPLES; times are in microseconds.

# die message...: stop the benchmark
die() {
	echo "bench: error: $*" >&2
	exit 1
}

say() {
	printf '%s bench: %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

# have cmd...: whether every command is on PATH (tests/lib-git.sh uses it)
have() {
	for _c; do command -v "$_c" >/dev/null 2>&1 || return 1; done
	return 0
}

# jobs_for ARG...: "-j $JOBS" unless the command is fetch, which runs no Ninja and refuses -j
jobs_for() {
	case " $* " in *" fetch "*) ;; *) echo "-j $JOBS" ;; esac
}

# now_us: the wall clock in microseconds, without starting a process
now_us() {
	local t=${EPOCHREALTIME/[.,]/}
	echo "${t#0}"
}

# timed LOG cmd...: run cmd with its output in LOG; T_US is the elapsed time in
# microseconds; returns cmd's status. No process is started around cmd to time it.
T_US=0
timed() {
	local log=$1 s e rc
	shift
	s=${EPOCHREALTIME/[.,]/}
	"$@" >"$log" 2>&1 </dev/null
	rc=$?
	e=${EPOCHREALTIME/[.,]/}
	T_US=$((10#$e - 10#$s))
	return $rc
}

# must LOG what cmd...: timed, or stop with the end of LOG
must() {
	local log=$1 what=$2
	shift 2
	if ! timed "$log" "$@"; then
		echo "bench: $what failed; the end of $log:" >&2
		tail -n 40 "$log" >&2
		exit 1
	fi
}

# sample KEY VALUE: record a measurement
sample() {
	echo "$1 $2" >>"$SAMPLES"
}

# values KEY: every value recorded under KEY, one a line
values() {
	awk -v k="$1" '$1 == k { print $2 }' "$SAMPLES"
}

# nsamples KEY: how many values KEY has
nsamples() {
	awk -v k="$1" '$1 == k { n++ } END { print n + 0 }' "$SAMPLES"
}

# median KEY: the median of KEY's values (the mean of the middle two for an even count);
# empty when there is none
median() {
	values "$1" | sort -n | awk '{ v[NR] = $1 } END {
		if (NR == 0) exit
		if (NR % 2) print v[(NR + 1) / 2]; else printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2
	}'
}

# vmin KEY, vmax KEY
vmin() { values "$1" | sort -n | head -n 1; }
vmax() { values "$1" | sort -n | tail -n 1; }

# fmt_us US: a duration for people: 812 us, 41.2 ms, 36.49 s
fmt_us() {
	[ -n "${1:-}" ] || { echo "n/a"; return; }
	awk -v u="$1" 'BEGIN {
		if (u < 1000) printf "%d µs", u
		else if (u < 100000) printf "%.1f ms", u / 1000
		else if (u < 1000000) printf "%.0f ms", u / 1000
		else if (u < 100000000) printf "%.2f s", u / 1000000
		else printf "%.1f s", u / 1000000
	}'
}

# fmt_time KEY: "median (min-max)" of a time key, or the median alone for one run
fmt_time() {
	local m lo hi n
	m=$(median "$1")
	[ -n "$m" ] || { echo "not run"; return; }
	n=$(nsamples "$1")
	if [ "$n" -gt 1 ]; then
		lo=$(vmin "$1")
		hi=$(vmax "$1")
		echo "$(fmt_us "$m") ($(fmt_us "$lo") – $(fmt_us "$hi"))"
	else
		fmt_us "$m"
	fi
}

# ratio A B: A / B with two decimals (n/a when either is missing)
ratio() {
	[ -n "${1:-}" ] && [ -n "${2:-}" ] && [ "$2" != 0 ] || { echo "n/a"; return; }
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
}

# count_log LOG: the tool invocations in a build log (mipsbake -v or go build -x), as
# "GO OTHER LINK REGEN STD GOSTD": Go compiles (gccgo -c, go tool compile), C compiles and
# assembler runs, links, regenerations of build.ninja by Ninja, standard-library compiles
# among the Go compiles (go build with gc), and mipsbake gc-std runs (go list -export of the
# standard library). gccgo's build-id objects (go build -x: gccgo -xassembler-with-cpp) and
# the probes of the compiler's flags (-o /dev/null) are not counted.
count_log() {
	awk '
	/\/dev\/null/ { next }
	/ gen --regenerate / { regen++; next }
	/ gc-std / { gostd++; next }
	/gccgo -c / { go++; next }
	/-gcc / { other++; next }
	/\/compile -o / {
		go++
		if (match($0, / -p [^ ]+/)) {
			p = substr($0, RSTART + 4, RLENGTH - 4)
			gsub(/["\047]/, "", p)
			split(p, el, "/")
			if (p != "main" && index(el[1], ".") == 0) std++
		}
		next
	}
	/\/asm / { other++; next }
	/gccgo -o |\/link -o / { link++; next }
	END { printf "%d %d %d %d %d %d\n", go, other, link, regen, std, gostd }
	' "$1"
}

# counts KEY LOG: record the counts of LOG under KEY.go, KEY.other, KEY.link, KEY.regen,
# KEY.std, KEY.gostd
counts() {
	local c
	c=$(count_log "$2")
	set -- "$1" $c
	sample "$1.go" "$2"
	sample "$1.other" "$3"
	sample "$1.link" "$4"
	sample "$1.regen" "$5"
	sample "$1.std" "$6"
	sample "$1.gostd" "$7"
}

# fmt_counts KEY KIND: the compiles and links of KEY's median run as table text;
# KIND says what the "other" invocations are (C, asm)
fmt_counts() {
	local key=$1 kind=$2 go other link regen std gostd lo hi s
	go=$(median "$key.go")
	[ -n "$go" ] || { echo "n/a"; return; }
	other=$(median "$key.other")
	link=$(median "$key.link")
	regen=$(median "$key.regen")
	std=$(median "$key.std")
	gostd=$(median "$key.gostd")
	s="$go"
	lo=$(vmin "$key.go")
	hi=$(vmax "$key.go")
	[ "$lo" = "$hi" ] || s="$s ($lo–$hi)"
	[ "$other" = 0 ] || s="$s + $other $kind"
	[ "$std" = 0 ] || s="$s (std: $std)"
	[ "$gostd" = 0 ] || s="$s + std via go list"
	s="$s / $link"
	[ "$regen" = 0 ] || s="$s, regen"
	echo "$s"
}

# --- the loopback git server -----------------------------------------------------------

# bench_daemon_start: serve $SRV over git:// on a free port (tests/lib-git.sh's
# git_daemon_start), logging every connection to $DAEMON_LOG: sets GIT_PORT and GIT_PID
# (stopped by servers_stop from tests/lib-git.sh)
bench_daemon_start() {
	T_DAEMON_VERBOSE=1 T_DAEMON_LOG=$DAEMON_LOG git_daemon_start || die "could not start git daemon"
}

# connections: how many connections the git daemon has accepted so far
connections() {
	sleep 0.2 # the daemon's children log asynchronously
	grep -c 'Connection from' "$DAEMON_LOG" || true
}

# --- machine facts ---------------------------------------------------------------------

cpu_model() {
	awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo
}

mem_total() {
	awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576; exit }' /proc/meminfo
}

os_name() {
	# shellcheck disable=SC1091
	(. /etc/os-release 2>/dev/null && printf '%s' "${PRETTY_NAME:-unknown}")
	[ -f /etc/debian_version ] && printf ' (%s)' "$(cat /etc/debian_version)"
	echo
}

loadavg() {
	cut -d' ' -f1-3 /proc/loadavg
}

# spawn_cost: the median time to start and wait for /bin/true from bash, in microseconds
spawn_cost() {
	local i s e
	for i in 1 2 3 4 5 6 7 8 9 10 11; do
		s=${EPOCHREALTIME/[.,]/}
		/bin/true
		e=${EPOCHREALTIME/[.,]/}
		echo $((10#$e - 10#$s))
	done | sort -n | sed -n 6p
}
