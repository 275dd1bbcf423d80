#!/bin/sh
# go.mod files read as Go reads them (issue 13): 'mipsbake gomod' prints what 'go mod edit
# -json' prints, compared as JSON, for hand-written files with every directive and for the
# go.mod files of a few hundred Debian Go packages; what Go refuses, mipsbake refuses, at the
# right line.
. "$(dirname "$0")/lib.sh"

if ! have go jq; then
	test_skip 'go.mod parsing against go mod edit -json' 'needs go and jq'
	test_done
fi
GOFLAGS= GO111MODULE=on GOPROXY=off GOTOOLCHAIN=local
export GOFLAGS GO111MODULE GOPROXY GOTOOLCHAIN

# same FILE: mipsbake and go agree on FILE, as JSON
same() {
	go mod edit -json "$1" >go.json &&
	mipsbake gomod "$1" >mb.json &&
	jq -S . go.json >go.norm &&
	jq -S . mb.json >mb.norm &&
	test_cmp go.norm mb.norm
}

mkdir good bad
cat >good/all.mod <<'MOD'
// A module that is no longer maintained.
//
// Deprecated: use example.com/new instead.
module "example.com/all" // a quoted path

go 1.18

require example.com/a v1.2.3
require (
	example.com/b v1.2 // indirect
	example.com/c/v2 v2.0.0-20220101120000-abcdef123456 // indirect; a comment after it
	example.com/d v1.0.0+incompatible
	example.com/e v1.0.0+build.1
	gopkg.in/yaml.v2 v2.4.0
	gopkg.in/check.v1 v0.0.0-20161208181325-20d25e280405
	example.com/f v0.0.0-pre.1.a-b
	"example.com/\u00e9" v1.0.0
)

exclude example.com/a v1.2.4
exclude (
	example.com/b v1.3.0
)

replace example.com/a => ../a
replace example.com/b v1.2.0 => example.com/b2 v1.5.0
replace (
	example.com/c/v2 => /abs/c
	example.com/d v1.0.0+incompatible => example.com/d v1.1.0
)

// one retraction
retract v1.0.0
retract [v1.1.0, v1.2.0] // a range
retract (
	// published by mistake
	v0.9.0
	v0.9.1 // this one too
)
MOD
printf 'module x\n' >good/minimal.mod
printf 'module x\ngo 1.21\ntoolchain go1.21.0\n' >good/toolchain.mod
printf 'module x\n\nrequire ()\nreplace (\n)\n' >good/empty-blocks.mod
printf '\n\n// only comments\n' >good/comments.mod
printf '//\n//\n//\n// Deprecated: a paragraph\n// of two lines\n//\n// after it\nmodule x\n' >good/deprecated.mod

test_expect_success 'every directive, quoting, block, comment and version form as go reads it' '
	for f in all minimal empty-blocks deprecated; do
		same good/$f.mod || exit 1
	done
'

test_expect_success 'go 1.21 lines (toolchain) are read, though go 1.19 refuses them' '
	mipsbake gomod good/toolchain.mod >mb.json &&
	jq -e ".Go == \"1.21\"" mb.json
'

test_expect_success 'a file of comments only: no module, as go says' '
	same good/comments.mod
'

# bad NAME LINE:COL TEXT: the go.mod text is refused by go and by mipsbake, at LINE:COL
bad() {
	printf "$3" >bad/$1.mod &&
	test_must_fail go mod edit -json bad/$1.mod >/dev/null 2>&1 &&
	test_must_fail mipsbake gomod bad/$1.mod 2>err &&
	grep -q "^bad/$1.mod:$2: error: " err || { echo "$1:"; cat err; return 1; }
}

