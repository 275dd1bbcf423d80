#!/bin/sh
# Checkouts: patches applied with libgit2 (the x/sys gccgo fix among them), patches that do not
# apply, re-materialising only when commit, subdir or patches change, subdir, and what a
# dependency may not hold: symlinks leading outside, paths escaping the checkout, submodules.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/lib-git.sh"

if ! git_ok; then
	test_skip 'git checkouts' 'needs git, busybox and golang-golang-x-sys-dev'
	test_done
fi

SYSDEP=golang.org/x/sys
LIB=example.com/lib
CACHE="$TRASH/cache"
PATCH="$SRC_DIR/tests/fixtures/git/x-sys-gccgo-mipsx.patch"
git_fixtures sys || exit 1
mkdir -p patches
cp "$PATCH" patches/

fetch() { # manifest [options]
	_m=$1
	shift
	mipsbake --cache-dir "$CACHE" -B build fetch "$@" "$_m"
}

write_manifest sys.yaml "  $SYSDEP:" "    git: srv/sys.git" "    rev: v0.3.0" \
	"    patches: [patches/x-sys-gccgo-mipsx.patch]"
MIPSX=build/deps/$SYSDEP/unix/syscall_linux_mipsx.go
GCMIPSX=build/deps/$SYSDEP/unix/syscall_linux_gc_mipsx.go

test_expect_success 'the x/sys gccgo patch is applied through patches:' '
	fetch sys.yaml &&
	test_must_fail grep -q "^func Syscall9" $MIPSX &&
	test_must_fail grep -q "\"syscall\"" $MIPSX &&
	grep -q "^//go:build linux && gc && (mips || mipsle)\$" $GCMIPSX &&
	grep -q "^func Syscall9(trap, a1, a2, a3, a4, a5, a6, a7, a8, a9 uintptr) (r1, r2 uintptr, err syscall.Errno)\$" $GCMIPSX &&
	diff -r -x .mipsbake-stamp -x syscall_linux_mipsx.go -x syscall_linux_gc_mipsx.go \
		build/deps/$SYSDEP "$GOCODE/$SYSDEP" &&
	test_must_fail diff "$GOCODE/$SYSDEP/unix/syscall_linux_mipsx.go" $MIPSX >actual &&
	cat >expect <<-\EOF &&
	12d11
	< 	"syscall"
	15,16d13
	< 
	< func Syscall9(trap, a1, a2, a3, a4, a5, a6, a7, a8, a9 uintptr) (r1, r2 uintptr, err syscall.Errno)
	EOF
	test_cmp expect actual
'

test_expect_success 'the lock records the patch path and its SHA-256; the commit stays upstream'"'"'s' '
	test "$(lock_value sys.lock $SYSDEP commit)" = "$(rev_of sys v0.3.0)" &&
	sum=$(sha256sum patches/x-sys-gccgo-mipsx.patch | cut -d" " -f1) &&
	grep -A2 "^    patches:" sys.lock >actual &&
	printf "    patches:\n    - path: patches/x-sys-gccgo-mipsx.patch\n      sha256: %s\n" "$sum" >expect &&
	test_cmp expect actual
'

gccgo_build() { # goarch gccgo-prefix gopath
	GOPATH="$3" GO111MODULE=off GOOS=linux GOARCH=$1 CGO_ENABLED=1 GCCGO=$2-gccgo CC=$2-gcc \
		GOCACHE="$TRASH/gocache" GOFLAGS= go build -compiler=gccgo $SYSDEP/unix
}

