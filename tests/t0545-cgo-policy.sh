#!/bin/sh
# The #cgo flag policy (issue 14), with the gccgo backend: a Go module that go.mod requires,
# served from the test's git daemon, whose cgo files ask for flags outside cmd/go's allowlist
# (-fplugin=x.so in CFLAGS, -Wl,--script=x.ld in LDFLAGS) is refused at the fetched file's
# path:line:col, and nothing is built. The manifest's cgo_allow: lets a flag through and
# cgo_disallow: refuses one the allowlist takes, as cmd/go's $CGO_<VERB>_ALLOW and
# _DISALLOW do (the environment's are not read); a bad verb or pattern is a load error.
# #cgo pkg-config: runs the toolchain's pkg-config with PKG_CONFIG_LIBDIR from its
# pkg_config_path:, adds --cflags to the C compiles and holds them to the allowlist; the .pc
# files read (the Requires of one too) make the build files stale when they change.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/lib-git.sh"

if ! git_ok || ! have pkg-config mipsel-linux-gnu-gccgo; then
	test_skip 'the #cgo flag policy' 'git, busybox, pkg-config or the mipsel gccgo is missing'
	test_done
fi

# the dependency: github.com/mb/cdep, its package plug asking for a compiler plugin, its
# package script for a linker script
mb_module cdep
w=work/cdep
printf 'module github.com/mb/cdep\n\ngo 1.18\n' >$w/go.mod
mkdir -p $w/plug $w/script
cat >$w/plug/plug.go <<'GO'
package plug

// #cgo CFLAGS: -fplugin=x.so
import "C"

// F is one.
func F() int { return 1 }
GO
cat >$w/script/script.go <<'GO'
package script

// #cgo LDFLAGS: -Wl,--script=x.ld
import "C"

// F is two.
func F() int { return 2 }
GO
(cd $w && tgit add -A && tgit commit -q -m cdep && tgit tag v1.0.0 &&
	tgit push -q "$SRV/github.com/mb/cdep.git" HEAD:refs/heads/main refs/tags/v1.0.0) || exit 1
git_daemon_start || exit 1
export MIPSBAKE_CACHE="$TRASH/cache" PORT="$GIT_PORT"

# the main module: cmd/app imports what main.go names; opt asks for -O2 and pc for pkg-config
mkdir -p app/cmd/app app/opt app/pc app/pcdir
cat >app/go.mod <<'EOF'
module example.com/app

go 1.18

require github.com/mb/cdep v1.0.0
EOF
mipsbake modhash "$SRV/github.com/mb/cdep.git" v1.0.0 github.com/mb/cdep v1.0.0 >app/go.sum || exit 1
# main_imports PKG: cmd/app imports PKG and nothing else
main_imports() {
	printf 'package main\n\nimport _ "%s"\n\nfunc main() {}\n' "$1" >app/cmd/app/main.go
}
cat >app/opt/opt.go <<'GO'
package opt

// #cgo CFLAGS: -O2
import "C"
GO
cat >app/pc/pc.go <<'GO'
package pc

/*
#cgo pkg-config: foo
#cgo LDFLAGS: -lm
static int value(void) { return FOO_VALUE; }
*/
import "C"

