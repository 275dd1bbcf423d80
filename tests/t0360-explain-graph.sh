#!/bin/sh
# t0360-explain-graph: 'mipsbake explain' says why each step would run, Ninja's -n -d explain
# in mipsbake's words (a fresh build directory, a no-op, a dependency's body edit, a manifest
# edit, a flag change, a variant named), and what the build then really runs agrees; lines
# it does not know pass through. 'mipsbake graph' prints the planner's import graph: its
# JSON equals go list -deps for the same packages (GOOS=linux GOARCH=mipsle), and its DOT
# is read by Graphviz's dot.
. "$(dirname "$0")/lib.sh"

GOCODE=/usr/share/gocode/src
P=gopath/src/example.com/hello

if ! have ninja go jq mipsel-linux-gnu-gccgo || [ ! -d "$GOCODE/github.com/miekg/dns" ]; then
	test_skip 'explain and graph' 'needs ninja, golang-go, jq, gccgo-mipsel-linux-gnu and golang-github-miekg-dns-dev'
	test_done
fi

# the example as a GOPATH tree too, so that go list (GOPATH mode) sees the same packages
mkdir -p gopath/src/example.com
cp -R "$SRC_DIR/manifests/examples/hello" $P
cp -R $P/third_party/fmtbox gopath/src/example.com/fmtbox
mkdir -p $P/cmd/minion
cp "$TESTS_DIR/fixtures/minion.go" $P/cmd/minion/main.go
# hello with gccgo on a generic mipsle board and with gc on the WT1520
cat >$P/explain.yaml <<'EOF'
mipsbake: 1
include: [toolchains/debian-gccgo.yaml, boards/generic.yaml, boards/wt1520.yaml]
targets:
  hello:
    main: ./cmd/hello
    boards: [generic-mipsle, wt1520]
EOF
cat >$P/graph.yaml <<EOF
mipsbake: 1
include: [toolchains/debian-gccgo.yaml, boards/generic.yaml, boards/wt1520.yaml]
dependencies:
  github.com/miekg/dns: {path: $GOCODE/github.com/miekg/dns}
  golang.org/x/net: {path: $GOCODE/golang.org/x/net}
  golang.org/x/sys: {path: $GOCODE/golang.org/x/sys}
targets:
  hello: {main: ./cmd/hello, boards: [wt1520, generic-mipsle]}
  minion: {main: ./cmd/minion, boards: [wt1520]}
EOF

# steps LOG: what a build ran, as explain names it: "pkg (label)" per compile, the variant
# per link, "the standard library (label)" per gc standard library (its step, or a compile of
# a package whose path's first element has no dot), sorted
steps() {
	sed -n -e 's/^\[[0-9]*\/[0-9]*\] GCCGO \(.*\)$/\1 (mipsle-hardfloat gccgo)/p' \
		-e 's/^\[[0-9]*\/[0-9]*\] COMPILE [^ ./]*\(\/[^ ]*\)\{0,1\}$/the standard library (mipsle-softfloat gc)/p' \
		-e 's/^\[[0-9]*\/[0-9]*\] COMPILE \(.*\)$/\1 (mipsle-softfloat gc)/p' \
		-e 's/^\[[0-9]*\/[0-9]*\] GOSTD .*$/the standard library (mipsle-softfloat gc)/p' \
		-e 's/^\[[0-9]*\/[0-9]*\] LINK out\/\([^/]*\/[^/]*\/[^/]*\)\/.*$/\1/p' \
		-e 's/^\[[0-9]*\/[0-9]*\] SIZES$/the size check/p' "$1" | sort -u
}

# named OUT: the steps an explain output names, sorted
named() {
	sed -n 's/^\(.*\): .*$/\1/p' "$1" | grep -v '^build.ninja is regenerated$' | sort -u
}

# ninja_explain: Ninja's own -d explain lines for the build directory b
ninja_explain() {
	ninja -C b -n -d explain 2>&1 >/dev/null | sed -n 's/^ninja explain: //p'
}

test_expect_success 'a fresh build directory: every step is never built' '
	mipsbake -B b explain $P/explain.yaml >actual &&
	cat >expect <<-EOF &&
	example.com/fmtbox (mipsle-hardfloat gccgo): never built
	example.com/hello/internal/greet (mipsle-hardfloat gccgo): never built
	example.com/hello/cmd/hello (mipsle-hardfloat gccgo): never built
	the standard library (mipsle-softfloat gc): never built
	example.com/fmtbox (mipsle-softfloat gc): never built
	example.com/hello/internal/greet (mipsle-softfloat gc): never built
	example.com/hello/cmd/hello (mipsle-softfloat gc): never built
	hello/generic-mipsle/debian-gccgo-mipsle: never built
	hello/wt1520/debian-go: never built
	the size check: never built
	EOF
	grep -v "^Ninja would run" actual >steps.actual &&
	test_cmp expect steps.actual &&
	n=$(ninja -C b -n | grep -c "^\[") &&
	grep -qx "Ninja would run $n commands" actual
