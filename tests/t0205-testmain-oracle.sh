#!/bin/sh
# t0205-testmain-oracle: 'mipsbake testmain' writes the _testmain.go 'go test' writes (Go 1.19).
#
# go test is the oracle: 'go test -c -work -o /dev/null P' keeps $WORK/b001/_testmain.go, the
# text cmd/go's testmainTmpl made for P (no -cover, so no cover variables). mipsbake testmain
# gets P's TestGoFiles and XTestGoFiles as go list names them (in go list's order) and must
# print the same bytes: no normalisation at all, not even gofmt.
#
# - Real packages: Debian's miekg/dns, x/net, x/sys, x/text and x/sync (GOPATH mode), internal
#   and external tests, examples with output; and standard library packages for what those
#   lack: Unordered output (math/rand, index/suffixarray), fuzz targets (encoding/json,
#   net/netip, archive/tar) and TestMain (go/build, os/exec, runtime/debug).
# - Handmade packages, one rule each: a renamed and a dot import of "testing", methods and
#   func literals named like tests, Testable and Testé (not tests), TestÉ (a test), examples
#   whose output holds quotes, backslashes, tabs, control and non-ASCII bytes, invalid UTF-8,
#   /* */ comments, directives, empty output, no output, an output comment that go/parser
#   groups apart, Unordered output, braces in strings, runes and comments.
# - Errors: wrong signatures (text and position as go test prints them) and two TestMains.

. "$(dirname "$0")/lib.sh"

GOCODE=/usr/share/gocode/src
REAL="github.com/miekg/dns golang.org/x/net/html golang.org/x/net/idna golang.org/x/net/ipv4
golang.org/x/sys/unix golang.org/x/text/language golang.org/x/text/transform
golang.org/x/text/cases golang.org/x/text/encoding/charmap golang.org/x/sync/errgroup"
STD="math/rand index/suffixarray encoding/json net/netip archive/tar os/exec runtime/debug
strings sort go/build"

if ! have go || ! [ -d "$GOCODE/github.com/miekg/dns" ] || ! [ -d "$GOCODE/golang.org/x/text" ]; then
	test_skip 'go test oracle' 'needs golang-go and the Debian Go packages of t0200 (x/text, x/sync too)'
	test_done
fi

# go_env GOPATH cmd...: run a go command in GOPATH mode with a cache of the test's own
go_env() {
	_gp=$1
	shift
	env GOPATH="$_gp" GO111MODULE=off GOFLAGS= GOCACHE="$TRASH/.gocache" CGO_ENABLED=0 "$@"
}

# go_testmain GOPATH P OUT: the _testmain.go go test -c writes for P, into OUT
go_testmain() {
	go_env "$1" go test -c -work -o /dev/null "$2" >.gotest.log 2>&1 || { cat .gotest.log; return 1; }
	_w=$(sed -n 's/^WORK=//p' .gotest.log)
	test -n "$_w" && test -f "$_w/b001/_testmain.go" || { cat .gotest.log; return 1; }
	cp "$_w/b001/_testmain.go" "$3"
	rm -rf "$_w"
}

# mb_testmain GOPATH P OUT: mipsbake's, from go list's TestGoFiles and XTestGoFiles
mb_testmain() {
	go_env "$1" go list -f '{{.Dir}}
{{len .GoFiles}}{{len .CgoFiles}}
{{range .TestGoFiles}}--test {{.}} {{end}}{{range .XTestGoFiles}}--xtest {{.}} {{end}}' "$2" >.golist || return 1
	_dir=$(sed -n 1p .golist)
	_args=$(sed -n 3p .golist)
	[ "$(sed -n 2p .golist)" = 00 ] && _args="--no-go-files $_args"
	# shellcheck disable=SC2086
	(cd "$_dir" && mipsbake testmain --importpath "$2" $_args) >"$3"
}

