#!/bin/sh
# Hardening (issue 12): what a manifest, an environment variable or a dependency's files hold
# never writes outside the build and cache directories and never becomes Ninja syntax.
. "$(dirname "$0")/lib.sh"

# the module sits seven directories down, so that an import path climbing out of it by eight
# '..' names evil/evilpkg here, while the same path under <build>/pkg/<configuration>/ lands
# outside the build directory
P=deep/a/b/c/d/e/f/proj
mkdir -p "$P/cmd/app" "$P/third_party/dep" evil/evilpkg
echo 'package evilpkg' >evil/evilpkg/e.go
UP=../../../../../../../..

# everything under the test directory but the build directory, the step log and the listings
listing() {
	find . -path "./$P/build" -prune -o -path ./.step.log -prune -o -name "listing.*" -prune -o -path ./err -prune \
		-o -print | LC_ALL=C sort
}

# write_proj IMPORT: the module's main package imports IMPORT; dependency example.com/dep
# (a path: dependency) exists for imports that name it
write_proj() {
	cat >"$P/cmd/app/main.go" <<-GO
	package main

	import _ "$1"

	func main() {}
	GO
	cat >"$P/m.yaml" <<-YAML
	mipsbake: 1
	module: example.com/hello
	include: [toolchains/debian-gccgo.yaml, boards/generic.yaml]
	dependencies:
	  example.com/dep:
	    path: third_party/dep
	targets:
	  app:
	    main: ./cmd/app
	    boards: [generic-mipsle]
	YAML
}

test_expect_success 'an import path climbing out of the module is refused at its place' '
	write_proj "example.com/hello/$UP/evil/evilpkg" &&
	listing >listing.before &&
	(cd "$P" && test_must_fail mipsbake m.yaml 2>../../../../../../../../err) &&
	grep -F "$P/cmd/app/main.go:3:10: error: invalid import path \"example.com/hello/$UP/evil/evilpkg\": '"'"'.'"'"' or '"'"'..'"'"' path element" err &&
	listing >listing.after &&
	test_cmp listing.before listing.after
'

test_expect_success 'the same in a path: dependency'"'"'s file' '
	write_proj example.com/dep &&
	printf "package dep\n\nimport _ \"example.com/dep/../../x\"\n" >"$P/third_party/dep/d.go" &&
	(cd "$P" && test_must_fail mipsbake m.yaml 2>../../../../../../../../err) &&
	grep -F "$P/third_party/dep/d.go:3:10: error: invalid import path \"example.com/dep/../../x\"" err
'

# each import path cmd/go refuses (golang.org/x/mod/module.CheckImportPath), and why
while read -r ip why; do
	test_expect_success "import path $ip is refused: $why" '
		write_proj "$ip" &&
		(cd "$P" && test_must_fail mipsbake gen m.yaml 2>../../../../../../../../err) &&
		grep -F "main.go:3:10: error: invalid import path \"$ip\": $why" err
	'
done <<'LIST'
example.com/hello/./x '.' or '..' path element
-x leading dash
example.com//x double slash
example.com/x/ trailing slash
example.com/x. trailing dot in path element
example.com/a@b invalid character in path element
example.com/aux path element reserved on Windows
example.com/Con.d path element reserved on Windows
example.com/x~1 trailing tilde and digits in path element
LIST

test_expect_success 'import paths cmd/go accepts pass the check' '
	rm -f "$P/third_party/dep/d.go" &&
	echo "package dep" >"$P/third_party/dep/d.go" &&
	for ip in example.com/dep; do
		write_proj "$ip" &&
		(cd "$P" && mipsbake gen m.yaml >/dev/null) || exit 1
	done &&
	mkdir -p "$P/third_party/dep/a~b/.x" "$P/third_party/dep/v1.2_x+y/-z" &&
	echo "package x" >"$P/third_party/dep/a~b/.x/x.go" &&
	echo "package z" >"$P/third_party/dep/v1.2_x+y/-z/z.go" &&
	for ip in "example.com/dep/a~b/.x" "example.com/dep/v1.2_x+y/-z"; do
		write_proj "$ip" &&
		(cd "$P" && mipsbake gen m.yaml >/dev/null) || exit 1
	done
'

# defect 2: a line break that reaches a Ninja file through a variable or a directory name
cp -R "$SRC_DIR/manifests/examples/hello" env-proj
cat >env-proj/e.yaml <<'YAML'
mipsbake: 1
module: example.com/hello
include: [boards/generic.yaml]
toolchains:
  tc:
    compiler: gccgo
    prefix: mipsel-linux-gnu-
    cflags: ['-g', '${EVIL}']
