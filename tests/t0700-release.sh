#!/bin/sh
# mipsbake release and verify on the bundled example in a git repository: the version and
# date come from git, a dirty tree is refused (or marked with --allow-dirty), the stamped
# values are what the binaries print under qemu with both compilers, SHA256SUMS checks with
# sha256sum -c, and verify passes, then fails and points at an injected __TIMESTAMP__.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/lib-git.sh"

if ! have git; then
	test_skip 'release' 'git is missing'
	test_done
fi

EPOCH=1714979289 # 2024-05-06T07:08:09Z, the commit time below
mkdir proj
cp -R "$SRC_DIR/manifests/examples/hello/." proj/
# the example's gccgo target, and the same program with gc
sed 's|  - boards/generic.yaml |  - toolchains/debian-go.yaml\n  - boards/generic.yaml |' \
	"$SRC_DIR/manifests/examples/hello/hello.yaml" >proj/hello.yaml
cat >>proj/hello.yaml <<'YAML'
  hello-gc:
    main: ./cmd/hello
    boards: [generic-mips, generic-mipsle, generic-mips64, generic-mips64le]
    toolchains: [debian-go]
    stamp: {main.version: version, main.commit: commit, main.date: date}
YAML
printf 'build/\ndist/\n' >proj/.gitignore
(cd proj && T_DATE=2024-05-06T07:08:09Z tgit init -q && tgit add -A &&
	T_DATE=2024-05-06T07:08:09Z tgit commit -q -m example &&
	T_DATE=2024-05-06T07:08:09Z tgit tag -a -m v1.2.0 v1.2.0)
COMMIT=$(cd proj && tgit rev-parse HEAD)
SHORT=$(echo "$COMMIT" | cut -c1-12)

run_arch() { # arch binary args...
	a=$1 b=$2
	shift 2
	case $a in
	mips) qemu-mips-static -cpu 74Kf "$b" "$@" ;; mipsle) qemu-mipsel-static -cpu 74Kf "$b" "$@" ;;
	mips64) qemu-mips64-static -cpu MIPS64R2-generic "$b" "$@" ;;
	mips64le) qemu-mips64el-static -cpu MIPS64R2-generic "$b" "$@" ;;
	esac
}

test_expect_success 'release: eight binaries named by target, version, GOARCH, GOMIPS and compiler' '
	(cd proj && mipsbake -j2 release hello.yaml) >release.log 2>&1 || { tail -n 20 release.log; false; }
	grep "^release v1.2.0 (commit $SHORT, SOURCE_DATE_EPOCH=$EPOCH): 10 files in " release.log &&
	(cd proj/dist && ls) >names &&
	cat >expect <<-EOF &&
	SHA256SUMS
	hello-gc_v1.2.0_linux_mips64_hardfloat_gc
	hello-gc_v1.2.0_linux_mips64le_hardfloat_gc
	hello-gc_v1.2.0_linux_mips_hardfloat_gc
	hello-gc_v1.2.0_linux_mipsle_hardfloat_gc
	hello_v1.2.0_linux_mips64_hardfloat_gccgo
	hello_v1.2.0_linux_mips64le_hardfloat_gccgo
	hello_v1.2.0_linux_mips_hardfloat_gccgo
	hello_v1.2.0_linux_mipsle_hardfloat_gccgo
	provenance.yaml
	EOF
	test_cmp expect names
'

test_expect_success 'SHA256SUMS checks with sha256sum -c and covers every other file' '
	(cd proj/dist && sha256sum -c SHA256SUMS) >check.log &&
	test $(grep -c ": OK$" check.log) = 9
'

test_expect_success 'every binary prints the stamped version, commit and date under qemu' '
	for a in mips mipsle mips64 mips64le; do
		for c in gccgo gc; do
			n=hello_v1.2.0_linux_${a}_hardfloat_$c
			[ $c = gc ] && n=hello-gc_v1.2.0_linux_${a}_hardfloat_gc
			run_arch $a proj/dist/$n -version >out.$a.$c
			echo "hello v1.2.0 (commit $COMMIT, built 2024-05-06T07:08:09Z)" >expect
			test_cmp expect out.$a.$c
		done
	done
