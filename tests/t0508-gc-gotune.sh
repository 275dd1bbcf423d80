#!/bin/sh
# How the Go tools collect garbage: GOGC=off with a soft GOMEMLIMIT of this machine's memory
# (its cgroup's limit when less) shared among the CPUs it may use (as many as the jobs: the
# affinity mask, or the cgroup's CPU limit when less), halved, at most 2 GiB ("gotune" in build.ninja); every compile and
# link runs with it; MIPSBAKE_GO_MEMLIMIT sets the limit or turns it off, and a bad value is
# an error that keeps the build files. It changes no output: the objects, export data and
# binaries are the same bytes as with Go's defaults, and no action's key holds it (a build
# with the other setting, sharing the cache, runs no action).
. "$(dirname "$0")/lib.sh"
# the standard library per package too, through the rules that carry the tuning
unset MIPSBAKE_GC_STD

cp -R "$SRC_DIR/manifests/examples/hello" proj
cat >proj/gc.yaml <<'EOF'
mipsbake: 1
toolchains:
  go: {compiler: gc}
boards:
  le: {goarch: mipsle, gomips: softfloat, toolchain: go}
targets:
  hello: {main: ./cmd/hello, boards: [le], strip: true}
EOF

# tune_for BYTES [CPUS]: the line gc_rules writes for a machine of BYTES of memory: BYTES / 2
# / CPUs in MiB (the CPUs of this shell's affinity mask unless given), none under 512, at
# most 2048
ncpu=$(nproc)
tune_for() {
	_share=$(($1 / 2 / ${2:-$ncpu} / 1048576))
	if [ "$_share" -lt 512 ]; then
		echo "gotune ="
	elif [ "$_share" -gt 2048 ]; then
		echo "gotune = GOGC=off GOMEMLIMIT=2048MiB"
	else
		echo "gotune = GOGC=off GOMEMLIMIT=${_share}MiB"
	fi
}
phys=$(($(getconf _PHYS_PAGES) * $(getconf PAGESIZE)))
# the tests run in no cgroup with a lower memory limit (the last step makes one)
expect_tune=$(tune_for "$phys")

# go_commands DIR: the compile and link command lines Ninja would run in DIR
go_commands() {
	ninja -C "$1" -t commands all | grep '/pkg/tool/[^ ]*/\(compile\|link\) '
}

# sums DIR: the digest of every output under DIR's exp, pkg, std and out (not the logs and
# the scratch files the commands write beside them, which no action restores)
sums() {
	(cd "$1" && find exp pkg std out -type f ! -name '*.log' ! -name '*.importcfg' ! -path '*/symabis.d/*' |
		LC_ALL=C sort | xargs sha256sum)
}

