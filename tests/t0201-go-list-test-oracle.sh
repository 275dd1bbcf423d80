#!/bin/sh
# t0201-go-list-test-oracle: 'mipsbake files --test' chooses the _test.go files 'go list'
# chooses (Go 1.19), and their imports.
#
# go list is the oracle, as in t0200. Real packages: every directory holding .go files under
# Debian's golang.org/x/sys, golang.org/x/net and github.com/miekg/dns, for the four MIPS
# GOARCH values and both compilers (one go list run and one mipsbake run per pair). Then small
# packages written here, one rule each, and golden error messages where mipsbake refuses what
# go list tolerates (-e).
#
# How the two sides line up, package by package:
# - go list -e prints '{{.ImportPath}} {{.GoFiles}} {{.CFiles}} {{.SFiles}} {{.Imports}}
#   {{.TestGoFiles}} {{.XTestGoFiles}} {{.TestImports}} {{.XTestImports}}', then ' cgo:[...]'
#   when it found CgoFiles and ' error:...' when the package has an error.
# - mipsbake files --imports --test prints the same eight lists for each directory, one line
#   each, and the test puts the import path in front.
# - go/build's NoGoError ("no Go files", "build constraints exclude all Go files") is removed
#   from go list's line, as in t0200; with test files chosen a directory holding only tests
#   has no such error in go list, and mipsbake prints its test lists with exit status 0.
# - Any other go list error stays in go list's line and cannot match mipsbake's: the step
#   fails and shows it.

. "$(dirname "$0")/lib.sh"

GOCODE=/usr/share/gocode/src
ROOTS="golang.org/x/sys golang.org/x/net github.com/miekg/dns"
ARCHES="mips mipsle mips64 mips64le"
TAGS=
FMT='{{.ImportPath}} {{.GoFiles}} {{.CFiles}} {{.SFiles}} {{.Imports}}'
FMT="$FMT"' {{.TestGoFiles}} {{.XTestGoFiles}} {{.TestImports}} {{.XTestImports}}'
FMT="$FMT"'{{with .CgoFiles}} cgo:{{.}}{{end}}{{with .Error}} error:{{.}}{{end}}'

# the Debian cross toolchain prefix for GOARCH $1
triplet() {
	case $1 in
	mips) echo mips-linux-gnu ;;
	mipsle) echo mipsel-linux-gnu ;;
	mips64) echo mips64-linux-gnuabi64 ;;
	mips64le) echo mips64el-linux-gnuabi64 ;;
	esac
}

# go_list GOPATH ARCH COMPILER IMPORTPATH...: go list's lines, NoGoError text removed, sorted
go_list() {
	_gopath=$1 _arch=$2 _comp=$3
	shift 3
	_t=$(triplet "$_arch")
	_cgo=CGO_ENABLED=0
	[ "$_comp" = gccgo ] && _cgo="CGO_ENABLED=1 GCCGO=$_t-gccgo CC=$_t-gcc"
	# shellcheck disable=SC2086
	env GOPATH="$_gopath" GO111MODULE=off GOOS=linux GOARCH="$_arch" GOFLAGS= \
		GOCACHE="$TRASH/.gocache" $_cgo go list -e -compiler="$_comp" -tags="$TAGS" -f "$FMT" "$@" \
		>.golist.raw || return 1
	sed -E 's/ error:package [^ ]*: (build constraints exclude all Go files|no Go files) in .*$//' \
		.golist.raw | LC_ALL=C sort
}

# mb_list SRCROOT ARCH COMPILER IMPORTPATH...: mipsbake's lines in go_list's form, sorted
mb_list() {
	_root=$1 _arch=$2 _comp=$3
	shift 3
	printf '%s\n' "$@" >.mb.pkgs
	sed "s|^|$_root/|" .mb.pkgs >.mb.dirs
	# shellcheck disable=SC2046
	mipsbake files --goarch "$_arch" --compiler "$_comp" --go-version 1.19 --tags "$TAGS" \
		--imports --test $(cat .mb.dirs) >.mb.raw || return 1
	test "$(wc -l <.mb.raw)" = "$(wc -l <.mb.pkgs)" || return 1
	paste -d' ' .mb.pkgs .mb.raw | LC_ALL=C sort
}

# compare SRCROOT GOPATH ARCH COMPILER IMPORTPATH...: go list and mipsbake agree
compare() {
	_r=$1 _g=$2 _a=$3 _c=$4
	shift 4
	go_list "$_g" "$_a" "$_c" "$@" >expect &&
	cp expect "expect.$_a.$_c" &&
	mb_list "$_r" "$_a" "$_c" "$@" >actual &&
	test -s expect &&
	test_cmp expect actual
}

