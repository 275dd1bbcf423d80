#!/bin/sh
# Where a module's git repository is (issue 13): cmd/go's static rules for known hosts,
# golang.org/x and gopkg.in, the module's subdirectory (a /vN suffix is no directory), and
# 'mirrors:' prefixes, the longest winning. 'mipsbake modsrc' prints what it found.
. "$(dirname "$0")/lib.sh"

# src MODULE ROOT URL SUBDIR HOW [PREFIX=URL...]
src() {
	m=$1 root=$2 url=$3 sub=$4 how=$5
	shift 5
	printf 'root %s\nurl %s\nsubdir %s\n%s\n' "$root" "$url" "$sub" "$how" >expect &&
	mipsbake modsrc "$m" "$@" >actual &&
	test_cmp expect actual || { echo "for $m"; return 1; }
}

test_expect_success 'the hosts cmd/go knows: the repository is the first two elements' '
	src github.com/x/y github.com/x/y https://github.com/x/y "" known &&
	src github.com/x/y/pkg/sub github.com/x/y https://github.com/x/y pkg/sub known &&
	src bitbucket.org/u/r/x bitbucket.org/u/r https://bitbucket.org/u/r x known &&
	src hub.jazz.net/git/u/r/p hub.jazz.net/git/u/r https://hub.jazz.net/git/u/r p known &&
	src git.apache.org/thrift.git/lib/go git.apache.org/thrift.git https://git.apache.org/thrift.git lib/go known &&
	src git.openstack.org/o/r/p git.openstack.org/o/r https://git.openstack.org/o/r p known &&
	src example.com/team/repo.git/sub example.com/team/repo.git https://example.com/team/repo.git sub known
'

test_expect_success 'a /vN suffix is the major version, not a directory; a sub/vN module sits in sub' '
	src github.com/x/y/v2 github.com/x/y https://github.com/x/y "" known &&
	src github.com/x/y/sub/v3 github.com/x/y https://github.com/x/y sub known &&
	src github.com/x/y/v1 github.com/x/y https://github.com/x/y v1 known
'

test_expect_success 'golang.org/x/NAME is go.googlesource.com/NAME; gopkg.in serves its paths as git' '
	src golang.org/x/net golang.org/x/net https://go.googlesource.com/net "" known &&
	src golang.org/x/net/ipv4 golang.org/x/net https://go.googlesource.com/net ipv4 known &&
	src gopkg.in/yaml.v2 gopkg.in/yaml.v2 https://gopkg.in/yaml.v2 "" known &&
	src gopkg.in/check.v1 gopkg.in/check.v1 https://gopkg.in/check.v1 "" known &&
	src gopkg.in/user/pkg.v3/sub gopkg.in/user/pkg.v3 https://gopkg.in/user/pkg.v3 sub known &&
	src gopkg.in/yaml.v3-unstable gopkg.in/yaml.v3-unstable https://gopkg.in/yaml.v3-unstable "" known
'

test_expect_success 'a host no rule knows: the module path itself, and the lookup it needs is said' '
	src example.com/a/b example.com/a/b https://example.com/a/b "" "unknown (needs a go-import lookup)" &&
	src example.com/a/b/v2 example.com/a/b https://example.com/a/b "" "unknown (needs a go-import lookup)"
'

test_expect_success 'mirrors rewrite the repository URL; the longest prefix wins' '
	src github.com/x/y/sub github.com/x/y git://127.0.0.1:9/github.com/x/y sub mirrored \
		github.com/=git://127.0.0.1:9/github.com/ &&
	src github.com/x/y github.com/x/y https://git.corp/x-y "" mirrored \
		github.com/=git://127.0.0.1:9/github.com/ github.com/x/y=https://git.corp/x-y &&
	src golang.org/x/sys/unix golang.org/x/sys https://git.example.com/go/x/sys unix mirrored \
		golang.org/x/=https://git.example.com/go/x/ &&
	src example.com/a/b example.com/a/b file:///srv/mirror/example.com/a/b "" mirrored \
		example.com=file:///srv/mirror/example.com &&
	src github.com/xy/z github.com/xy/z https://github.com/xy/z "" known github.com/x=https://no
'

test_expect_success 'a path no repository can hold is refused' '
	test_must_fail mipsbake modsrc ../x 2>err &&
	grep -q "'"'"'../x'"'"' is no module path" err &&
	test_must_fail mipsbake modsrc github.com/x/y x-no-equals 2>err &&
	grep -q "expected PREFIX=URL" err
'

test_done
