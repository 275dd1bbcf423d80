# tests/lib-git.sh: git fixtures and loopback git servers for the tests of git dependencies.
# Source it after lib.sh:
#
#   . "$(dirname "$0")/lib-git.sh"
#   git_fixtures sys net dns        # bare repos in $SRV: sys.git, net.git, dns.git
#   git_daemon_start                # git://127.0.0.1:$GIT_PORT/<name>.git
#   http_start                      # http://127.0.0.1:$HTTP_PORT/git/<name>.git
#
# The repositories hold Debian's Go sources (golang-golang-x-sys-dev and friends), committed
# with fixed dates so that their ids are the same on every machine, and tagged (annotated)
# with the upstream version. They are built once into tests/out/.git-fixtures and copied.
# Every server started here is stopped when the script exits.

# loopback servers only: no proxy may stand in between
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY 2>/dev/null || true

GOCODE=/usr/share/gocode/src
SRV="$TRASH/srv"
FIXTURES="$TESTS_DIR/out/.git-fixtures"
FIXTURE_VERSION=1
GIT_PORT=
GIT_PID=
HTTP_PORT=
HTTP_PID=
T_PIDS=

# a git that ignores the user's configuration and dates commits at a fixed time
tgit() {
	env GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null \
		GIT_AUTHOR_NAME=Fixture GIT_AUTHOR_EMAIL=fixture@example.com \
		GIT_COMMITTER_NAME=Fixture GIT_COMMITTER_EMAIL=fixture@example.com \
		GIT_AUTHOR_DATE="${T_DATE:-2023-01-02T03:04:05Z}" \
		GIT_COMMITTER_DATE="${T_DATE:-2023-01-02T03:04:05Z}" \
		git -c init.defaultBranch=main -c advice.detachedHead=false "$@"
}

# fixture_src name: the Debian source directory and upstream tag of a fixture
fixture_src() {
	case $1 in
	sys) echo "$GOCODE/golang.org/x/sys v0.3.0" ;;
	net) echo "$GOCODE/golang.org/x/net v0.7.0" ;;
	dns) echo "$GOCODE/github.com/miekg/dns v1.1.50" ;;
	*) echo "lib-git.sh: no fixture '$1'" >&2; return 1 ;;
	esac
}

# make_repo dir srcdir tag: a work repo of srcdir's files, one commit, an annotated tag
make_repo() {
	mkdir -p "$1"
	cp -R "$2/." "$1/"
	(cd "$1" && tgit init -q && tgit add -A && tgit commit -q -m "import $3" &&
		tgit tag -a -m "$3" "$3")
}

# build_fixtures: every fixture, once per tests/out, as bare repos
build_fixtures() {
	[ -f "$FIXTURES/version-$FIXTURE_VERSION" ] && return 0
	rm -rf "$FIXTURES" "$FIXTURES.tmp.$$"
	mkdir -p "$FIXTURES.tmp.$$"
	for f in sys net dns; do
		set -- $(fixture_src $f)
		make_repo "$FIXTURES.tmp.$$/work/$f" "$1" "$2" >/dev/null || return 1
		tgit clone -q --bare "$FIXTURES.tmp.$$/work/$f" "$FIXTURES.tmp.$$/$f.git" || return 1
	done
	rm -rf "$FIXTURES.tmp.$$/work"
	touch "$FIXTURES.tmp.$$/version-$FIXTURE_VERSION"
	mv -T "$FIXTURES.tmp.$$" "$FIXTURES" 2>/dev/null || rm -rf "$FIXTURES.tmp.$$"
}

# git_fixtures name...: copy the named bare repos into $SRV
git_fixtures() {
	build_fixtures || return 1
	mkdir -p "$SRV"
	for f; do
		rm -rf "$SRV/$f.git"
		cp -R "$FIXTURES/$f.git" "$SRV/$f.git"
	done
}

# small_repo name: an empty-ish bare repo $SRV/name.git and its work tree $TRASH/work/name
small_repo() {
	rm -rf "$TRASH/work/$1" "$SRV/$1.git"
	mkdir -p "$TRASH/work/$1" "$SRV"
	(cd "$TRASH/work/$1" && tgit init -q && tgit config receive.denyCurrentBranch ignore)
	tgit init -q --bare "$SRV/$1.git"
}

# commit_all workdir message [tag]: commit everything and push it (and the tag) to $SRV
commit_all() {
	(cd "$1" && tgit add -A && tgit commit -q -m "$2" &&
		{ [ -z "${3:-}" ] || tgit tag -a -f -m "$3" "$3"; } &&
		tgit push -q -f "$SRV/$(basename "$1").git" HEAD:refs/heads/main &&
		{ [ -z "${3:-}" ] || tgit push -q -f "$SRV/$(basename "$1").git" "refs/tags/$3"; })
}

# the commit a rev of a served repo names: rev_of name rev
rev_of() {
	tgit --git-dir="$SRV/$1.git" rev-parse "$2^{commit}"
}

random_port() {
	echo $((20000 + $(od -An -N2 -tu2 /dev/urandom) % 30000))
}

