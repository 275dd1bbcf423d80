#!/bin/sh
# Early export compiles (emit/order.c, emit/gccgo.c): when the longest chain of packages bounds
# a gccgo build, the imports along it are compiled a second time at -O0, for the export data
# their importers read; the real compile's export data is checked against it. A difference
# replaces it, fails the build and has mipsbake run Ninja once more, which compiles the
# importers again: the binary is the one the real export data gives. A gccgo wrapper that
# changes a constant at -O0 makes that difference here.
. "$(dirname "$0")/lib.sh"

if ! have mipsel-linux-gnu-gccgo qemu-mipsel-static; then
	test_skip 'early export compiles' 'the cross gccgo or qemu-user-static is missing'
	test_done
	exit 0
fi

# chain: a (big) <- b <- c (big) <- cmd/app; the answer passes through b's and c's Get
mkdir -p chain/a chain/b chain/c chain/cmd/app
# funcs N: N small functions
funcs() {
	i=0
	while [ $i -lt "$1" ]; do printf 'func F%d(x int) int { return x*%d + %d }\n' $i $i $((i % 7)); i=$((i + 1)); done
}
{ printf 'package a\n\nconst Answer = 42\n\nfunc local(x int) int { return x + 1 }\n\n'; funcs 2500; } >chain/a/a.go
printf 'package b\n\nimport (\n\t"example.com/chain/a"\n\t"example.com/chain/d"\n)\n\nfunc Get() int { return a.Answer + a.F1(0) - d.One() }\n' >chain/b/b.go
# d: small, imported by b beside a; its real compile is done long before a's early one
mkdir -p chain/d
printf 'package d\n\nfunc One() int { return 1 }\n' >chain/d/d.go
{ printf 'package c\n\nimport "example.com/chain/b"\n\nfunc Get() int { return b.Get() }\n\n'; funcs 3000; } >chain/c/c.go
printf 'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/chain/c"\n)\n\nfunc main() { fmt.Println("answer", c.Get()) }\n' >chain/cmd/app/main.go
manifest() {
	{
		printf 'mipsbake: 1\nmodule: example.com/chain\ntoolchains:\n'
		printf '  tc: {compiler: gccgo, prefix: mipsel-linux-gnu-%s, sysroot: /usr/mipsel-linux-gnu}\n' "$1"
		printf 'boards:\n  le: {goarch: mipsle, endian: little, toolchain: tc}\n'
		printf 'targets:\n  app: {main: ./cmd/app, boards: [le]}\n'
	} >chain/app.yaml
}
# a gccgo that, at -O0, compiles a's Answer as 41
mkdir -p wrap
for t in gcc objcopy ar strip; do ln -s "$(command -v mipsel-linux-gnu-$t)" wrap/mipsel-linux-gnu-$t; done
cat >wrap/mipsel-linux-gnu-gccgo <<EOF
#!/bin/sh
real=$(command -v mipsel-linux-gnu-gccgo)
case " \$* " in *" -O0 "*) ;; *) exec "\$real" "\$@" ;; esac
n=\$#
while [ \$n -gt 0 ]; do
	a=\$1
	shift
	case \$a in */a/a.go) sed 's/Answer = 42/Answer = 41/' "\$a" >"$PWD/wrap/a.go"; a=$PWD/wrap/a.go ;; esac
	set -- "\$@" "\$a"
	n=\$((n - 1))
done
exec "\$real" "\$@"
EOF
chmod +x wrap/mipsel-linux-gnu-gccgo
bin=build/out/app/le/tc/app

test_expect_success 'a and b compile early, c and d do not; the binary answers 42' '
	manifest "" &&
	mipsbake -B build chain/app.yaml >out 2>&1 &&
	grep -q "EARLY example.com/chain/a$" out && grep -q "EARLY example.com/chain/b$" out &&
	! grep -q "EARLY example.com/chain/[cd]" out && grep -q "GCCGO example.com/chain/d$" out &&
	grep -q "CHECK example.com/chain/a$" out && ! grep -q "running Ninja again" out &&
	qemu-mipsel-static $bin >answer && test "$(cat answer)" = "answer 42" &&
	cp $bin app.plain
