#!/bin/sh
# A compiler's messages name the files the user edits, relative to the directory mipsbake
# runs in, as go build names them: never the build directory's src/<root> view (gccgo), the
# absolute paths gc is given, or the import path cgo's -trimpath writes. gc's and gccgo's
# messages equal go build's (go build -compiler=gccgo for gccgo), for a syntax error and a
# type error, in the module, in a path dependency, from a subdirectory with the manifest
# given by path and with -B elsewhere; gcc's (a cgo package's C file and a header it
# includes, "In file included from" and "note:" lines, a warning of a build that succeeds)
# equal gcc's own, run on the real file. Lines the mapping does not recognise pass
# unchanged, a silent compile runs no filter, and the compiles' flags and the binaries stay
# as reproducible as before.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/lib-git.sh"

GOCACHE="$TRASH/.gocache" GOPROXY=off GOFLAGS=-mod=mod
export GOCACHE GOPROXY GOFLAGS

cp -R "$SRC_DIR/manifests/examples/hello" proj
# manifest DIR: DIR/gccgo.yaml and DIR/gc.yaml, building ./cmd/APP (APP: DIR's name) for mipsle
manifests() {
	for tc in gccgo gc; do
		{
			printf 'mipsbake: 1\ninclude: [toolchains/debian-%s.yaml, boards/generic.yaml]\n' \
				"$(test $tc = gc && echo go || echo gccgo)"
			printf 'targets:\n  app:\n    main: ./cmd/%s\n    boards: [generic-mipsle]\n' "$2"
			test $tc = gccgo || printf '    toolchains: [debian-go]\n'
			test $tc = gccgo || test -z "${3:-}" || printf '    cgo: true\n'
		} >"$1/$tc.yaml"
	done
}
manifests proj hello

# restore: the example's sources as they were
restore() {
	cp "$SRC_DIR/manifests/examples/hello/internal/greet/greet.go" proj/internal/greet/greet.go &&
	cp "$SRC_DIR/manifests/examples/hello/third_party/fmtbox/box.go" proj/third_party/fmtbox/box.go
}
# type_error FILE, syntax_error FILE: a Go file that does not compile
type_error() {
	printf '\nvar broken int = "not an int"\n\nfunc alsoBroken() { undefinedThing() }\n' >>"$1"
}
syntax_error() {
	printf '\nfunc broken( {\n\tif x == {\n}\n' >>"$1"
}

# mb_fails DIR ARG...: mipsbake ARG... run in DIR fails; the compilers' messages (without
# Ninja's own lines and the command that failed) in mb.out, which must not be empty
mb_fails() {
	_dir=$1
	shift
	(cd "$_dir" && test_must_fail mipsbake -j1 "$@") >mb.log 2>&1 &&
	awk '/^FAILED: /{ cmd = 1; next } cmd { cmd = 0; next }
	     /^ninja: / || /^\[[0-9]+\/[0-9]+\] / { next } { print }' mb.log >mb.out &&
	test -s mb.out
}
# go_fails DIR COMPILER PKG: go build of PKG in DIR (gc, or gccgo with Debian's cross gccgo)
# fails; its messages (without "# package" lines) in go.out
go_fails() {
	(cd "$1" && GOOS=linux GOARCH=mipsle CGO_ENABLED=${CGO:-0} CC=mipsel-linux-gnu-gcc \
		GCCGO=mipsel-linux-gnu-gccgo test_must_fail go build -compiler="$2" -o "$TRASH/go.bin" "$3") \
		>go.log 2>&1 &&
	grep -v "^# " go.log >go.out
}
# same_as_go PREFIX: mipsbake's messages are go build's, and name a file as PREFIX...:LINE:COL
same_as_go() {
	test_cmp go.out mb.out &&
	grep -q "^$1[^:]*:[0-9]*:[0-9]*: " mb.out
}