if have go mipsel-linux-gnu-gccgo mips-linux-gnu-gccgo mips64el-linux-gnuabi64-gccgo; then
	test_expect_success 'patched, x/sys/unix builds with gccgo for mipsle, mips and mips64le' '
		mkdir -p gp && ln -s ../build/deps gp/src &&
		gccgo_build mipsle mipsel-linux-gnu "$TRASH/gp" &&
		gccgo_build mips mips-linux-gnu "$TRASH/gp" &&
		gccgo_build mips64le mips64el-linux-gnuabi64 "$TRASH/gp"
	'
	test_expect_success 'unpatched, it does not: Syscall9 is declared twice' '
		write_manifest plain.yaml "  $SYSDEP:" "    git: srv/sys.git" "    rev: v0.3.0" &&
		mipsbake --cache-dir "$CACHE" -B plain fetch plain.yaml &&
		mkdir -p gp2 && ln -s ../plain/deps gp2/src &&
		test_must_fail gccgo_build mipsle mipsel-linux-gnu "$TRASH/gp2" 2>err &&
		grep -q "redefinition of .Syscall9" err
	'
else
	test_skip 'patched x/sys/unix builds with gccgo' 'needs go and the mips gccgo cross compilers'
fi

test_expect_success 'a rerun with nothing changed leaves the checkout alone' '
	touch build/deps/$SYSDEP/marker &&
	fetch sys.yaml &&
	test -f build/deps/$SYSDEP/marker
'

test_expect_success 'a changed patch makes a new checkout and a new lock digest' '
	printf "\n" >>patches/x-sys-gccgo-mipsx.patch &&
	fetch sys.yaml &&
	test ! -f build/deps/$SYSDEP/marker &&
	grep -q "sha256: $(sha256sum patches/x-sys-gccgo-mipsx.patch | cut -d" " -f1)" sys.lock
'

test_expect_success 'dropping the patch makes a new checkout of the plain tree' '
	cp sys.lock patched.lock &&
	touch build/deps/$SYSDEP/marker &&
	write_manifest sys.yaml "  $SYSDEP:" "    git: srv/sys.git" "    rev: v0.3.0" &&
	fetch sys.yaml &&
	test ! -f build/deps/$SYSDEP/marker &&
	diff -r -x .mipsbake-stamp build/deps/$SYSDEP "$GOCODE/$SYSDEP" &&
	test_must_fail grep -q patches sys.lock
'

# a small repository to break in various ways
small_repo lib
mkdir -p work/lib/inner
printf 'package lib\n\nconst V = 1\n' >work/lib/lib.go
printf 'package inner\n\nconst W = 1\n' >work/lib/inner/inner.go
commit_all work/lib v1 v1.0.0 || exit 1

cat >patches/one.patch <<\EOF
diff --git a/lib.go b/lib.go
--- a/lib.go
+++ b/lib.go
@@ -1,3 +1,3 @@
 package lib
 
-const V = 1
+const V = 2
EOF
cat >patches/two.patch <<\EOF
diff --git a/lib.go b/lib.go
--- a/lib.go
+++ b/lib.go
@@ -1,3 +1,4 @@
 package lib
 
 const V = 2
+const Two = true
EOF
cat >patches/bad.patch <<\EOF
Not what upstream has any more.

diff --git a/inner/inner.go b/inner/inner.go
--- a/inner/inner.go
+++ b/inner/inner.go
@@ -1,3 +1,3 @@
 package inner
 
-const W = 7
+const W = 8
EOF

lib_manifest() { # extra lines...
	write_manifest lib.yaml "  $LIB:" "    git: srv/lib.git" "    rev: v1.0.0" "$@"
}

test_expect_success 'patches apply in order: the second needs the first' '
	lib_manifest "    patches:" "      - patches/one.patch" "      - patches/two.patch" &&
	fetch lib.yaml &&
	printf "package lib\n\nconst V = 2\nconst Two = true\n" >expect &&
	test_cmp expect build/deps/$LIB/lib.go
'

test_expect_success 'a patch that does not apply: the error names the patch, its position and the hunk' '
	lib_manifest "    patches:" "      - patches/one.patch" "      - patches/bad.patch" &&
	test_must_fail fetch lib.yaml 2>err &&
	echo "lib.yaml:8:9: error: dependency '"'$LIB'"': patch '"'patches/bad.patch'"' does not apply: hunk '"'@@ -1,3 +1,3 @@'"' of '"'inner/inner.go'"' failed" >expect &&
	sed "s/ failed (.*)\$/ failed/" err >actual &&
	test_cmp expect actual &&
	grep -q "V = 2" build/deps/$LIB/lib.go