# compare_all GOPATH IMPORTPATH...: compare on every GOARCH with both compilers
compare_all() {
	_g=$1
	shift
	for _a in $ARCHES; do
		for _c in gccgo gc; do
			echo "# $_a $_c"
			compare "$_g/src" "$_g" "$_a" "$_c" "$@" || return 1
		done
	done
}

if ! have go paste sed || ! [ -d "$GOCODE/golang.org/x/sys/unix" ] ||
   ! [ -d "$GOCODE/golang.org/x/net" ] || ! [ -d "$GOCODE/github.com/miekg/dns" ]; then
	test_skip 'go list -test oracle' 'needs golang-go and the golang-golang-x-{sys,net}-dev, golang-github-miekg-dns-dev packages'
	test_done
fi
for a in $ARCHES; do
	have "$(triplet "$a")-gccgo" "$(triplet "$a")-gcc" || {
		test_skip 'go list -test oracle' "needs $(triplet "$a")-gccgo and -gcc (gccgo-$(triplet "$a"))"
		test_done
	}
done

# every directory holding .go files (test-only directories included), as in t0200
test_expect_success 'list the package directories of the fixture' '
	(cd "$GOCODE" && find $ROOTS -name "*.go" -type f) |
	sed "s|/[^/]*\$||" |
	grep -vE "(^|/)(testdata|[._][^/]*)(/|\$)" |
	LC_ALL=C sort -u >"$TRASH/pkgs" &&
	grep -qx golang.org/x/sys/unix "$TRASH/pkgs" &&
	grep -qx github.com/miekg/dns "$TRASH/pkgs" &&
	test "$(wc -l <"$TRASH/pkgs")" -ge 30
'

for arch in $ARCHES; do
	for comp in gccgo gc; do
		test_expect_success "x/sys, x/net, miekg/dns tests: $arch $comp agree with go list" "
			compare \"\$GOCODE\" /usr/share/gocode $arch $comp \$(cat \"\$TRASH/pkgs\") &&
			cp expect real.$arch.$comp &&
			grep -q '^golang.org/x/sys/unix \\[.*_linux.go .* \\[.*_linux_test.go.*\\] \\[.*_test.go.*\\] \\[.*testing.*\\] \\[.*golang.org/x/sys/unix.*\\]\$' expect &&
			grep -q '^github.com/miekg/dns \\[.*\\] \\[.*_test.go.*\\] \\[.*_test.go.*\\] ' expect
		"
	done
done

# write file $1 (under gopath/src/hand) from stdin
hand() {
	mkdir -p "$(dirname "$TRASH/gopath/src/hand/$1")"
	cat >"$TRASH/gopath/src/hand/$1"
}

make_pkgs() {
	# only an external test: the package is named by it, minus _test
	printf 'package xonly_test\n\nimport "fmt"\n' | hand xonly/a_test.go &&
	# only an internal test
	printf 'package tonly\n\nimport (\n\t"os"\n\t"testing"\n)\n' | hand tonly/t_test.go &&
	# both kinds beside the package, imports kept apart, repeats listed once
	printf 'package both\n\nimport "strings"\n' | hand both/a.go &&
	printf 'package both\n\nimport (\n\t"testing"\n\t"bytes"\n)\n' | hand both/a_test.go &&
	printf 'package both_test\n\nimport (\n\t"testing"\n\t"hand/both"\n)\n' | hand both/b_test.go &&
	printf 'package both_test\n\nimport (\n\t_ "embed"\n\t"testing"\n)\n\n//go:embed a.go\nvar s string\n' |
		hand both/c_test.go &&
	# build constraints and file names rule test files as they rule the others
	printf 'package tagged\n' | hand tagged/a.go &&
	printf '//go:build ignore\n\npackage other\n\nimport "never/seen"\n' | hand tagged/ign_test.go &&
	printf '// +build mips64 mips64le\n\npackage tagged\n\nimport "wide"\n' | hand tagged/wide_test.go &&
	printf '//go:build gccgo\n\npackage tagged_test\n\nimport "gccgoonly"\n' | hand tagged/g_test.go &&
	printf 'package tagged\n\nimport "mipsonly"\n' | hand tagged/x_mips_test.go &&
	printf 'package tagged_test\n\nimport "mipsleonly"\n' | hand tagged/x_linux_mipsle_test.go &&
	printf 'package tagged\n' | hand tagged/x_amd64_test.go &&
	printf 'package tagged\n' | hand tagged/_hidden_test.go &&
	printf 'package tagged\n' | hand tagged/x_test_mips.go &&
	printf 'package documentation\n' | hand tagged/doc_test.go &&
	# go/build: an xtest is a "_test" name that is not the package's so far, in file order
	printf 'package order_test\n' | hand order/a.go &&
	printf 'package order_test\n' | hand order/b_test.go &&
	# cgo in a test file: an error whatever the cgo setting
	printf 'package cgot\n' | hand cgot/a.go &&
	printf 'package cgot\n\nimport (\n\t"os"\n\t"C"\n)\n' | hand cgot/a_test.go &&
	# a third package name among the test files
	printf 'package third\n' | hand third/a.go &&
	printf 'package other_test\n' | hand third/b_test.go &&
	printf 'package third_test\n' | hand third/c_test.go &&
	# an xtest that comes first names the package: the later file does not match
	printf 'package m_test\n' | hand mix/a_test.go &&
	printf 'package m_test\n' | hand mix/b.go
}