for tc in gc gccgo; do
	test_expect_success "$tc: a type error names the module's file as go build does" '
		restore && type_error proj/internal/greet/greet.go &&
		mb_fails proj '$tc'.yaml && go_fails proj '$tc' ./cmd/hello &&
		same_as_go internal/greet/greet.go &&
		! grep -e "src/example_0com" -e "$TRASH" mb.out
	'
	test_expect_success "$tc: a syntax error names the module's file as go build does" '
		restore && syntax_error proj/internal/greet/greet.go &&
		mb_fails proj '$tc'.yaml && go_fails proj '$tc' ./cmd/hello &&
		same_as_go internal/greet/greet.go
	'
	test_expect_success "$tc: from a subdirectory, the manifest given by path" '
		restore && type_error proj/internal/greet/greet.go &&
		mb_fails proj/internal -B ../build ../'$tc'.yaml && go_fails proj/internal '$tc' ../cmd/hello &&
		same_as_go greet/greet.go
	'
	test_expect_success "$tc: with -B elsewhere" '
		restore && type_error proj/internal/greet/greet.go &&
		mb_fails proj -B "$TRASH/elsewhere/'$tc'" '$tc'.yaml && go_fails proj '$tc' ./cmd/hello &&
		same_as_go internal/greet/greet.go
	'
	test_expect_success "$tc: an error in a path dependency names its file" '
		restore && syntax_error proj/third_party/fmtbox/box.go &&
		mb_fails proj '$tc'.yaml && go_fails proj '$tc' ./cmd/hello &&
		same_as_go third_party/fmtbox/box.go
	'
done

test_expect_success 'sizes, which runs Ninja as a child, names the files the same way' '
	restore && type_error proj/internal/greet/greet.go &&
	mb_fails proj/internal -B ../build sizes ../gc.yaml && go_fails proj/internal gc ../cmd/hello &&
	same_as_go greet/greet.go
'
restore

# a git dependency whose checkout does not compile: its file is named where it is checked out
small_repo brk
printf 'package brk\n\nvar Broken int = "not an int"\n' >work/brk/brk.go
commit_all work/brk "a package that does not compile" v1.0.0
mkdir -p gitdep/cmd/app
printf 'package main\n\nimport _ "example.com/brk"\n\nfunc main() {}\n' >gitdep/cmd/app/main.go
manifests gitdep app
for tc in gccgo gc; do
	printf 'module: example.com/gitdep\ndependencies:\n  example.com/brk:\n    git: %s\n    rev: v1.0.0\n' \
		"$SRV/brk.git" >>gitdep/$tc.yaml
done
test_expect_success 'an error in a fetched git dependency names its checkout, as the compiler run there does' '
	(cd gitdep && mipsbake --cache-dir "$TRASH/cache" fetch gc.yaml &&
		mipsbake --cache-dir "$TRASH/cache" fetch gccgo.yaml) >fetch.log 2>&1 &&
	mb_fails gitdep --cache-dir "$TRASH/cache" gc.yaml &&
	test -f gitdep/build/deps/example.com/brk/brk.go &&
	(cd gitdep && set +e && GOOS=linux GOARCH=mipsle go tool compile -p example.com/brk -o "$TRASH/brk.a" \
		build/deps/example.com/brk/brk.go; true) >compile.out 2>&1 &&
	grep -q "^build/deps/example.com/brk/brk.go:3:" compile.out &&
	test_cmp compile.out mb.out &&
	mb_fails gitdep --cache-dir "$TRASH/cache" gccgo.yaml &&
	(cd gitdep && set +e && mipsel-linux-gnu-gccgo -c -o "$TRASH/brk.o" -fgo-pkgpath=example.com/brk \
		build/deps/example.com/brk/brk.go; true) >compile.out 2>&1 &&
	grep -q "^build/deps/example.com/brk/brk.go:3:" compile.out &&
	test_cmp compile.out mb.out
'

# a cgo package whose C file includes a header of the package
mkdir -p cg/cmd/cg cg/cc/inc
printf 'module example.com/cg\n\ngo 1.18\n' >cg/go.mod
cat >cg/cc/cc.go <<'GO'
// Package cc calls its own C file.
package cc

// int fromfile(int);
import "C"

// FromFile calls the C file.
func FromFile(x int) int { return int(C.fromfile(C.int(x))) }
GO
cat >cg/cmd/cg/main.go <<'GO'
package main

import (
	"fmt"

	"example.com/cg/cc"
)

