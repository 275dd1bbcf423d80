#!/bin/sh
# mipsbake init: a starting mipsbake.yaml for the Go module in the current directory, one
# target per main package (nested modules, testdata/, vendor/, hidden directories and
# symlinks left out) for boards of the library, that builds and passes its smoke tests with
# no edits; it never overwrites a manifest, and says what is wrong without go.mod or with an
# unknown board.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/lib-git.sh"

if ! have go qemu-mipsel-static qemu-mips64el-static; then
	test_skip 'mipsbake init' 'go or qemu-user-static is missing'
	test_done
fi

# the host's go, offline, with its caches in here
HOME=$TRASH/home GOCACHE=$TRASH/gocache GOPATH=$TRASH/gopath GOFLAGS=-mod=mod GOPROXY=off
export HOME GOCACHE GOPATH GOFLAGS GOPROXY
export MIPSBAKE_CACHE="$TRASH/cache"

# go_main dir text: a main package in dir printing text
go_main() {
	mkdir -p "$1"
	printf 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("%s") }\n' "$2" >"$1/main.go"
}

# the module of the first steps: two commands, a library, and main packages that are no
# part of it (a nested module, testdata/, vendor/, a hidden and an '_' directory, a symlink)
mkdir -p mod/internal/lib mod/cmd/tool mod/vendor
printf 'module example.com/tool\n\ngo 1.18\n' >mod/go.mod
cat >mod/cmd/tool/main.go <<\EOF
package main

import (
	"fmt"
	"os"

	"example.com/tool/internal/lib"
)

func main() { fmt.Println(lib.Greeting(), len(os.Args)-1) }
EOF
printf 'package lib\n\nfunc Greeting() string { return "tool: hello from the module" }\n' \
	>mod/internal/lib/lib.go
go_main mod/cmd/other "other"
go_main mod/nested/cmd/n "nested"
printf 'module example.com/tool/nested\n\ngo 1.18\n' >mod/nested/go.mod
go_main mod/testdata/x "testdata"
go_main mod/vendor/example.org/v "vendored"
: >mod/vendor/modules.txt
go_main mod/.hidden "hidden"
go_main mod/_skip "underscore"
ln -s other mod/cmd/link
cp -R mod fresh

test_expect_success 'init writes mipsbake.yaml with exactly the targets tool and other' '
	(cd mod && mipsbake init >../out 2>../err) &&
	echo "wrote '\''mipsbake.yaml'\'': 2 targets for board wt1520" >expect &&
	test_cmp expect out &&
	test_cmp /dev/null err &&
	grep "^  [^ #-]" mod/mipsbake.yaml >actual &&
	printf "  other:\n  tool:\n" >expect &&
	test_cmp expect actual &&
	grep "^    main:" mod/mipsbake.yaml >actual &&
	printf "    main: ./cmd/other\n    main: ./cmd/tool\n" >expect &&
	test_cmp expect actual &&
	test "$(grep -c "^    boards: \[wt1520\]\$" mod/mipsbake.yaml)" = 2 &&
	test "$(grep -c "^      - args: \[\]" mod/mipsbake.yaml)" = 2 &&
	(cd mod && mipsbake validate) &&
	cp mod/mipsbake.yaml written.yaml
'

test_expect_success 'and nothing else: no temporary file is left beside it' '
	ls -A mod >actual &&
	printf ".hidden\n_skip\ncmd\ngo.mod\ninternal\nmipsbake.yaml\nnested\ntestdata\nvendor\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'the manifest reads top to bottom: go.mod, boards, mirrors, targets, the man page' '
	m=mod/mipsbake.yaml &&
	grep -q "^mipsbake: 1\$" $m &&
	! grep -q "^module:" $m &&
	grep -q "go\.sum" $m && grep -q "modules it requires" $m &&
	grep -q "example.com/tool" $m &&
	grep -q "mipsbake boards" $m &&
	grep -q "^include:\$" $m && grep -q "^  - boards/wt1520.yaml\$" $m &&
	grep -q "^# mirrors:\$" $m && grep -q "^#   github.com/: https://" $m &&
	grep -q "^#   golang.org/x/: \${GO_MIRROR}/" $m &&
	grep -q "^        # expect: " $m &&
	grep -q "mipsbake-manifest(5)" $m &&
	test "$(grep -c "^ *#" $m)" -le 40
'

