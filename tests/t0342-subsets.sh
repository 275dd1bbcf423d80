#!/bin/sh
# Subsets and the command line a user meets every day: TARGET[/BOARD][/TOOLCHAIN] operands,
# --board and --target build and check only what they name; a board over its budget stops
# no test or run of another; -k keeps going; a dry run after an edit shows the compiles;
# usage errors are one line and exit 2; every command has its own --help.
. "$(dirname "$0")/lib.sh"

if ! have go qemu-mipsel-static; then
	test_skip 'subsets' 'go or qemu-user-static is missing'
	test_done
fi

cp -R "$SRC_DIR/manifests/examples/hello" hello
mkdir -p hello/cmd/other hello/cmd/broken
printf 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("other") }\n' >hello/cmd/other/main.go
printf 'package main\n\nfunc main() { undefined() }\n' >hello/cmd/broken/main.go
cat >hello/sub.yaml <<'EOF'
mipsbake: 1
module: example.com/hello
include: [toolchains/debian-go.yaml]
boards:
  roomy: {goarch: mipsle, gomips: softfloat, tmpfs: 64MiB, toolchain: debian-go, cpu: 24Kc}
  tiny: {goarch: mipsle, gomips: softfloat, tmpfs: 512KiB, toolchain: debian-go, cpu: 24Kc}
dependencies:
  example.com/fmtbox: {path: third_party/fmtbox}
targets:
  hello:
    main: ./cmd/hello
    boards: [roomy, tiny]
    test:
      - args: [world]
        expect: '^hello, world from mipsle \(gc\)'
  other:
    main: ./cmd/other
    boards: [roomy]
    test:
      - {expect: '^other$'}
EOF
sed -e '/^  other:/i\  broken: {main: ./cmd/broken, boards: [roomy]}' hello/sub.yaml >hello/broken.yaml

# the binaries the build directory holds, one per line: target/board/toolchain
built() {
	(cd "$1/out" 2>/dev/null && find . -type f | sed 's|^\./||; s|/[^/]*$||' | sort)
}

test_expect_success 'TARGET/BOARD builds that variant and nothing else' '
	mipsbake -B s -j2 hello/sub.yaml hello/roomy >out 2>err &&
	echo hello/roomy/debian-go >expect &&
	built s >actual &&
	test_cmp expect actual &&
	! grep -q "over budget" err
'

test_expect_success 'the variant named again has nothing to do; the size check covers it alone' '
	mipsbake -B s -j2 hello/sub.yaml hello/roomy >out 2>err &&
	grep -q "no work to do" out &&
	test_cmp /dev/null err
'

test_expect_success '--board builds every target of that board' '
	mipsbake -B s -j2 --board roomy hello/sub.yaml >out 2>err &&
	printf "hello/roomy/debian-go\nother/roomy/debian-go\n" >expect &&
	built s >actual &&
	test_cmp expect actual
'

test_expect_success 'a variant over its budget fails alone, named' '
	test_must_fail mipsbake -B s -j2 hello/sub.yaml /tiny >out 2>err &&
	grep -q "^mipsbake: error: hello/tiny/debian-go: binary .* over budget$" err &&
	test $(grep -c "over budget" err) = 1
'

test_expect_success 'sizes TARGET prints that target'"'"'s rows only' '
	mipsbake -B s sizes hello/sub.yaml other >out 2>err &&
	grep -q "^other/roomy/debian-go " out &&
	! grep -q "^hello/" out
'

test_expect_success 'test runs every board though one is over budget, and fails' '
	test_must_fail mipsbake -B s -j2 test hello/sub.yaml >out 2>err &&
	grep -q "^mipsbake: error: hello/tiny/debian-go: .* over budget$" err &&
	grep -qE "^hello +roomy +debian-go .* 1 +pass " out &&
	grep -qE "^hello +tiny +debian-go .* 1 +pass " out &&
	grep -qE "^other +roomy +debian-go .* 1 +pass " out
'

test_expect_success 'test --target runs only that target'"'"'s smoke tests' '
	mipsbake -B s test --target other hello/sub.yaml >out 2>err &&
	grep -qE "^other +roomy +debian-go .* 1 +pass " out &&
	! grep -q "^hello " out
'

test_expect_success 'run BOARD TARGET > out: only the program'"'"'s output, another board over budget' '
	mipsbake -B s run roomy hello hello/sub.yaml -- world >out 2>err &&
	qemu-mipsel-static -cpu 24Kc s/out/hello/roomy/debian-go/hello world >expect &&
	grep -q "^hello, world from mipsle (gc)$" expect &&
	test_cmp expect out
'