# compare GOPATH P: both sides agree, byte for byte; kept as expect.NAME
compare() {
	_n=$(echo "$2" | tr / _)
	go_testmain "$1" "$2" "expect.$_n" &&
	mb_testmain "$1" "$2" "actual.$_n" &&
	test -s "expect.$_n" &&
	test_cmp "expect.$_n" "actual.$_n"
}

for p in $REAL; do
	test_expect_success "$p: the test main is go test's" "compare /usr/share/gocode $p"
done
for p in $STD; do
	test_expect_success "std $p: the test main is go test's" "compare /nonexistent $p"
done

test_expect_success 'the real packages cover internal and external tests, examples, fuzzing, TestMain' '
	grep -q "^	_test \"github.com/miekg/dns\"" expect.github.com_miekg_dns &&
	grep -q "^	_xtest \"golang.org/x/text/language_test\"" expect.golang.org_x_text_language &&
	grep -q "^	_xtest \"golang.org/x/sync/errgroup_test\"" expect.golang.org_x_sync_errgroup &&
	grep -q "^	{\"Example.*, \".*\\\\n\", false}," expect.golang.org_x_net_html &&
	grep -q "^	{\"Example.*, true}," expect.math_rand &&
	grep -q "^	{\"Fuzz.*}," expect.encoding_json &&
	grep -q "^	_test.TestMain(m)" expect.go_build &&
	grep -q "^	_xtest.TestMain(m)" expect.os_exec &&
	grep -q "^	_xtest.TestMain(m)" expect.runtime_debug
'

GP=$TRASH/gopath
HM=$GP/src/example.com/hm
mkdir -p "$HM"
printf 'package hm\n\ntype S struct{}\n' >"$HM/hm.go"
cat >"$HM/a_test.go" <<'EOF'
package hm

import (
	"fmt"
	tt "testing"
)

var _ = func(t *tt.T) {} // a func literal is no declaration

func (S) TestMethod(t *tt.T) {}

func Testable(t *tt.T) {}

func Testé(t *tt.T) {}

func TestÉ(t *tt.T) {}

func Test(t *tt.T) {}

func TestA(t *tt.T) {
	s := "}{ /* not a comment"
	r := '}'
	q := `}
	// Output: not a comment either
	`
	_, _, _ = s, r, q
	/* } */
}

func Test_b(*tt.T) {}

func TestTrailing(
	t *tt.T,
) {
}

func BenchmarkA(b *tt.B) {}

func FuzzA(f *tt.F) { f.Fuzz(func(t *tt.T, b []byte) {}) }

func Example() {
	fmt.Println("a \"quoted\" \\back\\slash\\ é ü 日本\x01\x7f\u2028\u00a0\ttab")
	// Output:
	// OUTPUT_LINE
}

func ExampleS() {
	fmt.Println("block")
	/* Output: block
	 */
}

func ExampleS_empty() {
	// Output:
}

func ExampleS_none() {
	fmt.Println("not run")
}

func ExampleS_apart() {
	fmt.Println("x") // Output: x
	// y
}

func ExampleS_directive() {
	fmt.Println("d")
	//go:generate nothing
	// OUTPUT:  d
}

func ExampleS_second() {
	// Output: first

	// output:
	// second
}
EOF
# the expected output holds a control byte, DEL, U+2028, U+00A0 and a tab, raw
printf '// a "quoted" \\back\\slash\\ \303\251 \303\274 \346\227\245\346\234\254\001\177\342\200\250\302\240\ttab\n' >.line
sed -e "/OUTPUT_LINE/{r .line" -e "d}" "$HM/a_test.go" >.a && mv .a "$HM/a_test.go"
# how %q writes it
printf '%s\n' 'a \"quoted\" \\back\\slash\\ ' >frag1
printf '%s\n' '\x01\x7f\u2028\u00a0\ttab\n", false},' >frag2
cat >"$HM/b_test.go" <<'EOF'
package hm

import . "testing"

func TestDot(t *T) {}

func TestMain(m *M) { m.Run() }
EOF
cat >"$HM/x_test.go" <<'EOF'
package hm_test

import (
	"fmt"
	"testing"
)

func TestX(t *testing.T) {}

