#!/bin/sh
# vendor/modules.txt read and checked as 'go build -mod=vendor' does (Go 1.19's
# readVendorList and checkVendorConsistency), with Go as the oracle: 'go mod vendor' writes
# modules.txt for small local modules and one served by a file:// proxy, 'mipsbake
# vendorcheck' lists what go list lists, and every inconsistency made by editing go.mod or
# modules.txt fails both, naming the same modules.
. "$(dirname "$0")/lib.sh"

if ! have go; then
	test_skip 'vendor/modules.txt against go build -mod=vendor' 'needs go'
	test_done
fi
HOME="$TRASH/home" GOPATH="$TRASH/gopath" GOMODCACHE="$TRASH/gopath/pkg/mod"
GOCACHE="$TRASH/gocache" GOPROXY=off GOSUMDB=off GOTOOLCHAIN=local GO111MODULE=on GOWORK=off
GOFLAGS=-modcacherw
export HOME GOPATH GOMODCACHE GOCACHE GOPROXY GOSUMDB GOTOOLCHAIN GO111MODULE GOWORK GOFLAGS
mkdir -p home

# the vendored packages and their modules as go lists them: "importpath module version[ go]"
LISTFMT='{{if .Module}}{{if not .Module.Main}}{{.ImportPath}} {{.Module.Path}} {{.Module.Version}}{{with .Module.GoVersion}} {{.}}{{end}}{{end}}{{end}}'
go_listing() {
	go list -mod=vendor -deps -test -f "$LISTFMT" "$@" ./... | sort -u
}

# same_listing [GO_LIST_FLAG...]: in the current module, vendorcheck passes and lists what go
# lists
same_listing() {
	go_listing "$@" >expect &&
	test -s expect &&
	mipsbake vendorcheck . >actual.raw &&
	sort actual.raw >actual &&
	test_cmp expect actual
}

# the modules each tool names in its complaints, "path[@version]" one a line, sorted
go_named() {
	sed -n 's/^	\([^ ]*\): .*/\1/p; s/^go: vendored module \([^ ]*\) should .*/\1/p' "$1" | sort
}
mb_named() {
	sed -n 's/^[^ ]*: error: vendored module \([^ ]*\) should .*/\1/p; t
		s/^[^ ]*: error: \([^ ]*\) is .*/\1/p' "$1" | sort
}

# both_fail ADVICE: in the current module, go build -mod=vendor and vendorcheck both fail,
# naming the same modules, and mipsbake ends with ADVICE
both_fail() {
	test_must_fail go build -mod=vendor ./... 2>go.err &&
	test_must_fail mipsbake vendorcheck . >out 2>mb.err &&
	cat go.err mb.err &&
	go_named go.err >expect &&
	mb_named mb.err >actual &&
	test -s expect &&
	test_cmp expect actual &&
	tail -n 1 mb.err | grep -q "$1" &&
	test ! -s out
}

# case NAME: a copy of the consistent module "main" in NAME, to break
case_of() {
	rm -rf "$1" && cp -R main "$1" && cd "$1"
}

# the dependencies: local modules (one without a go line, one go 1.18 with a package only the
# main module's tests use) and example.com/r, replaced by a fork the file:// proxy serves
mkdir -p b dep/sub dep/testonly fork proxy/example.com/r-fork/@v zip/example.com/r-fork@v1.2.0 main
printf 'module example.com/b\n' >b/go.mod
printf 'package b\n\nfunc Y() int { return 1 }\n' >b/b.go
printf 'module example.com/dep\n\ngo 1.18\n\nrequire example.com/b v0.0.0\n\nreplace example.com/b => ../b\n' >dep/go.mod
printf 'package dep\n\nimport "example.com/b"\n\nfunc X() int { return b.Y() }\n' >dep/dep.go
printf 'package sub\n\nfunc Z() int { return 3 }\n' >dep/sub/sub.go
printf 'package testonly\n\nfunc T() bool { return true }\n' >dep/testonly/t.go
printf 'module example.com/r\n\ngo 1.17\n' >fork/go.mod
printf 'package r\n\nfunc R() int { return 2 }\n' >fork/r.go
cat >mkzip.go <<'EOF'
// mkzip OUT PREFIX DIR: a module zip of DIR's files under PREFIX/
package main

