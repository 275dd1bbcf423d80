#!/bin/sh
# gc early cutoff through moved lines: export data that changed only in positions no importer
# sees (a bodiless declaration's place) keeps the old file, so the importers are not compiled
# again; positions that reach the importers (inline bodies, methods) still recompile them.
# The oracle of soundness is a clean build of the same sources: its binary must be identical.
. "$(dirname "$0")/lib.sh"

mkdir -p proj/cmd/app proj/lib proj/inl
gc_manifest proj/gc.yaml example.com/cut
# The method comes first: its positions count even without an inline body, because main's
# struct embeds Counter and so compiles the promoted method's wrapper, whose DWARF has the
# method's parameters' lines (see src/emit/gcexport.c). What follows Sum has no such reader.
cat >proj/lib/lib.go <<'EOF'
// Package lib has a function too big to inline, and only bodiless declarations after it.
package lib

type Counter struct{ N int }

//go:noinline
func (c *Counter) Add(n int) int {
	c.N += n
	return c.N
}

func Sum(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += i * i
		if s%7 == 3 {
			println("seven", s, i, n)
		}
		if s%11 == 3 {
			println("eleven", s, i, n, s*i, s+n)
		}
		if s%13 == 3 {
			println("thirteen", s, i, n, s*i, s+n)
		}
		if s%17 == 3 {
			println("seventeen", s, i, n, s*i, s+n)
		}
	}
	return s
}

// Scale multiplies Mul's product. (An object's first position is absolute: its line may not
// cross 32, where the position takes a byte more, which shifts every later offset.)
var Scale = 3

const Base = 100

type Pair struct {
	A, B int
}

//go:noinline
func Mul(p Pair) int { return p.A * p.B * Scale }

// Apply's parameter has a function type, whose parameters have places too.
//
//go:noinline
func Apply(f func(x, y int) int) int { return f(Scale, Base) }

// Outer's field is a Counter: an importer's struct that embeds Outer has Add promoted.
type Outer struct {
	Counter
	Note string
}
EOF
cat >proj/inl/inl.go <<'EOF'
// Package inl has a small function every importer inlines.
package inl

func Must(n int) int {
	if n < 0 {
		panic("negative")
	}
	return n * 2
}
EOF
cat >proj/cmd/app/main.go <<'EOF'
package main

import (
	"fmt"
	"os"

	"example.com/cut/inl"
	"example.com/cut/lib"
)

type wrapped struct {
	lib.Counter
	tag string
}

type twice struct {
	lib.Outer
	n int
}

func main() {
	n := 4
	if len(os.Args) > 1 {
		n = -1
	}
	w := wrapped{tag: "w"}
	w.Add(lib.Base)
	t := &twice{n: 1}
	t.Add(2)
	add := func(x, y int) int { return x + y }
	fmt.Println(lib.Sum(5), lib.Mul(lib.Pair{A: 2, B: 5}), w.N, inl.Must(n), lib.Apply(add), t.N)
}
EOF
APP=build/out/app/le/go/app

# build -v and count the compiles of user packages (-linkobj) and the links
build_count() {
	mipsbake -v -j2 proj/gc.yaml >"$1.log" 2>&1 || { tail -n 30 "$1.log"; return 1; }
	echo "$(count_lines ' -linkobj ' "$1.log") compiles, $(count_lines ' -buildmode=exe ' "$1.log") links"
}

# the binary of a clean build of the sources as they are must be identical to ours
same_as_clean() {
	cp "$APP" incremental &&
	mv build build.incremental &&
	mipsbake -j2 proj/gc.yaml >clean.log 2>&1 &&
	cmp incremental "$APP" &&
	rm -rf build && mv build.incremental build
}

test_expect_success 'the first build runs under qemu' '
	mipsbake -j2 proj/gc.yaml >first.log 2>&1 || { tail -n 30 first.log; false; } &&
	qemu-mipsel-static "$APP" >out &&
	echo "30 30 100 8 103 2" >expect &&
	test_cmp expect out
'

test_expect_success 'every export file of the build and of its standard library decodes wholly' '
	find build/exp build/std -name "*.a" | sort >files &&
	test "$(wc -l <files)" -gt 20 &&
	mipsbake gc-export-update --check $(cat files) >check.out &&
	test "$(wc -l <check.out)" = "$(wc -l <files)"
