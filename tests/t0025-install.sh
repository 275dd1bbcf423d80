#!/bin/sh
# configure and make install follow GNU's conventions: --prefix, --bindir, --datadir and
# --mandir, as "--opt DIR" and "--opt=DIR"; unknown --enable-* and --with-* options warned
# about, other unknown options an error; install(1) with modes, DESTDIR, install-strip; the
# completions where bash-completion and zsh look; the installed binary reads the data
# directory it was configured with. All of it in a copy of the tree: the checkout's own
# config.mk and binary are left alone.
. "$(dirname "$0")/lib.sh"

tree_config=$(cksum <"$SRC_DIR/config.mk" 2>/dev/null || echo none)

# a copy of the source tree, without its tests and builds
mkdir tree
for f in "$SRC_DIR"/*; do
	case ${f##*/} in
	tests|bench|fuzz|bin|build-*|config.mk|BENCHMARKS.md) ;;
	*) cp -R "$f" tree/ ;;
	esac
done
mkdir tree/bin
I=$TRASH/inst

test_expect_success 'configure: --opt DIR and --opt=DIR write the same config.mk' '
	(cd tree && sh ./configure --prefix "$I" --bindir "$I/bin" --datadir "$I/data" \
		--mandir "$I/man" >../spaced.log) &&
	cp tree/config.mk spaced.mk &&
	(cd tree && sh ./configure --prefix="$I" --bindir="$I/bin" --datadir="$I/data" \
		--mandir="$I/man" >../equals.log) &&
	test_cmp spaced.mk tree/config.mk &&
	grep -qx "PREFIX = $I" tree/config.mk &&
	grep -qx "BINDIR = $I/bin" tree/config.mk &&
	grep -qx "SHAREDIR = $I/data" tree/config.mk &&
	grep -qx "MANDIR = $I/man" tree/config.mk &&
	grep -q "^  data: *$I/data/mipsbake\$" equals.log
'

test_expect_success 'configure: unknown --enable-*, --disable-*, --with-*, --without-* warn' '
	cp tree/config.mk before.mk &&
	(cd tree && sh ./configure --prefix="$I" --bindir="$I/bin" --datadir="$I/data" --mandir="$I/man" \
		--enable-foo --disable-bar --with-baz=/x --without-qux --libdir=/usr/lib >log 2>../err) &&
	cat >expect <<-\EOF &&
	configure: warning: ignoring unknown option '"'"'--enable-foo'"'"'
	configure: warning: ignoring unknown option '"'"'--disable-bar'"'"'
	configure: warning: ignoring unknown option '"'"'--with-baz=/x'"'"'
	configure: warning: ignoring unknown option '"'"'--without-qux'"'"'
	EOF
	test_cmp expect err &&
	test_cmp before.mk tree/config.mk
'

test_expect_code 1 'configure: any other unknown option is an error, config.mk untouched' '
	(cd tree && sh ./configure --bogus 2>../err)
	rc=$?
	echo "configure: error: unknown option '"'"'--bogus'"'"' (see --help)" >expect &&
	test_cmp expect err &&
	test_cmp before.mk tree/config.mk || exit 99
	exit $rc
'

test_expect_success 'configure: a relative directory or a missing one is an error' '
	(cd tree && test_must_fail sh ./configure --prefix=relative 2>../err) &&
	grep -qx "configure: error: --prefix wants an absolute directory, not '"'"'relative'"'"'" err &&
	(cd tree && test_must_fail sh ./configure --mandir 2>../err) &&
	grep -qx "configure: error: --mandir wants a directory" err &&
	(cd tree && test_must_fail sh ./configure "--bindir=/a b" 2>../err) &&
	grep -q "^configure: error: --bindir '"'"'/a b'"'"': a directory with white space" err &&
	test_cmp before.mk tree/config.mk
'

test_expect_success 'configure --help names the directory options' '
	sh tree/configure --help >help &&
	for o in --prefix --bindir --datadir --mandir; do
		grep -q -- "^  $o=DIR " help || { echo "no $o"; exit 1; }
	done
'

test_expect_success 'make builds the copy' '
	(cd tree && make -s -j2 >../make.log 2>&1) || { cat make.log; exit 1; }
'

# every file make install must write under ROOT, with its mode
install_list() {
	{
		echo "755 $1$I/bin/mipsbake"
		echo "644 $1$I/man/man1/mipsbake.1"
		echo "644 $1$I/man/man5/mipsbake-manifest.5"
		echo "644 $1$I/data/bash-completion/completions/mipsbake"
		echo "644 $1$I/data/zsh/site-functions/_mipsbake"
		(cd tree && find manifests toolchains -type f) | sed "s|^|644 $1$I/data/mipsbake/|"
	} | LC_ALL=C sort
}