# wait_for url pid: wait until git can list url, or fail when pid has died
wait_for() {
	_i=0
	while [ $_i -lt 100 ]; do
		kill -0 "$2" 2>/dev/null || return 1
		tgit ls-remote "$1" >/dev/null 2>&1 && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

# the first repository in $SRV, at any depth ("github.com/mb/x.git"): what a start probes
first_repo() {
	(cd "$SRV" && find . -name '*.git' -type d -prune | LC_ALL=C sort | head -n 1 | sed 's|^\./||')
}

# mb_module NAME: a work tree work/NAME whose commits go to the bare $SRV/github.com/mb/NAME.git
# (a module github.com/mb/NAME, as Go's insteadOf and mipsbake's mirrors find it)
mb_module() {
	rm -rf "$TRASH/work/$1" &&
	mkdir -p "$TRASH/work/$1" "$SRV/github.com/mb" &&
	(cd "$TRASH/work/$1" && tgit init -q) &&
	tgit init -q --bare "$SRV/github.com/mb/$1.git"
}

# git_daemon_start: serve $SRV over git:// on a free port: $GIT_PORT, $GIT_PID.
# T_DAEMON_CONFIG: the daemon's git configuration; T_DAEMON_VERBOSE=1: log every connection;
# T_DAEMON_LOG: the log (default $TRASH/daemon.log)
git_daemon_start() {
	for _try in 1 2 3 4 5 6 7 8; do
		GIT_PORT=$(random_port)
		# git-daemon itself, not 'git daemon': the git wrapper runs it as a child, which a
		# kill of the wrapper's pid leaves running
		env GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="${T_DAEMON_CONFIG:-/dev/null}" \
			"$(git --exec-path)/git-daemon" ${T_DAEMON_VERBOSE:+--verbose} --reuseaddr --listen=127.0.0.1 \
			--port="$GIT_PORT" --base-path="$SRV" --export-all --informative-errors "$SRV" \
			>>"${T_DAEMON_LOG:-$TRASH/daemon.log}" 2>&1 &
		GIT_PID=$!
		T_PIDS="$T_PIDS $GIT_PID"
		if wait_for "git://127.0.0.1:$GIT_PORT/$(first_repo)" "$GIT_PID"; then
			return 0
		fi
		kill "$GIT_PID" 2>/dev/null
	done
	echo "lib-git.sh: could not start git daemon" >&2
	return 1
}

git_daemon_stop() {
	if [ -n "$GIT_PID" ]; then
		kill "$GIT_PID" 2>/dev/null
		wait "$GIT_PID" 2>/dev/null
	fi
	GIT_PID=
}

# http_start: serve $SRV over smart HTTP (git http-backend as CGI under busybox httpd)
http_start() {
	mkdir -p "$TRASH/www/cgi-bin"
	cat >"$TRASH/www/cgi-bin/git" <<-CGI
	#!/bin/sh
	GIT_PROJECT_ROOT='$SRV' GIT_HTTP_EXPORT_ALL=1 GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
	export GIT_PROJECT_ROOT GIT_HTTP_EXPORT_ALL GIT_CONFIG_NOSYSTEM GIT_CONFIG_GLOBAL
	exec git http-backend
	CGI
	chmod +x "$TRASH/www/cgi-bin/git"
	for _try in 1 2 3 4 5 6 7 8; do
		HTTP_PORT=$(random_port)
		busybox httpd -f -p "127.0.0.1:$HTTP_PORT" -h "$TRASH/www" >>"$TRASH/httpd.log" 2>&1 &
		HTTP_PID=$!
		T_PIDS="$T_PIDS $HTTP_PID"
		if wait_for "http://127.0.0.1:$HTTP_PORT/cgi-bin/git/$(ls "$SRV" | head -n 1)" \
			"$HTTP_PID"; then
			return 0
		fi
		kill "$HTTP_PID" 2>/dev/null
	done
	echo "lib-git.sh: could not start busybox httpd" >&2
	return 1
}

http_stop() {
	if [ -n "$HTTP_PID" ]; then
		kill "$HTTP_PID" 2>/dev/null
		wait "$HTTP_PID" 2>/dev/null
	fi
	HTTP_PID=
}

# stop every server (and every process a test recorded in $T_PIDS) on exit
servers_stop() {
	for _p in $T_PIDS; do
		kill -9 "$_p" 2>/dev/null
	done
	[ -f "$TRASH/hook.pids" ] && for _p in $(cat "$TRASH/hook.pids"); do
		kill -9 "$_p" 2>/dev/null
	done
	return 0
}
trap servers_stop EXIT
trap 'servers_stop; exit 130' INT TERM

# a manifest with the given dependency entries (YAML lines, indented by two)
write_manifest() {
	_f=$1
	shift
	{
		echo "mipsbake: 1"
		echo "dependencies:"
		for _l; do echo "$_l"; done
	} >"$_f"
}

# the commit and tree a lock file records for a dependency: lock_value file dep key
lock_value() {
	awk -v dep="  $2:" -v key="    $3:" '
		$0 == dep { on = 1; next }
		/^  [^ ]/ { on = 0 }
		on && index($0, key) == 1 { print $2; exit }
	' "$1"
}

# git_ok: whether the tools the git tests need are here
git_ok() {
	have git busybox && [ -d "$GOCODE/golang.org/x/sys" ] && [ -d "$GOCODE/golang.org/x/net" ] &&
		[ -d "$GOCODE/github.com/miekg/dns" ]
}