dependencies:
  example.com/fmtbox:
    path: third_party/fmtbox
targets:
  hello:
    main: ./cmd/hello
    boards: [generic-mipsle]
    toolchains: [tc]
YAML

test_expect_success 'a variable holding a line break is refused at its reference, and nothing runs' '
	EVIL="$(printf -- "-O2\ngccgo=touch $TRASH/PWNED;#")" &&
	export EVIL &&
	(cd env-proj && test_must_fail mipsbake e.yaml 2>../err) &&
	echo "e.yaml:8:21: error: environment variable '"'"'EVIL'"'"' in an entry of '"'"'cflags'"'"' holds control character 0x0a; expected printable text" >expect &&
	test_cmp expect err &&
	test ! -e PWNED &&
	test ! -e env-proj/build/build.ninja
'

test_expect_success 'a variable holding an escape byte is refused the same way' '
	EVIL="$(printf -- "-O2\033[2J")" &&
	export EVIL &&
	(cd env-proj && test_must_fail mipsbake validate e.yaml 2>../err) &&
	grep -F "holds control character 0x1b" err
'

test_expect_success 'a module directory whose name holds a line break: one clear error' '
	d="$(printf "mod\nx")" &&
	cp -R "$SRC_DIR/manifests/examples/hello" "$d" &&
	(cd "$d" && test_must_fail mipsbake hello.yaml 2>../err) &&
	echo "mipsbake: error: the build directory or the manifest path holds a line break, which a Ninja file cannot hold; nothing generated" >expect &&
	test_cmp expect err &&
	test ! -e "$d/build/build.ninja"
'

# defect 7: every printable ASCII character and a few multibyte ones in the module directory,
# a dependency directory, a Go file name and the build directory; both compilers
ALL=' !"#$%&'"'"'()*+,-.0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~'
M="m${ALL}é✓"
F="f${ALL}ü"
mkdir -p "$M"
cp -R "$SRC_DIR/manifests/examples/hello/." "$M/"
mv "$M/third_party/fmtbox" "$M/third_party/$F"
mv "$M/third_party/$F/box.go" "$M/third_party/$F/a|b \$c:d;e'f\\g#h.go"
q=$(printf %s "$F" | sed "s/'/''/g")
cat >"$M/w.yaml" <<YAML
mipsbake: 1
module: example.com/hello
include: [toolchains/debian-gccgo.yaml, toolchains/debian-go.yaml, boards/generic.yaml]
dependencies:
  example.com/fmtbox:
    path: 'third_party/$q'
targets:
  hello:
    main: ./cmd/hello
    boards: [generic-mipsle]
    toolchains: [debian-gccgo-mipsle, debian-go]
YAML

test_expect_success 'every printable character in paths and file names: Ninja parses, binaries run' '
	(cd "$M" && mipsbake -j2 -B "b${ALL}" w.yaml >../build.log 2>&1) || { cat build.log; false; } &&
	for tc in debian-gccgo-mipsle debian-go; do
		qemu-mipsel-static -cpu 74Kf "$M/b${ALL}/out/hello/generic-mipsle/$tc/hello" world >out &&
		grep -q "^hello, world from mipsle (gc\(cgo\)\?)$" out &&
		grep -q "crc32(world) = 3a771143" out || exit 1
	done &&
	(cd "$M" && mipsbake -j2 -B "b${ALL}" w.yaml >../noop.log 2>&1) &&
	grep -q "no work to do" noop.log
'

test_expect_success 'an edit to the file with the hostile name rebuilds its package' '
	echo "// edited" >>"$M/third_party/$F/a|b \$c:d;e'"'"'f\\g#h.go" &&
	(cd "$M" && mipsbake -j2 -B "b${ALL}" w.yaml >../edit.log 2>&1) &&
	grep -q "example.com/fmtbox" edit.log
'

# defects 8 and 10: a manifest that is no regular file, or a huge one
test_expect_success 'a manifest that is a directory, a device or a FIFO is refused at once' '
	mkdir dir.yaml &&
	mkfifo fifo.yaml &&
	for cmd in validate gen build; do
		for m in dir.yaml /dev/zero /dev/null fifo.yaml; do
			test_must_fail timeout 10 "$MB" $cmd "$m" 2>err || exit 1
			case $m in
			dir.yaml) kind="a directory" ;;
			fifo.yaml) kind="a FIFO" ;;
			*) kind="a device" ;;
			esac
			echo "$m: error: is $kind, not a manifest file" >expect &&
			test_cmp expect err || exit 1
		done
	done &&
	test ! -e build