import (
	"archive/zip"
	"os"
	"path/filepath"
)

func main() {
	out, err := os.Create(os.Args[1])
	if err != nil {
		panic(err)
	}
	w := zip.NewWriter(out)
	err = filepath.Walk(os.Args[3], func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(os.Args[3], p)
		f, err := w.Create(os.Args[2] + "/" + filepath.ToSlash(rel))
		if err == nil {
			_, err = f.Write(data)
		}
		return err
	})
	if err == nil {
		err = w.Close()
	}
	if err == nil {
		err = out.Close()
	}
	if err != nil {
		panic(err)
	}
}
EOF
P=proxy/example.com/r-fork/@v
cat >main/go.mod <<'EOF'
module example.com/main

go 1.19

require (
	example.com/dep v0.0.0
	example.com/r v1.0.0
)

replace example.com/dep => ../dep

replace example.com/b => ../b

replace example.com/r v1.0.0 => example.com/r-fork v1.2.0
EOF
cat >main/main.go <<'EOF'
package main

import (
	"example.com/dep"
	"example.com/dep/sub"
	"example.com/r"
)

func main() { println(dep.X() + sub.Z() + r.R()) }
EOF
cat >main/main_test.go <<'EOF'
package main

import (
	"testing"

	"example.com/dep/testonly"
)

func TestT(t *testing.T) {
	if !testonly.T() {
		t.Fatal("no")
	}
}
EOF

test_expect_success 'setup: go mod vendor writes modules.txt, and go builds from it' '
	go run mkzip.go $P/v1.2.0.zip example.com/r-fork@v1.2.0 fork &&
	cp fork/go.mod $P/v1.2.0.mod &&
	printf "v1.2.0\n" >$P/list &&
	printf "{\"Version\":\"v1.2.0\",\"Time\":\"2022-01-01T00:00:00Z\"}\n" >$P/v1.2.0.info &&
	cd main &&
	GOPROXY="file://$TRASH/proxy" GOFLAGS="-mod=mod -modcacherw" go mod tidy &&
	GOPROXY="file://$TRASH/proxy" go mod vendor &&
	cat vendor/modules.txt &&
	grep -q "^# example.com/r v1.0.0 => example.com/r-fork v1.2.0$" vendor/modules.txt &&
	grep -q "^## explicit; go 1.18$" vendor/modules.txt &&
	grep -q "^example.com/dep/testonly$" vendor/modules.txt &&
	go build -mod=vendor ./...
'

test_expect_success 'a consistent vendor/ passes and lists the packages go lists, with their modules' '
	cd main &&
	same_listing &&
	grep -q "^example.com/dep/testonly example.com/dep v0.0.0 1.18$" actual &&
	grep -q "^example.com/b example.com/b v0.0.0$" actual
'

test_expect_success 'a require missing from modules.txt' '
	case_of missing &&
	go mod edit -require=example.com/extra@v1.0.0 &&
	both_fail "run .go mod vendor."
'

test_expect_success 'a version that differs: both sides named, and what each file says' '
	case_of version &&
	go mod edit -require=example.com/dep@v0.0.1 &&
	both_fail "run .go mod vendor." &&
	grep "go.mod:[0-9]*:[0-9]*: error: example.com/dep@v0.0.1 is explicitly required in go.mod, but vendor/modules.txt has example.com/dep@v0.0.0$" mb.err &&
	grep "vendor/modules.txt:[0-9]*:1: error: example.com/dep@v0.0.0 is marked as explicit in vendor/modules.txt, but go.mod requires example.com/dep@v0.0.1$" mb.err