func ExampleUnordered() {
	fmt.Println("b")
	fmt.Println("a")
	// Unordered output: a
	// b
}

func Examplenot() {}
EOF

test_expect_success 'handmade: renamed and dot imports, names, examples agree with go test' '
	compare "$GP" example.com/hm &&
	grep -q "\"TestÉ\"" expect.example.com_hm &&
	! grep -qE "\"(Testé|Testable|TestMethod|ExampleS_none|Examplenot)\"" expect.example.com_hm &&
	grep -q "{\"ExampleS_empty\", _test.ExampleS_empty, \"\", false}" expect.example.com_hm &&
	! grep -q "ExampleS_apart" expect.example.com_hm &&
	grep -q "{\"ExampleS_second\", _test.ExampleS_second, \"second\\\\n\", false}" expect.example.com_hm &&
	grep -q "{\"ExampleS_directive\", _test.ExampleS_directive, \"d\\\\n\", false}" expect.example.com_hm &&
	grep -q "^	_test.TestMain(m)" expect.example.com_hm &&
	grep -q "{\"ExampleUnordered\", _xtest.ExampleUnordered, \"a\\\\nb\\\\n\", true}" expect.example.com_hm &&
	grep -qF -f "$TRASH/frag1" expect.example.com_hm &&
	grep -qF -f "$TRASH/frag2" expect.example.com_hm
'

# packages whose test files hold only examples without output, or nothing at all
mkdir -p "$GP/src/example.com/noreg" "$GP/src/example.com/onlyx"
printf 'package noreg\n' >"$GP/src/example.com/noreg/n.go"
printf 'package noreg\n\nfunc Example() {}\n' >"$GP/src/example.com/noreg/n_test.go"
printf 'package noreg_test\n\nfunc helper() {}\n' >"$GP/src/example.com/noreg/x_test.go"
printf 'package onlyx\n' >"$GP/src/example.com/onlyx/o.go"
printf 'package onlyx_test\n\nimport "testing"\n\nfunc TestMain(m *testing.M) {}\n' \
	>"$GP/src/example.com/onlyx/x_test.go"

test_expect_success 'a package that registers nothing is imported as _, an xtest TestMain is _xtest' '
	compare "$GP" example.com/noreg &&
	grep -q "^	_ \"example.com/noreg\"" expect.example.com_noreg &&
	grep -q "^	_ \"example.com/noreg_test\"" expect.example.com_noreg &&
	compare "$GP" example.com/onlyx &&
	grep -q "^	_xtest.TestMain(m)" expect.example.com_onlyx
'

# CRLF line ends, a byte order mark, comment groups split and joined on one line
mkdir -p "$GP/src/example.com/crlf"
printf 'package crlf\n' >"$GP/src/example.com/crlf/c.go"
printf '\357\273\277package crlf\r\n\r\nimport "fmt"\r\n\r\nfunc ExampleA() {\r\n\tfmt.Println("a")\r\n\t// Output: a  \r\n\t// b\r\r\n}\r\n\r\nfunc ExampleB() {\r\n\t/* Output:\r\n\tx\r\n\t*/\r\n}\r\nfunc ExampleC() {\r\n\tfmt.Print("x"); /* a */ /* Output: y\r\n */ // z\r\n}\r\n' \
	>"$GP/src/example.com/crlf/c_test.go"

test_expect_success 'CRLF, a byte order mark and comment groups agree with go test' '
	compare "$GP" example.com/crlf &&
	grep -q "{\"ExampleA\", _test.ExampleA, \"a\\\\nb\\\\n\", false}" expect.example.com_crlf &&
	grep -q "{\"ExampleB\", _test.ExampleB, \"\\\\tx\\\\n\", false}" expect.example.com_crlf &&
	! grep -q ExampleC expect.example.com_crlf
'

