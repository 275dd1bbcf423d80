#!/bin/sh
# t0200-go-list-oracle: 'mipsbake files' chooses the files 'go list' chooses (Go 1.19).
#
# go list is the oracle. Real packages: every directory holding .go files under Debian's
# golang.org/x/sys, golang.org/x/net and github.com/miekg/dns, for the four MIPS GOARCH values
# and both compilers (one go list run and one mipsbake run per pair). Then small packages
# written here, one rule each, compared with go list too where go list can judge them, and
# golden error messages where mipsbake refuses what go list tolerates (-e).
#
# How the two sides line up, package by package:
# - go list -e prints '{{.ImportPath}} {{.GoFiles}} {{.CFiles}} {{.SFiles}} {{.Imports}}',
#   then ' cgo:[...]' when it found CgoFiles and ' error:...' when the package has an error.
# - mipsbake files --imports prints the four lists for each directory, one line each, and the
#   test puts the import path in front.
# - A directory whose Go files are all excluded (go list: "build constraints exclude all Go
#   files", a NoGoError) prints '[] [] [] []' on both sides: go list -e still prints the
#   lists, and mipsbake prints empty lists for it with exit status 0. Only that error text is
#   removed from go list's line, so such a package is compared like any other, never dropped.
# - Build tags: both sides get the same -tags list ($TAGS, comma-separated; empty: none), go
#   list as -tags, mipsbake as --tags. The real packages are compared again for each of the
#   tag sets in TAG_SETS, every package on every GOARCH with both compilers; a handmade
#   package shows what go/build does with tags that name something special.
# - Any other go list error, or CgoFiles, stays in go list's line and cannot match mipsbake's:
#   the step fails and shows it. (With gccgo, cgo is on, as the real gccgo build needs it for
#   x/sys/unix's gccgo_c.c; mipsbake prints a package's CgoFiles as ' cgo:[...]' too, which
#   none of the real packages chosen for linux have. With gc, cgo is off: both sides ignore
#   such files.)

. "$(dirname "$0")/lib.sh"

GOCODE=/usr/share/gocode/src
ROOTS="golang.org/x/sys golang.org/x/net github.com/miekg/dns"
ARCHES="mips mipsle mips64 mips64le"
# the -tags sets the real packages are compared with: OpenWrt's usual ones, a made-up one the
# handmade package uses, and race, which changes x/sys/unix and x/net/internal/socket
TAG_SETS="netgo osusergo purego netgo,osusergo fancy race"
TAGS=
FMT='{{.ImportPath}} {{.GoFiles}} {{.CFiles}} {{.SFiles}} {{.Imports}}'
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
	mipsbake files --goarch "$_arch" --compiler "$_comp" --go-version 1.19 --tags "$TAGS" --imports \
		$(cat .mb.dirs) >.mb.raw || return 1
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
	test_skip 'go list oracle' 'needs golang-go and the golang-golang-x-{sys,net}-dev, golang-github-miekg-dns-dev packages'
	test_done
fi
for a in $ARCHES; do
	have "$(triplet "$a")-gccgo" "$(triplet "$a")-gcc" || {
		test_skip 'go list oracle' "needs $(triplet "$a")-gccgo and -gcc (gccgo-$(triplet "$a"))"
		test_done
	}
done

# every directory holding .go files; testdata and _x/.x directories are no packages to the go
# command (Debian's fixture has none, the filter only keeps the list honest if one appears)
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
		test_expect_success "x/sys, x/net, miekg/dns: $arch $comp agrees with go list" "
			compare \"\$GOCODE\" /usr/share/gocode $arch $comp \$(cat \"\$TRASH/pkgs\") &&
			grep -q '^golang.org/x/sys/unix \\[.*_linux.go' expect
		"
	done
done

# compare_tags TAGS IMPORTPATH...: every GOARCH, both compilers, with -tags TAGS; go list's
# lines kept as expect.TAGS.ARCH.COMPILER
compare_tags() {
	TAGS=$1
	shift
	for _a in $ARCHES; do
		for _c in gccgo gc; do
			compare "$GOCODE" /usr/share/gocode "$_a" "$_c" "$@" &&
			cp expect "expect.$TAGS.$_a.$_c" || { TAGS=; return 1; }
		done
	done
	TAGS=
}