// Value is FOO_VALUE.
func Value() int { return int(C.value()) }
GO
# write_pc CFLAGS: pcdir/foo.pc with those Cflags; it requires bar, whose bar.pc adds nothing
write_pc() {
	printf 'prefix=/opt/foo\nincludedir=${prefix}/include\n\nName: foo\nDescription: a test\nVersion: 1.0\nRequires: bar >= 1\nCflags: %s\nLibs: -lm\n' \
		"$1" >app/pcdir/foo.pc
}
printf 'Name: bar\nDescription: a test\nVersion: 1.0\n' >app/pcdir/bar.pc
write_pc '-DFOO_VALUE=7 -I${includedir}'
# write_manifest [LINE...]: app/app.yaml, each LINE at its top level
write_manifest() {
	{
		printf 'mipsbake: 1\ninclude: [toolchains/debian-gccgo.yaml, boards/generic.yaml]\n'
		printf 'mirrors:\n  github.com/: git://127.0.0.1:${PORT}/github.com/\n'
		for _l; do printf '%s\n' "$_l"; done
		cat <<-'EOF'
		toolchains:
		  pc-mipsle:
		    compiler: gccgo
		    prefix: mipsel-linux-gnu-
		    sysroot: /usr/mipsel-linux-gnu
		    pkg_config_path: [pcdir]
		targets:
		  app:
		    main: ./cmd/app
		    boards: [generic-mipsle]
		    toolchains: [pc-mipsle]
		EOF
	} >app/app.yaml
}
write_manifest

# refused PATTERN ERRFILE: ERRFILE has one "error: PATTERN" line, at a file that exists, of
# the dependency (checked out under build/deps/), and whose line holds the flag named
refused() {
	grep "^/.*: error: $1\$" "$2" >line || { cat "$2"; return 1; }
	test "$(wc -l <line)" = 1 &&
	file=$(sed 's/:[0-9]*:[0-9]*: error: .*//' line) &&
	case $file in "$TRASH/app/build/deps/github.com/mb/cdep@v1.0.0/"*) ;; *) echo "not the dependency's: $file"; return 1 ;; esac &&
	ln=$(sed 's/^.*:\([0-9]*\):[0-9]*: error: .*/\1/' line) &&
	col=$(sed 's/^.*:\([0-9]*\): error: .*/\1/' line) &&
	flag=$(sed 's/^.*: //' line) &&
	sed -n "${ln}p" "$file" | cut -c"$col"- | grep -q "^$flag\$"
}

test_expect_success 'a dependency'"'"'s #cgo CFLAGS: -fplugin=x.so is refused at its path:line:col; nothing is built' '
	main_imports github.com/mb/cdep/plug &&
	(cd app && test_must_fail mipsbake app.yaml) 2>plug.err &&
	refused "invalid flag in #cgo CFLAGS: -fplugin=x.so" plug.err &&
	grep -q "/github.com/mb/cdep.*/plug/plug.go:3:17: error:" plug.err &&
	grep -qF "note: a regular expression that matches the whole flag in the manifest'"'"'s '"'"'cgo_allow: {CFLAGS: ...}'"'"' lets it through" plug.err &&
	! test -e app/build/out &&
	! test -e app/build/pkg
'

test_expect_success 'a dependency'"'"'s #cgo LDFLAGS: -Wl,--script=x.ld is refused likewise' '
	main_imports github.com/mb/cdep/script &&
	(cd app && test_must_fail mipsbake gen app.yaml) 2>script.err &&
	refused "invalid flag in #cgo LDFLAGS: -Wl,--script=x.ld" script.err &&
	grep -q "/github.com/mb/cdep.*/script/script.go:3:18: error:" script.err &&
	grep -qF "'"'"'cgo_allow: {LDFLAGS: ...}'"'"'" script.err
'

test_expect_success 'the environment'"'"'s CGO_CFLAGS_ALLOW has no say' '
	main_imports github.com/mb/cdep/plug &&
	(cd app && CGO_CFLAGS_ALLOW=".*" test_must_fail mipsbake gen app.yaml) 2>env.err &&
	refused "invalid flag in #cgo CFLAGS: -fplugin=x.so" env.err
'

test_expect_success 'cgo_allow: {CFLAGS: -fplugin=x\.so} lets the dependency'"'"'s flag through' '
	main_imports github.com/mb/cdep/plug &&
	write_manifest "cgo_allow: {CFLAGS: '"'"'-fplugin=x\\.so'"'"'}" &&
	(cd app && mipsbake gen app.yaml) >allow.out 2>allow.err || { cat allow.err; false; }
	grep -qF -e "-fplugin=x.so" app/build/cfg/$(cfgdir app/build pc-mipsle-mipsle-hardfloat).ninja &&
	write_manifest "cgo_allow: {LDFLAGS: '"'"'-fplugin=x\\.so'"'"'}" &&
	(cd app && test_must_fail mipsbake gen app.yaml) 2>allow2.err &&
	refused "invalid flag in #cgo CFLAGS: -fplugin=x.so" allow2.err