# bad_case NAME DECL: a package example.com/NAME whose test file declares DECL on line 5
bad_case() {
	mkdir -p "$GP/src/example.com/$1"
	printf 'package %s\n' "$1" >"$GP/src/example.com/$1/p.go"
	printf 'package %s\n\nimport "testing"\n\n%s\n' "$1" "$2" >"$GP/src/example.com/$1/p_test.go"
}
bad_case badargs 'func TestBad(t *testing.T, x int) {}'
bad_case badres 'func BenchmarkBad(b *testing.B) int { return 0 }'
bad_case badtype '   func FuzzBad(f testing.F) {}'
bad_case badgen 'func TestBad[T any](t *testing.T) {}'
bad_case badmain 'func TestMain(t *testing.B) {}'
bad_case badtwo 'func TestBad(a, b *testing.T) {}'

# bad GOPATH NAME: go test's message and mipsbake's, made alike: go test prints the path as
# given to it and no "error: "
bad() {
	_d=$1/src/example.com/$2
	go_env "$1" go test -c -o /dev/null "example.com/$2" >.go.err 2>&1 && return 1
	grep "wrong signature" .go.err | sed "s|^$_d/||" >expect.err
	test_must_fail mb_testmain "$1" "example.com/$2" actual.out 2>.mb.err
	sed "s|: error: |: |" .mb.err >actual.err
	test -s expect.err &&
	test_cmp expect.err actual.err
}

for c in badargs badres badtype badgen badmain badtwo; do
	test_expect_success "$c: the wrong signature is go test's error, at its place" "
		bad \"\$GP\" $c &&
		grep -q '^p_test.go:5:[0-9]*: wrong signature for' actual.err
	"
done

mkdir -p "$GP/src/example.com/twomain"
printf 'package twomain\n' >"$GP/src/example.com/twomain/p.go"
printf 'package twomain\n\nimport "testing"\n\nfunc TestMain(m *testing.M) {}\n' \
	>"$GP/src/example.com/twomain/p_test.go"
printf 'package twomain_test\n\nimport "testing"\n\nfunc TestMain(m *testing.M) {}\n' \
	>"$GP/src/example.com/twomain/x_test.go"

test_expect_success 'two TestMains: go test'"'"'s error, at the second' '
	go_env "$GP" go test -c -o /dev/null example.com/twomain >go.err 2>&1 && exit 1
	grep -q "multiple definitions of TestMain" go.err &&
	(cd "$GP/src/example.com/twomain" &&
	 test_must_fail mipsbake testmain --importpath example.com/twomain --test p_test.go \
		--xtest x_test.go) 2>mb.err &&
	echo "x_test.go:5:1: error: multiple definitions of TestMain" >expect &&
	test_cmp expect mb.err &&
	(cd "$GP/src/example.com/twomain" &&
	 test_must_fail mipsbake testmain --importpath example.com/twomain --test p_test.go \
		--test p_test.go) 2>mb.err &&
	echo "p_test.go:5:1: error: multiple definitions of TestMain" >expect &&
	test_cmp expect mb.err
'

test_expect_success 'lexical errors are reported at their place' '
	printf "package p\n\nfunc TestA(t *testing.T) {\n\ts := \"abc\n}\n" >lex1_test.go &&
	test_must_fail mipsbake testmain --importpath p --test lex1_test.go 2>err &&
	echo "lex1_test.go:4:7: error: string literal not terminated" >expect &&
	test_cmp expect err &&
	printf "package p\n\nfunc TestA(t *testing.T) {\n/* x\n" >lex2_test.go &&
	test_must_fail mipsbake testmain --importpath p --test lex2_test.go 2>err &&
	echo "lex2_test.go:4:1: error: comment not terminated" >expect &&
	test_cmp expect err &&
	printf "package p\n\nfunc TestA(t *testing.T) {\n\tif x) {}\n}\n" >lex3_test.go &&
	test_must_fail mipsbake testmain --importpath p --test lex3_test.go 2>err &&
	echo "lex3_test.go:4:6: error: syntax error: unexpected )" >expect &&
	test_cmp expect err
'

test_expect_code 2 'testmain without --importpath is a usage error' '
	mipsbake testmain --test x_test.go
'

test_done