'

test_expect_success 'and the build runs exactly those steps' '
	mipsbake -j2 -B b $P/explain.yaml >build.log 2>&1 &&
	steps build.log >ran &&
	named actual >said &&
	test_cmp said ran
'

test_expect_success 'a no-op: nothing to do, as Ninja says' '
	ninja -C b -n >ninja.out &&
	grep -q "no work to do" ninja.out &&
	mipsbake -B b explain $P/explain.yaml >actual &&
	echo "nothing to do: everything is up to date" >expect &&
	test_cmp expect actual
'

test_expect_success 'a body edit of a dependency file, one variant named: no regeneration; that package and file, its importer, the link' '
	sed "s/strings.Repeat(\"-\", len(s)+2)/strings.Repeat(\"=\", len(s)+2)/" \
		$P/third_party/fmtbox/box.go >box.go && cat box.go >$P/third_party/fmtbox/box.go &&
	mipsbake -B b explain $P/explain.yaml hello/wt1520 >actual &&
	cat >expect <<-EOF &&
	example.com/fmtbox (mipsle-softfloat gc): box.go changed
	example.com/hello/cmd/hello (mipsle-softfloat gc): the export data of example.com/fmtbox may change
	hello/wt1520/debian-go: the link'"'"'s inputs example.com/fmtbox and example.com/hello/cmd/hello are rebuilt
	Ninja would run up to 3 commands (fewer when export data comes out the same)
	EOF
	test_cmp expect actual
'

test_expect_success 'all variants: Ninja names box.go for both compiles; the build runs what was said' '
	ninja_explain >ninja.lines &&
	grep -q "^output pkg/$(cfgdir b debian-gccgo-mipsle-mipsle-hardfloat)/example.com/fmtbox/_go_.o older than most recent input src/example_0com_1fmtbox/box.go " ninja.lines &&
	grep -q "output exp/$(cfgdir b debian-go-mipsle-softfloat)/example.com/fmtbox.a older than most recent input $TRASH/$P/third_party/fmtbox/box.go " ninja.lines &&
	mipsbake -B b explain $P/explain.yaml >actual &&
	cat >expect <<-EOF &&
	example.com/fmtbox (mipsle-hardfloat gccgo): box.go changed
	example.com/hello/cmd/hello (mipsle-hardfloat gccgo): the export data of example.com/fmtbox may change
	example.com/fmtbox (mipsle-softfloat gc): box.go changed
	example.com/hello/cmd/hello (mipsle-softfloat gc): the export data of example.com/fmtbox may change
	hello/generic-mipsle/debian-gccgo-mipsle: the link'"'"'s inputs example.com/fmtbox and example.com/hello/cmd/hello are rebuilt
	hello/wt1520/debian-go: the link'"'"'s inputs example.com/fmtbox and example.com/hello/cmd/hello are rebuilt
	the size check: a binary is linked again
	EOF
	grep -v "^Ninja would run up to" actual >steps.actual &&
	test_cmp expect steps.actual &&
	mipsbake -j2 -B b $P/explain.yaml >build.log 2>&1 &&
	steps build.log >ran &&
	grep -v "^example.com/hello/cmd/hello " ran >ran.sure &&
	named actual | grep -v "^example.com/hello/cmd/hello " >said.sure &&
	test_cmp said.sure ran.sure
'

# (regeneration writes artifacts.yaml again, so the size check runs again)
test_expect_success 'a manifest edit: build.ninja is regenerated, then only the size check is left' '
	echo "# a comment" >>$P/explain.yaml &&
	mipsbake -B b explain $P/explain.yaml >actual &&
	cat >expect <<-EOF &&
	build.ninja is regenerated: $P/explain.yaml changed
	the size check: b/artifacts.yaml changed
	Ninja would run 1 command
	EOF
	test_cmp expect actual
'

test_expect_success 'a flag change: the command changed, as Ninja says' '
	echo "    ldflags: [-s]" >>$P/explain.yaml &&
	mipsbake -B b explain $P/explain.yaml >actual &&
	ninja_explain >ninja.lines &&
	grep -qx "command line changed for out/hello/wt1520/debian-go/hello" ninja.lines &&
	grep -qx "command line changed for out/hello/generic-mipsle/debian-gccgo-mipsle/hello" ninja.lines &&
	cat >expect <<-EOF &&
	build.ninja is regenerated: $P/explain.yaml changed
	hello/generic-mipsle/debian-gccgo-mipsle: the command changed
	hello/wt1520/debian-go: the command changed
	the size check: a binary is linked again
	Ninja would run 3 commands
	EOF
	test_cmp expect actual
'

