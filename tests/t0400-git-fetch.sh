#!/bin/sh
# Git dependencies over a file path, file://, git:// (git daemon) and http:// (git http-backend
# behind busybox httpd); the lock; a second run with the lock satisfied makes no connection.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/lib-git.sh"

if ! git_ok; then
	test_skip 'git dependencies' 'needs git, busybox and the golang-*-dev source packages'
	test_done
fi

git_fixtures sys net dns || exit 1
git_daemon_start || exit 1
http_start || exit 1
SYS=$(rev_of sys v0.3.0)
NET=$(rev_of net v0.7.0)
DNS=$(rev_of dns v1.1.50)
CACHE="$TRASH/cache"

write_manifest app.yaml \
	"  golang.org/x/sys:" \
	"    git: git://127.0.0.1:$GIT_PORT/sys.git" \
	"    rev: v0.3.0" \
	"  golang.org/x/net:" \
	"    git: http://127.0.0.1:$HTTP_PORT/cgi-bin/git/net.git" \
	"    rev: v0.7.0" \
	"  github.com/miekg/dns:" \
	"    git: srv/dns.git" \
	"    rev: v1.1.50" \
	"  example.com/local:" \
	"    path: local"
mkdir -p local

# same_tree dir debian-dir: the checkout holds exactly Debian's files
same_tree() {
	diff -r -x .mipsbake-stamp "$1" "$2"
}

test_expect_success 'fetch over git://, http:// and a path writes the lock and the checkouts' '
	mipsbake --cache-dir "$CACHE" -B build fetch app.yaml 2>err &&
	grep -q "^fetch golang.org/x/sys v0.3.0 from git://127.0.0.1:$GIT_PORT/sys.git\$" err &&
	grep -q "^fetch golang.org/x/net v0.7.0 from http://127.0.0.1:$HTTP_PORT/cgi-bin/git/net.git\$" err &&
	grep -q "^fetch github.com/miekg/dns v1.1.50 from $TRASH/srv/dns.git\$" err &&
	test -f app.lock &&
	same_tree build/deps/golang.org/x/sys "$GOCODE/golang.org/x/sys" &&
	same_tree build/deps/golang.org/x/net "$GOCODE/golang.org/x/net" &&
	same_tree build/deps/github.com/miekg/dns "$GOCODE/github.com/miekg/dns"
'

test_expect_success 'the lock pins each tag to its commit and tree, sorted by import path' '
	cat >expect <<-EOF &&
	# mipsbake lock file: the exact commit of every git dependency, written by mipsbake.
	# Commit it. '"'"'mipsbake fetch --update MANIFEST [DEPENDENCY...]'"'"' moves them forward.
	lock: 1
	dependencies:
	  github.com/miekg/dns:
	    url: srv/dns.git
	    rev: v1.1.50
	    commit: $DNS
	    tree: $(tgit --git-dir=srv/dns.git rev-parse "$DNS^{tree}")
	  golang.org/x/net:
	    url: http://127.0.0.1:$HTTP_PORT/cgi-bin/git/net.git
	    rev: v0.7.0
	    commit: $NET
	    tree: $(tgit --git-dir=srv/net.git rev-parse "$NET^{tree}")
	  golang.org/x/sys:
	    url: git://127.0.0.1:$GIT_PORT/sys.git
	    rev: v0.3.0
	    commit: $SYS
	    tree: $(tgit --git-dir=srv/sys.git rev-parse "$SYS^{tree}")
	EOF
	test_cmp expect app.lock
'