'

test_expect_success 'a statement inserted in a non-inlinable function: 1 compile, 1 link' '
	sed -i "s/^\t\ts += i \* i$/\t\ts += i * i\n\t\ts++/" proj/lib/lib.go &&
	grep -q "^		s++$" proj/lib/lib.go &&
	build_count moved >actual &&
	echo "1 compiles, 1 links" >expect &&
	test_cmp expect actual &&
	grep -q " -linkobj .* -p example.com/cut/lib " moved.log &&
	qemu-mipsel-static "$APP" >out &&
	echo "35 30 100 8 103 2" >expect &&
	test_cmp expect out
'

test_expect_success 'that binary is identical to a clean build of the same sources' '
	same_as_clean
'

test_expect_success 'the kept export data goes on cutting off the next moved line' '
	sed -i "s/^\t\ts++$/\t\ts++\n\t\ts++/" proj/lib/lib.go &&
	build_count again >actual &&
	echo "1 compiles, 1 links" >expect &&
	test_cmp expect actual &&
	same_as_clean
'

test_expect_success 'an inlinable function moved by a line recompiles its importer' '
	sed -i "s|^// Package inl has|//\n// Package inl has|" proj/inl/inl.go &&
	build_count inl >actual &&
	echo "2 compiles, 1 links" >expect &&
	test_cmp expect actual &&
	{ qemu-mipsel-static "$APP" neg 2>panic.out; echo $? >rc; } &&
	echo 2 >expect && test_cmp expect rc &&
	grep "example.com/cut/inl/inl.go:" panic.out | head -n 1 | sed "s/ +0x.*//; s/^[[:space:]]*//" >actual &&
	echo "example.com/cut/inl/inl.go:7" >expect &&
	test_cmp expect actual &&
	same_as_clean
'

test_expect_success 'a method without inline body moved by a line recompiles its importer' '
	sed -i "s|^type Counter struct|// a line before\ntype Counter struct|" proj/lib/lib.go &&
	build_count method >actual &&
	echo "2 compiles, 1 links" >expect &&
	test_cmp expect actual &&
	same_as_clean
'

test_expect_success 'an exported API change recompiles the importers' '
	printf "\nfunc Question() string { return \"?\" }\n" >>proj/lib/lib.go &&
	build_count api >actual &&
	echo "2 compiles, 1 links" >expect &&
	test_cmp expect actual
'

# the tool on its own: anything it does not understand counts as a change
EXP=build/exp
test_expect_success 'gc-export-update: identical data keeps the old file and its mtime' '
	f=$(find $EXP -name lib.a) && cp -p "$f" old.a && cp "$f" new.a && touch -d @1 old.a &&
	lo=$(find build/pkg -path "*cut/lib/_pkg_.lo") &&
	mipsbake gc-export-update new.a old.a "$lo" &&
	test ! -e new.a && test "$(stat -c %Y old.a)" = 1
'

test_expect_success 'gc-export-update: truncated, another version or a byte more replace it' '
	f=$(find $EXP -name lib.a) && lo=$(find build/pkg -path "*cut/lib/_pkg_.lo") &&
	size=$(wc -c <"$f") &&
	head -c $((size - 6)) "$f" >bad1 &&
	v=$(grep -abo "\$\$B" "$f" | head -n 1 | cut -d: -f1) &&
	{ head -c $((v + 5)) "$f"; printf "\\003"; tail -c +$((v + 7)) "$f"; } >bad2 &&
	test "$(wc -c <bad2)" = "$size" &&
	perl -0777 -pe "my \$m = substr(\$_, 56, 10) + 1; substr(\$_, 56, 10) = sprintf(\"%-10d\", \$m);
		substr(\$_, 68 + \$m - 13, 0) = \"\\0\"" "$f" >bad3 &&
	for b in bad1 bad2 bad3; do
		test_must_fail mipsbake gc-export-update --check $b 2>$b.err &&
		cp "$f" old.a && cp $b new.a &&
		mipsbake gc-export-update new.a old.a "$lo" &&
		cmp $b old.a || exit 1
	done &&
	grep -q "another version" bad2.err &&
	grep -q "bytes between the indices and the fingerprint" bad3.err
'

test_done