func main() { fmt.Println(cc.FromFile(1)) }
GO
cp cg/cc/cc.go cc.go.orig
manifests cg cg cgo
# c_sources [HDR_LINE [C_LINE]]: the header and the C file, each with an extra line
c_sources() {
	printf '#define HDR 1\n%s\n' "${1:-}" >cg/cc/inc/hdr.h &&
	printf '#include "inc/hdr.h"\n\n%s\nint fromfile(int x) { return x + HDR; }\n' "${2:-}" >cg/cc/file.c &&
	cp cc.go.orig cg/cc/cc.go
}
# gcc_says DIR FILE: what the cross gcc says about FILE (a path from DIR), in gcc.out
gcc_says() {
	(cd "$1" && set +e && mipsel-linux-gnu-gcc -c -o "$TRASH/gcc.o" -I "$(dirname "$2")" "$2"; true) >gcc.out 2>&1
}

for tc in gccgo gc; do
	test_expect_success "$tc: gcc's messages on a C file and the header it includes name them" '
		c_sources "static int h(void) { return missing_in_header; }" \
			"int f(void) { return missing_in_c; }" &&
		mb_fails cg '$tc'.yaml && gcc_says cg cc/file.c &&
		test_cmp gcc.out mb.out &&
		grep -q "^In file included from cc/file.c:1:$" mb.out &&
		grep -q "^cc/inc/hdr.h:2:[0-9]*: note: " mb.out &&
		grep -q "^cc/file.c: In function " mb.out
	'
	test_expect_success "$tc: from a subdirectory, gcc's messages are relative to it" '
		mkdir -p cg/cmd/sub &&
		mb_fails cg/cmd/sub -B ../../build ../../'$tc'.yaml && gcc_says cg/cmd/sub ../../cc/file.c &&
		test_cmp gcc.out mb.out &&
		grep -q "^../../cc/file.c:" mb.out
	'
	test_expect_success "$tc: a warning of a build that succeeds names the file too" '
		c_sources "" "#warning this C file warns" &&
		(cd cg && mipsbake -j1 '$tc'.yaml) >mb.log 2>&1 &&
		grep "warning: " mb.log >mb.out &&
		gcc_says cg cc/file.c && grep "warning: " gcc.out >gcc.warn &&
		test_cmp gcc.warn mb.out
	'
done

test_expect_success 'gc: a type error in a cgo Go file names it as go build does' '
	c_sources && printf "\nvar broken int = \"not an int\"\n" >>cg/cc/cc.go &&
	mb_fails cg gc.yaml && CGO=1 go_fails cg gc ./cmd/cg &&
	same_as_go cc/cc.go
'

test_expect_success 'gccgo: a type error in a cgo Go file names it as go build does' '
	mb_fails cg gccgo.yaml && CGO=1 go_fails cg gccgo ./cmd/cg &&
	grep -q "^cc/cc.go:[0-9]*:[0-9]*: error: " mb.out &&
	grep "^cc/" go.out >go.msgs &&
	test_cmp go.msgs mb.out
'

test_expect_success 'gc and gccgo: a syntax error in a cgo Go file (go tool cgo'"'"'s) names it' '
	c_sources && syntax_error cg/cc/cc.go &&
	mb_fails cg gc.yaml && CGO=1 go_fails cg gc ./cmd/cg &&
	same_as_go cc/cc.go &&
	mb_fails cg gccgo.yaml && test_cmp go.out mb.out
'

test_expect_success 'lines the mapping does not recognise pass through unchanged' '
	cat >odd.log <<-EOF &&
	<autogenerated>:1: an error of code nobody wrote
	go1: error: unrecognized command-line option
	cc1: all warnings being treated as errors
	   12 | $TRASH/proj/go.mod:3: quoted source text
	      |     ^
	src/example_0com_1hello/no/such/file.go:1:2: a file that does not exist
	mipsel-linux-gnu-gcc: error: build.ninja: linker input file unused
	  a name in the middle of a line, after no blank: x$TRASH/proj/go.mod:1
	EOF
	printf "no line break at the end: %s/proj/go.mod:1:1" "$TRASH" >>odd.log &&
	(cd proj && mipsbake -B diagb gen gccgo.yaml) &&
	(cd proj/diagb && MIPSBAKE_CWD="$TRASH" mipsbake diag-paths ../../odd.log) >actual &&
	sed "s|^no line break at the end: $TRASH/|no line break at the end: |" odd.log >expect &&
	test_cmp expect actual
'

