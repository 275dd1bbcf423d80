#!/bin/sh
# //go:embed with both compilers: a string, a []byte and embed.FS trees (a hidden file, an
# _underscore file, an all: pattern) built with gc (wt1520) and gccgo (generic-mips64le), run
# under qemu, print what go run prints; go list's EmbedFiles is the oracle for the files. No
# path of the machine reaches a binary; editing an embedded file recompiles one package;
# adding one to an embedded directory regenerates; bad patterns are errors at path:line:col;
# the release is reproducible under verify.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/lib-git.sh"

mkdir -p proj/cmd/emb proj/assets/tree/sub proj/assets/tree/.hidden_dir proj/bad
printf 'module example.com/emb\n\ngo 1.18\n' >proj/go.mod
printf 'build/\ndist/\n' >proj/.gitignore
cat >proj/assets/assets.go <<'GO'
// Package assets embeds a string, bytes and a directory tree.
package assets

import (
	"embed"
)

//go:embed greeting.txt
var Greeting string

//go:embed "blob.bin"
var Blob []byte

//go:embed tree
var Tree embed.FS

//go:embed all:tree `tree/sub/*.txt`
var All embed.FS
GO
echo "hello, embedded world" >proj/assets/greeting.txt
printf '\000\001\002binary\377' >proj/assets/blob.bin
echo one >proj/assets/tree/one.txt
echo two >proj/assets/tree/sub/two.txt
echo hidden >proj/assets/tree/.hidden
echo under >proj/assets/tree/_under.txt
echo in-hidden-dir >proj/assets/tree/.hidden_dir/x.txt
cat >proj/cmd/emb/main.go <<'GO'
package main

import (
	"crypto/sha256"
	"fmt"
	"io/fs"

	"example.com/emb/assets"
)

func walk(name string, fsys fs.FS) {
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			panic(err)
		}
		if d.IsDir() {
			fmt.Printf("%s dir %s\n", name, p)
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s file %s %d %x\n", name, p, len(b), sha256.Sum256(b))
		return nil
	})
}

func main() {
	fmt.Printf("greeting %d %x\n", len(assets.Greeting), sha256.Sum256([]byte(assets.Greeting)))
	fmt.Printf("blob %d %x\n", len(assets.Blob), sha256.Sum256(assets.Blob))
	walk("tree", assets.Tree)
	walk("all", assets.All)
}
GO
cat >proj/emb.yaml <<'YAML'
mipsbake: 1
include: [toolchains/debian-gccgo.yaml, boards/generic.yaml, boards/wt1520.yaml]
targets:
  emb:
    main: ./cmd/emb
    boards: [wt1520, generic-mips64le]
YAML

GC_BIN=build/out/emb/wt1520/debian-go/emb
GCCGO_BIN=build/out/emb/generic-mips64le/debian-gccgo-mips64le/emb
GCCGO_CFG=debian-gccgo-mips64le-mips64le-hardfloat
# its directory name, once generated
gccgo_dir() { cfgdir proj/build $GCCGO_CFG; }

# run both binaries, writing gc.out and gccgo.out
run_both() {
	qemu-mipsel-static -cpu 24KEc "proj/$GC_BIN" >gc.out &&
	qemu-mips64el-static -cpu MIPS64R2-generic "proj/$GCCGO_BIN" >gccgo.out
}

# the file names of an embedcfg's "Files" object
cfg_files() {
	sed -n '/"Files"/,$s/^		"\([^"]*\)": .*/\1/p' "$1"
}

test_expect_success 'go run and go build (mipsle softfloat, under qemu) agree on the output' '
	(cd proj && go run ./cmd/emb) >expect &&
	grep -q "^all file tree/.hidden 7 " expect &&
	grep -q "^all file tree/_under.txt " expect &&
	! grep -q "^tree file tree/.hidden" expect &&
	(cd proj && GOOS=linux GOARCH=mipsle GOMIPS=softfloat go build -o ../gobuild ./cmd/emb) &&
	qemu-mipsel-static -cpu 24KEc ./gobuild >gobuild.out &&
	test_cmp expect gobuild.out
'

test_expect_success 'gc and gccgo builds run under qemu and print what go prints' '
	(cd proj && mipsbake -j2 emb.yaml) >build.log 2>&1 || { tail -n 30 build.log; false; }
	run_both &&
	test_cmp expect gc.out &&
	test_cmp expect gccgo.out
'

test_expect_success 'the embedded files are go list -f {{.EmbedFiles}}, in both embedcfgs' '
	(cd proj && go list -f "{{range .EmbedFiles}}{{println .}}{{end}}" ./assets) | sed "/^$/d" >files.expect &&
	test "$(wc -l <files.expect)" = 7 &&
	cfg_files proj/build/pkg/$(cfgdir proj/build debian-go-mipsle-softfloat)/example.com/emb/assets/embedcfg >gc.files &&
	cfg_files proj/build/pkg/$(gccgo_dir)/example.com/emb/assets/embedcfg >gccgo.files &&
	test_cmp files.expect gc.files &&
	test_cmp files.expect gccgo.files
'