test_expect_success 'build.ninja says the tuning this machine gets; every compile and link has it' '
	mipsbake -B tuned -j2 proj/gc.yaml >tuned.log 2>&1 || { tail -n 30 tuned.log; false; } &&
	grep "^gotune =" tuned/build.ninja >actual &&
	echo "$expect_tune" >expect &&
	test_cmp expect actual &&
	tune=${expect_tune#gotune =} &&
	go_commands tuned >cmds &&
	n=$(wc -l <cmds) && test "$n" -gt 20 &&
	grep -c "GOROOT_FINAL=go$tune /[^ ]*/\(compile\|link\) " cmds >count &&
	echo "$n" >expect && test_cmp expect count &&
	grep -q "/link " cmds &&
	qemu-mipsel-static -cpu 24KEc tuned/out/hello/le/go/hello world >out &&
	grep -q "^hello, world from mipsle (gc)" out
'

test_expect_success 'MIPSBAKE_GO_MEMLIMIT=off: Go defaults, and the same bytes in every output' '
	MIPSBAKE_GO_MEMLIMIT=off mipsbake -B plain -j2 proj/gc.yaml >plain.log 2>&1 ||
		{ tail -n 30 plain.log; false; } &&
	grep "^gotune =" plain/build.ninja >actual &&
	echo "gotune =" >expect && test_cmp expect actual &&
	go_commands plain >cmds &&
	! grep -q "GOGC\|GOMEMLIMIT" cmds &&
	sums tuned >tuned.sums && sums plain >plain.sums &&
	test "$(wc -l <tuned.sums)" -gt 40 &&
	grep -q " out/hello/le/go/hello$" tuned.sums &&
	test_cmp tuned.sums plain.sums
'

test_expect_success 'MIPSBAKE_GO_MEMLIMIT=1536MiB sets the limit' '
	MIPSBAKE_GO_MEMLIMIT=1536MiB mipsbake gen -B set proj/gc.yaml >gen.log 2>&1 &&
	grep "^gotune =" set/build.ninja >actual &&
	echo "gotune = GOGC=off GOMEMLIMIT=1536MiB" >expect && test_cmp expect actual
'

for bad in 1.5GiB 0MiB 1536 1536MiBx 9999999MiB abc; do
	test_expect_success "MIPSBAKE_GO_MEMLIMIT=$bad is an error that keeps build.ninja" "
		cp set/build.ninja before &&
		(MIPSBAKE_GO_MEMLIMIT=$bad && export MIPSBAKE_GO_MEMLIMIT &&
		 test_must_fail mipsbake gen -B set proj/gc.yaml) >err 2>&1 &&
		grep -q \"MIPSBAKE_GO_MEMLIMIT is '$bad': it takes 'off' or a size in MiB, such as '1536MiB'\" err &&
		cmp before set/build.ninja
	"
done

# Ninja is run through one that notes its arguments: -jN is what mipsbake took for the CPUs
cat >ninja-argv <<EOF
#!/bin/sh
echo "\$*" >>"$TRASH/ninja.argv"
exec "$(command -v ninja)" "\$@"
EOF
chmod +x ninja-argv
# jobs_in CMD...: the -j that mipsbake gives Ninja when CMD runs "mipsbake -n" (a dry run)
jobs_in() {
	: >ninja.argv &&
	MIPSBAKE_NINJA=$TRASH/ninja-argv "$@" >jobs.log 2>&1 || { cat jobs.log; return 1; }
	sed -n 's/.* -j\([0-9]*\) -n .*/\1/p' ninja.argv
}

test_expect_success 'the jobs are the CPUs of the affinity mask' '
	jobs_in "$MB" -B dry -n proj/gc.yaml >actual &&
	echo "$ncpu" >expect && test_cmp expect actual
'

if [ "$ncpu" -gt 1 ] && command -v taskset >/dev/null 2>&1; then
	test_expect_success 'on one CPU of the mask (taskset), one job, and the memory share of one CPU' '
		jobs_in taskset -c 0 "$MB" -B dry -n proj/gc.yaml >actual &&
		echo 1 >expect && test_cmp expect actual &&
		taskset -c 0 "$MB" gen -B one proj/gc.yaml >gen.log 2>&1 &&
		grep "^gotune =" one/build.ninja >actual &&
		tune_for "$phys" 1 >expect && test_cmp expect actual
	'
else
	test_skip 'on one CPU of the mask (taskset), one job, and the memory share of one CPU' \
		'one CPU here, or no taskset'
fi

# cg_child CONTROLLER: a new child of this shell's cgroup in the v1 hierarchy of CONTROLLER,
# where root can make one (nothing printed otherwise)
cg_child() {
	_p=$(awk -F: -v c="$1" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == c) print $3 }' \
		/proc/self/cgroup 2>/dev/null)
	_d=/sys/fs/cgroup/$1${_p%/}/mipsbake-$T_NAME-$$
	if [ "$(id -u)" = 0 ] && [ -n "$_p" ] && mkdir "$_d" 2>/dev/null; then
		echo "$_d"
	fi
}
# in_cg DIR CMD...: CMD in the cgroup at DIR (a cgroup of each hierarchy: DIR:DIR2...)
in_cg() {
	_d=$1
	shift
	sh -c 'IFS=:; for d in $0; do echo $$ >"$d/cgroup.procs" || exit; done; unset IFS; exec "$@"' "$_d" "$@"
}
# the memory limit of the cgroup below
limit=$((3 * 1073741824))

