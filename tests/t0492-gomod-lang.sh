#!/bin/sh
# go.mod's go line is the language version (issue 13): gc compiles the module with -lang, as
# cmd/go does, so Go 1.18's generics fail under 'go 1.17' exactly as with go build; a go line
# newer than the toolchain's Go does not stop the build, and when such a compile fails the
# error is followed by a note naming both versions (gc and gccgo alike; gccgo has no -lang).
. "$(dirname "$0")/lib.sh"

if ! have go qemu-mipsel-static; then
	test_skip 'the go line' 'needs go and qemu-mipsel-static'
	test_done
fi

TOOLCHAIN_GO=$(go env GOVERSION | sed 's/^go//; s/^\([0-9]*\.[0-9]*\).*/\1/')

# a module NAME with go line GO and main.go from stdin, built for wt1520 and a gccgo board
# (BOARDS, when set, instead)
module() {
	mkdir -p "$1" &&
	printf 'module example.com/%s\n\ngo %s\n' "$1" "$2" >"$1/go.mod" &&
	cat >"$1/main.go" &&
	cat >"$1/mipsbake.yaml" <<-EOF
	mipsbake: 1
	include: [boards/wt1520.yaml, boards/generic.yaml]
	targets:
	  $1:
	    main: .
	    boards: [${BOARDS:-wt1520, generic-mips64le}]
	    test:
	      - expect: '^3\$'
	EOF
}

generic() {
	cat <<-'EOF'
	package main

	import "fmt"

	func max[T int | float64](a, b T) T {
		if a > b {
			return a
		}
		return b
	}

	func main() { fmt.Println(max(3, 2)) }
	EOF
}

# go build's verdict, as the oracle: go_build DIR
go_build() {
	(cd "$1" && env HOME="$TRASH" GOCACHE="$TRASH/gocache" GOFLAGS=-mod=mod GOPROXY=off \
		GOTOOLCHAIN=local GOOS=linux GOARCH=mipsle go build -o /dev/null .)
}

test_expect_success 'go 1.18 with generics builds with gc, as go build does' '
	generic | BOARDS=wt1520 module gen118 1.18 &&
	go_build gen118 &&
	(cd gen118 && mipsbake test) >log 2>&1 || { tail -n 20 log; false; } &&
	grep -q "test: 1 passed, 0 failed" log
'

test_expect_success 'gc is given -lang=go1.18 for the module' '
	grep -rq -- "-lang=go1.18" gen118/build/*.ninja gen118/build/*/*.ninja
'

test_expect_success 'go 1.17 with generics fails in gc with the message go build gives' '
	generic | BOARDS=wt1520 module gen117 1.17 &&
	test_must_fail go_build gen117 2>goerr &&
	grep "requires go1.18" goerr &&
	test_must_fail env -C gen117 "$MB" build >log 2>&1 &&
	grep "requires go1.18" log &&
	! grep -q "note: package" log
'

test_expect_success "a go line newer than the toolchain's Go ($TOOLCHAIN_GO) is no error in itself" '
	printf "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(3) }\n" | module new 1.99 &&
	(cd new && mipsbake test) >log 2>&1 || { tail -n 20 log; false; } &&
	! grep -rq -- "-lang=go1.99" new/build/*.ninja new/build/*/*.ninja
'

test_expect_success 'when such a module fails to compile, a note names both versions (gc and gccgo)' '
	module newer 1.99 <<-EOF &&
	package main

	func main() { undefinedThing() }
	EOF
	sed "s/boards: .*/boards: [wt1520]/" newer/mipsbake.yaml >newer/gc.yaml &&
	sed "s/boards: .*/boards: [generic-mips64le]/" newer/mipsbake.yaml >newer/gccgo.yaml &&
	test_must_fail env -C newer "$MB" -B b1 build gc.yaml >log 2>&1 &&
	grep -q "undefinedThing" log &&
	grep -q "note: package example.com/newer: its module requires Go 1.99 (the go line of its go.mod); toolchain .debian-go. is Go $TOOLCHAIN_GO" log &&
	test_must_fail env -C newer "$MB" -B b2 build gccgo.yaml >log 2>&1 &&
	grep -q "undefinedThing" log &&
	grep -q "note: package example.com/newer: its module requires Go 1.99 (the go line of its go.mod); toolchain .debian-gccgo-mips64le. is Go 1.18" log
'

test_expect_success 'a module in a directory gets its own go line: generics in a go 1.18 replacement of a go 1.17 module' '
	mkdir -p dirdep/gen &&
	printf "module example.com/gen\n\ngo 1.18\n" >dirdep/gen/go.mod &&
	generic | sed "s/^package main/package gen/; s/^func main.*/func Max() int { return max(3, 2) }/; /^import/d" >dirdep/gen/gen.go &&
	printf "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/gen\"\n)\n\nfunc main() { fmt.Println(gen.Max()) }\n" |
		BOARDS=wt1520 module dirdep 1.17 &&
	printf "\nrequire example.com/gen v0.0.0\n\nreplace example.com/gen => ./gen\n" >>dirdep/go.mod &&
	go_build dirdep &&
	(cd dirdep && mipsbake test) >log 2>&1 || { tail -n 20 log; false; } &&
	grep -q "test: 1 passed" log &&
	sed -i "/^replace/d" dirdep/go.mod &&
	printf "dependencies:\n  example.com/gen: {path: gen}\n" >>dirdep/mipsbake.yaml &&
	(cd dirdep && mipsbake -B b2 test) >log 2>&1 || { tail -n 20 log; false; } &&
	grep -q "test: 1 passed" log
'

test_expect_success 'an empty vendor/ (no modules.txt) builds from vendor/, and a rebuild has nothing to do' '
	mkdir -p new/vendor &&
	(cd new && timeout 120 "$MB" -B bv build) >log 2>&1 &&
	(cd new && timeout 120 "$MB" -B bv build) >log 2>&1 &&
	grep -q "no work to do" log
'

test_done
