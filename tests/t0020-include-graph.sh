#!/bin/sh
# src/ by pipeline stage: no include cycle between modules (x.c with x.h) or between stage
# folders, as the compiler's own dependency output shows them (tests/include-graph.sh).
. "$(dirname "$0")/lib.sh"

test_expect_success 'no include cycle among the modules and stage folders of src/' '
	sh "$TESTS_DIR/include-graph.sh" "$SRC_DIR/src" >out &&
	grep -q "^no include cycle among [0-9]* records$" out
'

test_expect_success 'every .c file sits in a stage folder, but main.c, build.c, run.c, noop.c, init.c, complete.c and commands.c' '
	(cd "$SRC_DIR/src" && ls *.c) >actual &&
	printf "%s\n" build.c commands.c complete.c init.c main.c noop.c run.c >expect &&
	test_cmp expect actual &&
	(cd "$SRC_DIR/src" && ls -d */) >actual &&
	printf "%s/\n" cache check emit fetch lib manifest plan release scan >expect &&
	test_cmp expect actual
'

# a tree with file $1 holding the include lines that follow
write_src() {
	mkdir -p "$(dirname "tree/$1")" &&
	cat >"tree/$1"
}

test_expect_success 'a cycle between two modules is found and named' '
	write_src a.h <<-\C &&
	#include "b.h"
	C
	write_src a.c <<-\C &&
	#include "a.h"
	C
	write_src b.h </dev/null &&
	write_src b.c <<-\C &&
	#include "b.h"
	#include "a.h"
	C
	test_must_fail sh "$TESTS_DIR/include-graph.sh" tree >out &&
	grep -qx "module cycle: a -> b -> a" out
'

test_expect_success 'a cycle through a header alone is found' '
	rm -rf tree &&
	write_src x.h <<-\C &&
	#ifndef X
	#define X
	#include "y.h"
	#endif
	C
	write_src y.h <<-\C &&
	#ifndef Y
	#define Y
	#include "x.h"
	#endif
	C
	test_must_fail sh "$TESTS_DIR/include-graph.sh" tree >out &&
	grep -Eqx "module cycle: (x -> y -> x|y -> x -> y)" out
'

test_expect_success 'a loop between stage folders is found though the modules form none' '
	rm -rf tree &&
	write_src low/p.c <<-\C &&
	#include "high/q.h"
	C
	write_src high/q.h </dev/null &&
	write_src high/q.c <<-\C &&
	#include "low/r.h"
	C
	write_src low/r.h </dev/null &&
	test_must_fail sh "$TESTS_DIR/include-graph.sh" tree >out &&
	! grep -q "module cycle" out &&
	grep -Eqx "folder cycle: (low/ -> high/ -> low/|high/ -> low/ -> high/)" out
'

test_expect_success 'library headers that are not installed are no nodes and no error' '
	rm -rf tree &&
	write_src m.c <<-\C &&
	#include <no-such-library.h>
	#include "n.h"
	C
	write_src n.h </dev/null &&
	sh "$TESTS_DIR/include-graph.sh" tree >out &&
	grep -q "^no include cycle among 2 records$" out
'

test_done
