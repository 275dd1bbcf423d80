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

test_done
