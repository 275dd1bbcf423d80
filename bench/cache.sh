# bench/cache.sh: the build cache section of bench/run.sh (sourced by it; bash).
#
# For each compiler the minion of minion_section, with a remote cache on a real server
# (Debian's nginx as a WebDAV store on loopback, tests/lib-nginx.sh):
#   fill   a build into a new build directory with an empty local store and an empty remote
#          cache: every action runs, and is stored and uploaded
#   clone  a fresh clone: a new build directory and an empty local store (git cache, toolchain
#          probes and lock fetched again first, timed apart), the remote cache warm
#   local  another build directory on the same machine: the local store warm
# each timed like the cold build of minion_section (fetch excluded), so that the ratio to its
# cold median says what the cache saves. The clone's binaries are compared byte for byte with
# the uncached cold build's, its misses counted from the cache's log. Then the bytes the
# server holds per compiler (what one build of one board stores) and the largest actions.
# With --sections naming gc, 'mipsbake verify' runs once with the remote cache configured.

# cache_mb SEC DIR LOCAL ARG...: mipsbake on SEC's minion into DIR, the local store (and git
# cache) in LOCAL, the remote cache at $NGINX_URL
cache_mb() {
	local sec=$1 dir=$2 local=$3
	shift 3
	env MIPSBAKE_CACHE="$local" GOCACHE="$W/gocache-cache-$sec" MIPSBAKE_REMOTE_CACHE="$NGINX_URL" \
		"$MB" -B "$dir" $(jobs_for "$@") "$@" "$W/minion-$sec/minion.yaml"
}

# cache_misses DIR: the actions that ran in DIR's last build
cache_misses() {
	grep -c '^miss ' "$1/.mipsbake-cache.log" 2>/dev/null || echo 0
}

# cache_step SEC STEP R DIR LOCAL: fetch apart, then the timed build, its misses and its log
cache_step() {
	local sec=$1 step=$2 r=$3 dir=$4 local=$5 log
	must "$L/$sec-cache-$step-fetch-$r.log" "mipsbake fetch ($step)" cache_mb "$sec" "$dir" "$local" fetch
	log=$L/$sec-cache-$step-$r.log
	must "$log" "mipsbake build ($step)" cache_mb "$sec" "$dir" "$local" -v build
	sample "$sec.cache_$step.mb" "$T_US"
	sample "$sec.cache_$step.misses" "$(cache_misses "$dir")"
	sed -n 's/^cache: \([0-9]*\) of \([0-9]*\) actions reused.*/\2/p' "$log" | tail -n 1 >"$W/cache-$sec.actions"
}

