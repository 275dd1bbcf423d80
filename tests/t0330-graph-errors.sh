#!/bin/sh
# The package graph's errors name the importing file:line:col and say what went wrong:
# imports that resolve nowhere (with the places searched), import cycles (printed), packages
# without buildable files, imports of a main package, a main that is no command, mixed
# package names and cgo. A failed generation leaves the previous build files alone.
. "$(dirname "$0")/lib.sh"

STD=/usr/mipsel-linux-gnu/lib/go/12/mipsel-linux-gnu

# project NAME: a module example.com/p in directory NAME building ./cmd/app for mipsle
project() {
	mkdir -p "$1/cmd/app" &&
	cat >"$1/m.yaml" <<-YAML
	mipsbake: 1
	module: example.com/p
	include: [toolchains/debian-gccgo.yaml, boards/generic.yaml]
	dependencies:
	  example.com/dep:
	    path: dep
	targets:
	  app:
	    main: ./cmd/app
	    boards: [generic-mipsle]
	YAML
	mkdir -p "$1/dep"
	printf 'package dep\n' >"$1/dep/dep.go"
}

# gen_fails NAME: generation fails with status 1; its messages, TRASH-relative, in NAME.err
gen_fails() {
	(cd "$1" && test_expect_code_1 mipsbake gen m.yaml) 2>"$1.raw" &&
	sed "s|$TRASH/||g" "$1.raw" >"$1.err"
}
test_expect_code_1() {
	set +e
	"$@"
	_rc=$?
	set -e
	[ "$_rc" = 1 ] || { echo "exit status $_rc, expected 1" >&2; return 1; }
}

test_expect_success 'an import that resolves nowhere names the file, line and places searched' '
	project missing &&
	printf "package main\n\nimport (\n\t\"fmt\"\n\t\"example.com/p/nope\"\n\t\"example.com/dep/sub\"\n\t\"fmtx\"\n)\n\nfunc main() { fmt.Println() }\n" >missing/cmd/app/main.go &&
	gen_fails missing &&
	cat >expect <<-EOF &&
	$TRASH/missing/cmd/app/main.go:5:2: error: cannot find package '"'"'example.com/p/nope'"'"'; searched the standard library of toolchain '"'"'debian-gccgo-mipsle'"'"' ('"'"'$STD'"'"'), module '"'"'example.com/p'"'"' ('"'"'$TRASH/missing/nope'"'"')
	$TRASH/missing/cmd/app/main.go:6:2: error: cannot find package '"'"'example.com/dep/sub'"'"'; searched the standard library of toolchain '"'"'debian-gccgo-mipsle'"'"' ('"'"'$STD'"'"'), dependency '"'"'example.com/dep'"'"' ('"'"'$TRASH/missing/dep/sub'"'"')
	$TRASH/missing/cmd/app/main.go:7:2: error: cannot find package '"'"'fmtx'"'"'; searched the standard library of toolchain '"'"'debian-gccgo-mipsle'"'"' ('"'"'$STD'"'"'); neither the module '"'"'example.com/p'"'"' nor any dependency covers it
	EOF
	sed "s|$TRASH/||g" expect >expect.rel &&
	test_cmp expect.rel missing.err
'

test_expect_success 'an import cycle is printed from the package that closes it' '
	project cycle &&
	mkdir cycle/a cycle/b &&
	printf "package main\n\nimport _ \"example.com/p/a\"\n\nfunc main() {}\n" >cycle/cmd/app/main.go &&
	printf "package a\n\nimport _ \"example.com/p/b\"\n" >cycle/a/a.go &&
	printf "package b\n\nimport (\n\t_ \"strings\"\n\t_ \"example.com/p/a\"\n)\n" >cycle/b/b.go &&
	gen_fails cycle &&
	echo "cycle/b/b.go:5:4: error: import cycle not allowed: example.com/p/a -> example.com/p/b -> example.com/p/a" >expect &&
	test_cmp expect cycle.err