test_expect_success 'mipsbake builds it and mipsbake test passes, with no edits' '
	(cd mod && mipsbake >../log 2>&1) || { tail -n 30 log; false; } &&
	(cd mod && mipsbake test >../log 2>&1) || { tail -n 30 log; false; } &&
	grep -q "^tool  *wt1520  *debian-go  .* 1  *pass" log &&
	grep -q "^other  *wt1520  *debian-go  .* 1  *pass" log &&
	grep -q "test: 2 passed, 0 failed" log &&
	test_cmp written.yaml mod/mipsbake.yaml
'

test_expect_success 'the binary prints what go run prints on the host' '
	(cd fresh && go run ./cmd/tool) >expect &&
	grep -q "^tool: hello from the module 0\$" expect &&
	qemu-mipsel-static -cpu 24KEc mod/build/out/tool/wt1520/debian-go/tool >actual &&
	test_cmp expect actual
'

test_expect_success '--board generic-mips64le --board wt1520: both files included once, both boards built and tested' '
	cp -R fresh two &&
	(cd two && mipsbake init --board generic-mips64le --board wt1520 --board=generic-mips64le >../out) &&
	echo "wrote '\''mipsbake.yaml'\'': 2 targets for boards generic-mips64le, wt1520" >expect &&
	test_cmp expect out &&
	sed -n "/^include:/,/^\$/p" two/mipsbake.yaml >actual &&
	printf "include:\n  - boards/generic.yaml\n  - boards/wt1520.yaml\n\n" >expect &&
	test_cmp expect actual &&
	test "$(grep -c "^    boards: \[generic-mips64le, wt1520\]\$" two/mipsbake.yaml)" = 2 &&
	(cd two && mipsbake test >../log 2>&1) || { tail -n 30 log; false; } &&
	grep -q "^tool  *generic-mips64le  *debian-gccgo-mips64le  .* 1  *pass" log &&
	grep -q "test: 4 passed, 0 failed" log &&
	qemu-mips64el-static -cpu MIPS64R2-generic \
		two/build/out/tool/generic-mips64le/debian-gccgo-mips64le/tool >actual &&
	(cd fresh && go run ./cmd/tool) >expect &&
	test_cmp expect actual
'

test_expect_success 'an existing mipsbake.yaml is never overwritten' '
	mkdir -p keep && cp fresh/go.mod keep/ &&
	printf "mine: {}\n" >keep/mipsbake.yaml && cp keep/mipsbake.yaml before &&
	rc=0 && (cd keep && mipsbake init >../out 2>../err) || rc=$? &&
	test $rc = 1 &&
	test_cmp before keep/mipsbake.yaml &&
	test_cmp /dev/null out &&
	grep -q "^mipsbake: error: '\''mipsbake.yaml'\'' already exists; init never overwrites it" err &&
	rc=0 && (cd mod && mipsbake init --board generic-mips 2>../err) || rc=$? &&
	test $rc = 1 &&
	test_cmp written.yaml mod/mipsbake.yaml
'

test_expect_success 'nor is a symbolic link of that name, even one to nowhere' '
	mkdir -p lnk && cp fresh/go.mod lnk/ && ln -s nowhere lnk/mipsbake.yaml &&
	test_must_fail sh -c "cd lnk && \"$MB\" init" 2>err &&
	grep -q "already exists" err &&
	test ! -e lnk/nowhere && test "$(readlink lnk/mipsbake.yaml)" = nowhere
'

test_expect_success 'without go.mod it says what to do, and writes nothing' '
	mkdir -p empty &&
	rc=0 && (cd empty && mipsbake init 2>../err) || rc=$? &&
	test $rc = 1 &&
	echo "mipsbake: error: no go.mod in '\''.'\''; run '\''go mod init MODULE'\'' first" >expect &&
	test_cmp expect err &&
	test ! -e empty/mipsbake.yaml
'

test_expect_success 'an unknown board is an error with the boards close to it' '
	mkdir -p unk && cp fresh/go.mod unk/ &&
	rc=0 && (cd unk && mipsbake init --board wt1520 --board wt152 --board generic 2>../err) || rc=$? &&
	test $rc = 1 &&
	cat >expect <<-\EOF &&
	mipsbake: error: unknown board '\''wt152'\''; did you mean '\''wt1520'\''? ('\''mipsbake boards'\'' lists the board library)
	mipsbake: error: unknown board '\''generic'\''; did you mean '\''generic-mips'\'', '\''generic-mipsle'\'', '\''generic-mips64'\'' or '\''generic-mips64le'\''? ('\''mipsbake boards'\'' lists the board library)
	EOF
	test_cmp expect err &&
	test ! -e unk/mipsbake.yaml &&
	test_must_fail sh -c "cd unk && \"$MB\" init --board nosuchthing" 2>err &&
	grep -q "unknown board '\''nosuchthing'\''; expected one of '\''archer-a6'\'', .* or '\''wt1520'\''" err