test_expect_success 'a line explain does not know is printed as it is' '
	cat >ninja-plus <<-EOF &&
	#!/bin/sh
	echo "ninja explain: something new in a later Ninja" >&2
	exec ninja "\$@"
	EOF
	chmod +x ninja-plus &&
	MIPSBAKE_NINJA=$TRASH/ninja-plus mipsbake -B b explain $P/explain.yaml >actual &&
	grep -qx "something new in a later Ninja" actual &&
	grep -qx "hello/wt1520/debian-go: the command changed" actual
'

test_expect_success 'explain: an unknown variant is an error' '
	test_must_fail mipsbake -B b explain $P/explain.yaml hello/nosuch 2>err &&
	echo "mipsbake: error: no variant is named '"'"'hello/nosuch'"'"' (TARGET[/BOARD][/TOOLCHAIN])" >expect &&
	test_cmp expect err
'

# golist PKG...: "importer import" lines among the packages outside the standard library
# (first field "pkg", then "std" lines for the standard library imports), as go list sees them
golist() {
	(cd $P && env GOPATH="$TRASH/gopath:/usr/share/gocode" GO111MODULE=off GOFLAGS= GOOS=linux \
		GOARCH=mipsle GOMIPS=softfloat CGO_ENABLED=0 GOCACHE="$TRASH/.gocache" \
		go list -deps -f '{{.Standard}} {{.ImportPath}} {{join .Imports " "}}' "$@") >golist.out &&
	awk '$1 == "false" { own[$2] = 1; line[++n] = $0 }
	     END { for (i = 1; i <= n; i++) { k = split(line[i], f, " "); print "pkg " f[2]
		   for (j = 3; j <= k; j++) print (f[j] in own ? "imp " : "std ") f[2] " " f[j] } }' \
		golist.out | sort
}

# graph_lines: the same lines from graph's JSON on stdin
graph_lines() {
	jq -r '.packages[] | .path as $p | ("pkg " + $p), (.imports[] | "imp " + $p + " " + .),
	       (.std_imports[] | "std " + $p + " " + .)' | sort
}

test_expect_success 'graph --format json: the imports go list -deps lists (minion: miekg/dns, x/net, x/sys)' '
	mipsbake -B g graph --format json $P/graph.yaml minion >minion.json &&
	graph_lines <minion.json >actual &&
	golist ./cmd/minion >expect &&
	test $(grep -c "^imp " expect) -ge 10 &&
	test_cmp expect actual
'

test_expect_success 'graph --format json: hello on the WT1520 with gc, packages with their modules' '
	mipsbake -B g graph --format json $P/graph.yaml hello/wt1520 >hello.json &&
	graph_lines <hello.json >actual &&
	golist ./cmd/hello >expect &&
	test_cmp expect actual &&
	jq -r ".packages[] | .path + \" \" + .module" hello.json >actual &&
	cat >expect <<-EOF &&
	example.com/fmtbox example.com/fmtbox
	example.com/hello/cmd/hello example.com/hello
	example.com/hello/internal/greet example.com/hello
	EOF
	test_cmp expect actual &&
	jq -r ".variant, .compiler, .goarch, .gomips" hello.json >actual &&
	printf "hello/wt1520/debian-go\ngc\nmipsle\nsoftfloat\n" >expect &&
	test_cmp expect actual &&
	jq -r ".packages[] | select(.main) | .path" minion.json >actual &&
	echo example.com/hello/cmd/minion >expect &&
	test_cmp expect actual
'

test_expect_success 'graph: DOT (the default) that dot reads, one node per package, one edge per import' '
	mipsbake -B g graph $P/graph.yaml minion/wt1520/debian-go >minion.dot &&
	if have dot; then dot -Tplain minion.dot >plain; else echo "graphviz is not installed" && false; fi &&
	awk "\$1 == \"node\" { print \$2 }" plain | tr -d "\"" | sort >actual &&
	jq -r ".packages[].path" minion.json | sort >expect &&
	test_cmp expect actual &&
	awk "\$1 == \"edge\" { print \$2, \$3 }" plain | tr -d "\"" | sort >actual &&
	jq -r ".packages[] | .path as \$p | .imports[] | \$p + \" \" + ." minion.json | sort >expect &&
	test_cmp expect actual
'

test_expect_success 'graph: a target on two boards must be named with its board' '
	test_must_fail mipsbake -B g graph $P/graph.yaml hello 2>err &&
	echo "mipsbake: error: that names 2 variants: hello/wt1520/debian-go, hello/generic-mipsle/debian-gccgo-mipsle; name one as TARGET[/BOARD][/TOOLCHAIN]" >expect &&
	test_cmp expect err &&
	test_must_fail mipsbake -B g graph --format svg $P/graph.yaml minion 2>err &&
	echo "mipsbake: error: --format takes dot or json, not '"'"'svg'"'"'" >expect &&
	test_cmp expect err
'

test_done