test_expect_success 'set up handmade packages' 'make_pkgs'

G=$TRASH/gopath

test_expect_success 'a directory with only an external test agrees with go list' '
	compare_all "$G" hand/xonly &&
	grep -xF "hand/xonly [] [] [] [] [] [a_test.go] [] [fmt]" expect.mips.gc &&
	rc=0 && mipsbake files --goarch mips --test "$G/src/hand/xonly" >out || rc=$? &&
	test "$rc" = 0 && echo "[] [] [] [] [a_test.go] [] [fmt]" >expect && test_cmp expect out
'

test_expect_success 'a directory with only an internal test agrees with go list' '
	compare_all "$G" hand/tonly &&
	grep -xF "hand/tonly [] [] [] [] [t_test.go] [] [os testing] []" expect.mips64.gccgo
'

test_expect_success 'test and external test files and their imports are kept apart' '
	compare_all "$G" hand/both &&
	grep -xF "hand/both [a.go] [] [] [strings] [a_test.go] [b_test.go c_test.go] [bytes testing] [embed hand/both testing]" expect.mipsle.gc
'

test_expect_success 'build constraints and _GOOS/_GOARCH names rule test files too' '
	compare_all "$G" hand/tagged &&
	grep -xF "hand/tagged [a.go x_test_mips.go] [] [] [] [x_mips_test.go] [g_test.go] [mipsonly] [gccgoonly]" expect.mips.gccgo &&
	grep -xF "hand/tagged [a.go] [] [] [] [] [x_linux_mipsle_test.go] [] [mipsleonly]" expect.mipsle.gc &&
	grep -xF "hand/tagged [a.go] [] [] [] [wide_test.go] [] [wide] []" expect.mips64le.gc
'

test_expect_success 'a _test name that is the package name is no external test' '
	compare_all "$G" hand/order &&
	grep -xF "hand/order [a.go] [] [] [] [b_test.go] [] [] []" expect.mips.gc
'

test_expect_success 'without --test nothing changes: test files are not read' '
	mipsbake files --goarch mips --imports "$G/src/hand/xonly" "$G/src/hand/both" \
		"$G/src/hand/cgot" "$G/src/hand/third" "$G/src/hand/mix" >out &&
	printf "%s\n" "[] [] [] []" "[a.go] [] [] [strings]" "[a.go] [] [] []" \
		"[a.go] [] [] []" "[b.go] [] [] []" >expect &&
	test_cmp expect out
'

test_expect_success 'a test file that imports "C" is an error at the import, as go list says' '
	for c in gccgo gc; do
		test_must_fail mipsbake files --goarch mips --compiler $c --test gopath/src/hand/cgot \
			>out 2>err || exit 1
		echo "gopath/src/hand/cgot/a_test.go:5:2: error: use of cgo in test gopath/src/hand/cgot/a_test.go not supported" >expect &&
		test_cmp expect err && test_cmp /dev/null out || exit 1
		go_list "$G" mips $c hand/cgot >golist &&
		grep -F "error:use of cgo in test $G/src/hand/cgot/a_test.go not supported" golist || exit 1
	done
'

test_expect_success 'a third package name among test files is an error, as go list says' '
	test_must_fail mipsbake files --goarch mips --test gopath/src/hand/third >out 2>err &&
	echo "gopath/src/hand/third/b_test.go:1:9: error: found packages third (a.go) and other (b_test.go) in gopath/src/hand/third" >expect &&
	test_cmp expect err &&
	test_cmp /dev/null out &&
	go_list "$G" mips gc hand/third >golist &&
	grep -F "error:found packages third (a.go) and other (b_test.go) in" golist
'

test_expect_success 'an external test first names the package, as in go/build' '
	test_must_fail mipsbake files --goarch mips --test gopath/src/hand/mix >out 2>err &&
	echo "gopath/src/hand/mix/b.go:1:9: error: found packages m (a_test.go) and m_test (b.go) in gopath/src/hand/mix" >expect &&
	test_cmp expect err &&
	go_list "$G" mips gc hand/mix >golist &&
	grep -F "error:found packages m (a_test.go) and m_test (b.go) in" golist
'

test_done