test_expect_success 'the cache holds one bare repository per URL with a readable name' '
	ls "$CACHE/git" | grep -v "\.flock\$" >actual &&
	test $(wc -l <actual) = 3 &&
	grep -q "^127\.0\.0\.1_${GIT_PORT}_sys-[0-9a-f]\{16\}\.git\$" actual &&
	grep -q "^127\.0\.0\.1_${HTTP_PORT}_cgi-bin_git_net-[0-9a-f]\{16\}\.git\$" actual &&
	for d in "$CACHE"/git/*.git; do test "$(tgit --git-dir="$d" rev-parse --is-bare-repository)" = true; done
'

test_expect_success 'a second run with the lock satisfied fetches nothing and keeps the lock as it is' '
	cp -p app.lock lock.before &&
	mipsbake --cache-dir "$CACHE" -B build fetch app.yaml 2>err &&
	test_must_fail grep "^fetch" err &&
	cmp app.lock lock.before &&
	test ! app.lock -nt lock.before
'

test_expect_success '--update re-resolves every rev; unchanged tags rewrite the lock byte for byte' '
	mipsbake --cache-dir "$CACHE" -B build fetch --update app.yaml 2>err &&
	test $(grep -c "^fetch" err) = 3 &&
	cmp app.lock lock.before
'

test_expect_success 'deps lists every dependency with its locked commit and whether it is cached' '
	mipsbake --cache-dir "$CACHE" deps app.yaml >actual &&
	cat >expect <<-EOF &&
	dependency            rev           commit                                    cached  url
	golang.org/x/sys      v0.3.0        $SYS  yes     git://127.0.0.1:$GIT_PORT/sys.git
	golang.org/x/net      v0.7.0        $NET  yes     http://127.0.0.1:$HTTP_PORT/cgi-bin/git/net.git
	github.com/miekg/dns  v1.1.50       $DNS  yes     srv/dns.git
	example.com/local     path:local
	EOF
	test_cmp expect actual &&
	mipsbake --cache-dir "$TRASH/empty-cache" deps app.yaml >actual &&
	grep -q "^golang.org/x/sys  *v0.3.0  *$SYS  no  *git:" actual
'

test_expect_success 'deps tells unlocked and stale dependencies apart, and never fetches' '
	sed "s/rev: v0.7.0/rev: main/" app.yaml >other.yaml &&
	sed "/golang.org\/x\/sys/,\$d" app.lock >other.lock &&
	mipsbake --cache-dir "$CACHE" deps other.yaml >actual 2>err &&
	grep -q "^golang.org/x/sys  *v0.3.0  *(not locked)  *yes  *git:" actual &&
	grep -q "^golang.org/x/net  *main  *(stale lock)  *yes  *http:" actual &&
	grep -q "^github.com/miekg/dns  *v1.1.50  *$DNS  yes  *srv/dns.git\$" actual &&
	test ! -s err
'

git_daemon_stop
http_stop

test_expect_success 'with every server stopped, a fresh build dir is checked out from the cache' '
	mipsbake --cache-dir "$CACHE" -B build2 fetch app.yaml 2>err &&
	test_must_fail grep "^fetch" err &&
	same_tree build2/deps/golang.org/x/net "$GOCODE/golang.org/x/net" &&
	cmp app.lock lock.before
'

test_expect_success '--offline checks out from the cache alone' '
	mipsbake --cache-dir "$CACHE" -B build3 fetch --offline app.yaml 2>err &&
	test_must_fail grep "^fetch" err &&
	same_tree build3/deps/golang.org/x/sys "$GOCODE/golang.org/x/sys"
'

test_expect_success 'MIPSBAKE_CACHE names the cache when --cache-dir is not given' '
	MIPSBAKE_CACHE="$CACHE" mipsbake -B build4 fetch --offline app.yaml &&
	test -d build4/deps/github.com/miekg/dns
'

test_expect_success 'a file:// URL works like a path, in a cache entry of its own' '
	write_manifest file.yaml \
		"  github.com/miekg/dns:" \
		"    git: file://$TRASH/srv/dns.git" \
		"    rev: v1.1.50" &&
	mipsbake --cache-dir "$CACHE" -B build5 fetch file.yaml 2>err &&
	grep -q "^fetch github.com/miekg/dns v1.1.50 from file://$TRASH/srv/dns.git\$" err &&
	test "$(lock_value file.lock github.com/miekg/dns commit)" = "$DNS" &&
	same_tree build5/deps/github.com/miekg/dns "$GOCODE/github.com/miekg/dns"
'

if have script; then
	test_expect_success 'on a terminal, fetching shows objects and bytes' '
		script -qec "$MB --cache-dir $TRASH/tty-cache -B build6 fetch file.yaml" /dev/null >tty.out &&
		grep -q "objects (100%), [0-9.]* MiB" tty.out
	'
else
	test_skip 'on a terminal, fetching shows objects and bytes' 'needs script(1)'
fi

test_done