test_expect_success 'gc gets -embedcfg, gccgo -fgo-embedcfg= of a path in the build directory' '
	grep -qF -e "-embedcfg\$ pkg/$(cfgdir proj/build debian-go-mipsle-softfloat)/example.com/emb/assets/embedcfg" \
		proj/build/cfg/$(cfgdir proj/build debian-go-mipsle-softfloat).ninja &&
	grep -q "pkgflags = -fgo-embedcfg=pkg/$(gccgo_dir)/example.com/emb/assets/embedcfg" \
		proj/build/cfg/$(gccgo_dir).ninja &&
	grep "\"tree/one.txt\": " proj/build/pkg/$(gccgo_dir)/example.com/emb/assets/embedcfg >line &&
	grep -q "\"src/example_0com_1emb/assets/tree/one.txt\"" line
'

test_expect_success 'no path of this machine reaches either binary' '
	for b in $GC_BIN $GCCGO_BIN; do
		strings -a "proj/$b" >strings.txt &&
		! grep -F "$TRASH" strings.txt &&
		! grep -F "/build/pkg/" strings.txt || exit 1
	done
'

test_expect_success 'editing an embedded file recompiles exactly the embedding package, then relinks' '
	(cd proj && mipsbake emb.yaml) >noop.log 2>&1 &&
	grep -q "no work to do" noop.log &&
	echo "one, edited" >proj/assets/tree/one.txt &&
	(cd proj && mipsbake emb.yaml) >edit.log 2>&1 || { cat edit.log; false; }
	! grep -q "MIPSBAKE regenerating" edit.log &&
	test "$(grep -c "] COMPILE " edit.log)" = 1 &&
	grep -q "] COMPILE example.com/emb/assets$" edit.log &&
	test "$(grep -c "] GCCGO " edit.log)" = 1 &&
	grep -q "] GCCGO example.com/emb/assets$" edit.log &&
	test "$(grep -c "] LINK " edit.log)" = 2 &&
	(cd proj && go run ./cmd/emb) >expect &&
	grep -q "^tree file tree/one.txt 12 " expect &&
	run_both &&
	test_cmp expect gc.out &&
	test_cmp expect gccgo.out
'

test_expect_success 'a file added to an embedded directory regenerates and is embedded' '
	echo three >proj/assets/tree/sub/three.txt &&
	(cd proj && mipsbake emb.yaml) >add.log 2>&1 || { cat add.log; false; }
	grep -q "MIPSBAKE regenerating" add.log &&
	(cd proj && go run ./cmd/emb) >expect &&
	grep -q "^tree file tree/sub/three.txt " expect &&
	run_both &&
	test_cmp expect gc.out &&
	test_cmp expect gccgo.out
'

# bad/main.go with one //go:embed line; its error from go build and from mipsbake
bad_pattern() {
	printf 'package main\n\nimport _ "embed"\n\n//go:embed %s\nvar s string\n\nfunc main() { println(s) }\n' \
		"$1" >proj/bad/main.go &&
	printf "mipsbake: 1\ninclude: [boards/wt1520.yaml]\ntargets:\n  bad: {main: ./bad, boards: [wt1520]}\n" \
		>proj/bad.yaml &&
	(cd proj && go build -o /dev/null ./bad) 2>&1 | sed -n "s|^bad/main.go|$TRASH/proj/bad/main.go|p" |
		sed "s|: pattern|: error: pattern|" >bad.expect
	test_must_fail mipsbake -B bad-build gen proj/bad.yaml 2>bad.actual &&
	test_cmp bad.expect bad.actual
}

test_expect_success 'a pattern that matches nothing is an error at path:line:col, as with go' '
	bad_pattern "main.go nothing*" &&
	grep -q "^$TRASH/proj/bad/main.go:5:20: error: pattern nothing\*: no matching files found$" bad.actual
'

test_expect_success 'a pattern with .., an absolute one and bad glob syntax are refused' '
	bad_pattern "../go.mod" &&
	grep -q "main.go:5:12: error: pattern ../go.mod: invalid pattern syntax$" bad.actual &&
	bad_pattern "/etc/passwd" &&
	grep -q "invalid pattern syntax$" bad.actual &&
	bad_pattern "\"[x\"" &&
	grep -q "main.go:5:12: error: pattern \[x: invalid pattern syntax$" bad.actual
'

test_expect_success 'a symbolic link and a file of another module are refused' '
	ln -s ../go.mod proj/bad/link.txt &&
	bad_pattern link.txt &&
	grep -q "error: pattern link.txt: cannot embed irregular file link.txt$" bad.actual &&
	mkdir -p proj/bad/mod && echo "module other" >proj/bad/mod/go.mod && echo x >proj/bad/mod/f.txt &&
	bad_pattern "mod/f.txt" &&
	grep -q "error: pattern mod/f.txt: cannot embed file mod/f.txt: in different module$" bad.actual &&
	rm -r proj/bad proj/bad.yaml
'

if have git; then
	test_expect_success 'verify: the release of the embed program is reproducible' '
		(cd proj && tgit init -q && tgit add -A && tgit commit -q -m emb) &&
		(cd proj && mipsbake -j2 verify emb.yaml) >verify.log 2>&1 || { tail -n 30 verify.log; false; }
		grep -q "^verify: reproducible: " verify.log
	'
else
	test_skip 'verify: the release of the embed program is reproducible' 'git is missing'
fi

test_done