'

test_expect_success 'a plain build leaves the stamped variables at their source values' '
	(cd proj && mipsbake -j2 hello.yaml) >build.log 2>&1 &&
	run_arch mipsle proj/build/out/hello/generic-mipsle/debian-gccgo-mipsle/hello -version >out &&
	echo "hello devel (commit none, built unknown)" >expect &&
	test_cmp expect out
'

test_expect_success 'the provenance records the commit, lock, toolchains, flags and no local path' '
	p=proj/dist/provenance.yaml &&
	grep -q "^commit: .$COMMIT.$" $p &&
	grep -q "^source_date_epoch: $EPOCH$" $p &&
	grep -q "^dirty: false$" $p &&
	grep -q "^- file: .hello.yaml.$" $p &&
	grep -q "identity: .mipsel-linux-gnu-gccgo (Debian" $p &&
	grep -q "identity: .go version go1" $p &&
	grep -q "ffile-prefix-map=src/<source root>=<its import path>" $p &&
	grep -q "then objcopy -R .go_export into the archive" $p &&
	grep -q "main.version=v1.2.0" $p &&
	! grep -n "$TRASH" $p
'

test_expect_success 'a second release replaces the dist it wrote' '
	(cd proj && mipsbake -j2 release hello.yaml) >again.log 2>&1 &&
	(cd proj/dist && sha256sum -c SHA256SUMS) >/dev/null
'

test_expect_code 1 'a dist directory the release did not write is not touched' '
	mkdir -p proj/mine && echo keep >proj/mine/file &&
	(cd proj && mipsbake -j2 release --dist mine hello.yaml) >mine.log 2>&1
	rc=$?
	cat mine.log
	grep -q "error: .*/mine. exists and is not a release mipsbake wrote" mine.log || exit 99
	test "$(cat proj/mine/file)" = keep || exit 98
	exit $rc
'

test_expect_code 1 'release refuses a dirty work tree and lists what is dirty' '
	rm -rf proj/mine &&
	echo "// local change" >>proj/cmd/hello/main.go &&
	echo scratch >proj/notes.txt &&
	(cd proj && mipsbake -j2 release hello.yaml) >dirty.log 2>&1
	rc=$?
	cat dirty.log
	grep -q "has changes that are not committed:" dirty.log || exit 99
	grep -q "^  cmd/hello/main.go$" dirty.log || exit 98
	grep -q "^  notes.txt$" dirty.log || exit 97
	grep -q -- "--allow-dirty" dirty.log || exit 96
	exit $rc
'

test_expect_success '--allow-dirty builds it and the version says so' '
	(cd proj && mipsbake -j2 release --allow-dirty hello.yaml) >allow.log 2>&1 &&
	grep -q "^release v1.2.0-dirty " allow.log &&
	run_arch mips proj/dist/hello_v1.2.0-dirty_linux_mips_hardfloat_gccgo -version >out &&
	grep "^hello v1.2.0-dirty (commit $COMMIT, " out &&
	grep -q "^dirty: true$" proj/dist/provenance.yaml
'

test_expect_success 'SOURCE_DATE_EPOCH overrides the commit time' '
	(cd proj && git checkout -q -- cmd/hello/main.go && rm notes.txt &&
	 SOURCE_DATE_EPOCH=1000000000 mipsbake -j2 release hello.yaml) >sde.log 2>&1 &&
	run_arch mips64le proj/dist/hello-gc_v1.2.0_linux_mips64le_hardfloat_gc -version >out &&
	echo "hello v1.2.0 (commit $COMMIT, built 2001-09-09T01:46:40Z)" >expect &&
	test_cmp expect out
'

