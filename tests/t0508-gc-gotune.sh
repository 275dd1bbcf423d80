#!/bin/sh
# How the Go tools collect garbage: GOGC=off with a soft GOMEMLIMIT of this machine's memory
# shared among its CPUs, halved, at most 2 GiB ("gotune" in build.ninja); every compile and
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

# tune_for BYTES: the line gc_rules writes for a machine of BYTES of memory: BYTES / 2 / CPUs
# in MiB, none under 512, at most 2048
ncpu=$(getconf _NPROCESSORS_ONLN)
tune_for() {
	_share=$(($1 / 2 / ncpu / 1048576))
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

# a child of this shell's cgroup v1 memory controller, where root can make one
cg=
p=$(awk -F: '$2 ~ /(^|,)memory(,|$)/ { print $3 }' /proc/self/cgroup 2>/dev/null)
if [ "$(id -u)" = 0 ] && [ -n "$p" ] && mkdir "/sys/fs/cgroup/memory$p/mipsbake-$T_NAME-$$" 2>/dev/null; then
	cg=/sys/fs/cgroup/memory$p/mipsbake-$T_NAME-$$
fi
if [ -n "$cg" ]; then
	test_expect_success 'in a cgroup with a 3 GiB memory limit, the share is of that limit' '
		limit=$((3 * 1073741824)) &&
		echo "$limit" >"$cg/memory.limit_in_bytes" &&
		sh -c "echo \$\$ >$cg/cgroup.procs && exec \"$MB\" gen -B cg proj/gc.yaml" >gen.log 2>&1 &&
		grep "^gotune =" cg/build.ninja >actual &&
		if [ "$phys" -lt "$limit" ]; then tune_for "$phys"; else tune_for "$limit"; fi >expect &&
		test_cmp expect actual
	'
	rmdir "$cg"
else
	test_skip 'in a cgroup with a 3 GiB memory limit, the share is of that limit' \
		'no cgroup v1 memory controller that this user can make a child in'
fi

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
