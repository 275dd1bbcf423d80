#!/bin/sh
# #cgo directives and their flags as cmd/go takes them (issue 14): 'mipsbake cgoflags' reads
# the preamble's #cgo lines as go list does (conditions, quoting, ${SRCDIR}, relative -I/-L
# made absolute), and accepts or refuses each flag as 'go build' does (cmd/go's allowlist,
# CGO_<KIND>_ALLOW and _DISALLOW), naming the file, the line and the flag.
. "$(dirname "$0")/lib.sh"

if ! have go; then
	test_skip '#cgo directives and flags against go' 'needs go'
	test_done
fi
GOFLAGS= GO111MODULE=on GOPROXY=off GOTOOLCHAIN=local CGO_ENABLED=1
GOCACHE="$TRASH/.gocache" GOPATH="$TRASH/.gopath"
export GOFLAGS GO111MODULE GOPROXY GOTOOLCHAIN CGO_ENABLED GOCACHE GOPATH
unset CGO_CFLAGS_ALLOW CGO_CFLAGS_DISALLOW CGO_LDFLAGS_ALLOW CGO_LDFLAGS_DISALLOW \
	CGO_CPPFLAGS_ALLOW CGO_CPPFLAGS_DISALLOW 2>/dev/null || true

# pkg LINE...: the package in p/, its preamble the LINEs, from line 4 of p/p.go
pkg() {
	mkdir -p p &&
	printf 'module example.com/x\n\ngo 1.19\n' >p/go.mod &&
	{
		printf 'package p\n\n/*\n'
		for l; do printf '%s\n' "$l"; done
		printf '*/\nimport "C"\n'
	} >p/p.go
}

# verdicts KIND WORDS: go's and mipsbake's message for the package of "#cgo KIND: WORDS"
# ("" when the flags are accepted), and mipsbake's error position, in go.msg, mb.msg, mb.pos
verdicts() {
	pkg "#cgo $1: $2" || return 1
	go_rc=0 mb_rc=0
	(cd p && go build -n . >../go.out 2>&1) || go_rc=$?
	sed -n 's/^go build [^:]*: //p' go.out >go.msg
	mipsbake cgoflags p/p.go >mb.out 2>mb.err || mb_rc=$?
	sed -n 's/^p\/p\.go:[0-9]*:[0-9]*: error: //p' mb.err >mb.msg
	sed -n 's/^\(p\/p\.go:[0-9]*:[0-9]*\): error: .*/\1/p' mb.err >mb.pos
}