# cache_same SEC DIR: whether DIR's binary is byte for byte the uncached cold build's
cache_same() {
	local sec=$1 a b
	a=$(echo "$2"/out/minion/*/*/minion)
	b=$(echo "$W/minion-$sec/build/out/minion/"*/*/minion)
	[ -f "$a" ] && [ -f "$b" ] && cmp -s "$a" "$b"
}

# its build directories and stores under $W/remote-SEC: $W/cache-SEC is the minion section's
# git cache, which the warm fetch that follows expects to find full
cache_section_one() {
	local sec=$1 d=$W/remote-$1 r same=identical ans
	[ -f "$W/minion-$sec/minion.yaml" ] || write_minion "$sec"
	[ -f "$W/minion-$sec/build/out/minion/"*/*/minion ] 2>/dev/null ||
		die "the cache section compares with the cold build of the $sec section: run both"
	rm -rf "$d"
	mkdir -p "$d"
	for r in $(seq "$COLD_RUNS"); do
		say "cache $sec: run $r of $COLD_RUNS: fill, fresh clone, another build directory"
		rm -rf "$NGINX_STORE/ac" "$NGINX_STORE/cas" "$d"/* "$W/gocache-cache-$sec"
		cache_step "$sec" fill "$r" "$d/fill" "$d/local-fill"
		cache_step "$sec" clone "$r" "$d/clone" "$d/local-clone"
		cache_same "$sec" "$d/clone" || same=different
		cache_step "$sec" local "$r" "$d/local" "$d/local-clone"
		cache_same "$sec" "$d/local" || same=different
	done
	echo "$same" >"$W/cache-$sec.same"
	ans=$(run_minion "$sec" "$d/clone/out/minion/"*/*/minion 2>&1) || die "the cached $sec minion does not run: $ans"
	[ "$ans" = "$(cat "$W/minion-$sec.answer")" ] || die "the cached $sec minion answers '$ans'"
	# what one build of one board stores: the server's bytes, its records, its largest blobs
	du -sb "$NGINX_STORE" | cut -f1 >"$W/cache-$sec.bytes"
	find "$NGINX_STORE/ac" -type f | wc -l >"$W/cache-$sec.records"
	find "$NGINX_STORE/cas" -type f -printf '%s\n' | sort -rn | head -n 3 | tr '\n' ' ' >"$W/cache-$sec.largest"
	stat -c %s "$d/clone/out/minion/"*/*/minion >"$W/cache-$sec.binary"
}

# cache_verify: mipsbake verify of the gc minion, committed to a git repository, with the
# remote cache configured; it must pass and read nothing from the cache
cache_verify() {
	local v=$W/cache-verify gets
	rm -rf "$v"
	mkdir -p "$v"
	cp "$W/minion-gc/main.go" "$W/minion-gc/minion.yaml" "$W/minion-gc/minion.lock" "$v/"
	(cd "$v" && tgit init -q && tgit add . && tgit commit -qm minion) || die "cannot commit the verify project"
	: >"$NGINX_LOG"
	if timed "$L/cache-verify.log" env MIPSBAKE_CACHE="$W/cache-verify-local" \
		MIPSBAKE_REMOTE_CACHE="$NGINX_URL" "$MB" -j "$JOBS" verify "$v/minion.yaml"; then
		echo passed >"$W/cache-verify.result"
	else
		echo failed >"$W/cache-verify.result"
	fi
	sample "cache.verify.mb" "$T_US"
	gets=$(nginx_count GET)
	echo "$gets" >"$W/cache-verify.gets"
}

cache_section() {
	local s
	. "$TESTS_DIR/lib-nginx.sh"
	nginx_ok || die "nginx (with WebDAV) or nc is missing (./configure --install-deps installs them)"
	nginx_start || die "nginx does not start"
	for s in gccgo gc; do
		has_section "$s" && cache_section_one "$s"
	done
	has_section gc && cache_verify
	nginx_stop
}

# --- the report (called by bench/report.sh's write_report) ---------------------------------

# fmt_bytes N: "1.4 MiB"
fmt_bytes() {
	[ -n "${1:-}" ] || { echo "n/a"; return; }
	awk -v b="$1" 'BEGIN {
		if (b < 1024) printf "%d B", b
		else if (b < 1048576) printf "%.1f KiB", b / 1024
		else if (b < 1073741824) printf "%.1f MiB", b / 1048576
		else printf "%.2f GiB", b / 1073741824
	}'
}

# cache_goal_rows: the goals table's rows of the cache (Must show 1 and 3 of issue 17)
cache_goal_rows() {
	local sec m c ok
	for sec in gccgo gc; do
		ran "$sec.cache_clone.mb" || continue
		m=$(median "$sec.cache_clone.mb")
		c=$(median "$sec.cold.mb")
		ok=$(le "$(ratio "$m" "$c")" 0.15 && [ "$(vmax "$sec.cache_clone.misses")" = 0 ] && echo 1)
		printf '| fresh clone, warm remote cache (%s) | ≤ 15%% of a cold build, no compile | %s%% (%s against %s), %s actions run | %s |\n' \
			"$sec" "$(awk -v a="$m" -v b="$c" 'BEGIN { printf "%.1f", 100 * a / b }')" "$(fmt_us "$m")" \
			"$(fmt_us "$c")" "$(vmax "$sec.cache_clone.misses")" "$(verdict "$ok")"
		ok=$([ "$(cat "$W/cache-$sec.same" 2>/dev/null)" = identical ] && echo 1)
		printf '| cached binaries (%s) | bit-identical to the uncached build'"'"'s | %s | %s |\n' "$sec" \
			"$(cat "$W/cache-$sec.same" 2>/dev/null || echo n/a)" "$(verdict "$ok")"
	done
	if [ -f "$W/cache-verify.result" ]; then
		ok=$([ "$(cat "$W/cache-verify.result")" = passed ] && [ "$(cat "$W/cache-verify.gets")" = 0 ] && echo 1)
		printf '| `mipsbake verify` with a remote cache configured (gc) | passes, reads nothing from the cache | %s, %s requests to the cache server | %s |\n' \
			"$(cat "$W/cache-verify.result")" "$(cat "$W/cache-verify.gets")" "$(verdict "$ok")"
	fi
}

cache_tables() {
	local sec ref
	if ! ran gc.cache_clone.mb && ! ran gccgo.cache_clone.mb; then
		echo "Not run (\`--sections\` left it out)."
		echo
		return
	fi
	echo "The minion of the sections above, with \`MIPSBAKE_REMOTE_CACHE\` naming Debian's nginx as a"
	echo "WebDAV store on loopback (\`tests/lib-nginx.sh\`). *Fill*: a new build directory, an empty"
	echo "local store and an empty server (every action runs, is stored and uploaded). *Fresh clone*:"
	echo "another new build directory and an empty local store (a new machine), the server warm."
	echo "*Same machine*: a third build directory sharing the clone's local store. Each is fetched"
	echo "first, timed apart, as the cold builds are; the ratios divide by the cold build's median"
	echo "(no cache configured, its store empty) measured above in the same run."
	echo
	echo "| build | gccgo | ÷ cold | actions run | gc | ÷ cold | actions run |"
	echo "|---|---|---|---|---|---|---|"
	for step in fill clone local; do
		case $step in
		fill) label="fill: empty local store, empty remote cache" ;;
		clone) label="fresh clone: empty local store, warm remote cache" ;;
		local) label="same machine, another build directory: warm local store" ;;
		esac
		printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$label" \
			"$(fmt_time "gccgo.cache_$step.mb")" "$(ratio "$(median "gccgo.cache_$step.mb")" "$(median gccgo.cold.mb)")" \
			"$(fmt_conns "gccgo.cache_$step.misses")" \
			"$(fmt_time "gc.cache_$step.mb")" "$(ratio "$(median "gc.cache_$step.mb")" "$(median gc.cold.mb)")" \
			"$(fmt_conns "gc.cache_$step.misses")"
	done
	echo
	for sec in gccgo gc; do
		[ -f "$W/cache-$sec.bytes" ] || continue
		echo "- $sec: the server holds $(fmt_bytes "$(cat "$W/cache-$sec.bytes")") after one build of one board"
		echo "  ($(cat "$W/cache-$sec.records") action records, $(cat "$W/cache-$sec.actions" 2>/dev/null) actions;"
		echo "  largest blobs: $(for b in $(cat "$W/cache-$sec.largest"); do printf '%s, ' "$(fmt_bytes "$b")"; done | sed 's/, $//');"
		echo "  binaries $(cat "$W/cache-$sec.same") to the uncached build's."
	done
	[ -f "$W/cache-verify.result" ] &&
		echo "- \`mipsbake verify\` (gc, two clean builds) with the cache configured: $(cat "$W/cache-verify.result"), in $(fmt_time cache.verify.mb); the server saw $(cat "$W/cache-verify.gets") requests meanwhile."
	echo
}

# scale_estimate: a fleet of N CI machines building M boards, from the measured sizes and times
scale_estimate() {
	local sec bytes cold clone link
	ran gc.cache_clone.mb || ran gccgo.cache_clone.mb || return 0
	echo "### Scale estimate (on paper, from the figures above)"
	echo
	echo "A fleet of N CI machines builds every commit for M boards. Boards that share GOARCH, GOMIPS,"
	echo "toolchain and flags share every action (the key has no board name in it), so M counts"
	echo "distinct configurations. Per configuration, from this run: S = the bytes one full build"
	echo "stores, L = the linked binary's size (what every commit stores again), A = its actions, T_cold and"
	echo "T_clone = the cold build and the fresh clone with a warm cache."
	echo
	echo "- Stored: M × S for the first build, then about M × (L + one package's objects) per"
	echo "  commit that changes one package (early cutoff keeps the importers' actions), so C"
	echo "  commits a day for D days keep M × (S + C × D × L) bytes; \`mipsbake cache trim\`"
	echo "  and the server's own eviction bound it."
	echo "- Hit rate: per commit the first machine to build a configuration runs the k changed"
	echo "  actions (k ≈ 2 for a body edit: one compile and one link); the other N − 1 machines run"
	echo "  none, so the fleet's hit rate is 1 − k / (N × A) for A actions a build."
	echo "- Time saved per clone: T_cold − T_clone per configuration, i.e. M × (T_cold − T_clone)"
	echo "  per fresh CI machine."
	echo
	echo "| compiler | S | L | A | T_cold | T_clone | N = 20, M = 4, C = 50, D = 30: stored | hit rate (k = 2) | saved per fresh machine (M = 4) |"
	echo "|---|---|---|---|---|---|---|---|---|"
	for sec in gccgo gc; do
		[ -f "$W/cache-$sec.bytes" ] || continue
		bytes=$(cat "$W/cache-$sec.bytes")
		link=$(cat "$W/cache-$sec.binary")
		cold=$(median "$sec.cold.mb")
		clone=$(median "$sec.cache_clone.mb")
		a=$(cat "$W/cache-$sec.actions" 2>/dev/null)
		printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$sec" "$(fmt_bytes "$bytes")" \
			"$(fmt_bytes "$link")" "${a:-n/a}" "$(fmt_us "$cold")" "$(fmt_us "$clone")" \
			"$(fmt_bytes "$(awk -v s="$bytes" -v l="$link" 'BEGIN { printf "%.0f", 4 * (s + 50 * 30 * l) }')")" \
			"$(awk -v a="${a:-0}" 'BEGIN { if (a > 0) printf "%.2f%%", 100 * (1 - 2 / (20 * a)); else print "n/a" }')" \
			"$(fmt_us "$(awk -v c="$cold" -v w="$clone" 'BEGIN { printf "%.0f", 4 * (c - w) }')")"
	done
	echo
}