'

test_expect_success 'the allow pattern must match the whole flag' '
	write_manifest "cgo_allow: {CFLAGS: -fplugin}" &&
	(cd app && test_must_fail mipsbake gen app.yaml) 2>part.err &&
	refused "invalid flag in #cgo CFLAGS: -fplugin=x.so" part.err
'

test_expect_success 'cgo_disallow: {CFLAGS: -O2} refuses a flag the allowlist takes' '
	main_imports example.com/app/opt &&
	write_manifest &&
	(cd app && mipsbake gen app.yaml) 2>opt.err || { cat opt.err; false; }
	write_manifest "cgo_disallow: {CFLAGS: -O.}" &&
	(cd app && test_must_fail mipsbake gen app.yaml) 2>dis.err &&
	grep -q "^$TRASH/app/opt/opt.go:3:17: error: invalid flag in #cgo CFLAGS: -O2$" dis.err &&
	write_manifest "cgo_disallow: {CPPFLAGS: -O.}" &&
	(cd app && mipsbake gen app.yaml) 2>dis2.err || { cat dis2.err; false; }
'

test_expect_success 'an unknown verb in cgo_allow: is a load error at its place' '
	write_manifest "cgo_allow: {CFLAGS: x, LIBS: y}" &&
	(cd app && test_must_fail mipsbake gen app.yaml) 2>verb.err &&
	grep "^app.yaml:5:24: error: bad value '"'"'LIBS'"'"' for a '"'"'cgo_allow'"'"' verb; expected '"'"'CPPFLAGS'"'"'" verb.err &&
	grep -q "CPPFLAGS" verb.err &&
	write_manifest "cgo_disallow:" "  pkg-config: x" &&
	(cd app && test_must_fail mipsbake gen app.yaml) 2>verb2.err &&
	grep "^app.yaml:6:3: error: .*pkg-config" verb2.err
'

test_expect_success 'a pattern PCRE2 cannot compile is a load error at the value, with its message' '
	write_manifest "cgo_disallow:" "  LDFLAGS: \"-l(m\"" &&
	(cd app && test_must_fail mipsbake gen app.yaml) 2>re.err &&
	grep "^app.yaml:6:12: error: bad regular expression for '"'"'cgo_disallow: {LDFLAGS: ...}'"'"': missing closing parenthesis at offset 4$" re.err
'

test_expect_success 'cgo_allow: is the main manifest'"'"'s only' '
	printf "mipsbake: 1\ncgo_allow: {CFLAGS: x}\n" >app/inc.yaml &&
	write_manifest &&
	sed -i "2s/generic.yaml\]/generic.yaml, inc.yaml]/" app/app.yaml &&
	grep -q "^include: \[.*, inc.yaml\]$" app/app.yaml &&
	(cd app && test_must_fail mipsbake gen app.yaml) 2>inc.err &&
	grep -q "^inc.yaml:2:1: error: '"'"'cgo_allow'"'"' is only allowed in the main manifest" inc.err
'

test_expect_success '#cgo pkg-config: foo takes --cflags from the toolchain'"'"'s pkg_config_path into the C compiles' '
	main_imports example.com/app/pc &&
	write_manifest &&
	(cd app && PKG_CONFIG_LIBDIR=/nonexistent PKG_CONFIG_PATH=/nonexistent mipsbake gen app.yaml) >pc.out 2>pc.err ||
		{ cat pc.err; false; }
	! test -s pc.err &&
	n=app/build/cfg/$(cfgdir app/build pc-mipsle-mipsle-hardfloat).ninja &&
	grep -A8 "^build .*/pc/cgo/_cgo_gotypes.go" $n >edge &&
	grep -qxF "  cgocflags = -I\$ src/example_0com_1app/pc\$ -DFOO_VALUE=7\$ -I/opt/foo/include" edge