for tags in $TAG_SETS; do
	test_expect_success "x/sys, x/net, miekg/dns with -tags $tags agree with go list" "
		compare_tags $tags \$(cat \"\$TRASH/pkgs\")
	"
done

test_expect_success '-tags race changes the real packages as it changes them for go list' '
	grep -q "^golang.org/x/sys/unix \[.* race.go " expect.race.mips.gc &&
	grep -q "^golang.org/x/net/internal/socket \[.* race.go " expect.race.mipsle.gccgo &&
	! grep -q "^golang.org/x/sys/unix \[.* race.go " expect.netgo.mips.gc &&
	grep -q "^golang.org/x/sys/unix \[.* race0.go " expect.netgo.mips.gc
'

# write file $1 (under gopath/src/hand) from stdin
hand() {
	mkdir -p "$(dirname "$TRASH/gopath/src/hand/$1")"
	cat >"$TRASH/gopath/src/hand/$1"
}

make_expr_pkg() {
	hand expr/a.go <<'EOF'
//go:build (linux && !mips64) || ignore

package expr
EOF
	hand expr/b.go <<'EOF'
//go:build !(mips || mipsle) && linux
package expr
EOF
	hand expr/c.go <<'EOF'
// Copyright line

//go:build gc && !(mips64 || (mips64le))
// +build ignore

package expr
EOF
	hand expr/d.go <<'EOF'
//go:build cgo || (gccgo&&mips)
package expr
EOF
	hand expr/e.go <<'EOF'
//go:build	unix && !windows && !ignore
package expr
EOF
	hand expr/f.go <<'EOF'
/* a block comment first */ //go:build ignore
package expr
EOF
	hand expr/g.go <<'EOF'
/*
//go:build ignore
*/
package expr
EOF
	hand expr/h.go <<'EOF'
//go:buildignore
package expr
EOF
}

make_plus_pkg() {
	hand plus/p1.go <<'EOF'
// +build ignore
package plus
EOF
	hand plus/p2.go <<'EOF'
// +build ignore

package plus
EOF
	hand plus/p3.go <<'EOF'
package plus

// +build ignore
EOF
	hand plus/p4.go <<'EOF'
//go:build linux
// +build ignore

package plus
EOF
	hand plus/p5.go <<'EOF'
/* a block comment ends the +build zone */
// +build ignore

package plus
EOF
	hand plus/p6.go <<'EOF'
// +build linux,mips mips64

package plus
EOF
	hand plus/p7.go <<'EOF'
// Copyright line

// +build !gccgo

// Package plus is a doc comment.
package plus
EOF
	hand plus/p8.go <<'EOF'
//+build mips64le

package plus
EOF
	hand plus/p9.go <<'EOF'
// +build linux
// +build !mips

package plus
EOF
	hand plus/pa.go <<'EOF'
// +build !!mips !

package plus
EOF
	hand plus/a1.s <<'EOF'
// +build gccgo

TEXT x(SB),0,$0
EOF
	hand plus/a2.s <<'EOF'
// +build gccgo
#include "textflag.h"
EOF
	hand plus/a3.S <<'EOF'
// only listed beside cgo files
EOF
}

make_suffix_pkg() {
	for f in base.go x_mips64le.go x_linux_mips.go x_linux.go x_windows.go x_mips_test.go \
		linux.go mips64.go x_linux_mips64le_test.go y_mipsle.pb.go z_plan8_mips.go \
		w_linux_amd64.go v_test_mips.go _x_mips.go .h_mips.go x_android.go x_unix.go \
		x_mipsle_test.go x_linux_mipsle.go x_gccgo.go x_mips64p32le.go; do
		printf 'package suffix\n' | hand "suffix/$f"
	done
	for f in c_mips.c c_linux_mips64.c h_mips64le.h s_mips64.s s_linux_mips.s s_amd64.s \
		s_mips_test.s; do
		printf '// %s\n' "$f" | hand "suffix/$f"
	done
	mkdir -p "$TRASH/gopath/src/hand/suffix/dir_mips.go"
}

make_release_pkg() {
	hand release/r1.go <<'EOF'
//go:build go1.20
package release
EOF
	hand release/r2.go <<'EOF'
//go:build go1.19 && go1.1
package release
EOF
	hand release/r3.go <<'EOF'
// +build go1.18

package release
EOF
	hand release/r4.go <<'EOF'
//go:build !go1.20
package release
EOF
	hand release/r5.go <<'EOF'
//go:build go1.019 || go1 || go1.0
package release
EOF
}

make_imports_pkg() {
	hand imports/a.go <<'EOF'
// Package imports shows every import form.
package imports // a comment after the clause

import "errors"
import (
	"fmt" /* comment */ ; "io"
	str "strings"
	. "math"
	_ "embed"
	// a comment line
	`os/exec`
	"net/\u0068ttp"
	"\x62ytes"
	"unicode/utf\070"
)
import ()
import x "sort"

func f() { _ = "not an import" }
var y = `not "an" import`
EOF
	hand imports/b.go <<'EOF'
//go:build ignore

package imports

import "never/seen"
EOF
	# a carriage return inside a raw string is dropped: this imports "os/user"
	printf 'package imports\n\nimport `os/us\rer`\n' | hand imports/d.go
	hand imports/c.go <<'EOF'
package imports

import "time"

func g() {
	"this body is never read: no error
}
EOF
}

make_cgo_pkg() {
	hand cgo/c.go <<'EOF'
// Package cgo imports "C".
package cgo

import (
	"C"
	"fmt"
)
EOF
	hand cgo/d.go <<'EOF'
package cgo
EOF
}

make_tags_pkg() {
	printf 'package tags\n' | hand tags/base.go
	printf 'package tags\n' | hand tags/x_windows.go
	printf 'package tags\n' | hand tags/y_linux.go
	printf '//go:build fancy\n\npackage tags\n' | hand tags/fancy.go
	printf '//go:build !fancy\n\npackage tags\n' | hand tags/notfancy.go
	printf '// +build fancy,netgo\n\npackage tags\n' | hand tags/both.go
	printf '//go:build cgo\n\npackage tags\n' | hand tags/cgotag.go
	printf '//go:build boringcrypto\n\npackage tags\n' | hand tags/boring.go
	printf '//go:build goexperiment.boringcrypto\n\npackage tags\n' | hand tags/gexp.go
	printf 'package tagcgo\n' | hand tagcgo/a.go
	printf 'package tagcgo\n\nimport "C"\n' | hand tagcgo/c.go
}

make_mixed_pkg() {
	hand mixed/a.go <<'EOF'
package a
EOF
	hand mixed/b.go <<'EOF'
// Package b is not a.
package b
EOF
	hand mixed/c.go <<'EOF'
//go:build ignore

package c
EOF
}

make_bad_pkg() {
	hand bad/a.go <<'EOF'
// no package clause
import "fmt"
EOF
	hand bad/b.go <<'EOF'
package bad

import (
	"fmt"
	"os
)
EOF
	hand bad/c.go <<'EOF'
package bad

import "\q"
EOF
	hand bad/d.go <<'EOF'
//go:build linux && (mips
package bad
EOF
	hand bad/e.go <<'EOF'
//go:build ignore

this file is excluded: its header is never parsed
EOF
	hand bad/f.go <<'EOF'
package bad

import x y "z"
EOF
	hand bad/g.go <<'EOF'
package bad

import "bytes "
EOF
}

# the errors for hand/bad, in file order; d.go points at its unclosed paren, e.go is excluded
bad_expect() {
	cat <<'EOF'
gopath/src/hand/bad/a.go:2:1: error: expected 'package', found 'import'
gopath/src/hand/bad/b.go:5:2: error: string literal not terminated
gopath/src/hand/bad/c.go:3:9: error: invalid escape sequence in string literal
gopath/src/hand/bad/d.go:1:21: error: bad build constraint: missing close paren
gopath/src/hand/bad/f.go:3:10: error: expected import path, found 'y'
gopath/src/hand/bad/g.go:3:8: error: invalid import path: "bytes "
EOF
}

test_expect_success 'set up handmade packages' '
	make_expr_pkg && make_plus_pkg && make_suffix_pkg && make_release_pkg &&
	make_imports_pkg && make_cgo_pkg && make_mixed_pkg && make_bad_pkg && make_tags_pkg
'

G=$TRASH/gopath

test_expect_success '//go:build with parentheses and ! agrees with go list' '
	compare_all "$G" hand/expr &&
	grep -xF "hand/expr [a.go d.go e.go f.go g.go h.go] [] [] []" expect.mips.gccgo &&
	grep -xF "hand/expr [a.go b.go e.go f.go g.go h.go] [] [] []" expect.mips64le.gc
'

test_expect_success 'legacy // +build lines count only before a blank line' '
	compare_all "$G" hand/plus &&
	grep -xF "hand/plus [p1.go p3.go p4.go p5.go p6.go] [] [a1.s a2.s] []" expect.mips.gccgo &&
	grep -xF "hand/plus [p1.go p3.go p4.go p5.go p7.go p8.go p9.go] [] [a2.s] []" expect.mips64le.gc
'

test_expect_success 'GOOS/GOARCH file name suffixes agree with go list' '
	compare_all "$G" hand/suffix &&
	grep -xF "hand/suffix [base.go linux.go mips64.go v_test_mips.go x_gccgo.go x_linux.go x_linux_mips.go x_unix.go z_plan8_mips.go] [c_mips.c] [s_linux_mips.s s_mips_test.s] []" expect.mips.gccgo &&
	grep -xF "hand/suffix [base.go linux.go mips64.go x_gccgo.go x_linux.go x_mips64le.go x_unix.go] [] [] []" expect.mips64le.gc
'

test_expect_success 'go1.20 does not hold at Go 1.19, go1.19 does' '
	compare_all "$G" hand/release &&
	mb_list "$G/src" mips gc hand/release >actual &&
	echo "hand/release [r2.go r3.go r4.go] [] [] []" >expect &&
	test_cmp expect actual &&
	mipsbake files --goarch mips --go-version 1.20 "$G/src/hand/release" >actual &&
	echo "[r1.go r2.go r3.go] [] []" >expect &&
	test_cmp expect actual
'

test_expect_success 'every import form is read as go list reads it' '
	compare_all "$G" hand/imports &&
	grep -xF "hand/imports [a.go c.go d.go] [] [] [bytes embed errors fmt io math net/http os/exec os/user sort strings time unicode/utf8]" expect
'

test_expect_success 'files that import "C" are ignored without cgo, as go list does' '
	for a in $ARCHES; do compare "$G/src" "$G" $a gc hand/cgo || exit 1; done
'

test_expect_success 'with cgo on, files that import "C" are CgoFiles, as go list has them' '
	for a in $ARCHES; do compare "$G/src" "$G" $a gccgo hand/cgo || exit 1; done &&
	grep -F "cgo:[c.go]" expect
'

# -tags adds to go/build's BuildTags: a tag there holds in //go:build, // +build and file name
# suffixes alike. "cgo" holds as a tag but brings no cgo files (CgoEnabled decides those);
# "boringcrypto" is read as "goexperiment.boringcrypto" before BuildTags are looked at, so
# -tags boringcrypto satisfies neither.
test_expect_success 'tags that name something special work as go/build has them' '
	for t in fancy fancy,netgo cgo boringcrypto goexperiment.boringcrypto windows; do
		TAGS=$t && compare_all "$G" hand/tags && cp expect.mips.gc "tags.$t" &&
		compare "$G/src" "$G" mipsle gc hand/tagcgo && cp expect "tagcgo.$t" || exit 1
	done &&
	TAGS= &&
	grep -xF "hand/tags [base.go fancy.go y_linux.go] [] [] []" tags.fancy &&
	grep -xF "hand/tags [base.go both.go fancy.go y_linux.go] [] [] []" tags.fancy,netgo &&
	grep -xF "hand/tags [base.go cgotag.go notfancy.go y_linux.go] [] [] []" tags.cgo &&
	grep -xF "hand/tagcgo [a.go] [] [] []" tagcgo.cgo &&
	grep -xF "hand/tags [base.go notfancy.go y_linux.go] [] [] []" tags.boringcrypto &&
	grep -xF "hand/tags [base.go boring.go gexp.go notfancy.go y_linux.go] [] [] []" tags.goexperiment.boringcrypto &&
	grep -xF "hand/tags [base.go notfancy.go x_windows.go y_linux.go] [] [] []" tags.windows
'

test_expect_success 'mixed package names are an error at the second name' '
	test_must_fail mipsbake files --goarch mips gopath/src/hand/mixed >out 2>err &&
	echo "gopath/src/hand/mixed/b.go:2:9: error: found packages a (a.go) and b (b.go) in gopath/src/hand/mixed" >expect &&
	test_cmp expect err &&
	go_list "$G" mips gc hand/mixed >golist &&
	grep -F "error:found packages a (a.go) and b (b.go) in" golist
'

test_expect_success 'header syntax errors say what was expected' '
	test_must_fail mipsbake files --goarch mips gopath/src/hand/bad >out 2>err &&
	bad_expect >expect &&
	test_cmp expect err &&
	test_cmp /dev/null out
'

test_expect_success 'a bad directory does not hide the others; exit status 1' '
	rc=0 &&
	mipsbake files --goarch mips gopath/src/hand/bad gopath/src/hand/release >out 2>err ||
	rc=$? &&
	test "$rc" = 1 &&
	echo "[r2.go r3.go r4.go] [] []" >expect &&
	test_cmp expect out
'

test_expect_code 2 'an unknown GOARCH is a usage error' '
	mipsbake files --goarch mipz gopath/src/hand/release
'

test_expect_code 2 'no directory is a usage error' '
	mipsbake files --goarch mips
'

test_done