'

test_expect_success 'a manifest over 16 MiB is refused before it is read' '
	head -c 17000000 /dev/zero | tr "\0" "#" >big.yaml &&
	test_must_fail mipsbake validate big.yaml 2>err &&
	echo "big.yaml: error: manifest of 17000000 bytes is too large; the limit is 16777216 bytes (16 MiB)" >expect &&
	test_cmp expect err
'

test_expect_success 'an include that is a directory is named at its place' '
	mkdir -p inc.d/x.yaml &&
	printf "mipsbake: 1\ninclude: [inc.d/x.yaml]\n" >inc.yaml &&
	test_must_fail mipsbake validate inc.yaml 2>err &&
	echo "inc.yaml:2:11: error: include '"'"'inc.d/x.yaml'"'"' is not a file ('"'"'inc.d/x.yaml'"'"' is a directory or a device)" >expect &&
	test_cmp expect err
'

# defect 8: loading is linear and says what it must, no more (speed is for make bench)
test_expect_success 'a 100,000-entry list of unknown boards: 50 errors, then how many more' '
	{
		printf "mipsbake: 1\ntoolchains:\n  go: {compiler: gc}\nboards:\n  b: {goarch: mipsle, toolchain: go}\n"
		printf "targets:\n  t:\n    main: ./cmd\n    boards:\n"
		seq 100000 | sed "s/^/      - x/"
	} >list.yaml &&
	test_must_fail mipsbake validate list.yaml 2>err &&
	test $(grep -c "^list.yaml:[0-9]*:9: error: unknown board '"'"'x[0-9]*'"'"' in target '"'"'t'"'"'; expected '"'"'b'"'"'$" err) = 50 &&
	test "$(tail -n 1 err)" = "list.yaml: error: 99950 more errors not shown" &&
	test $(wc -l <err) = 51
'

test_expect_success '50,000 targets load, and a duplicate among them is found' '
	{
		printf "mipsbake: 1\ntoolchains:\n  go: {compiler: gc}\nboards:\n  b: {goarch: mipsle, toolchain: go}\ntargets:\n"
		seq 50000 | sed "s/.*/  t&: {main: .\/cmd, boards: [b]}/"
		echo "  t7: {main: ./cmd, boards: [b]}"
	} >many.yaml &&
	test_must_fail mipsbake validate many.yaml 2>err &&
	cat >expect <<-\EOF &&
	many.yaml:50007:3: error: duplicate key '"'"'t7'"'"' in '"'"'targets'"'"'
	many.yaml:13:3: note: '"'"'t7'"'"' first given here
	EOF
	test_cmp expect err
'

test_expect_success 'a value a message repeats is cut at 200 bytes' '
	v=$(head -c 5000 /dev/zero | tr "\0" "v") &&
	printf "mipsbake: 1\nversion: \"%s;\"\n" "$v" >long.yaml &&
	test_must_fail mipsbake validate long.yaml 2>err &&
	grep -q "^long.yaml:2:10: error: bad value '"'"'v\{200\}\.\.\.'"'"' for '"'"'version'"'"'" err &&
	test $(wc -c <err) -lt 600
'

test_expect_success 'a key longer than YAML allows says so' '
	k=$(head -c 2000 /dev/zero | tr "\0" "k") &&
	printf "mipsbake: 1\n\"%s\": 1\n" "$k" >longkey.yaml &&
	test_must_fail mipsbake validate longkey.yaml 2>err &&
	grep -q "^longkey.yaml:2:2003: error: could not find expected '"'"':'"'"' while scanning a simple key; a YAML key is at most 1024 characters long, and this one is longer$" err
'

test_expect_success '100,000 cflags: a clear error at the key, not "Argument list too long"' '
	{
		printf "mipsbake: 1\ntoolchains:\n  tc:\n    compiler: gccgo\n    cflags:\n"
		seq 100000 | sed "s/.*/      - -O2/"
	} >flags.yaml &&
	test_must_fail mipsbake validate flags.yaml 2>err &&
	echo "flags.yaml:5:5: error: the '"'"'cflags'"'"' and '"'"'ldflags'"'"' of toolchain '"'"'tc'"'"' take 600000 bytes; at most 98304 fit in the compile and link command lines (Linux takes at most 131072 bytes in one argument)" >expect &&
	test_cmp expect err
'

test_done