test_expect_success 'the names diag-paths maps, as a line starts and after a blank' '
	cat >names.log <<-EOF &&
	src/example_0com_1hello/cmd/hello/main.go:1:1: a gccgo view path
	$TRASH/proj/cmd/hello/main.go:2:3: an absolute path
	In file included from src/example_0com_1hello/cmd/hello/main.go:4:
	                 from src/example_0com_1fmtbox/box.go:5,
	src/example_0com_1fmtbox/box.go: In function f:
	example.com/fmtbox/box.go:6:7: cgo'"'"'s form of a path dependency'"'"'s file
	go.mod:1:1: a file of the build directory
	note: see also $TRASH/proj/third_party/fmtbox/box.go:8:9: in the middle
	EOF
	cat >expect <<-EOF &&
	proj/cmd/hello/main.go:1:1: a gccgo view path
	proj/cmd/hello/main.go:2:3: an absolute path
	In file included from proj/cmd/hello/main.go:4:
	                 from proj/third_party/fmtbox/box.go:5,
	proj/third_party/fmtbox/box.go: In function f:
	example.com/fmtbox/box.go:6:7: cgo'"'"'s form of a path dependency'"'"'s file
	proj/diagb/go.mod:1:1: a file of the build directory
	note: see also proj/third_party/fmtbox/box.go:8:9: in the middle
	EOF
	(cd proj/diagb && MIPSBAKE_CWD="$TRASH" mipsbake diag-paths ../../names.log) >actual &&
	test_cmp expect actual &&
	(cd proj/diagb && MIPSBAKE_CWD="$TRASH/proj/cmd/hello" mipsbake diag-paths ../../names.log) >actual &&
	head -n 2 actual >actual.2 &&
	printf "./main.go:1:1: a gccgo view path\n./main.go:2:3: an absolute path\n" >expect.2 &&
	test_cmp expect.2 actual.2 &&
	(unset MIPSBAKE_CWD && cd proj/diagb && mipsbake diag-paths ../../names.log) >actual &&
	grep -qx "./go.mod:1:1: a file of the build directory" actual &&
	grep -qx "../cmd/hello/main.go:1:1: a gccgo view path" actual
'

test_expect_success 'a compile that says nothing leaves an empty log and runs no filter' '
	rm -rf proj/build &&
	(cd proj && mipsbake -j1 gccgo.yaml) >build.log 2>&1 &&
	cfgdir proj/build debian-gccgo-mipsle-mipsle-hardfloat >gccgo.dir &&
	(cd proj && mipsbake -j1 gc.yaml) >>build.log 2>&1 &&
	find proj/build -name "*.log" >logs &&
	test "$(wc -l <logs)" -ge 6 &&
	find proj/build -name "*.log" -size +0 >nonempty &&
	test_cmp /dev/null nonempty
'

test_expect_success 'the compiles keep their reproducible flags; no machine path reaches gccgo' '
	grep -F "command = \$self act get \$actions \$act || { { env PWD=/proc/self/cwd \$gccgo -c \$archflags \$cflags \$pkgflags -I \$expdir -o \$out \$in >" \
		proj/build/build.ninja &&
	grep -F -e "-ffile-prefix-map=/proc/self/cwd=.\$ -ffile-prefix-map=src/example_0com_1hello=example.com/hello" \
		proj/build/cfg/$(cat gccgo.dir).ninja &&
	! grep -F "$TRASH" proj/build/cfg/$(cat gccgo.dir).ninja &&
	grep -F -e "-trimpath \$trim \$gcflags" proj/build/build.ninja &&
	grep -F "trim = '"'"'$TRASH/proj/internal/greet=>example.com/hello/internal/greet'"'"'" \
		proj/build/cfg/$(cfgdir proj/build debian-go-mipsle-hardfloat).ninja
'

test_expect_success 'a clean build elsewhere gives the same binaries' '
	cp -R proj "$TRASH/another-longer-directory" && rm -rf "$TRASH/another-longer-directory/build" &&
	(cd "$TRASH/another-longer-directory" && mipsbake gccgo.yaml && mipsbake gc.yaml) >build2.log 2>&1 &&
	! cmp -s proj/build/diag.map another-longer-directory/build/diag.map &&
	for tc in debian-gccgo-mipsle debian-go; do
		cmp proj/build/out/app/generic-mipsle/$tc/app \
			another-longer-directory/build/out/app/generic-mipsle/$tc/app || exit 1
	done
'

test_done