'

test_expect_success 'the .pc files read are inputs of the build files: editing one regenerates them' '
	grep -qF "$TRASH/app/pcdir/foo.pc" app/build/build.ninja.d &&
	grep -qF "$TRASH/app/pcdir/bar.pc" app/build/build.ninja.d &&
	ninja -C app/build -n build.ninja >fresh.out &&
	grep -q "no work to do" fresh.out &&
	write_pc "-DFOO_VALUE=8" &&
	touch -d "+2 seconds" app/pcdir/foo.pc &&
	ninja -C app/build -n build.ninja >stale.out &&
	! grep -q "no work to do" stale.out &&
	(cd app && mipsbake gen app.yaml) 2>pc2.err || { cat pc2.err; false; }
	grep -qxF "  cgocflags = -I\$ src/example_0com_1app/pc\$ -DFOO_VALUE=8" app/build/cfg/$(cfgdir app/build pc-mipsle-mipsle-hardfloat).ninja
'

test_expect_success 'a .pc whose Cflags hold -fplugin=y.so is refused as pkg-config --cflags, at the directive' '
	write_pc "-DFOO_VALUE=7 -fplugin=y.so" &&
	(cd app && test_must_fail mipsbake gen app.yaml) 2>pcbad.err &&
	grep -q "^$TRASH/app/pc/pc.go:4:18: error: invalid flag in pkg-config --cflags: -fplugin=y.so$" pcbad.err &&
	write_manifest "cgo_allow: {CFLAGS: -fplugin=y\\.so}" &&
	(cd app && mipsbake gen app.yaml) 2>pcallow.err || { cat pcallow.err; false; }
	grep -qxF "  cgocflags = -I\$ src/example_0com_1app/pc\$ -DFOO_VALUE=7\$ -fplugin=y.so" app/build/cfg/$(cfgdir app/build pc-mipsle-mipsle-hardfloat).ninja
'

test_expect_success 'a .pc whose Libs hold -Wl,--script=x.ld is refused as pkg-config --libs' '
	write_pc "-DFOO_VALUE=7" &&
	sed -i "s/^Libs: .*/Libs: -lm -Wl,--script=x.ld/" app/pcdir/foo.pc &&
	write_manifest &&
	(cd app && test_must_fail mipsbake gen app.yaml) 2>libbad.err &&
	grep -q "^$TRASH/app/pc/pc.go:4:18: error: invalid flag in pkg-config --libs: -Wl,--script=x.ld$" libbad.err
'

test_expect_success 'a package pkg-config does not know is an error at the directive with pkg-config'"'"'s words' '
	rm app/pcdir/foo.pc &&
	(cd app && test_must_fail mipsbake gen app.yaml) 2>nopc.err &&
	grep -q "^$TRASH/app/pc/pc.go:4:18: error: #cgo pkg-config: .*pkg-config --cflags -- foo'"'"' failed (exit status 1): .*foo" nopc.err &&
	grep -qF "PKG_CONFIG_LIBDIR=$TRASH/app/pcdir" nopc.err
'

test_expect_success 'a pkg_config that is not there is an error at the directive' '
	write_pc "-DFOO_VALUE=7" &&
	write_manifest &&
	sed -i "s/^    pkg_config_path: .*/&\n    pkg_config: no-such-pkg-config/" app/app.yaml &&
	(cd app && test_must_fail mipsbake gen app.yaml) 2>nobin.err &&
	grep -q "^$TRASH/app/pc/pc.go:4:18: error: #cgo pkg-config: '"'"'no-such-pkg-config'"'"' not found in PATH" nobin.err
'

test_done