'

test_expect_success 'a body edit of a compiles a early and for real; b and c do not compile' '
	sed "s/return x + 1 }/return x + 2 }/" chain/a/a.go >a.new && mv a.new chain/a/a.go &&
	mipsbake -B build chain/app.yaml >out 2>&1 &&
	grep -q "EARLY example.com/chain/a$" out && grep -q "GCCGO example.com/chain/a$" out &&
	! grep -q "GCCGO example.com/chain/[bc]$" out && ! grep -q "EARLY example.com/chain/b" out
'

test_expect_success 'a body edit of d (not early) is one compile' '
	printf "package d\n\nfunc One() int { return 2 - 1 }\n" >chain/d/d.go &&
	mipsbake -B build -v chain/app.yaml >out.d 2>&1 &&
	test "$(grep -c "gccgo -c " out.d)" = 1 && grep -q "gccgo -c .* -fgo-pkgpath=example.com/chain/d " out.d
'

test_expect_success 'export data that differs at -O0: the check replaces it, Ninja runs again, the binary answers 42' '
	manifest "" && sed -i "s|prefix: mipsel-linux-gnu-|bindir: $PWD/wrap, prefix: mipsel-linux-gnu-|" chain/app.yaml &&
	rm -rf build2 && mipsbake -B build2 chain/app.yaml >out 2>&1 &&
	grep -q "the export data of example.com/chain/a from its -O0 compile differs" out &&
	test "$(grep -c "running Ninja again" out)" = 1 &&
	grep -q "GCCGO example.com/chain/b$" out &&
	test "$(grep -c "GCCGO example.com/chain/b$" out)" = 1 &&
	qemu-mipsel-static build2/out/app/le/tc/app >answer && test "$(cat answer)" = "answer 42" &&
	! test -e build2/.mipsbake-rerun
'

test_expect_success 'after the rerun, the next build has nothing to do' '
	mipsbake -B build2 chain/app.yaml >out 2>&1 &&
	! grep -q "GCCGO\|EARLY\|running Ninja again" out
'

test_expect_success 'with a cache, the early action stores the corrected export data: a fresh build directory meets no difference' '
	unset MIPSBAKE_NO_CACHE && export MIPSBAKE_ACTION_CACHE="$TRASH/store" &&
	rm -rf build3 build4 &&
	mipsbake -B build3 chain/app.yaml >out3 2>&1 &&
	test "$(grep -c "running Ninja again" out3)" = 1 &&
	mipsbake -B build4 chain/app.yaml >out4 2>&1 &&
	! grep -q "running Ninja again\|differs" out4 && grep -q "^cache: \([0-9]*\) of \1 actions reused$" out4 &&
	qemu-mipsel-static build4/out/app/le/tc/app >answer && test "$(cat answer)" = "answer 42" &&
	cmp build2/out/app/le/tc/app build4/out/app/le/tc/app
'

test_expect_success 'a compile error is shown once, by the real compile, when early export data exists' '
	cp chain/b/b.go b.go.good && printf "package b\n\nfunc Get() int { return undefined }\n" >chain/b/b.go &&
	test_must_fail mipsbake -B build chain/app.yaml >out 2>&1 &&
	test "$(grep -c "undefined" out)" -ge 1 && grep -q "GCCGO example.com/chain/b" out &&
	test "$(grep -c "b.go:3:[0-9]*: error" out)" = 1 &&
	mv b.go.good chain/b/b.go && mipsbake -B build chain/app.yaml >out 2>&1 &&
	qemu-mipsel-static $bin >answer && test "$(cat answer)" = "answer 42"
'

test_done