test_expect_success 'names the manifest lacks are errors that list what it has' '
	test_must_fail mipsbake -B s hello/sub.yaml hello/nosuch 2>err &&
	echo "mipsbake: error: hello/nosuch: no board '"'"'nosuch'"'"' in this manifest (boards: roomy, tiny)" >expect &&
	test_cmp expect err &&
	test_must_fail mipsbake -B s hello/sub.yaml nosuch 2>err &&
	echo "mipsbake: error: nosuch: no target '"'"'nosuch'"'"' in this manifest (targets: hello, other)" >expect &&
	test_cmp expect err &&
	test_must_fail mipsbake -B s --board nosuch hello/sub.yaml 2>err &&
	echo "mipsbake: error: --board: no board '"'"'nosuch'"'"' in this manifest (boards: roomy, tiny)" >expect &&
	test_cmp expect err &&
	test_must_fail mipsbake -B s --target other hello/sub.yaml /tiny 2>err &&
	echo "mipsbake: error: the variants named and --board/--target have none in common" >expect &&
	test_cmp expect err
'

test_expect_success '-k 0 builds what it can past a failing compile' '
	test_must_fail mipsbake -B k -j1 -k 0 --board roomy hello/broken.yaml >out 2>&1 &&
	grep -q "undefined" out &&
	printf "hello/roomy/debian-go\nother/roomy/debian-go\n" >expect &&
	built k >actual &&
	test_cmp expect actual
'

test_expect_success 'a dry run after an edit shows the compiles, once Ninja has regenerated before' '
	sed "s/boards: \[roomy, tiny\]/boards: [roomy]/" hello/sub.yaml >hello/roomy.yaml &&
	mipsbake -B d -j2 hello/roomy.yaml >/dev/null 2>&1 &&
	sed -i "1i // one: an edit of the header, which regenerates" hello/cmd/other/main.go &&
	mipsbake -B d -j2 hello/roomy.yaml >out 2>&1 &&
	grep -q "regenerating build.ninja" out &&
	echo "// two" >>hello/cmd/other/main.go &&
	before=$(ls -l --time-style=+%s.%N d/out/other/roomy/debian-go/other) &&
	mipsbake -B d -n hello/roomy.yaml >out 2>&1 &&
	grep -q "compile .*-p main .*cmd/other/main.go" out &&
	grep -q "link .*-o out/other/roomy/debian-go/other" out &&
	test "$before" = "$(ls -l --time-style=+%s.%N d/out/other/roomy/debian-go/other)" &&
	mipsbake -B d -n hello/roomy.yaml >out2 2>&1 &&
	grep -q "compile .*-p main .*cmd/other/main.go" out2
'

test_expect_success 'validate plans: a relative main without module:, a board no toolchain fits, a missing main' '
	mkdir -p val && printf "package main\n\nfunc main() {}\n" >val/main.go &&
	printf "package lib\n" >val/lib.go.txt &&
	mkdir -p val/lib && printf "package lib\n" >val/lib/lib.go &&
	cat >val/nomodule.yaml <<-EOF &&
	mipsbake: 1
	include: [toolchains/debian-go.yaml]
	boards:
	  b: {goarch: mipsle, gomips: softfloat, toolchain: debian-go}
	targets:
	  app: {main: ., boards: [b]}
	EOF
	test_must_fail mipsbake validate val/nomodule.yaml 2>err &&
	echo "val/nomodule.yaml:6:15: error: main '"'"'.'"'"' is relative, so the manifest needs '"'"'module:'"'"' (the import path of '"'"'$TRASH/val'"'"')" >expect &&
	test_cmp expect err &&
	cat >val/plan.yaml <<-EOF &&
	mipsbake: 1
	module: example.com/val
	include: [toolchains/debian-gccgo.yaml]
	boards:
	  be: {goarch: mips, toolchain: debian-gccgo-mipsle}
	  le: {goarch: mipsle, toolchain: debian-gccgo-mipsle}
	targets:
	  app: {main: ., boards: [be]}
	  gone: {main: ./gone, boards: [le]}
	  lib: {main: ./lib, boards: [le]}
	EOF
	test_must_fail mipsbake validate val/plan.yaml 2>err &&
	grep -q "^val/plan.yaml:5:3: error: board '"'"'be'"'"' is goarch mips, but gccgo toolchain '"'"'debian-gccgo-mipsle'"'"' compiles for mipsle" err &&
	grep -q "^val/plan.yaml:9:16: error: main '"'"'./gone'"'"': no directory '"'"'$TRASH/val/gone'"'"' in module '"'"'example.com/val'"'"'$" err &&
	grep -q "^val/plan.yaml:10:15: error: main '"'"'./lib'"'"' is package '"'"'lib'"'"', not a command (package main)$" err &&
	test ! -e build
'

test_expect_success 'a binary copied elsewhere lists every place it searched for an include' '
	mkdir -p elsewhere/bin && cp "$MB" elsewhere/bin/mipsbake &&
	printf "mipsbake: 1\ninclude: [boards/nosuch.yaml]\n" >val/inc.yaml &&
	test_must_fail elsewhere/bin/mipsbake validate val/inc.yaml 2>err &&
	cat err &&
	grep -q "'"'"'$TRASH/elsewhere/share/mipsbake/manifests'"'"'" err &&
	grep -q "'"'"'$TRASH/elsewhere/manifests'"'"'" err &&
	grep -q "'"'"'$TRASH/elsewhere/toolchains'"'"'" err &&
	grep -q "^val/inc.yaml:2:11: error: include '"'"'boards/nosuch.yaml'"'"' not found; searched '"'"'val'"'"', " err
