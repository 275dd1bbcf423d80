#!/bin/sh
# test-serial: its zsh session waits a fixed half second for the completion, which load can outlast
# Shell completion: 'mipsbake __complete WORD...', the bash function that calls it, driven
# as bash-completion drives it (COMP_WORDS, COMP_CWORD, COMPREPLY), and the zsh function,
# both on its own and by a tab typed into an interactive zsh (zpty). The oracles: mipsbake's
# own --help for the commands and options, and for the manifest's names the variants
# 'mipsbake gen' writes to artifacts.yaml and the dependencies 'mipsbake deps' lists.
. "$(dirname "$0")/lib.sh"

BASH_SCRIPT=$SRC_DIR/completion/mipsbake.bash
BASH_COMPLETION=/usr/share/bash-completion/bash_completion

# the completion calls the mipsbake of its command line: the one under test, on PATH
mkdir -p path
ln -s "$MB" path/mipsbake
PATH=$TRASH/path:$PATH
export PATH

# two targets; tiny is built with two toolchains, one of them gc
hello_project proj m.yaml generic-mips generic-mipsle -- \
	"  tiny:" "    main: ./cmd/hello" "    boards: [generic-mipsle]" \
	"    toolchains: [debian-gccgo-mipsle, go]" \
	"toolchains:" "  go:" "    compiler: gc"

# comp WORD...: mipsbake __complete WORD... in proj, its candidates sorted into actual; it
# must exit 0 and say nothing on stderr
comp() {
	(cd proj && mipsbake __complete "$@") >actual.raw 2>comp.err || { echo "exit $?"; return 1; }
	test_cmp /dev/null comp.err &&
	sort actual.raw >actual
}

