#!/bin/sh
# Incremental scanning (issue 17): build.ninja depends on each scanned directory's digest of
# what the scan reads (its listing, its files' headers, its test functions), so that a body
# edit runs one compile and the link, and no regeneration; an import added or removed, a file
# added or deleted, a //go:build line, a package clause, go.mod, an embedded directory's
# listing and a test function each still regenerate, and the binary under qemu shows it.
. "$(dirname "$0")/lib.sh"

if ! have go qemu-mipsel-static; then
	test_skip 'incremental scanning' 'go or qemu-user-static is missing'
	test_done
fi

mkdir -p p/cmd/app p/lib/a p/lib/b p/lib/c p/lib/e/data
printf 'module example.com/p\n\ngo 1.18\n' >p/go.mod
cat >p/p.yaml <<'EOF'
mipsbake: 1
module: example.com/p
include: [toolchains/debian-go.yaml]
boards:
  b: {goarch: mipsle, gomips: softfloat, toolchain: debian-go}
targets:
  app: {main: ./cmd/app, boards: [b]}
tests:
  packages: [./lib/c]
  boards: [b]
EOF
cat >p/cmd/app/main.go <<'GO'
package main

import (
	"fmt"

	"example.com/p/lib/a"
	"example.com/p/lib/b"
	"example.com/p/lib/e"
)

func main() { fmt.Println(a.A(), b.Joined(), e.Names()) }
GO
cat >p/lib/a/a.go <<'GO'
package a

//go:noinline
func A() string { return "a1" }
GO
cat >p/lib/b/b.go <<'GO'
package b

import "strings"

var Names = []string{"b"}

func Joined() string { return strings.Join(Names, "+") }
GO
printf '//go:build ignore\n\npackage b\n\nfunc init() { Names = append(Names, "gated") }\n' >p/lib/b/gated.go
cat >p/lib/e/e.go <<'GO'
package e

import (
	"embed"
	"strings"
)

//go:embed data/*.txt
var fs embed.FS

func Names() string {
	ents, _ := fs.ReadDir("data")
	var n []string
	for _, x := range ents {
		n = append(n, x.Name())
	}
	return strings.Join(n, ",")
}
GO
echo one >p/lib/e/data/one.txt
printf 'package c\n\nfunc C() int { return 1 }\n' >p/lib/c/c.go
printf 'package c\n\nimport "testing"\n\nfunc TestOne(t *testing.T) {}\n' >p/lib/c/c_test.go

BIN=d/out/app/b/debian-go/app
# build with Ninja's commands shown; the counts of regenerations, compiles and links to
# regens, compiles and links
build() {
	mipsbake -B d -j2 -v build p/p.yaml >build.out 2>&1 || { cat build.out; return 1; }
	count
}
count() {
	regens=$(grep -c "regenerating build.ninja\| gen --regenerate " build.out)
	compiles=$(grep -c "linux_amd64/compile " build.out)
	links=$(grep -c "linux_amd64/link " build.out)
	echo "regenerations $regens, compiles $compiles, links $links"
}
run() {
	qemu-mipsel-static -cpu 24Kc "$BIN"
}
# compile_of DIR: the command that compiles example.com/p/DIR (its importcfg lines printf'd)
compile_of() {
	ninja -C d -t commands "exp/$(cfgdir d debian-go-mipsle-softfloat)/example.com/p/$1.a" | tail -n 1
}

test_expect_success 'the first build' '
	build && test "$(run)" = "a1 b one.txt" &&
	build && test "$regens$compiles$links" = 000
'

test_expect_success 'a body edit: no regeneration, one compile, one link' '
	sed -i "s/\"a1\"/\"a2\"/" p/lib/a/a.go &&
	build && test "$regens" = 0 && test "$compiles" = 1 && test "$links" = 1 &&
	test "$(run)" = "a2 b one.txt"
'

test_expect_success 'a comment or a blank line in the body: no regeneration' '
	printf "\n// a comment\n" >>p/lib/a/a.go &&
	build && test "$regens" = 0 && test "$compiles" -le 1
'

test_expect_success 'an import added: regenerated, and the new graph builds' '
	cat >p/lib/a/a.go <<-\GO &&
	package a

	import "example.com/p/lib/c"

	//go:noinline
	func A() string { return "a" + string(rune(0x30+c.C())) }
	GO
	build && test "$regens" = 1 && test "$(run)" = "a1 b one.txt" &&
	compile_of lib/a | grep -q "'\''packagefile example.com/p/lib/c=exp/"
