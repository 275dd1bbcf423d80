#!/bin/sh
# The no-op fast path (src/noop.c): once Ninja has found nothing to do with every file it reads
# as recorded beforehand, a run of the same targets needs no Ninja; any change to a source, an
# output, the build files or Ninja's log runs Ninja again, and so does one made while Ninja ran.
# A run that finds a difference stops reading the record there and leaves it unverified, so
# after a change Ninja finds nothing to do for, two runs ask Ninja: the one that finds the
# difference and the one that confirms the new stats. Ninja is a wrapper here that logs each
# of its runs, so the tests count them.
. "$(dirname "$0")/lib.sh"

if ! have mips-linux-gnu-gccgo qemu-mipsel-static mipsel-linux-gnu-gccgo; then
	test_skip 'the no-op fast path' 'the cross gccgo or qemu-user-static is missing'
	test_done
	exit 0
fi

hello_project hello hello.yaml generic-mipsle
real=$(command -v ninja)
cat >ninja-log <<EOF
#!/bin/sh
# a Ninja that logs how it was run ("tool" for -t, "build" otherwise) to \$PWD/runs
case " \$* " in *" -t "*) echo tool ;; *) echo build ;; esac >>"$PWD/runs"
"$real" "\$@"
rc=\$?
# after the run: the change a racing editor would make, when the test prepared one
if [ -f "$PWD/race" ]; then mv "$PWD/race" "$PWD/hello/internal/greet/greet.go"; fi
exit \$rc
EOF
chmod +x ninja-log
MIPSBAKE_NINJA=$PWD/ninja-log
export MIPSBAKE_NINJA
bin=build/out/hello/generic-mipsle/debian-gccgo-mipsle/hello

# mb: one build, its output in out; $builds and $tools: how often Ninja built and ran a tool
mb() {
	rm -f runs
	: >runs
	mipsbake -j2 hello/hello.yaml >out 2>&1 || { cat out; return 1; }
	builds=$(grep -c build runs) tools=$(grep -c tool runs)
	return 0
}
# fast: the last run took the fast path: no Ninja, and it said so
fast() {
	test "$builds" = 0 && test "$tools" = 0 && grep -q "^mipsbake: no work to do" out
}
# ran: the last run ran Ninja for the build
ran() {
	test "$builds" = 1 && ! grep -q "^mipsbake: no work to do" out
}
greets() {
	qemu-mipsel-static -cpu 74Kf $bin world >greeting && grep -q "^$1, world from mipsle" greeting
}