test_expect_code 1 'a SOURCE_DATE_EPOCH that is no number is an error' '
	(cd proj && SOURCE_DATE_EPOCH=yesterday mipsbake release hello.yaml) >bad.log 2>&1
	rc=$?
	cat bad.log
	grep -q "SOURCE_DATE_EPOCH=.yesterday. is not a number of seconds" bad.log || exit 99
	exit $rc
'

test_expect_success 'without a tag the version is the abbreviated commit' '
	(cd proj && tgit tag -d v1.2.0 >/dev/null && mipsbake -j2 release hello.yaml) >untagged.log 2>&1
	rc=$?
	(cd proj && T_DATE=2024-05-06T07:08:09Z tgit tag -a -m v1.2.0 v1.2.0) &&
	test $rc = 0 &&
	grep -q "^release $(echo "$COMMIT" | cut -c1-7) " untagged.log
'

test_expect_success 'verify: two builds at other paths, umasks, TZ and locales are identical' '
	(cd proj && mipsbake -j2 verify hello.yaml) >verify.log 2>&1 || { cat verify.log; false; }
	grep -q "umask 022, TZ=UTC0" verify.log &&
	grep -q "umask 077, TZ=<+14>-14" verify.log &&
	grep -q "^verify: reproducible: 10 files identical" verify.log &&
	test ! -d proj/build/verify
'

test_expect_code 1 'verify fails and points at a C file that embeds __TIMESTAMP__' '
	printf "const char fmtbox_built[] = \"built \" __TIMESTAMP__;\n" >proj/third_party/fmtbox/when.c &&
	(cd proj && tgit add -A && tgit commit -q -m "build time in a C file") &&
	(cd proj && mipsbake -j2 verify hello.yaml) >nondet.log 2>&1
	rc=$?
	grep "^verify:" nondet.log
	grep -q "^verify: hello_v1.2.0-1-g[0-9a-f]*_linux_mipsle_hardfloat_gccgo: differs at offset .*the first other difference is at offset [0-9]* (0x[0-9a-f]*), in section .rodata;" nondet.log || exit 99
	grep -q "^verify: hello-gc_" nondet.log && exit 98
	grep -q "error: verify: 6 of 10 files differ; both builds are kept in" nondet.log || exit 97
	test -d proj/build/verify/second-build/dist || exit 96
	exit $rc
'

test_expect_code 1 'verify refuses a dirty tree: the clones would not have the changes' '
	echo "// local" >>proj/internal/greet/greet.go &&
	(cd proj && mipsbake verify hello.yaml) >vdirty.log 2>&1
	rc=$?
	cat vdirty.log
	grep -q "^  internal/greet/greet.go$" vdirty.log || exit 99
	grep -q "commit them first" vdirty.log || exit 98
	exit $rc
'

test_expect_success 'release && verify: both leave the build and dist directories out, ignored or not' '
	tgit -C proj checkout -q -- internal/greet/greet.go &&
	tgit -C proj rm -q third_party/fmtbox/when.c &&
	printf "" >proj/.gitignore &&
	(cd proj && tgit commit -q -am "no ignores, no build time" &&
	 mipsbake -j2 release hello.yaml && mipsbake -j2 verify hello.yaml) >rv.log 2>&1 ||
		{ tail -n 20 rv.log; false; }
	grep -q "^verify: reproducible: " rv.log &&
	! grep -q "not committed" rv.log
'

test_expect_code 2 '--allow-dirty and --dist belong to release' '
	mipsbake verify --allow-dirty proj/hello.yaml >usage.log 2>&1
	rc=$?
	mipsbake build --dist x proj/hello.yaml >>usage.log 2>&1 && exit 98
	cat usage.log
	grep -q "^mipsbake: error: .verify. does not take --allow-dirty (the one that does: release) (see .mipsbake verify --help.)$" usage.log || exit 99
	grep -q "^mipsbake: error: .build. does not take --dist (those that do: release, verify) (see .mipsbake build --help.)$" usage.log || exit 97
	exit $rc
'