# what is under DIR: "mode path" of each file, sorted (the data of other branches left out)
installed_list() {
	find "$1" -type f -exec stat -c "%a %n" {} + | grep -v "/data/mipsbake/patches/" |
		sed "s| $TRASH/stage| |; s| $TRASH/strip| |" | LC_ALL=C sort
}

test_expect_success 'make install: install(1) puts every file in its directory, with its mode' '
	(cd tree && make -s install >../install.log 2>&1) || { cat install.log; exit 1; } &&
	install_list "" >expect &&
	installed_list "$I" >actual &&
	test_cmp expect actual &&
	find "$I" -type d -exec stat -c "%a" {} + | sort -u >dirmodes &&
	echo 755 >expect &&
	test_cmp expect dirmodes &&
	cmp tree/bin/mipsbake "$I/bin/mipsbake" &&
	cmp tree/completion/mipsbake.bash "$I/data/bash-completion/completions/mipsbake"
'

test_expect_success 'the installed binary reads its --datadir, not a share/ beside it' '
	(cd tree && bin/mipsbake boards) >expect &&
	grep -q "^wt1520 " expect &&
	mkdir -p "$I/share/mipsbake/manifests/boards" "$I/share/mipsbake/toolchains" &&
	printf "mipsbake: 1\nboards:\n  decoy:\n    goarch: mipsle\n    gomips: softfloat\n" \
		>"$I/share/mipsbake/manifests/boards/decoy.yaml" &&
	"$I/bin/mipsbake" boards >actual &&
	test_cmp expect actual &&
	printf "mipsbake: 1\ninclude: [toolchains/debian-gccgo.yaml, boards/generic.yaml]\n" >m.yaml &&
	"$I/bin/mipsbake" validate m.yaml &&
	rm -r "$I/share"
'

if [ -r /usr/share/bash-completion/bash_completion ]; then
	test_expect_success 'bash-completion loads the installed completion by itself' '
		PATH=$I/bin:$PATH XDG_DATA_DIRS=$I/data bash -c "
			. /usr/share/bash-completion/bash_completion &&
			__load_completion mipsbake &&
			complete -p mipsbake" >actual &&
		echo "complete -F _mipsbake mipsbake" >expect &&
		test_cmp expect actual
	'
else
	test_skip 'bash-completion loads the installed completion by itself' 'no bash-completion'
fi

test_expect_success 'make install DESTDIR=...: the same files under DESTDIR' '
	(cd tree && make -s install DESTDIR="$TRASH/stage" >/dev/null 2>&1) &&
	install_list "" >expect &&
	installed_list "$TRASH/stage" >actual &&
	test_cmp expect actual
'

test_expect_success 'make install-strip: the same files, the binary without its symbols' '
	readelf -S "$I/bin/mipsbake" | grep -q "\.symtab" &&
	(cd tree && make -s install-strip DESTDIR="$TRASH/strip" >/dev/null 2>&1) &&
	install_list "" >expect &&
	installed_list "$TRASH/strip" >actual &&
	test_cmp expect actual &&
	! readelf -S "$TRASH/strip$I/bin/mipsbake" | grep -q "\.symtab" &&
	"$TRASH/strip$I/bin/mipsbake" --version | grep -q "^mipsbake "
'

test_expect_success 'make uninstall removes what make install wrote' '
	(cd tree && make -s uninstall DESTDIR="$TRASH/stage") &&
	test -z "$(find "$TRASH/stage" -type f)"
'

# the default layout: configure without options, then what make install would do
test_expect_success 'setup: configure with the defaults' '
	(cd tree && sh ./configure >/dev/null && make -n install DESTDIR=/nowhere) >plan
'

if have pkg-config && pkg-config --exists bash-completion; then
	test_expect_success 'with PREFIX /usr/local, the bash completion goes where bash-completion says' '
		dir=$(pkg-config --define-variable=datadir=/usr/local/share \
			--variable=completionsdir bash-completion) &&
		test "$dir" = /usr/local/share/bash-completion/completions &&
		grep -q " completion/mipsbake.bash \"/nowhere$dir/mipsbake\"\$" plan
	'
else
	test_skip 'with PREFIX /usr/local, the bash completion goes where bash-completion says' \
		'no bash-completion.pc'
fi

if have zsh; then
	test_expect_success 'with PREFIX /usr/local, the zsh completion goes on zsh'"'"'s fpath' '
		zsh -f -c "print -l \$fpath" >fpath &&
		grep -qx /usr/local/share/zsh/site-functions fpath &&
		grep -q " completion/_mipsbake \"/nowhere/usr/local/share/zsh/site-functions/_mipsbake\"\$" plan
	'
else
	test_skip 'with PREFIX /usr/local, the zsh completion goes on zsh'"'"'s fpath' 'no zsh'
fi

test_expect_success 'the checkout'"'"'s own config.mk is as it was' '
	test "$(cksum <"$SRC_DIR/config.mk" 2>/dev/null || echo none)" = "$tree_config"
'

test_done