'

test_expect_success 'the patches of a failed run are not locked' '
	test_must_fail grep -q bad.patch lib.lock
'

test_expect_success 'a patch for a file the tree lacks names the file' '
	sed "s|inner/inner.go|inner/missing.go|g" patches/bad.patch >patches/missing.patch &&
	lib_manifest "    patches: [patches/missing.patch]" &&
	test_must_fail fetch lib.yaml 2>err &&
	grep -q "^lib.yaml:6:15: error: dependency '"'$LIB'"': patch '"'patches/missing.patch'"' does not apply.*'"'inner/missing.go'"'" err
'

test_expect_success 'a file that is no patch is an error at its position' '
	echo "just text" >patches/text.patch &&
	lib_manifest "    patches: [patches/text.patch]" &&
	test_must_fail fetch lib.yaml 2>err &&
	grep -q "^lib.yaml:6:15: error: dependency '"'$LIB'"': '"'patches/text.patch'"' is not a patch (no patch found)\$" err
'

test_expect_success 'subdir: the source root is that directory of the checkout' '
	lib_manifest "    subdir: inner" &&
	fetch lib.yaml &&
	test -f build/deps/$LIB/inner/inner.go &&
	touch build/deps/$LIB/marker &&
	lib_manifest &&
	fetch lib.yaml &&
	test ! -f build/deps/$LIB/marker
'

test_expect_success 'a subdir the commit lacks is an error' '
	lib_manifest "    subdir: nowhere" &&
	test_must_fail fetch lib.yaml 2>err &&
	grep -q "error: dependency '"'$LIB'"': subdir '"'nowhere'"' is not a directory in commit $(rev_of lib v1.0.0)\$" err
'

# bad_tag tag: commit what work/lib holds now as tag (and reset the work tree afterwards)
bad_tag() {
	commit_all work/lib "$1" "$1" >/dev/null
}

test_expect_success 'a symlink inside the dependency is fine' '
	ln -s lib.go work/lib/alias.go &&
	ln -s ../lib.go work/lib/inner/up.go &&
	bad_tag links-ok &&
	lib_manifest &&
	sed -i "s/rev: v1.0.0/rev: links-ok/" lib.yaml &&
	fetch lib.yaml &&
	test "$(readlink build/deps/$LIB/alias.go)" = lib.go &&
	test "$(readlink build/deps/$LIB/inner/up.go)" = ../lib.go
'

# everything under the test directory but the build directory, the cache and the servers
outside_listing() {
	find "$TRASH" -path "$TRASH/build" -prune -o -path "$CACHE" -prune -o -path "$TRASH/srv" -prune \
		-o -path "$TRASH/work" -prune -o -name err -prune -o -name 'listing.*' -prune \
		-o -name .step.log -prune -o -print | LC_ALL=C sort
}

# check_refused tag pattern: fetching tag fails with an error matching pattern, nothing checked
# out, nothing written outside the build and cache directories
check_refused() {
	lib_manifest &&
	sed -i "s/rev: v1.0.0/rev: $1/" lib.yaml &&
	rm -rf build/deps/$LIB &&
	outside_listing >listing.before &&
	test_must_fail fetch lib.yaml 2>err &&
	grep -q "$2" err &&
	test ! -d build/deps/$LIB &&
	test -z "$(ls -A build/deps | grep "^\.tmp-")" &&
	outside_listing >listing.after &&
	test_cmp listing.before listing.after
}

test_expect_success 'a symlink pointing outside the dependency is refused' '
	ln -s ../../../../etc/passwd work/lib/inner/evil &&
	bad_tag link-up &&
	C=$(rev_of lib link-up) &&
	check_refused link-up "^mipsbake: error: dependency '"'$LIB'"': symlink '"'inner/evil'"' in commit $C points outside the dependency ('"'../../../../etc/passwd'"')\$" &&
	rm work/lib/inner/evil