test_expect_success 'a build, then a no-op that finds the list, one that confirms it, one with no Ninja' '
	mb && ran && grep -q "GCCGO example.com/hello/internal/greet" out && greets hello &&
	mb && ran && test "$tools" -ge 2 && grep -q "ninja: no work to do" out &&
	grep -q "^state unverified" build/.mipsbake-noop/* &&
	mb && ran && test "$tools" = 0 && grep -q "^state verified" build/.mipsbake-noop/* &&
	mb && fast && mb && fast
'

test_expect_success 'the record names the sources, the outputs, the build files and the logs' '
	rec=$(ls build/.mipsbake-noop/*) &&
	grep -q " $PWD/hello/internal/greet/greet.go\$" "$rec" &&
	grep -q " out/hello/generic-mipsle/debian-gccgo-mipsle/hello\$" "$rec" &&
	grep -q "^node .* build.ninja\$" "$rec" &&
	grep -q "^node .* .ninja_log\$" "$rec" &&
	grep -q "^file .* build.ninja.d\$" "$rec" &&
	grep -q "^file .* cfg/.*\.ninja\$" "$rec"
'

test_expect_success 'a body edit runs Ninja, which compiles and links; then the fast path again' '
	sed -i "s/hello, /hi, /" hello/internal/greet/greet.go &&
	mb && ran && grep -q "GCCGO example.com/hello/internal/greet" out && grep -q "LINK" out &&
	greets hi &&
	mb && ran && grep -q "ninja: no work to do" out && mb && fast
'

test_expect_success 'a deleted binary is linked again' '
	rm $bin && mb && ran && grep -q "LINK" out && greets hi && mb && ran && mb && fast
'

test_expect_success 'a touched source runs Ninja, though it finds nothing to compile' '
	touch hello/cmd/hello/main.go && mb && ran && mb && ran && mb && fast
'

test_expect_success 'new bytes under the old mtime and size run Ninja (the ctime moved)' '
	cp -p hello/internal/greet/greet.go saved.go &&
	sed "s/hi, /ho, /" saved.go >hello/internal/greet/greet.go &&
	touch -r saved.go hello/internal/greet/greet.go &&
	mb && ran && grep -q "ninja: no work to do" out && mb && ran && mb && fast &&
	cp -p saved.go hello/internal/greet/greet.go && mb && ran && mb && ran && mb && fast
'

test_expect_success 'Ninja run by hand: the next run asks Ninja again' '
	rm $bin && ninja -C build >hand.out 2>&1 && grep -q LINK hand.out &&
	mb && ran && grep -q "ninja: no work to do" out && mb && ran && mb && fast && greets hi
'

test_expect_success 'a file changed while Ninja ran (after a chmod elsewhere: Ninja runs, finds nothing) is seen next' '
	sed "s/\"[a-z]*, %s from/\"howdy, %s from/" hello/internal/greet/greet.go >race &&
	chmod 644 hello/cmd/hello/main.go && mb && ran && test ! -f race && grep -q "ninja: no work to do" out &&
	mb && ran && grep -q "GCCGO example.com/hello/internal/greet" out && greets howdy
'

test_expect_success 'a manifest edit regenerates, and the list is found again' '
	mb && ran && mb && fast &&
	printf "    strip: true\n" >>hello/hello.yaml &&
	mb && ran && grep -q "regenerating build.ninja" out && grep -q LINK out &&
	mb && ran && test "$tools" -ge 2 && mb && ran && test "$tools" = 0 && mb && fast && greets howdy
'

test_expect_success 'another target set keeps its own record' '
	mipsbake -j2 hello/hello.yaml hello >sel.out 2>&1 &&
	mipsbake -j2 hello/hello.yaml hello >sel.out 2>&1 &&
	mipsbake -j2 hello/hello.yaml hello >sel.out 2>&1 &&
	grep -q "^mipsbake: no work to do" sel.out &&
	test "$(ls build/.mipsbake-noop | wc -l)" = 2 &&
	mb && fast
'

test_expect_success 'build files with a deps log turn the fast path off until they change' '
	mb && fast &&
	cfg=$(ls build/cfg/*.ninja | head -n 1) && cp "$cfg" cfg.saved &&
	printf "rule t0357_deps\n  command = true\n  deps = gcc\n" >>"$cfg" &&
	mb && ran && test "$tools" = 0 && grep -q "^state disabled" build/.mipsbake-noop/* &&
	mb && ran && test "$tools" = 0 && mb && ran && test "$tools" = 0 &&
	cp cfg.saved "$cfg" &&
	mb && ran && test "$tools" -ge 2 && mb && ran && mb && fast
'

test_expect_success '^C reaches the Ninja mipsbake waits for, and mipsbake exits with its status' '
	cat >slow-ninja <<-EOF &&
	#!/bin/sh
	trap "echo interrupted >\"$PWD/int.log\"; exit 130" INT
	: >"$PWD/started"
	sleep 30 & wait
	EOF
	chmod +x slow-ninja && rm -f started int.log rc.log &&
	chmod 644 hello/cmd/hello/main.go &&
	MIPSBAKE_NINJA=$PWD/slow-ninja setsid sh -c "\"$MB\" -j2 hello/hello.yaml >slow.out 2>&1; echo \$? >rc.log" &
	i=0 && while [ ! -f started ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done &&
	pgid=$(ps -eo pgid=,args= | awk "/[s]low-ninja/ { print \$1; exit }") && test -n "$pgid" &&
	/bin/kill -s INT -- "-$pgid" &&
	i=0 && while [ ! -f rc.log ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done &&
	test "$(cat rc.log)" = 130 && grep -q interrupted int.log &&
	mb && ran && mb && ran && mb && fast
'

test_expect_success 'a dry run always asks Ninja' '
	mipsbake -n hello/hello.yaml >dry.out 2>&1 &&
	! grep -q "^mipsbake: no work to do" dry.out && grep -q "no work to do" dry.out
'

test_expect_success 'a failed build records nothing, and the fix builds' '
	cp hello/internal/greet/greet.go good.go &&
	echo "func broken( {" >>hello/internal/greet/greet.go &&
	! mipsbake -j2 hello/hello.yaml >fail.out 2>&1 &&
	! mipsbake -j2 hello/hello.yaml >fail.out 2>&1 && ! grep -q "^mipsbake: no work to do" fail.out &&
	cp good.go hello/internal/greet/greet.go && mb && ran && greets howdy
'

test_done