'

test_expect_success 'a package with no buildable files for the variant' '
	project nofiles &&
	mkdir nofiles/only &&
	printf "package main\n\nimport _ \"example.com/p/only\"\n\nfunc main() {}\n" >nofiles/cmd/app/main.go &&
	printf "//go:build windows\n\npackage only\n" >nofiles/only/only.go &&
	printf "package only\n" >nofiles/only/only_test.go &&
	gen_fails nofiles &&
	echo "nofiles/cmd/app/main.go:3:10: error: no buildable Go files for linux/mipsle (gccgo compiler) in '"'"'nofiles/only'"'"'" >expect &&
	test_cmp expect nofiles.err
'

test_expect_success 'importing a main package is refused' '
	project importmain &&
	mkdir importmain/tool &&
	printf "package main\n\nimport _ \"example.com/p/tool\"\n\nfunc main() {}\n" >importmain/cmd/app/main.go &&
	printf "package main\n\nfunc main() {}\n" >importmain/tool/tool.go &&
	gen_fails importmain &&
	echo "importmain/cmd/app/main.go:3:10: error: import of package main '"'"'example.com/p/tool'"'"' is not allowed" >expect &&
	test_cmp expect importmain.err
'

test_expect_success 'a target whose main is not package main' '
	project notmain &&
	printf "package app\n" >notmain/cmd/app/app.go &&
	gen_fails notmain &&
	echo "m.yaml:9:11: error: main '"'"'./cmd/app'"'"' is package '"'"'app'"'"', not a command (package main)" >expect &&
	test_cmp expect notmain.err
'

test_expect_success 'mixed package names in one directory' '
	project mixed &&
	printf "package main\n\nfunc main() {}\n" >mixed/cmd/app/main.go &&
	printf "package other\n" >mixed/cmd/app/other.go &&
	gen_fails mixed &&
	grep -q "mixed/cmd/app/other.go:1:9: error: found packages main (main.go) and other (other.go) in" mixed.err
'

test_expect_success 'a #cgo flag outside cmd/go'"'"'s allowlist is refused at its place' '
	project cgo &&
	printf "package main\n\n// #cgo CFLAGS: -fplugin=x.so\nimport \"C\"\n\nfunc main() {}\n" >cgo/cmd/app/main.go &&
	gen_fails cgo &&
	grep "^cgo/cmd/app/main.go:3:17: error: invalid flag in #cgo CFLAGS: -fplugin=x.so" cgo.err
'

test_expect_success 'a failed regeneration leaves the working build files alone' '
	project keep &&
	printf "package main\n\nfunc main() {}\n" >keep/cmd/app/main.go &&
	(cd keep && mipsbake gen m.yaml >/dev/null) &&
	cp keep/build/build.ninja before &&
	printf "package main\n\nimport _ \"fmtx\"\n\nfunc main() {}\n" >keep/cmd/app/main.go &&
	(cd keep && test_must_fail mipsbake m.yaml) 2>/dev/null >/dev/null &&
	test_cmp before keep/build/build.ninja
'

test_expect_success 'a gccgo toolchain for another GOARCH than the board'"'"'s is an error, not a mislabelled binary' '
	project arch &&
	printf "package main\n\nfunc main() {}\n" >arch/cmd/app/main.go &&
	sed -i "s/boards: \[generic-mipsle\]/boards: [generic-mips]\n    toolchains: [debian-gccgo-mipsle]/" arch/m.yaml &&
	gen_fails arch &&
	grep -q "error: board '"'"'generic-mips'"'"' is goarch mips, but gccgo toolchain '"'"'debian-gccgo-mipsle'"'"' compiles for mipsle ('"'"'mipsel-linux-gnu'"'"'); expected a toolchain for mips$" arch.err &&
	grep -q "note: toolchain '"'"'debian-gccgo-mipsle'"'"' is defined here$" arch.err &&
	test ! -e arch/build/build.ninja
'

test_done