test_expect_code 1 'a release needs a git work tree' '
	mkdir nogit && cp -R "$SRC_DIR/manifests/examples/hello/." nogit/ &&
	(cd nogit && GIT_CEILING_DIRECTORIES=$TRASH mipsbake release hello.yaml) >nogit.log 2>&1
	rc=$?
	cat nogit.log
	grep -q "is not in a git work tree" nogit.log || exit 99
	exit $rc
'

# planning errors of define: and stamp:, and a define of a non-main package with gccgo
mkdir -p vars/cmd/a vars/cmd/b vars/lib
cat >vars/cmd/a/main.go <<'EOF'
package main

import (
	"fmt"

	"example.com/vars/lib"
)

var version = "devel"

func main() { fmt.Println(version, lib.Name, lib.Echo) }
EOF
cat >vars/cmd/b/main.go <<'EOF'
package main

import (
	"fmt"

	"example.com/vars/lib"
)

func main() { fmt.Println(lib.Name) }
EOF
cat >vars/lib/lib.go <<'EOF'
package lib

var Name = "plain"

// Echo is initialized after Name is set, so it shows the set value
var Echo = "<" + Name + ">"
EOF
vars_manifest() { # lines for target a, lines for target b
	cat <<YAML
mipsbake: 1
module: example.com/vars
include: [toolchains/debian-gccgo.yaml, boards/generic.yaml]
targets:
  a:
    main: ./cmd/a
    boards: [generic-mipsle]
$1
  b:
    main: ./cmd/b
    boards: [generic-mipsle]
$2
YAML
}
SET='    define: {example.com/vars/lib.Name: "it'"'"'s \\ \"set\""}'
vars_manifest "$SET" "$SET" >vars/ok.yaml
vars_manifest "    define: {example.com/vars/lib.Name: one}" "    define: {example.com/vars/lib.Name: two}" \
	>vars/clash.yaml
vars_manifest "    define: {fmt.Name: x, main.version: y}" "    define: {main.version: z}" >vars/bad.yaml
vars_manifest "    define: {main.version: y}" "    stamp: {example.com/vars/lib.Name: date}
    define: {example.com/vars/lib.Name: z}" >vars/both.yaml

test_expect_success 'gccgo sets a define in a dependency package, before its initializers use it' '
	mipsbake -B vars/build -j2 vars/ok.yaml >ok.log 2>&1 &&
	qemu-mipsel-static -cpu 74Kf vars/build/out/a/generic-mipsle/debian-gccgo-mipsle/a >out &&
	cat >expect <<-\EOF &&
	devel it'"'"'s \ "set" <it'"'"'s \ "set">
	EOF
	test_cmp expect out
'

test_expect_code 1 'gccgo: targets that set a shared package differently are an error' '
	mipsbake -B vars/build gen vars/clash.yaml >clash.log 2>&1
	rc=$?
	cat clash.log
	grep -q "^vars/clash.yaml:9:3: error: target .a. and target .b. set different variables of package .example.com/vars/lib.; with gccgo (configuration .debian-gccgo-mipsle-mipsle-hardfloat.) the package is compiled once for both$" clash.log || exit 99
	grep -q "^vars/clash.yaml:5:3: note: target .a. is defined here$" clash.log || exit 98
	exit $rc
'

test_expect_code 1 'a variable outside the target s packages' '
	mipsbake -B vars/build gen vars/bad.yaml >bad.log 2>&1
	rc=$?
	cat bad.log
	grep -q "error: target .a. sets .fmt.Name., but package .fmt. is not one of the target.s packages" bad.log || exit 99
	exit $rc
'

test_expect_success 'a variable both defined and stamped is a manifest error, found by validate' '
	test_must_fail mipsbake validate vars/both.yaml 2>err &&
	cat >expect <<-\EOF &&
	vars/both.yaml:12:13: error: target '"'"'b'"'"': '"'"'example.com/vars/lib.Name'"'"' is both in '"'"'define'"'"' and in '"'"'stamp'"'"'; expected one of them
	vars/both.yaml:13:14: note: '"'"'example.com/vars/lib.Name'"'"' is defined here
	EOF
	test_cmp expect err
'

test_done