'

test_expect_success 'usage errors exit 2' '
	rc=0 && (cd unk && mipsbake init --boards x 2>../err) || rc=$? &&
	test $rc = 2 && grep -q "unknown option '\''--boards'\''" err &&
	rc=0 && (cd unk && mipsbake init --board 2>../err) || rc=$? &&
	test $rc = 2 && grep -q "^mipsbake: error: init: .--board. needs a board name (see .mipsbake init --help.)$" err &&
	(cd unk && mipsbake init --help) >out && grep -q "^usage: mipsbake init" out &&
	test ! -e unk/mipsbake.yaml
'

test_expect_success 'a module without main packages gets a manifest with a commented target, and a warning' '
	mkdir -p libmod && printf "module example.com/lib\n\ngo 1.18\n" >libmod/go.mod &&
	printf "package lib\n" >libmod/lib.go &&
	(cd libmod && mipsbake init >../out 2>../err) &&
	echo "wrote '\''mipsbake.yaml'\'': 0 targets for board wt1520" >expect &&
	test_cmp expect out &&
	echo "mipsbake: warning: no main package in module '\''example.com/lib'\''; '\''mipsbake.yaml'\'' shows a commented target to start from" >expect &&
	test_cmp expect err &&
	! grep -q "^targets:" libmod/mipsbake.yaml &&
	grep -q "^#     main: ./cmd/hello\$" libmod/mipsbake.yaml &&
	(cd libmod && mipsbake validate)
'

test_expect_success 'target names are go build'"'"'s (a /vN element names the one before it), unique and valid' '
	mkdir -p names/tool names/x/tool "names/a~b" names/v3 &&
	printf "module example.com/tool/v2\n\ngo 1.18\n" >names/go.mod &&
	for d in . tool x/tool "a~b" v3; do go_main "names/$d" "$d"; done &&
	(cd names && mipsbake init >/dev/null) &&
	sed -n "/^targets:/,\$p" names/mipsbake.yaml | grep -A1 "^  [^ #]" | grep -v "^--" >actual &&
	cat >expect <<-\EOF &&
	  tool:
	    main: .
	  a-b:
	    main: ./a~b
	  tool-2:
	    main: ./tool
	  v2:
	    main: ./v3
	  tool-3:
	    main: ./x/tool
	EOF
	test_cmp expect actual &&
	(cd names && mipsbake validate)
'

# a dependency served by a git daemon of the test's own; init cannot know that server, so
# the test adds the mirrors: block a user would add for a company git server
if have git && [ -x "$(git --exec-path)/git-daemon" ]; then
	small_repo greet
	printf 'module example.org/greet\n\ngo 1.18\n' >work/greet/go.mod
	printf 'package greet\n\nfunc Hello() string { return "hello from greet" }\n' >work/greet/greet.go
	commit_all work/greet "greet v1.0.0" v1.0.0 || exit 1
	git_daemon_start || exit 1

	test_expect_success 'a module with a dependency: init, a mirrors: block for the test server, build, test' '
		mkdir -p dep/cmd/hi &&
		printf "module example.com/hi\n\ngo 1.18\n\nrequire example.org/greet v1.0.0\n" >dep/go.mod &&
		cat >dep/cmd/hi/main.go <<-\EOF &&
		package main

		import (
			"fmt"

			"example.org/greet"
		)

		func main() { fmt.Println(greet.Hello()) }
		EOF
		mipsbake modhash "$SRV/greet.git" v1.0.0 example.org/greet v1.0.0 >dep/go.sum &&
		(cd dep && mipsbake init >../out) &&
		echo "wrote '\''mipsbake.yaml'\'': 1 target for board wt1520" >expect &&
		test_cmp expect out &&
		printf "mirrors:\n  example.org/: git://127.0.0.1:\${PORT}/\n" >>dep/mipsbake.yaml &&
		(cd dep && PORT=$GIT_PORT mipsbake test >../log 2>&1) || { tail -n 30 log; false; } &&
		grep -q "test: 1 passed, 0 failed" log &&
		grep -q "example.org/greet" dep/mipsbake.lock &&
		echo "hello from greet" >expect &&
		qemu-mipsel-static -cpu 24KEc dep/build/out/hi/wt1520/debian-go/hi >actual &&
		test_cmp expect actual
	'
	git_daemon_stop
else
	test_skip 'a module with a dependency: init, a mirrors: block for the test server, build, test' 'git daemon is missing'
fi

test_done
