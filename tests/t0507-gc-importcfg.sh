#!/bin/sh
# gc's per-package importcfg: a package's lines are on its compile's command line, so that
# generation writes no file and no directory per package; a package whose lines would make
# the command too long for sh -c (here 90 imports with 200-character paths) gets an importcfg
# file instead. Both build, and the binary under qemu prints what every package returns.
. "$(dirname "$0")/lib.sh"

N=90
LONG=$(printf 'd%0199d' 0)
mkdir -p proj/cmd/app proj/small
gc_manifest proj/gc.yaml example.com/icfg
printf 'module example.com/icfg\n\ngo 1.18\n' >proj/go.mod
i=0
while [ $i -lt $N ]; do
	mkdir -p proj/$LONG/p$i
	printf 'package p%d\n\nfunc V() int { return %d }\n' $i $i >proj/$LONG/p$i/p.go
	i=$((i + 1))
done
{
	printf 'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/icfg/small"\n'
	i=0
	while [ $i -lt $N ]; do printf '\tp%d "example.com/icfg/%s/p%d"\n' $i "$LONG" $i; i=$((i + 1)); done
	printf ')\n\nfunc main() {\n\ts := small.V()\n'
	i=0
	while [ $i -lt $N ]; do printf '\ts += p%d.V()\n' $i; i=$((i + 1)); done
	printf '\tfmt.Println(s)\n}\n'
} >proj/cmd/app/main.go
printf 'package small\n\nimport "example.com/icfg/%s/p7"\n\nfunc V() int { return 1000 * p7.V() }\n' "$LONG" \
	>proj/small/small.go
# 0 + 1 + ... + 89, and small's 7000
EXPECT=$((N * (N - 1) / 2 + 7000))

# compile_of PKG: the command that compiles example.com/icfg/PKG
compile_of() {
	ninja -C b -t commands "exp/$(cfgdir b go-mipsle-softfloat)/example.com/icfg/$1.a" | tail -n 1
}

Q="'"
test_expect_success 'generation writes no per-package importcfg file for small packages' '
	mipsbake -B b gen proj/gc.yaml >/dev/null &&
	CFG=$(cfgdir b go-mipsle-softfloat) && test -n "$CFG" &&
	compile_of small >cmd &&
	grep -q "${Q}packagefile example.com/icfg/$LONG/p7=exp/$CFG/example.com/icfg/$LONG/p7.a${Q} | cat std/$CFG/importcfg *- >" cmd &&
	test ! -e b/pkg/$CFG/example.com/icfg/small &&
	test ! -e b/pkg/$CFG/example.com/icfg/$LONG
'

test_expect_success 'the package with more import lines than a command holds gets a file' '
	CFG=$(cfgdir b go-mipsle-softfloat) &&
	f=b/pkg/$CFG/example.com/icfg/cmd/app/importcfg &&
	test $(wc -c <"$f") -gt 32768 &&
	test $(grep -c "^packagefile example.com/icfg/" "$f") = $((N + 1)) &&
	compile_of cmd/app >cmd &&
	grep -qF "cat std/$CFG/importcfg pkg/$CFG/example.com/icfg/cmd/app/importcfg - >" cmd &&
	! grep -q "packagefile example.com" cmd
'

test_expect_success 'both build, and the binary adds up what every package returns' '
	{ mipsbake -B b -j2 build proj/gc.yaml >build.log 2>&1 || { tail -n 30 build.log; false; }; } &&
	echo $EXPECT >expect &&
	qemu-mipsel-static -cpu 24KEc b/out/app/le/go/app >actual &&
	test_cmp expect actual
'

test_done