'

test_expect_success 'an absolute symlink is refused' '
	ln -s /etc/passwd work/lib/abs &&
	bad_tag link-abs &&
	check_refused link-abs "symlink '"'abs'"' in commit .* points outside the dependency ('"'/etc/passwd'"')" &&
	rm work/lib/abs
'

test_expect_success 'a symlink leading outside through another symlink is refused' '
	ln -s . work/lib/here &&
	ln -s here/../secret work/lib/sneaky &&
	bad_tag link-chain &&
	check_refused link-chain "symlink '"'sneaky'"' in commit .* points outside the dependency ('"'here/../secret'"')" &&
	rm work/lib/here work/lib/sneaky
'

test_expect_success 'links resolved against the final checkout: a climb through a link to the root is refused' '
	mkdir -p work/lib/p/q/r &&
	ln -s ../../.. work/lib/p/q/r/d &&
	ln -s p/q/r/d/../../../../cmd/app/main.go work/lib/stolen.txt &&
	bad_tag link-climb &&
	check_refused link-climb "symlink '"'stolen.txt'"' in commit .* points outside the dependency ('"'p/q/r/d/../../../../cmd/app/main.go'"')" &&
	! grep -q "symlink '"'p/q/r/d'"'" err &&
	rm -r work/lib/p work/lib/stolen.txt
'

test_expect_success 'a dangling symlink is refused, naming what it points to' '
	ln -s no/such/file work/lib/dangling &&
	ln -s lib.go/x work/lib/through-file &&
	bad_tag link-dangling &&
	check_refused link-dangling "symlink '"'dangling'"' in commit .* points to '"'no/such/file'"', which the dependency does not hold" &&
	grep -q "symlink '"'through-file'"' in commit .* points to '"'lib.go/x'"', which the dependency does not hold" err &&
	rm work/lib/dangling work/lib/through-file
'

test_expect_success 'a symlink loop is a loop, not "outside"' '
	ln -s b work/lib/a &&
	ln -s a work/lib/b &&
	ln -s self work/lib/self &&
	bad_tag link-loop &&
	check_refused link-loop "symlink '"'a'"' in commit .* is a symlink loop ('"'b'"')" &&
	grep -q "symlink '"'self'"' in commit .* is a symlink loop ('"'self'"')" err &&
	! grep -q "outside" err &&
	rm work/lib/a work/lib/b work/lib/self
'

test_expect_success 'a chain of links that stays inside is fine' '
	mkdir -p work/lib/deep/er &&
	ln -s ../.. work/lib/deep/er/top &&
	ln -s deep/er/top/lib.go work/lib/via-top.go.txt &&
	ln -s deep work/lib/d1 &&
	ln -s d1/er work/lib/d2 &&
	bad_tag link-chain-ok &&
	lib_manifest &&
	sed -i "s/rev: v1.0.0/rev: link-chain-ok/" lib.yaml &&
	fetch lib.yaml &&
	test "$(cat build/deps/$LIB/via-top.go.txt)" = "$(cat build/deps/$LIB/lib.go)" &&
	rm -r work/lib/deep work/lib/d1 work/lib/d2 work/lib/via-top.go.txt
'

test_expect_success 'a symlink a patch creates is named as coming from the patched tree' '
	cat >patches/link.patch <<-\EOF &&
	diff --git a/evil b/evil
	new file mode 120000
	index 0000000..c7b3ee1
	--- /dev/null
	+++ b/evil
	@@ -0,0 +1 @@
	+../../../../etc/passwd
	\ No newline at end of file
	EOF
	lib_manifest "    patches: [patches/link.patch]" &&
	rm -rf build/deps/$LIB &&
	test_must_fail fetch lib.yaml 2>err &&
	grep -q "symlink '"'evil'"' in commit [0-9a-f]* with its patches applied points outside the dependency" err