'

test_expect_success 'a stray file regenerates nothing; a Go file added or a file an embed reads does' '
	mkdir -p hello/cmd/emb/assets && echo one >hello/cmd/emb/assets/a.txt &&
	printf "package main\n\nimport (\n\t\"embed\"\n\t\"fmt\"\n)\n\n//go:embed assets\nvar assets embed.FS\n\nfunc main() { e, _ := assets.ReadDir(\"assets\"); fmt.Println(len(e)) }\n" >hello/cmd/emb/main.go &&
	sed "/^  other:/i\  emb: {main: ./cmd/emb, boards: [roomy]}" hello/roomy.yaml >hello/emb.yaml &&
	mipsbake -B e -j2 hello/emb.yaml >out 2>&1 &&
	mipsbake -B e hello/emb.yaml >out 2>&1 && grep -q "no work to do" out &&
	echo log >hello/cmd/other/build.log && echo x >hello/cmd/other/.main.go.swp &&
	mipsbake -B e hello/emb.yaml >out 2>&1 &&
	! grep -q "regenerating" out &&
	echo "package main" >hello/cmd/other/extra.go &&
	mipsbake -B e hello/emb.yaml >out 2>&1 &&
	grep -q "regenerating build.ninja" out &&
	rm hello/cmd/other/extra.go && mipsbake -B e hello/emb.yaml >out 2>&1 &&
	grep -q "regenerating build.ninja" out &&
	echo two >hello/cmd/emb/assets/b.log &&
	mipsbake -B e -j2 hello/emb.yaml >out 2>&1 &&
	grep -q "regenerating build.ninja" out &&
	qemu-mipsel-static -cpu 24Kc e/out/emb/roomy/debian-go/emb >run.out &&
	echo 2 >expect && test_cmp expect run.out
'

test_expect_code 2 'an unknown option: one line naming it and the way to the help' '
	mipsbake build --bogus hello/sub.yaml 2>err
	rc=$?
	echo "mipsbake: error: unknown option '"'"'--bogus'"'"' (see '"'"'mipsbake build --help'"'"')" >expect &&
	test_cmp expect err || exit 1
	exit $rc
'

test_expect_code 2 'an option the command does not take is a usage error' '
	mipsbake gen --json hello/sub.yaml 2>err
	rc=$?
	echo "mipsbake: error: '"'"'gen'"'"' does not take --json (those that do: sizes, test) (see '"'"'mipsbake gen --help'"'"')" >expect &&
	test_cmp expect err || exit 1
	exit $rc
'

test_expect_code 2 'a word that is neither a command nor a manifest says so' '
	mipsbake frobnicate 2>err
	rc=$?
	echo "mipsbake: error: unknown command or missing manifest '"'"'frobnicate'"'"' (see '"'"'mipsbake --help'"'"')" >expect &&
	test_cmp expect err || exit 1
	exit $rc
'

test_expect_success 'every command has its own --help, on stdout, exit 0' '
	for c in build gen fetch deps validate sizes test run release verify; do
		mipsbake $c --help >out 2>err || { echo "$c --help failed"; exit 1; }
		head -1 out | grep -q "^usage: mipsbake $c \[options\]" || { echo "$c:"; cat out; exit 1; }
		test_cmp /dev/null err || exit 1
	done &&
	mipsbake test --help >out &&
	grep -q "^  --junit FILE " out &&
	! grep -q "^  --dist " out &&
	mipsbake --help >out &&
	grep -q "^  verify " out
'

test_expect_success 'every other command: --help on stdout with exit 0, a bad option one line and 2' '
	for c in files gc-std sizes-check boards gomod modhash modver modsrc vendorcheck goimport \
		 cgoflags testmain init patches dirlist diag-paths act; do
		mipsbake $c --help >out 2>err || { echo "$c --help failed"; exit 1; }
		head -1 out | grep -q "^usage: mipsbake $c" || { echo "$c:"; cat out; exit 1; }
		test_cmp /dev/null err || exit 1
		rc=0 && mipsbake $c --bogus >out 2>err || rc=$?
		test $rc = 2 || { echo "$c --bogus: not 2"; exit 1; }
		echo "mipsbake: error: $c: unknown option '"'"'--bogus'"'"' (see '"'"'mipsbake $c --help'"'"')" >expect
		test $c != sizes-check || echo "mipsbake: error: $c: expected BUILDDIR (see '"'"'mipsbake $c --help'"'"')" >expect
		test $c != act || echo "mipsbake: error: $c: expected '"'"'get'"'"' or '"'"'put'"'"', the file of the actions'"'"' descriptions and an action'"'"'s key (see '"'"'mipsbake $c --help'"'"')" >expect
		test_cmp expect err || exit 1
	done
'

test_done
