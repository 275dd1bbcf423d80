# tests/lib.sh: sourced by every tests/tNNNN-*.sh script.
#
#   test_expect_success 'what it shows' '
#           mipsbake gen x.yaml &&
#           test_cmp expect actual
#   '
#
# Each body runs in a subshell with 'set -e' in the script's scratch directory
# ($TRASH, emptied first). 'ok N - what' or 'not ok N - what' is printed per step,
# with the step's output on failure; test_done prints the script's counts.

set -u
TESTS_DIR=$(cd "$(dirname "$0")" && pwd)
SRC_DIR=$(dirname "$TESTS_DIR")
# the binary under test: bin/mipsbake, or another build of it (make check-asan)
MB=${MIPSBAKE_BIN:-$SRC_DIR/bin/mipsbake}
T_NAME=$(basename "$0" .sh)
TRASH="$TESTS_DIR/out/$T_NAME"
T_N=0
T_PASS=0
T_FAIL=0
T_SKIP=0
VERBOSE=${VERBOSE:-}

rm -rf "$TRASH"
mkdir -p "$TRASH"
cd "$TRASH" || exit 1
# a stable environment: the tests compare messages
LC_ALL=C
export LC_ALL
unset MIPSBAKE_CACHE GOFLAGS GOPATH GO111MODULE 2>/dev/null || true
# no action cache: the tests count and provoke compiles, which cached outputs from another
# test would skip; the cache's tests turn it on with a store of their own
unset MIPSBAKE_ACTION_CACHE MIPSBAKE_REMOTE_CACHE MIPSBAKE_REMOTE_CACHE_HEADER 2>/dev/null || true
MIPSBAKE_NO_CACHE=1
export MIPSBAKE_NO_CACHE
# and so gc's standard library through one go list -export step, which go's GOCACHE keeps
# for the whole suite: per package, every fresh build directory would compile it again
# (t0506 and the cache's tests build it per package, the default)
MIPSBAKE_GC_STD=go-list
export MIPSBAKE_GC_STD

# run the mipsbake under test (under valgrind when MIPSBAKE_VALGRIND=1)
mipsbake() {
	if [ "${MIPSBAKE_VALGRIND:-}" = 1 ]; then
		valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
			"$MB" "$@"
	else
		"$MB" "$@"
	fi
}

# say a step passed or failed: test_result rc 'what' log
test_result() {
	T_N=$((T_N + 1))
	if [ "$1" = 0 ]; then
		T_PASS=$((T_PASS + 1))
		echo "ok $T_N - $2"
		[ -n "$VERBOSE" ] && sed 's/^/#   /' "$3"
	else
		T_FAIL=$((T_FAIL + 1))
		echo "not ok $T_N - $2"
		sed 's/^/#   /' "$3" | tail -n 60
	fi
	return 0
}

# test_expect_success 'what' 'body'
test_expect_success() {
	_log="$TRASH/.step.log"
	( set -e; eval "$2" ) >"$_log" 2>&1 </dev/null
	test_result $? "$1" "$_log"
}

# test_expect_code CODE 'what' 'body': the body's last command must exit with CODE
test_expect_code() {
	_log="$TRASH/.step.log"
	( eval "$3" ) >"$_log" 2>&1 </dev/null
	_rc=$?
	if [ "$_rc" = "$1" ]; then
		test_result 0 "$2" "$_log"
	else
		echo "exit code $_rc, expected $1" >>"$_log"
		test_result 1 "$2" "$_log"
	fi
}

# test_skip 'what' 'why': a step that cannot run here, counted as skipped
test_skip() {
	T_N=$((T_N + 1))
	T_SKIP=$((T_SKIP + 1))
	echo "ok $T_N - $1 # SKIP $2"
}

# test_cmp expect actual: compare, showing a diff when they differ
test_cmp() {
	diff -u "$1" "$2"
}

# test_must_fail cmd...: cmd must exit non-zero without being killed by a signal
test_must_fail() {
	set +e
	"$@"
	_rc=$?
	set -e
	if [ "$_rc" = 0 ]; then
		echo "test_must_fail: '$*' succeeded" >&2
		return 1
	elif [ "$_rc" -gt 128 ] && [ "$_rc" != 132 ]; then
		echo "test_must_fail: '$*' died with status $_rc" >&2
		return 1
	fi
	return 0
}

# count_lines pattern file: how many lines of file match the extended regex
count_lines() {
	grep -cE "$1" "$2" || true
}

# hello_project DIR MANIFEST BOARD... [-- LINE...]: a copy of the bundled example in DIR (made
# once) and DIR/MANIFEST building its hello target with Debian's gccgo for the generic BOARDs;
# each LINE after -- is added to the target ("    strip: true")
hello_project() {
	_d=$1 _m=$2
	shift 2
	[ -d "$_d" ] || cp -R "$SRC_DIR/manifests/examples/hello" "$_d" || return 1
	_b=$1
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do _b="$_b, $1"; shift; done
	[ $# -gt 0 ] && shift
	{
		printf 'mipsbake: 1\nmodule: example.com/hello\n'
		printf 'include: [toolchains/debian-gccgo.yaml, boards/generic.yaml]\n'
		printf 'dependencies:\n  example.com/fmtbox:\n    path: third_party/fmtbox\n'
		printf 'targets:\n  hello:\n    main: ./cmd/hello\n    boards: [%s]\n' "$_b"
		for _l; do printf '%s\n' "$_l"; done
	} >"$_d/$_m"
}

# gc_manifest FILE MODULE: a manifest for MODULE building its ./cmd/app (target app) with
# gc for one board, le (mipsle, GOMIPS=softfloat)
gc_manifest() {
	printf 'mipsbake: 1\nmodule: %s\ntoolchains:\n  go: {compiler: gc}\nboards:\n' "$2" >"$1" &&
	printf '  le: {goarch: mipsle, gomips: softfloat, toolchain: go}\n' >>"$1" &&
	printf 'targets:\n  app: {main: ./cmd/app, boards: [le]}\n' >>"$1"
}

# cfgdir BUILDDIR CONFIGURATION: the short name of the directories of a configuration's
# outputs (BUILDDIR/cfg/<dir>.ninja, pkg/<dir>/, exp/<dir>/, std/<dir>/), from configs.txt;
# a CONFIGURATION ending in '+' names the one whose name starts with it
cfgdir() {
	awk -v c="$2" '!/^#/ && ($2 == c || (c ~ /[+]$/ && index($2, c) == 1)) { print $1 }' "$1/configs.txt"
}
# cfgnames BUILDDIR: the names of the configurations of BUILDDIR, sorted
cfgnames() {
	awk '!/^#/ { print $2 }' "$1/configs.txt" | sort
}

# have cmd...: 1 if every named command is on PATH
have() {
	for _c; do command -v "$_c" >/dev/null 2>&1 || return 1; done
	return 0
}

test_done() {
	echo "# $T_NAME: $T_PASS passed, $T_FAIL failed, $T_SKIP skipped"
	[ "$T_FAIL" = 0 ]
	exit $?
}