'

test_expect_success 'a module not marked "## explicit", at that line of modules.txt' '
	case_of explicit &&
	sed -i "/^## explicit\$/d" vendor/modules.txt &&
	! grep -q "^## explicit\$" vendor/modules.txt &&
	both_fail "run .go mod vendor." &&
	line=$(grep -n "require example.com/b v0.0.0 // indirect" go.mod | cut -d: -f1) &&
	grep -q "^\./go.mod:$line:[0-9]*: error: example.com/b@v0.0.0 is explicitly required in go.mod, but not marked as explicit" mb.err
'

test_expect_success 'a directory replacement that differs in go.mod' '
	case_of replaced &&
	go mod edit -replace=example.com/dep=../dep2 &&
	both_fail "run .go mod vendor."
'

test_expect_success 'a module replacement that differs in modules.txt' '
	case_of replaced2 &&
	sed -i "s/=> example.com\/r-fork v1.2.0/=> example.com\/r-fork v1.2.1/" vendor/modules.txt &&
	both_fail "run .go mod vendor." &&
	grep -q "example.com/r@v1.0.0 is replaced by example.com/r-fork@v1.2.0 in go.mod, but marked as replaced by example.com/r-fork@v1.2.1 in vendor/modules.txt" mb.err
'

test_expect_success 'an explicit module that go.mod does not require' '
	case_of notreq &&
	go mod edit -droprequire=example.com/b &&
	both_fail "run .go mod vendor."
'

test_expect_success 'a replacement of modules.txt that go.mod does not make' '
	case_of notrep &&
	go mod edit -dropreplace=example.com/b &&
	both_fail "run .go mod vendor."
'

test_expect_success 'vendor/ without modules.txt: every require is missing' '
	case_of nolist &&
	rm vendor/modules.txt &&
	both_fail "run .go mod vendor."
'

test_expect_success 'go 1.17 and later: a vendored module go.mod does not require (pruned graph)' '
	case_of pruned &&
	sed -i "/^## explicit\$/d" vendor/modules.txt &&
	go mod edit -droprequire=example.com/b &&
	both_fail "go mod tidy" &&
	grep -q "vendored module example.com/b@v0.0.0 should be required explicitly in go.mod" mb.err
'

test_expect_success 'the same under go 1.16 (no pruning) is consistent for both' '
	case_of go116 &&
	sed -i "/^## explicit\$/d" vendor/modules.txt &&
	go mod edit -droprequire=example.com/b -go=1.16 &&
	go build -mod=vendor ./... &&
	same_listing
'

test_expect_success 'a missing "go 1.N" annotation is no inconsistency: go and mipsbake list no go version' '
	case_of nogo &&
	sed -i "s/^## explicit; go 1.18\$/## explicit/" vendor/modules.txt &&
	go build -mod=vendor ./... &&
	same_listing &&
	grep -q "^example.com/dep/sub example.com/dep v0.0.0$" actual
'

test_expect_success 'hand-edited forms go reads: CRLF, annotations in any order, stray lines' '
	case_of forms &&
	sed -i "s/^## explicit; go 1.18\$/##  go 1.18 ; frozen;explicit /; s/^example.com\/dep\/sub\$/  example.com\/dep\/sub  /" vendor/modules.txt &&
	sed -i "/^# example.com\/dep v0.0.0/a # stray\n#not-a-module\n\nexample.com/dep/sub extra" vendor/modules.txt &&
	sed -i "s/\$/\r/" vendor/modules.txt &&
	cat -A vendor/modules.txt &&
	go build -mod=vendor ./... &&
	same_listing
'