cg=$(cg_child memory)
if [ -n "$cg" ]; then
	test_expect_success 'in a cgroup with a 3 GiB memory limit, the share is of that limit' '
		echo "$limit" >"$cg/memory.limit_in_bytes" &&
		in_cg "$cg" "$MB" gen -B cg proj/gc.yaml >gen.log 2>&1 &&
		grep "^gotune =" cg/build.ninja >actual &&
		if [ "$phys" -lt "$limit" ]; then tune_for "$phys"; else tune_for "$limit"; fi >expect &&
		test_cmp expect actual
	'
	test_expect_success 'in a child of it with no limit of its own, the same: a parent limits it too' '
		mkdir "$cg/inner" &&
		in_cg "$cg/inner" "$MB" gen -B cg2 proj/gc.yaml >gen.log 2>&1 &&
		grep "^gotune =" cg2/build.ninja >actual &&
		test_cmp expect actual
	'
	if [ "$ncpu" -gt 1 ] && command -v taskset >/dev/null 2>&1; then
		test_expect_success 'there, on one CPU of the mask, the share of one CPU' '
			in_cg "$cg" taskset -c 0 "$MB" gen -B cg1 proj/gc.yaml >gen.log 2>&1 &&
			grep "^gotune =" cg1/build.ninja >actual &&
			if [ "$phys" -lt "$limit" ]; then tune_for "$phys" 1; else tune_for "$limit" 1; fi >expect &&
			test_cmp expect actual
		'
	fi
	# their processes have ended
	rmdir "$cg/inner"
else
	test_skip 'in a cgroup with a 3 GiB memory limit, the share is of that limit' \
		'no cgroup v1 memory controller that this user can make a child in'
fi
# kept for the CPU limits below, where the share of a 3 GiB limit tells 1 CPU from 2
cgm=$cg

cg=$(cg_child cpu)
if [ -n "$cg" ] && [ -w "$cg/cpu.cfs_quota_us" ]; then
	test_expect_success 'in a cgroup allowed half a CPU (cpu.cfs_quota_us), one job and the share of one CPU' '
		echo 100000 >"$cg/cpu.cfs_period_us" && echo 50000 >"$cg/cpu.cfs_quota_us" &&
		jobs_in in_cg "$cg" "$MB" -B dry -n proj/gc.yaml >actual &&
		echo 1 >expect && test_cmp expect actual &&
		mem=$phys &&
		if [ -n "$cgm" ]; then
			in_cg "$cgm:$cg" "$MB" gen -B cpu1 proj/gc.yaml >gen.log 2>&1 &&
			if [ "$phys" -gt "$limit" ]; then mem=$limit; fi
		else
			in_cg "$cg" "$MB" gen -B cpu1 proj/gc.yaml >gen.log 2>&1
		fi &&
		grep "^gotune =" cpu1/build.ninja >actual &&
		tune_for "$mem" 1 >expect && test_cmp expect actual
	'
	test_expect_success 'in a child of it with no quota of its own, still one job' '
		mkdir "$cg/inner" &&
		jobs_in in_cg "$cg/inner" "$MB" -B dry -n proj/gc.yaml >actual &&
		echo 1 >expect && test_cmp expect actual
	'
	rmdir "$cg/inner" 2>/dev/null
	if [ "$ncpu" -gt 1 ]; then
		test_expect_success 'allowed 1.5 CPUs, two jobs (rounded up); with no quota, the mask again' '
			echo 150000 >"$cg/cpu.cfs_quota_us" &&
			jobs_in in_cg "$cg" "$MB" -B dry -n proj/gc.yaml >actual &&
			echo 2 >expect && test_cmp expect actual &&
			echo -1 >"$cg/cpu.cfs_quota_us" &&
			jobs_in in_cg "$cg" "$MB" -B dry -n proj/gc.yaml >actual &&
			echo "$ncpu" >expect && test_cmp expect actual
		'
	fi
	rmdir "$cg"
else
	test_skip 'in a cgroup allowed half a CPU (cpu.cfs_quota_us), one job and the share of one CPU' \
		'no cgroup v1 cpu controller that this user can make a child in'
fi
[ -z "$cgm" ] || rmdir "$cgm"

test_expect_success 'no key holds the tuning: with a shared cache, the other setting runs no action' '
	unset MIPSBAKE_NO_CACHE &&
	export MIPSBAKE_ACTION_CACHE="$TRASH/store" &&
	mipsbake -B c1 -j2 proj/gc.yaml >c1.log 2>&1 &&
	MIPSBAKE_GO_MEMLIMIT=off mipsbake -B c2 -j2 proj/gc.yaml >c2.log 2>&1 &&
	grep "^gotune =\$" c2/build.ninja &&
	misses=$(count_lines "^miss " c1/.mipsbake-cache.log) && test "$misses" -gt 40 &&
	test "$(count_lines "^miss " c2/.mipsbake-cache.log)" = 0 &&
	test "$(count_lines "^hit local " c2/.mipsbake-cache.log)" = "$misses" &&
	sums c1 >c1.sums && sums c2 >c2.sums && test_cmp c1.sums c2.sums &&
	test_cmp tuned.sums c1.sums
'

test_done