'

# commit_tree tag mktree-lines: tag a commit of a tree made by git mktree (names git add refuses)
commit_tree() {
	_t=$(printf "$2" | tgit --git-dir=srv/lib.git mktree) &&
	_c=$(tgit --git-dir=srv/lib.git commit-tree -m "$1" "$_t") &&
	tgit --git-dir=srv/lib.git tag "$1" "$_c"
}

# raw_tree name: srv/raw.git, a repository of its own (libgit2 refuses to fetch some such trees
# at all), whose main branch is a commit of a tree holding one file called name, written byte
# by byte (git mktree refuses such names)
raw_tree() {
	rm -rf srv/raw.git "$CACHE"/git/*raw* &&
	tgit init -q --bare srv/raw.git &&
	_b=$(echo x | tgit --git-dir=srv/raw.git hash-object -w --stdin) &&
	_t=$( { printf "100644 %s\000" "$1"; perl -e 'print pack("H*", $ARGV[0])' "$_b"; } |
		tgit --git-dir=srv/raw.git hash-object -t tree --literally -w --stdin) &&
	_c=$(tgit --git-dir=srv/raw.git commit-tree -m raw "$_t") &&
	tgit --git-dir=srv/raw.git update-ref refs/heads/main "$_c"
}

test_expect_success 'a legacy file mode 100664 is checked out as 100644 and verified as such' '
	blob=$(echo legacy | tgit --git-dir=srv/lib.git hash-object -w --stdin) &&
	commit_tree legacy "100664 blob $blob\tlegacy.txt\n" &&
	tgit --git-dir=srv/lib.git cat-file tree legacy^{tree} | grep -q "^100664 legacy.txt" &&
	lib_manifest &&
	sed -i "s/rev: v1.0.0/rev: legacy/" lib.yaml &&
	rm -rf build/deps/$LIB &&
	fetch lib.yaml &&
	test "$(cat build/deps/$LIB/legacy.txt)" = legacy &&
	test ! -x build/deps/$LIB/legacy.txt
'

test_expect_success 'a path that would escape the checkout is refused' '
	blob=$(echo x | tgit --git-dir=srv/lib.git hash-object -w --stdin) &&
	commit_tree escape "100644 blob $blob\t..\n" &&
	sub=$(rev_of lib escape) &&
	commit_tree escape2 "040000 tree $(tgit --git-dir=srv/lib.git rev-parse "$sub^{tree}")\tinner\n" &&
	check_refused escape2 "^mipsbake: error: dependency '"'$LIB'"': path '"'inner/..'"' in commit $(rev_of lib escape2) would escape the checkout directory\$" &&
	commit_tree dotgit "100644 blob $blob\t.git\n" &&
	check_refused dotgit "path '"'.git'"' in commit .* is named '"'.git'"'; refusing to check it out"
'

test_expect_success 'names a checkout must not hold: .., ., .GIT, the stamp, empty, with a slash' '
	blob=$(echo x | tgit --git-dir=srv/lib.git hash-object -w --stdin) &&
	check_refused escape "path '"'..'"' in commit .* would escape the checkout directory" &&
	commit_tree dotgit-case "100644 blob $blob\t.GiT\n" &&
	check_refused dotgit-case "path '"'.GiT'"' in commit .* is named '"'.git'"'" &&
	commit_tree stamp "100644 blob $blob\t.mipsbake-stamp\n" &&
	check_refused stamp "path '"'.mipsbake-stamp'"' in commit .* is reserved for mipsbake" &&
	for name in . "" a/b; do
		raw_tree "$name" &&
		write_manifest raw.yaml "  $LIB:" "    git: srv/raw.git" "    rev: main" &&
		outside_listing >listing.before &&
		test_must_fail fetch raw.yaml 2>err &&
		grep -q "error: dependency '"'$LIB'"': .*\(would escape the checkout directory\|can.t parse filename\)" err &&
		test ! -d build/deps/$LIB &&
		outside_listing >listing.after &&
		test_cmp listing.before listing.after || exit 1
	done
'

test_expect_success 'a chain of 41 links is a loop, as the kernel would say' '
	for i in $(seq 0 40); do ln -s l$((i + 1)) work/lib/l$i; done &&
	ln -s lib.go work/lib/l41 &&
	bad_tag link-hops &&
	check_refused link-hops "symlink '"'l0'"' in commit .* is a symlink loop" &&
	rm work/lib/l[0-9]*
'

test_expect_success 'a link whose target holds a NUL byte, or is empty, is refused' '
	nul=$(printf "lib.go\000x" | tgit --git-dir=srv/lib.git hash-object -w --stdin) &&
	commit_tree link-nul "120000 blob $nul\tnul\n" &&
	check_refused link-nul "symlink '"'nul'"' in commit .* points outside the dependency" &&
	empty=$(printf "" | tgit --git-dir=srv/lib.git hash-object -w --stdin) &&
	commit_tree link-empty "120000 blob $empty\tempty\n" &&
	check_refused link-empty "symlink '"'empty'"' in commit .* points outside the dependency"
'

test_expect_success 'a patch that writes outside the dependency is refused' '
	cat >patches/out.patch <<-\EOF &&
	diff --git a/../../evil.txt b/../../evil.txt
	new file mode 100644
	index 0000000..e69de29
	--- /dev/null
	+++ b/../../evil.txt
	@@ -0,0 +1 @@
	+pwned
	EOF
	lib_manifest "    patches: [patches/out.patch]" &&
	rm -rf build/deps/$LIB &&
	outside_listing >listing.before &&
	test_must_fail fetch lib.yaml 2>err &&
	grep -q "patches/out.patch" err &&
	outside_listing >listing.after &&
	test_cmp listing.before listing.after &&
	! find "$TRASH/.." -maxdepth 2 -name evil.txt | grep .
'

A_SUB=$(rev_of sys v0.3.0)
test_expect_success 'a submodule is refused as unsupported' '
	(cd work/lib && tgit update-index --add --cacheinfo "160000,$A_SUB,vendor/sub" &&
		tgit commit -q -m with-sub && tgit tag with-sub &&
		tgit push -q "$TRASH/srv/lib.git" refs/tags/with-sub) &&
	check_refused with-sub "^mipsbake: error: dependency '"'$LIB'"': '"'vendor/sub'"' in commit $(rev_of lib with-sub) is a submodule (commit $A_SUB); git submodules are not supported\$"
'

# memory: libgit2 reads a packed blob whole, but nothing else may hold it again (the check of
# what landed on disk hashes files as it reads them; packs are mapped a window at a time)
if [ -n "${MIPSBAKE_SANITIZED:-}" ]; then
	test_skip 'checking out a large file costs its size in memory, no multiple' 'a sanitizer build: its shadow memory and quarantine are most of the RSS'
elif have /usr/bin/time; then
	test_expect_success 'checking out a 120 MB file costs its size in memory and 80 MB more, no multiple' '
		small_repo large &&
		head -c 120000000 /dev/urandom >work/large/large.bin &&
		echo "package large" >work/large/large.go &&
		commit_all work/large big v1.0.0 &&
		write_manifest large.yaml "  example.com/large:" "    git: srv/large.git" "    rev: v1.0.0" &&
		fetch large.yaml &&
		rm -rf build/deps/example.com/large &&
		/usr/bin/time -f "%M" -o rss "$MB" --cache-dir "$CACHE" -B build fetch large.yaml &&
		cmp work/large/large.bin build/deps/example.com/large/large.bin &&
		echo "peak RSS $(cat rss) KiB for a 117188 KiB file" &&
		test "$(cat rss)" -lt $((117188 + 80 * 1024))
	'
else
	test_skip 'checking out a large file costs its size in memory, no multiple' 'needs /usr/bin/time (Debian: time)'
fi

test_done