# go builds no package of a module at a version that go.mod does not require: that is no
# check of modules.txt against go.mod, and the build, not vendorcheck, makes it
test_expect_success 'a path listed at two versions: the higher one is in the build, the last listing wins' '
	case_of twice &&
	cp vendor/modules.txt modules.orig &&
	printf "# example.com/dep v0.0.0-pre\n## explicit; go 1.17\nexample.com/dep/sub\n" >>vendor/modules.txt &&
	test_must_fail go build -mod=vendor ./... 2>go.err &&
	grep -q "imports example.com/dep/sub from implicitly required module" go.err &&
	same_listing -e &&
	grep -q "^example.com/dep/sub example.com/dep v0.0.0-pre 1.17$" actual &&
	cp modules.orig vendor/modules.txt &&
	printf "# example.com/dep v0.0.2\n## explicit\nexample.com/dep/sub\n" >>vendor/modules.txt &&
	both_fail "run .go mod vendor."
'

test_expect_success 'go 1.13: vendor/ is not used by default; -mod=vendor checks only versions' '
	case_of go113 &&
	go mod edit -go=1.13 &&
	sed -i "s/^# example.com\/r v1.0.0 => /# example.com\/r v1.0.1 => /" vendor/modules.txt &&
	go build ./... &&
	mipsbake vendorcheck . >out 2>err &&
	test ! -s out &&
	grep -q "^mipsbake: note: .\.. does not build from vendor/: go.mod says go 1.13" err &&
	go mod edit -require=example.com/dep@v0.0.1 &&
	test_must_fail go build -mod=vendor ./... 2>go.err &&
	test_must_fail mipsbake vendorcheck -mod=vendor . 2>mb.err &&
	cat go.err mb.err &&
	go_named go.err >expect &&
	mb_named mb.err >actual &&
	test_cmp expect actual &&
	grep -q "example.com/dep@v0.0.1 is explicitly required in go.mod, but vendor/modules.txt indicates example.com/dep@v0.0.0" mb.err
'

test_expect_success 'go 1.14 is the first to build from vendor/ by default' '
	case_of go114 &&
	go mod edit -go=1.14 -require=example.com/extra@v1.0.0 &&
	both_fail "run .go mod vendor."
'

test_expect_success 'a NUL byte in modules.txt is reported at its line and column' '
	case_of nul &&
	printf "exa\000mple.com/x\n" >>vendor/modules.txt &&
	n=$(wc -l <vendor/modules.txt) &&
	test_must_fail mipsbake vendorcheck . 2>err &&
	grep -q "^\./vendor/modules.txt:$n:4: error: NUL byte" err
'

test_expect_success 'usage: no directory, or a flag it does not know' '
	test_expect_code_2() { set +e; mipsbake vendorcheck "$@" 2>err; rc=$?; set -e; test $rc = 2 && grep -q "^mipsbake: error: vendorcheck: .* (see '"'"'mipsbake vendorcheck --help'"'"')$" err; } &&
	test_expect_code_2 &&
	test_expect_code_2 -mod=mod main
'

SYS=/usr/share/gocode/src/golang.org/x/sys
if ! test -f $SYS/go.mod; then
	test_skip 'a real module: golang.org/x/sys from Debian, vendored' 'needs golang-golang-x-sys-dev'
else
	test_expect_success 'a real module: golang.org/x/sys from Debian, vendored' '
		mkdir -p sys && cd sys &&
		printf "module example.com/sys\n\ngo 1.19\n\nrequire golang.org/x/sys v0.0.0\n\nreplace golang.org/x/sys => %s\n" $SYS >go.mod &&
		printf "package main\n\nimport \"golang.org/x/sys/unix\"\n\nfunc main() { println(unix.Getpid()) }\n" >main.go &&
		GOFLAGS="-mod=mod -modcacherw" go mod tidy &&
		go mod vendor &&
		go build -mod=vendor ./... &&
		go_listing >expect &&
		grep -q "^golang.org/x/sys/unix golang.org/x/sys v0.0.0 1.17$" expect &&
		mipsbake vendorcheck . | sort >actual &&
		test_cmp expect actual &&
		go mod edit -replace=golang.org/x/sys=$SYS/ &&
		both_fail "run .go mod vendor."
	'
fi

test_done