# same KIND|WORDS...: go and mipsbake accept or refuse each line's flags alike, with the
# same words; a refusal is at line 4
same() {
	fails=0
	for c; do
		kind=${c%%|*} words=${c#*|}
		verdicts "$kind" "$words"
		if ! cmp -s go.msg mb.msg; then
			echo "#cgo $kind: $words: go says '$(cat go.msg)', mipsbake '$(cat mb.msg)'"
			cat go.out mb.err
			fails=$((fails + 1))
		elif [ -s go.msg ] && [ "$mb_rc" != 1 ]; then
			echo "#cgo $kind: $words: refused with exit status $mb_rc"
			fails=$((fails + 1))
		elif [ ! -s go.msg ] && [ "$go_rc$mb_rc" != 00 ]; then
			echo "#cgo $kind: $words: accepted, yet go exits $go_rc and mipsbake $mb_rc"
			cat go.out mb.err
			fails=$((fails + 1))
		elif [ -s go.msg ] && ! grep -q '^p/p\.go:4:' mb.pos; then
			echo "#cgo $kind: $words: refused at $(cat mb.pos), not line 4"
			fails=$((fails + 1))
		fi
	done
	[ "$fails" = 0 ]
}

test_expect_success 'go itself refuses -fplugin= in #cgo CFLAGS (the oracle works)' '
	verdicts CFLAGS -fplugin=x.so &&
	echo "invalid flag in #cgo CFLAGS: -fplugin=x.so" >expect &&
	test_cmp expect go.msg
'

test_expect_success 'a refused flag is named with its file, line and column, and a hint' '
	verdicts CFLAGS "-O2 -fplugin=x.so" &&
	cat >expect <<-\EOT &&
	p/p.go:4:18: error: invalid flag in #cgo CFLAGS: -fplugin=x.so
	p/p.go:4:18: note: a regular expression in CGO_CFLAGS_ALLOW that matches the whole flag lets it through (cmd/go: https://golang.org/s/invalidflag)
	EOT
	test_cmp expect mb.err &&
	test_must_fail mipsbake cgoflags p/p.go 2>/dev/null &&
	test ! -s mb.out
'

test_expect_success 'compiler flags: go and mipsbake accept and refuse the same' '
	same "CFLAGS|-DVALUE=1" "CFLAGS|-I\${SRCDIR}/inc" "CFLAGS|-O2" "CFLAGS|-O" "CFLAGS|-Wall" \
		"CFLAGS|-std=c99" "CFLAGS|-fno-common" "CFLAGS|-fplugin=x.so" \
		"CFLAGS|-fdebug-prefix-map=a=b" "CFLAGS|-x c" "CFLAGS|-xc" "CFLAGS|-x -c" \
		"CFLAGS|@file" "CFLAGS|-I @file" "CFLAGS|-I" "CFLAGS|-D" "CFLAGS|-include x.h" \
		"CFLAGS|-isystem -x" "CFLAGS|-I =/x" "CFLAGS|-I \$SYSROOT/x" "CFLAGS|-Wa,-mbig-obj" \
		"CFLAGS|-Wa,--foo" "CFLAGS|-Wp,-DX=1" "CFLAGS|-Wp,-DX=1,-DY" "CFLAGS|-fsanitize=address" \
		"CFLAGS|-march=mips32r2 -mabi=32" "CFLAGS|-g -g3 -ggdb" "CFLAGS|-W" "CFLAGS|-Wl,-x" \
		"CFLAGS|-fno-builtin-printf" "CFLAGS|-fbuiltin-printf" "CFLAGS|-pthread" \
		"CFLAGS|-DX=\"a b\"" "CFLAGS|-DFOO-BAR" "CFLAGS|-fPIC -fno-pie" "CFLAGS|-B/x" \
		"CFLAGS|--sysroot=/x" "CFLAGS|--sysroot /x" "CFLAGS|-fstack-protector-strong" \
		"CPPFLAGS|-DX -UY" "CPPFLAGS|-fplugin=x.so" "CXXFLAGS|-std=c++11 -frtti" \
		"CXXFLAGS|-fplugin=x.so" "FFLAGS|-O3" "FFLAGS|-fplugin=x.so"
'

test_expect_success 'linker flags: go and mipsbake accept and refuse the same' '
	same "LDFLAGS|-lm" "LDFLAGS|-L/x" "LDFLAGS|-Wl,-rpath,/x" "LDFLAGS|-Wl,-rpath=/x" \
		"LDFLAGS|-Wl,--script=x" "LDFLAGS|-Wl,-T,x" "LDFLAGS|-Wl,-plugin" \
		"LDFLAGS|-Wl,-plugin,x.so" "LDFLAGS|x.o libfoo.a ./y.so" "LDFLAGS|x.obj" \
		"LDFLAGS|-Wl,-rpath -Wl,/x" "LDFLAGS|-Wl,-rpath -Wl,/x,-T,y" "LDFLAGS|-l m" \
		"LDFLAGS|-L" "LDFLAGS|-Wl,-z,relro" "LDFLAGS|-Wl,-z,now" "LDFLAGS|-static" \
		"LDFLAGS|-Wl,--as-needed -Wl,--no-as-needed" "LDFLAGS|-Wl,-R/x" "LDFLAGS|-Wl,-R/x,-T,y" \
		"LDFLAGS|-Wl,--wrap=foo" "LDFLAGS|-shared -rdynamic" "LDFLAGS|-fuse-ld=gold" \
		"LDFLAGS|-Wl,-O1" "LDFLAGS|-Wl,--hash-style=gnu" "LDFLAGS|-Wl,-Bsymbolic" \
		"LDFLAGS|-Wl,-e,main" "LDFLAGS|-O2" "LDFLAGS|-fplugin=x.so" "LDFLAGS|@file" \
		"LDFLAGS|-Wl,--start-group -lm -Wl,--end-group" "LDFLAGS|-DVALUE=1"
'

test_expect_success 'a flag for every pattern of the allowlist, and near misses, as go has them' '
	same "CFLAGS|-DX -UX -Fx -Ix -O -O3 -W -Wextra -Wp,-DX -Wp,-UX -ansi" \
		"CFLAGS|-fasynchronous-unwind-tables -fno-blocks -fno-builtin-memcpy -fcommon" \
		"CFLAGS|-fconstant-cfstrings -fdiagnostics-show-note-include-stack -fno-exceptions" \
		"CFLAGS|-feliminate-unused-debug-types -ffast-math -finline-functions -flto" \
		"CFLAGS|-finput-charset=UTF-8 -ffat-lto-objects -fkeep-inline-dllexport -fmodules" \
		"CFLAGS|-fmacro-backtrace-limit=0 -fmessage-length=0 -fobjc-arc -fobjc-nonfragile-abi" \
		"CFLAGS|-fobjc-legacy-dispatch -fomit-frame-pointer -fopenmp-simd -fpermissive -fPIE" \
		"CFLAGS|-fno-plt -fno-rtti -fsplit-stack -fstack-protector -fno-strict-aliasing" \
		"CFLAGS|-funsigned-char -fuse-linker-plugin -fvisibility-inlines-hidden -fsanitize=undefined" \
		"CFLAGS|-ftemplate-depth-100 -fvisibility=hidden -g0 -m32 -m64 -mtune=24kc -maes -mno-vaes" \
		"CFLAGS|-marm -mavx2 -mfloat-abi=soft -mfpmath=sse -mavx512f -mms-bitfields -mstack-arg-probe" \
		"CFLAGS|-mmacosx-version-min=10 -mios-simulator-version-min=1 -miphoneos-version-min=1" \
		"CFLAGS|-mtvos-simulator-version-min=1 -mtvos-version-min=1 -mwatchos-version-min=1" \
		"CFLAGS|-mwatchos-simulator-version-min=1 -mnop-fun-dllimport -msse4.2 -mno-ssse3" \
		"CFLAGS|-mthumb-interwork -mthreads -mwindows --param=ssp-buffer-size=4 -pedantic-errors" \
		"CFLAGS|-pipe --std=c11 -stdlib=libc++ -w -v -arch x -framework Foo -isysroot /x -target mips" \
		"CFLAGS|-fsigned-char" "CFLAGS|-fbuiltin" "CFLAGS|-mips32r2" "CFLAGS|-msoft-float" \
		"CFLAGS|-mhard-float" "CFLAGS|-EL" "CFLAGS|-mno-abicalls" "CFLAGS|-mxgot" \
		"CFLAGS|-O@x" "CFLAGS|-I-x" "CFLAGS|-Wa,-x" "CFLAGS|-Wp,-DX=@y" "CFLAGS|-include @x" \
		"CFLAGS|-DX=-1" "CFLAGS|-iquote x" "CFLAGS|-specs=x" "CFLAGS|--param=x=1" \
		"LDFLAGS|-Fx -lfoo -L/x -O -O1 -fpic -fopenmp -fsanitize=address -flat_namespace -g" \
		"LDFLAGS|-headerpad_max_install_names -march=x -mfloat-abi=soft -mmacosx-x -mthreads" \
		"LDFLAGS|-mios-simulator-version-min=1 -miphoneos-version-min=1 -mwindows -pie -pthread" \
		"LDFLAGS|-rdynamic -shared -static-libgcc --static -stdlib=x -v -Wl,--allow-multiple-definition" \
		"LDFLAGS|-Wl,--no-allow-shlib-undefined -Wl,--as-needed -Wl,-Bdynamic -Wl,-berok -Wl,-Bstatic" \
		"LDFLAGS|-Wl,-Bsymbolic-functions -Wl,-O2 -Wl,-dn -Wl,--disable-new-dtags -Wl,-e=main" \
		"LDFLAGS|-Wl,--enable-new-dtags -Wl,--end-group -Wl,--export-dynamic -Wl,-E -Wl,-framework,Foo" \
		"LDFLAGS|-Wl,--hash-style=both -Wl,-headerpad_max_install_names -Wl,--no-undefined -Wl,-R/x" \
		"LDFLAGS|-Wl,--just-symbols=x -Wl,-rpath-link,/x -Wl,-s -Wl,-search_paths_first -Wl,-static" \
		"LDFLAGS|-Wl,-sectcreate,a,b,c -Wl,--start-group -Wl,--subsystem,console -Wl,-syslibroot,/x" \
		"LDFLAGS|-Wl,-undefined,dynamic_lookup -Wl,--unresolved-symbols=ignore-all -Wl,--warn-common" \
		"LDFLAGS|-Wl,--wrap=x -Wl,-z,noexecstack -Wl,-z,relro libx.dylib x.tbd x.dll ./x.a -arch x" \
		"LDFLAGS|-framework Foo -isysroot /x --sysroot /x -target x -Wl,-framework Foo -Wl,-R /x" \
		"LDFLAGS|-Wl,--just-symbols x -Wl,-undefined x -Wl,-rpath /x -l pthread" \
		"LDFLAGS|-Wl,-z,defs" "LDFLAGS|-Wl,--gc-sections" "LDFLAGS|-Wl,-Map=x" \
		"LDFLAGS|-Wl,--version-script=x" "LDFLAGS|-Wl,-soname,x" "LDFLAGS|-Wl,-e,-x" \
		"LDFLAGS|-Wl,--wrap=x,-T,y" "LDFLAGS|-Wl,-R/x,y" "LDFLAGS|-Wl,-rpath,@x" "LDFLAGS|-lfoo.o" \
		"LDFLAGS|-Wl,-rpath -x" "LDFLAGS|-Wl,-rpath -Wl,-x" "LDFLAGS|-nostdlib" "LDFLAGS|-B/x" \
		"LDFLAGS|@x.o" "LDFLAGS|-x.o" "LDFLAGS|x.so.1" "LDFLAGS|-static -static-pie"
'

test_expect_success 'pkg-config: a name that looks like an option is refused, as go refuses it' '
	same "pkg-config|-bad" "pkg-config|--static -x" "pkg-config|--static zlib" \
		"pkg-config|zlib _x .y /z 9" "pkg-config|@x"
'

test_expect_success 'CGO_CFLAGS_ALLOW lets a flag through, for go and for mipsbake' '
	CGO_CFLAGS_ALLOW="-fplugin=.*" CGO_LDFLAGS_ALLOW="x\.obj" &&
	export CGO_CFLAGS_ALLOW CGO_LDFLAGS_ALLOW &&
	same "CFLAGS|-fplugin=x.so" "LDFLAGS|x.obj" &&
	verdicts CFLAGS -fplugin=x.so &&
	test ! -s mb.err && grep -q "^CFLAGS: \[-fplugin=x.so\]$" mb.out
'

test_expect_success 'an allow pattern must match the whole flag, as Go s FindString == flag' '
	CGO_CFLAGS_ALLOW="-fplug" && export CGO_CFLAGS_ALLOW &&
	same "CFLAGS|-fplugin=x.so" &&
	test -s mb.msg
'

test_expect_success 'CGO_CFLAGS_DISALLOW refuses an allowed flag, and wins over _ALLOW' '
	CGO_CFLAGS_DISALLOW="-O2" CGO_CFLAGS_ALLOW="-O2" && export CGO_CFLAGS_DISALLOW CGO_CFLAGS_ALLOW &&
	same "CFLAGS|-Wall -O2" &&
	echo "invalid flag in #cgo CFLAGS: -O2" >expect &&
	test_cmp expect mb.msg
'

test_expect_success 'a bad override pattern is an error, for go and for mipsbake' '
	CGO_CFLAGS_ALLOW="(" && export CGO_CFLAGS_ALLOW &&
	verdicts CFLAGS -O2 &&
	grep -q "parsing \$CGO_CFLAGS_ALLOW" go.out &&
	grep -q "^mipsbake: error: parsing \$CGO_CFLAGS_ALLOW: " mb.err
'

# listed ARCH: go list's and mipsbake's directives for GOARCH=ARCH, in go.list and mb.list
listed() {
	(cd p && GOARCH=$1 go list -e -f "CPPFLAGS: {{.CgoCPPFLAGS}}
CFLAGS: {{.CgoCFLAGS}}
CXXFLAGS: {{.CgoCXXFLAGS}}
FFLAGS: {{.CgoFFLAGS}}
LDFLAGS: {{.CgoLDFLAGS}}
pkg-config: {{.CgoPkgConfig}}" .) >go.list &&
	mipsbake cgoflags --goarch "$1" p/p.go >mb.list
}

test_expect_success 'conditions select #cgo lines by --goarch as go list selects them' '
	pkg "#cgo linux,mips CFLAGS: -DMIPS=1" "#cgo mipsle CFLAGS: -DLE=1" \
		"#cgo linux&&(mips64||mips64le) CFLAGS: -DM64=1" "#cgo amd64 mips64 LDFLAGS: -lm" \
		"#cgo !linux CFLAGS: -fplugin=x.so" "#cgo windows CFLAGS: \"unclosed" \
		"#cgo linux,!mips CPPFLAGS: -DNOTMIPS" "#cgo cgo,gc CPPFLAGS: -DCGO" \
		"#cgo bad-tag CFLAGS: -DBAD" "#cgo !bad-tag CFLAGS: -DNOTBAD" &&
	for a in mips mipsle mips64 mips64le; do
		listed $a && test_cmp go.list mb.list || exit 1
	done &&
	listed mips && grep -q "^CFLAGS: \[-DMIPS=1 -DNOTBAD\]$" mb.list &&
	listed mips64 && grep -q "^CFLAGS: \[-DM64=1 -DNOTBAD\]$" mb.list &&
	grep -q "^LDFLAGS: \[-lm\]$" mb.list
'

test_expect_success 'odd conditions (release tags, unix, bad tags, bad expressions) as go list has them' '
	set -- &&
	i=0 &&
	for c in unix go1.19 go1.20 gc gccgo cgo "!cgo" linux,386 ignore "(linux)" "linux||" \
		"!!linux" "!" "!foo-bar" foo-bar "linux&&!mips" mipsle,linux,!android android \
		"!windows,!darwin" x,,linux linux, ,linux Linux "mipsle&&" "!(mips)" "gc!" mipsle; do
		i=$((i + 1)) && set -- "$@" "#cgo $c CFLAGS: -DC$i"
	done &&
	pkg "$@" &&
	for a in mipsle mips64; do
		listed $a && test_cmp go.list mb.list || exit 1
	done &&
	grep -q "^CFLAGS: \[-DC1 -DC2 -DC4 " mb.list
'

test_expect_success '${SRCDIR}, quoting and relative -I/-L paths as go list has them' '
	pkg "#cgo CFLAGS: -I\${SRCDIR}/inc -Irel -I inc2 -I/abs \"-DA=b c\" '"'"'-DQ=x'"'"'y" \
		"  #cgo  LDFLAGS:   -L\${SRCDIR}/../lib -Llib -L \${SRCDIR} -lm  " \
		"#cgo CFLAGS: -I\${SRCDIR}/a\${SRCDIR}" "#cgo LDFLAGS: -Wl,-rpath,\$ORIGIN/lib" &&
	listed mipsle && test_cmp go.list mb.list &&
	grep -q "^CFLAGS: \[-I$TRASH/p/inc -I$TRASH/p/rel -I $TRASH/p/inc2 " mb.list
'

test_expect_success 'the preamble is the comment right before import "C", as go/parser has it' '
	mkdir -p p && printf "module example.com/x\n\ngo 1.19\n" >p/go.mod &&
	cat >p/p.go <<-\EOT &&
	package p // #cgo CFLAGS: -DSAMELINE

	// #cgo CFLAGS: -DAPART

	// #cgo CFLAGS: -DDOC1
	/* #cgo CFLAGS: -DDOC2 */ /* #cgo LDFLAGS: -lm
	#cgo CPPFLAGS: -DDOC3 */
	//#cgo CXXFLAGS: -DDOC4
	import "C"

	import (
		"fmt"
		// #cgo FFLAGS: -DSPEC
		"C"
	)
	// #cgo LDFLAGS: -lnot
	import ("C")
	EOT
	listed mipsle && test_cmp go.list mb.list &&
	grep -q "^CFLAGS: \[-DDOC1 -DDOC2\]$" mb.list && grep -q "^FFLAGS: \[-DSPEC\]$" mb.list
'

test_expect_success 'CRLF, Unicode spaces and carriage returns in quotes, as go list reads them' '
	mkdir -p p && printf "module example.com/x\n\ngo 1.19\n" >p/go.mod &&
	printf "package p\r\n\r\n// #cgo CFLAGS: \"-DA=x\ry\" -DB\302\240-DC\r\n//\302\240#cgo\tLDFLAGS:\342\200\203-lm \r\n/*\343\200\200#cgo CPPFLAGS: -DZ*/\r\nimport \"C\"\r\n" >p/p.go &&
	listed mipsle && test_cmp go.list mb.list &&
	grep -q "^CFLAGS: \[-DA=xy -DB -DC\]$" mb.list
'

# bad NAME LINE: the #cgo line is refused by go list and by mipsbake, with go's message, at
# line 4 of p/p.go
bad() {
	pkg "$2" &&
	(cd p && go list -e -f "{{.Error}}" .) >go.err &&
	sed -n "s/^.*p\.go: //p" go.err >go.msg &&
	test_must_fail mipsbake cgoflags p/p.go 2>mb.err &&
	sed -n "s/^p\/p\.go:4:[0-9]*: error: //p" mb.err >mb.msg &&
	test -s go.msg && test_cmp go.msg mb.msg || { echo "$1:"; cat go.err mb.err; return 1; }
}

test_expect_success 'malformed #cgo lines: go list and mipsbake refuse them alike' '
	bad semicolon "#cgo CFLAGS: -I\${SRCDIR}/a;b" &&
	bad backquote "#cgo CFLAGS: -DX=\`y\`" &&
	bad empty-word "#cgo CFLAGS: -DX \"\"" &&
	bad unclosed "#cgo CFLAGS: \"-DX" &&
	bad no-colon "#cgo CFLAGS -DX" &&
	bad no-verb "#cgo : -DX" &&
	bad verb "#cgo CCFLAGS: -DX" &&
	bad verb-bad-arg "#cgo CCFLAGS: -D;X"
'

test_expect_success 'a trailing backslash is refused too (shown doubled, as messages show it)' '
	pkg "#cgo CFLAGS: -DX\\" &&
	(cd p && go list -e -f "{{.Error}}" .) >go.err &&
	grep -q "invalid #cgo line: #cgo CFLAGS: -DX\\\\$" go.err &&
	test_must_fail mipsbake cgoflags p/p.go 2>err &&
	echo "p/p.go:4:1: error: invalid #cgo line: #cgo CFLAGS: -DX\\\\\\\\" >expect &&
	test_cmp expect err
'

test_expect_success 'a NUL in the header is refused, as go refuses it' '
	mkdir -p p && printf "module example.com/x\n\ngo 1.19\n" >p/go.mod &&
	printf "package p\n\n// #cgo CFLAGS: -DX\0-fplugin=x.so\nimport \"C\"\n" >p/p.go &&
	(cd p && go list -e -f "{{.Error}}" .) >go.err &&
	grep -q "unexpected NUL in input" go.err &&
	test_must_fail mipsbake cgoflags p/p.go 2>err &&
	echo "p/p.go:3:20: error: unexpected NUL in input" >expect &&
	test_cmp expect err
'

test_expect_success 'a malformed argument is reported at its column' '
	pkg "#cgo CFLAGS: -DA -I\${SRCDIR}/a;b" &&
	test_must_fail mipsbake cgoflags p/p.go 2>err &&
	echo "p/p.go:4:18: error: malformed #cgo argument: -I$TRASH/p/a;b" >expect &&
	test_cmp expect err
'

test_expect_success 'a file without import "C", or missing, is an error; no file is a usage error' '
	printf "package p\n\nimport \"fmt\"\n" >plain.go &&
	test_must_fail mipsbake cgoflags plain.go 2>err &&
	grep -q "^plain.go: error: no import \"C\"$" err &&
	test_must_fail mipsbake cgoflags nosuch.go 2>err &&
	grep -q "nosuch.go" err &&
	rc=0 && { mipsbake cgoflags 2>err || rc=$?; } && test "$rc" = 2
'

test_done
