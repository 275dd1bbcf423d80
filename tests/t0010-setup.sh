#!/bin/sh
# configure finds the libraries and names the Debian package of anything missing;
# make install honours PREFIX and DESTDIR and installs a binary that finds its data.
. "$(dirname "$0")/lib.sh"

test_expect_success 'configure --help lists the options' '
	sh "$SRC_DIR/configure" --help >help &&
	grep -q -- "--prefix=DIR" help &&
	grep -q -- "--install-deps" help
'

test_expect_success 'configure writes config.mk with the prefix and flags given' '
	sh "$SRC_DIR/configure" --prefix=/opt/mb CFLAGS=-O1 >log &&
	grep -q "^PREFIX = /opt/mb$" config.mk &&
	grep -q "^CFLAGS = -O1$" config.mk &&
	grep -q "^LIBS_LDLIBS = .*-lyaml" config.mk &&
	grep -q "^LIBS_LDLIBS = .*-lpcre2-8" config.mk &&
	grep -q "^LIBS_LDLIBS = .*-lgit2" config.mk &&
	grep -q "^NINJA = .*ninja" config.mk
'

test_expect_success 'a missing library is named with its Debian package, and nothing is written' '
	rm -f config.mk &&
	test_must_fail sh "$SRC_DIR/configure" PKG_CONFIG=false 2>err &&
	grep -q "yaml-0.1 (pkg-config) not found; on Debian: apt-get install libyaml-dev" err &&
	grep -q "libpcre2-8 (pkg-config) not found; on Debian: apt-get install libpcre2-dev" err &&
	grep -q "libgit2 (pkg-config) not found; on Debian: apt-get install libgit2-dev" err &&
	test ! -f config.mk
'

test_expect_success 'an unknown option is an error, exit status 1, as autoconf has it' '
	test_expect_code_1() { set +e; "$@"; rc=$?; set -e; test $rc = 1; } &&
	test_expect_code_1 sh "$SRC_DIR/configure" --frobnicate 2>err &&
	grep -q "unknown option" err
'

test_expect_success 'make install honours PREFIX and DESTDIR' '
	make -s -C "$SRC_DIR" install DESTDIR="$TRASH/stage" PREFIX=/opt/mb >/dev/null &&
	test -x stage/opt/mb/bin/mipsbake &&
	test -f stage/opt/mb/share/man/man1/mipsbake.1 &&
	test -f stage/opt/mb/share/man/man5/mipsbake-manifest.5 &&
	test -f stage/opt/mb/share/mipsbake/manifests/boards/generic.yaml &&
	test -f stage/opt/mb/share/mipsbake/toolchains/debian-gccgo.yaml
'

test_expect_success 'the installed binary finds the installed toolchains and boards' '
	mkdir proj &&
	cat >proj/m.yaml <<-YAML &&
	mipsbake: 1
	include: [toolchains/debian-gccgo.yaml, boards/generic.yaml]
	YAML
	(cd proj && "$TRASH/stage/opt/mb/bin/mipsbake" validate m.yaml)
'

test_expect_success 'the binary builds warning-free with -std=c11 -Wall -Wextra -Wpedantic' '
	mkdir objs &&
	for f in $(find "$SRC_DIR/src" -name "*.c" | sort); do
		${CC:-cc} -std=c11 -Wall -Wextra -Wpedantic -Werror -I"$SRC_DIR/src" \
			$(pkg-config --cflags yaml-0.1 libpcre2-8 libgit2) \
			-c -o objs/$(basename $f .c).o "$f" || exit 1
	done
'

test_expect_success 'mipsbake --help and the man page name the same commands' '
	mipsbake --help >help &&
	for c in build gen fetch deps validate files; do
		grep -q "^  $c " help || { echo "--help lacks $c"; exit 1; }
		grep -q "^\.B $c\$" "$SRC_DIR/man/mipsbake.1" || { echo "man page lacks $c"; exit 1; }
	done
'

test_expect_code 2 'an unknown option exits with status 2' '
	mipsbake --frobnicate 2>/dev/null
'

# a copy of the source tree to build in, so that the checkout's own build is left alone
copy_tree() {
	mkdir -p tree &&
	cp -R "$SRC_DIR/src" "$SRC_DIR/Makefile" "$SRC_DIR/configure" tree/ &&
	mkdir -p tree/bin
}

test_expect_success './configure CFLAGS=-fsanitize=address: the flags reach the link, the binary runs' '
	copy_tree &&
	(cd tree && sh ./configure CFLAGS="-O1 -g -fsanitize=address,undefined" >configure.log &&
		grep -q "^CFLAGS = -O1 -g -fsanitize=address,undefined$" config.mk &&
		make -s -j2 >make.log 2>&1) || { cat tree/make.log; exit 1; } &&
	tree/bin/mipsbake --version >out &&
	grep -q "^mipsbake " out &&
	nm tree/bin/mipsbake | grep -q __asan_init
'

test_expect_success 'a link that fails midway leaves no bin/mipsbake for the next make to trust' '
	cat >fakecc <<-\EOF &&
	#!/bin/sh
	# compiles as cc does; a link writes half a binary and fails
	case " $* " in
	*" -o bin/mipsbake "*) echo "half a binary" >bin/mipsbake; exit 1 ;;
	esac
	exec cc "$@"
	EOF
	chmod +x fakecc &&
	rm -f tree/bin/mipsbake &&
	(cd tree && test_must_fail make -s CC="$TRASH/fakecc" >fake.log 2>&1) &&
	test ! -e tree/bin/mipsbake
'

test_done