test_expect_success 'what go refuses, mipsbake refuses at its place' '
	bad unknown 2:1 "module x\nfrobnicate y\n" &&
	bad two-modules 2:1 "module x\nmodule y\n" &&
	bad two-go 3:1 "module x\ngo 1.18\ngo 1.19\n" &&
	bad go-version 2:1 "module x\ngo 1.18.1\n" &&
	bad go-leading-zero 2:1 "module x\ngo 01.18\n" &&
	bad require-usage 2:1 "module x\nrequire a\n" &&
	bad version 2:1 "module x\nrequire a v1.2.3.4\n" &&
	bad version-short-pre 2:1 "module x\nrequire a v1.2-pre\n" &&
	bad version-leading-zero 2:1 "module x\nrequire a v1.02.3\n" &&
	bad prerelease-zero 2:1 "module x\nrequire a v1.0.0-01\n" &&
	bad major 2:1 "module x\nrequire example.com/a v2.0.0\n" &&
	bad major-path 2:1 "module x\nrequire example.com/a/v2 v3.0.0\n" &&
	bad path-v1 2:1 "module x\nrequire example.com/a/v1 v1.0.0\n" &&
	bad gopkg 2:1 "module x\nrequire gopkg.in/yaml v1.0.0\n" &&
	bad block-type 2:1 "module x\ngo (\n\t1.18\n)\n" &&
	bad block-words 2:1 "module x\nrequire a (\n\tb v1.0.0\n)\n" &&
	bad unterminated 4:1 "module x\nrequire (\n\ta v1.0.0\n" &&
	bad paren-newline 3:3 "module x\nrequire (\n) x\n" &&
	bad block-comment 1:10 "module x /* no */\n" &&
	bad string-newline 1:10 "module \"x\n\"\n" &&
	bad string-escape 1:1 "module \"\\\\q\"\n" &&
	bad replace-usage 2:1 "module x\nreplace a => \n" &&
	bad replace-dir-version 2:1 "module x\nreplace a => ./b v1.0.0\n" &&
	bad replace-no-version 2:1 "module x\nreplace a => b\n" &&
	bad replace-at 2:1 "module x\nreplace a => b@v1.0.0\n" &&
	bad retract-interval 2:1 "module x\nretract [v1.0.0 v1.1.0]\n" &&
	bad retract-extra 2:1 "module x\nretract v1.0.0 v1.1.0\n" &&
	bad control 1:9 "module x\001\n" &&
	bad backquote 1:1 "module \`x\`\n" &&
	bad single-quote 1:1 "module '"'"'x'"'"'\n"
'

# the go.mod files of Debian's Go packages: every sixth golang-*-dev package, downloaded
# (not installed) once into tests/out, the go.mod files taken out of the .deb files
CORPUS="$TESTS_DIR/out/.gomod-corpus"
corpus() {
	[ -f "$CORPUS/done" ] && return 0
	rm -rf "$CORPUS" && mkdir -p "$CORPUS/debs" "$CORPUS/x" || return 1
	pk=$(apt-cache search --names-only '^golang-.*-dev$' | awk '{ print $1 }' | LC_ALL=C sort |
		awk 'NR % 6 == 0' | head -n 300)
	[ -n "$pk" ] || return 1
	(cd "$CORPUS/debs" && apt-get download $pk >/dev/null 2>&1) || true
	for d in "$CORPUS"/debs/*.deb; do
		n=$(basename "$d" .deb)
		mkdir -p "$CORPUS/x/$n" &&
		dpkg-deb --fsys-tarfile "$d" | tar -x -C "$CORPUS/x/$n" --wildcards "*go.mod" 2>/dev/null
	done
	touch "$CORPUS/done"
}

if corpus && [ "$(find "$CORPUS/x" -name go.mod | wc -l)" -ge 100 ]; then
	test_expect_success 'the go.mod files of Debian Go packages: the same as go mod edit -json' '
		n=0 refused=0 &&
		for f in $(find "$CORPUS/x" -name go.mod | LC_ALL=C sort); do
			if go mod edit -json "$f" >go.json 2>/dev/null; then
				mipsbake gomod "$f" >mb.json || { echo "refused: $f"; exit 1; }
				jq -S . go.json >go.norm && jq -S . mb.json >mb.norm &&
				test_cmp go.norm mb.norm || { echo "differs: $f"; exit 1; }
				n=$((n + 1))
			else
				refused=$((refused + 1))
			fi
		done &&
		echo "$n go.mod files agree; go refused $refused" &&
		test $n -ge 100
	'
else
	test_skip 'the go.mod files of Debian Go packages' 'apt-get download of golang-*-dev packages failed'
fi

test_done