'

test_expect_success 'an import removed: regenerated' '
	printf "package a\n\n//go:noinline\nfunc A() string { return \"a3\" }\n" >p/lib/a/a.go &&
	build && test "$regens" = 1 && test "$(run)" = "a3 b one.txt" &&
	compile_of lib/a >cmd && grep -q "/compile " cmd && ! grep -q "example.com/p/lib/c=" cmd
'

test_expect_success 'a package no longer imported and its directory deleted: regenerated' '
	mkdir p/lib/gone && printf "package gone\n\nconst G = 1\n" >p/lib/gone/gone.go &&
	printf "package a\n\nimport \"example.com/p/lib/gone\"\n\nvar _ = gone.G\n" >p/lib/a/gone.go &&
	build && test "$regens" = 1 &&
	rm p/lib/a/gone.go && rm -r p/lib/gone &&
	build && test "$regens" = 1 && test "$(run)" = "a3 b one.txt"
'

test_expect_success 'a file added: regenerated, compiled in' '
	printf "package b\n\nfunc init() { Names = append(Names, \"added\") }\n" >p/lib/b/added.go &&
	build && test "$regens" = 1 && test "$(run)" = "a3 b+added one.txt"
'

test_expect_success 'a file deleted: regenerated, not a missing input' '
	rm p/lib/b/added.go &&
	build && test "$regens" = 1 && test "$(run)" = "a3 b one.txt"
'

test_expect_success 'a //go:build line changed: the file comes in, then drops out' '
	sed -i "s/^\/\/go:build ignore/\/\/go:build linux/" p/lib/b/gated.go &&
	build && test "$regens" = 1 && test "$(run)" = "a3 b+gated one.txt" &&
	sed -i "s/^\/\/go:build linux/\/\/go:build !linux/" p/lib/b/gated.go &&
	build && test "$regens" = 1 && test "$(run)" = "a3 b one.txt"
'

test_expect_success 'a package clause changed: regenerated, and the scan says what is wrong' '
	sed -i "s/^package b/package other/" p/lib/b/gated.go &&
	sed -i "s/^\/\/go:build !linux/\/\/go:build linux/" p/lib/b/gated.go &&
	test_must_fail mipsbake -B d -j2 -v build p/p.yaml >build.out 2>&1 &&
	grep -q "found packages b (b.go) and other (gated.go)" build.out &&
	sed -i "s/^package other/package b/" p/lib/b/gated.go &&
	build && test "$regens" = 1 && test "$(run)" = "a3 b+gated one.txt"
'

test_expect_success 'a go.mod edit: regenerated, every package compiled for the new language version' '
	printf "module example.com/p\n\ngo 1.17\n" >p/go.mod &&
	build && test "$regens" = 1 && grep -q -- "-lang=go1.17" build.out &&
	test "$compiles" -ge 4
'

test_expect_success 'a file added where //go:embed looks: regenerated, embedded' '
	echo two >p/lib/e/data/two.txt &&
	build && test "$regens" = 1 && test "$(run)" = "a3 b+gated one.txt,two.txt"
'

test_expect_success 'a test function added: regenerated, and the test binary lists it' '
	ninja -C d tests >/dev/null &&
	t=$(find d/test -name "*.test" -type f | head -n 1) && test -n "$t" &&
	qemu-mipsel-static -cpu 24Kc "$t" -test.list ".*" >list &&
	test "$(cat list)" = TestOne &&
	printf "\nfunc TestTwo(t *testing.T) {}\n" >>p/lib/c/c_test.go &&
	ninja -C d -v tests >build.out 2>&1 && count && test "$regens" = 1 &&
	qemu-mipsel-static -cpu 24Kc "$t" -test.list ".*" >list &&
	printf "TestOne\nTestTwo\n" >expect && test_cmp expect list
'

test_expect_success 'a test body edited: no regeneration' '
	printf "\nfunc helper() int { return 2 }\n" >>p/lib/c/c_test.go &&
	ninja -C d -v tests >build.out 2>&1 && count && test "$regens" = 0
'

test_expect_success 'a test function of a package whose tests are not built: no regeneration' '
	printf "package a\n\nimport \"testing\"\n\nfunc TestA(t *testing.T) {}\n" >p/lib/a/a_test.go &&
	build && test "$regens" = 1 &&
	printf "\nfunc TestB(t *testing.T) {}\n" >>p/lib/a/a_test.go &&
	build && test "$regens" = 0 && test "$compiles" = 0
'

test_done