# bashcomp WORD...: the bash function's COMPREPLY for COMP_WORDS=(mipsbake WORD...), the
# cursor at the end of the last (COMP_LINE: $LINE, else the words joined), bash-completion
# loaded first (NOBC=1: without it), sorted
bashcomp() {
	(cd proj && bash -c '
		[ -n "${NOBC:-}" ] || . "$0" || exit 1
		. "$1" || exit 1
		shift
		COMP_WORDS=(mipsbake "$@")
		COMP_CWORD=$#
		COMP_LINE=${LINE:-"${COMP_WORDS[*]}"}
		COMP_POINT=${#COMP_LINE}
		_mipsbake || exit 1
		complete -p mipsbake >/dev/null || exit 1
		printf "%s\n" "${COMPREPLY[@]}"
	' "$BASH_COMPLETION" "$BASH_SCRIPT" "$@") >bash.raw 2>bash.err || { cat bash.err; return 1; }
	test_cmp /dev/null bash.err &&
	grep -v "^$" bash.raw | sort >actual || true
}

# the variants of proj/m.yaml as mipsbake gen plans them: "target board toolchain" lines
test_expect_success 'setup: the variants and dependencies mipsbake plans for the manifest' '
	(cd proj && mipsbake -B build gen m.yaml >/dev/null) &&
	awk "/^- target: /{t=\$3} /^  board: /{b=\$2} /^  toolchain: /{print t, b, \$2}" \
		proj/build/artifacts.yaml >variants &&
	test $(wc -l <variants) = 4 &&
	(cd proj && mipsbake deps m.yaml) | awk "NR > 1 {print \$1}" | sort >deps &&
	test -s deps
'

test_expect_success 'the commands are the ones --help lists, and the manifests here' '
	mipsbake --help | sed -n "/^commands/,/^\$/p" | sed -n "s/^  \([a-z][a-z-]*\).*/\1/p" >expect.cmds &&
	test $(wc -l <expect.cmds) -gt 15 &&
	mkdir -p proj/sub &&
	: >proj/other.yml && : >proj/notes.txt && : >proj/.hidden.yaml &&
	{ cat expect.cmds; echo hello.yaml; echo m.yaml; echo other.yml; (cd proj && ls -d */); } |
		sort >expect &&
	comp "" &&
	test_cmp expect actual
'

test_expect_success 'the options are those of --help' '
	mipsbake --help | sed -n "/^options/,/^\$/p" | grep -E "^ {2,6}-" |
		sed -E "s/^ +//; s/  .*//" | tr " ," "\n\n" | grep -E "^-" | sort -u >help.opts &&
	test $(wc -l <help.opts) -gt 15 &&
	grep -q "^--board$" help.opts && grep -q "^--json$" help.opts && grep -q "^-k$" help.opts &&
	sort -u help.opts >expect &&
	comp - &&
	test_cmp expect actual
'

test_expect_success 'a command offers only its own options' '
	comp release m.yaml --d &&
	printf "%s\n" --dist >expect &&
	test_cmp expect actual &&
	comp test m.yaml --j &&
	printf "%s\n" --json --junit >expect &&
	test_cmp expect actual &&
	comp build --a &&
	test_cmp /dev/null actual
'

test_expect_success 'an operand after the manifest is a subset: TARGET, TARGET/BOARD, TARGET/BOARD/TOOLCHAIN' '
	awk "{print \$1}" variants | sort -u >expect &&
	comp build m.yaml "" &&
	test_cmp expect actual &&
	awk "\$1 == \"tiny\" {print \$1 \"/\" \$2}" variants | sort -u >expect &&
	comp sizes m.yaml tiny/ &&
	test_cmp expect actual &&
	awk "\$1 == \"tiny\" && \$2 == \"generic-mipsle\" {print \$1 \"/\" \$2 \"/\" \$3}" variants |
		sort >expect &&
	test $(wc -l <expect) = 2 &&
	comp test m.yaml tiny/generic-mipsle/ &&
	test_cmp expect actual &&
	awk "\$1 == \"hello\" {print \$1 \"/\" \$2 \"/\" \$3}" variants | grep /generic-mips/ >expect &&
	comp m.yaml hello/generic-mips/ &&
	test_cmp expect actual
'

test_expect_success 'run BOARD TARGET: the boards, then the targets built for that board' '
	cp proj/m.yaml proj/mipsbake.yaml &&
	awk "{print \$2}" variants | sort -u >expect &&
	comp run "" &&
	test_cmp expect actual &&
	awk "\$2 == \"generic-mips\" {print \$1}" variants | sort -u >expect &&
	test $(wc -l <expect) = 1 &&
	comp run generic-mips "" &&
	test_cmp expect actual &&
	awk "\$2 == \"generic-mipsle\" {print \$2 \"/\" \$3}" variants | sort -u >expect &&
	comp run generic-mipsle/ &&
	test_cmp expect actual &&
	comp run generic-mipsle hello "" &&
	{ echo hello.yaml; echo m.yaml; echo mipsbake.yaml; echo other.yml;
	  (cd proj && ls -d */); } | sort >expect &&
	test_cmp expect actual
'

test_expect_success '--board, --target and --update DEP take names from the manifest' '
	awk "{print \$2}" variants | sort -u >expect &&
	comp build m.yaml --board "" &&
	test_cmp expect actual &&
	awk "{print \$1}" variants | sort -u >expect &&
	comp --target "" &&
	test_cmp expect actual &&
	comp fetch m.yaml --update "" &&
	test_cmp deps actual
'

test_expect_success 'option values: directories, choices, --opt=value' '
	comp -B "" &&
	(cd proj && ls -d */) | sort >expect &&
	test_cmp expect actual &&
	comp release --dist=s &&
	echo --dist=sub/ >expect &&
	test_cmp expect actual &&
	comp files --goarch mips6 &&
	printf "%s\n" mips64 mips64le >expect &&
	test_cmp expect actual &&
	comp files --compiler=g &&
	printf "%s\n" --compiler=gc --compiler=gccgo >expect &&
	test_cmp expect actual &&
	comp -j "" &&
	test_cmp /dev/null actual
'

test_expect_success 'a missing or broken manifest completes nothing, silently, with status 0' '
	printf "mipsbake: 1\ntargets: [\n" >proj/broken.yaml &&
	comp broken.yaml "" &&
	test_cmp /dev/null actual &&
	comp nothere.yaml --board "" &&
	test_cmp /dev/null actual &&
	printf "mipsbake: 1\ninclude: [\${NOT_SET_ANYWHERE}/x.yaml]\n" >proj/unset.yaml &&
	comp unset.yaml "" &&
	test_cmp /dev/null actual &&
	rm proj/mipsbake.yaml &&
	comp run "" &&
	test_cmp /dev/null actual
'

test_expect_success 'no candidate holds a newline: a file name with one is left out' '
	mkdir nl && (cd nl && : >"$(printf "a\nb.yaml")" && : >c.yaml && mipsbake __complete "") >out &&
	grep -qx c.yaml out &&
	! grep -q "^a\$" out && ! grep -q "^b.yaml\$" out
'

if [ -r "$BASH_COMPLETION" ]; then
	test_expect_success 'bash: COMPREPLY is what __complete prints (bash-completion loaded)' '
		cp proj/m.yaml proj/mipsbake.yaml &&
		comp run generic-mipsle "" && mv actual expect &&
		test $(wc -l <expect) = 2 &&
		bashcomp run generic-mipsle "" &&
		test_cmp expect actual &&
		awk "{print \$1}" variants | sort -u >expect &&
		bashcomp m.yaml "" &&
		test_cmp expect actual
	'
else
	test_skip 'bash: COMPREPLY is what __complete prints (bash-completion loaded)' \
		'bash-completion is not installed (apt-get install bash-completion)'
fi

test_expect_success 'bash: a prefix narrows the list; a lone directory gets no space after it' '
	bashcomp val &&
	echo validate >expect &&
	test_cmp expect actual &&
	bashcomp -B su &&
	echo sub/ >expect &&
	test_cmp expect actual
'

test_expect_success 'bash: --dist=DIR, split at "=" by bash, completes the part after it' '
	LINE="mipsbake release --dist=s" bashcomp release --dist = s &&
	echo sub/ >expect &&
	test_cmp expect actual
'

test_expect_success 'bash: the script works without bash-completion too' '
	NOBC=1 bashcomp m.yaml hello/ &&
	awk "\$1 == \"hello\" {print \$1 \"/\" \$2}" variants | sort -u >expect &&
	test_cmp expect actual &&
	NOBC=1 bashcomp release --dist = s &&
	echo sub/ >expect &&
	test_cmp expect actual
'

# zshcomp PREFIX WORD...: what the zsh function adds for words (mipsbake WORD...) and the
# cursor after PREFIX in the next word, each as "candidate|suffix|" (suffix: " " unless
# compadd -S), sorted. compadd is a stand-in that prints: this runs the function's logic,
# not zsh's completion system.
zshcomp() {
	(cd proj && zsh -f -c '
		compadd() {
			local sfx=" " c
			if [[ $1 == -S ]]; then sfx=$2; shift 2; fi
			shift
			for c; do print -r -- "$c|$sfx|"; done
		}
		fpath=("$1" $fpath)
		autoload -Uz _mipsbake
		PREFIX=$2
		shift 2
		words=(mipsbake "$@" "$PREFIX")
		CURRENT=${#words}
		_mipsbake
	' zsh "$SRC_DIR/completion" "$@") >zsh.raw 2>zsh.err || { cat zsh.err; return 1; }
	test_cmp /dev/null zsh.err &&
	sort zsh.raw >actual
}

if have zsh; then
	test_expect_success 'zsh: the candidates of __complete, a directory without a space after it' '
		zshcomp generic-mipsle/ run &&
		awk "\$2 == \"generic-mipsle\" {print \$2 \"/\" \$3 \"| |\"}" variants | sort -u >expect &&
		test_cmp expect actual &&
		zshcomp --dist=s release &&
		echo "--dist=sub/||" >expect &&
		test_cmp expect actual &&
		zshcomp "" broken.yaml &&
		test_cmp /dev/null actual
	'
	# ztab.zsh COMPDIR OUT LINE: type LINE and a tab in an interactive zsh with compinit;
	# a widget bound to ^X then writes the command line ($BUFFER) to OUT
	cat >ztab.zsh <<-\EOF
	zmodload zsh/zpty || exit 1
	zpty z env TERM=dumb zsh -f -i
	zpty -w z "fpath=($1 \$fpath); autoload -Uz compinit; compinit -u -D"
	zpty -w z "dump() { print -r -- \"\$BUFFER\" >|$2.tmp; mv $2.tmp $2; BUFFER=; zle accept-line }"
	zpty -w z 'zle -N dump; bindkey "^X" dump'
	zpty -w -n z "$3"$'\t'
	sleep 0.5
	zpty -w -n z $'\x18'
	for i in {1..100}; do [[ -e $2 ]] && break; sleep 0.1; done
	zpty -d z
	EOF

	# ztab LINE: the command line after LINE and a tab, in proj
	ztab() {
		rm -f zbuf && mkdir -p zhome &&
		(cd proj && HOME=$TRASH/zhome ZDOTDIR=$TRASH/zhome \
			zsh -f ../ztab.zsh "$SRC_DIR/completion" "$TRASH/zbuf" "$1") &&
		cat zbuf
	}

	test_expect_success 'zsh: a tab in an interactive zsh (compinit) completes a name and a directory' '
		echo "mipsbake run generic-mips hello " >expect &&
		ztab "mipsbake run generic-mips " >actual &&
		test_cmp expect actual &&
		echo "mipsbake -B sub/" >expect &&
		ztab "mipsbake -B su" >actual &&
		test_cmp expect actual &&
		echo "mipsbake broken.yaml " >expect &&
		ztab "mipsbake broken.yaml " >actual &&
		test_cmp expect actual
	'
else
	test_skip 'zsh: the candidates of __complete, a directory without a space after it' \
		'zsh is not installed (apt-get install zsh)'
	test_skip 'zsh: a tab in an interactive zsh (compinit) completes a name and a directory' \
		'zsh is not installed (apt-get install zsh)'
fi

test_done
