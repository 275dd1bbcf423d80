# tests/lib-goproxy.sh: Go itself as the oracle for modules on the test's git server. Source it
# after lib-git.sh, with the repositories in $SRV laid out by module path
# ($SRV/github.com/x/y.git, $SRV/golang.org/x/sys.git):
#
#   go_oracle_ok || test_skip ...       # root, unshare -mn, openssl, busybox, go
#   go_download mod@version...          # 'go mod download -json' of each, into $TRASH/dl.json
#   go_ns DIR go mod tidy               # any command, run in DIR inside the namespace
#   go_meta PATH "ROOT git URL"         # a go-import page for go.example.org/PATH
#
# Go in direct mode fetches github.com paths over git (https://github.com/ rewritten by git's
# insteadOf to a git daemon), but golang.org/x/NAME only after a go-import lookup at
# https://golang.org/x/NAME?go-get=1. So the download runs in a network and mount namespace of
# its own: loopback only, /etc/hosts saying golang.org is 127.0.0.1, openssl s_server on port
# 443 with a certificate Go is told to trust (SSL_CERT_FILE), and a git daemon of its own.
# Nothing of it outlives the call.

# whether the oracle can run here
go_oracle_ok() {
	have go git openssl busybox unshare && [ "$(id -u)" = 0 ] &&
		unshare -mn true 2>/dev/null
}

# the certificate, the go-import pages and the script run inside the namespace (made once)
go_oracle_setup() {
	[ -f "$TRASH/oracle/ns.sh" ] && return 0
	mkdir -p "$TRASH/oracle/www/x" "$TRASH/oracle/home" || return 1
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=golang.org \
		-addext subjectAltName=DNS:golang.org,DNS:go.example.org -keyout "$TRASH/oracle/key.pem" \
		-out "$TRASH/oracle/cert.pem" 2>/dev/null || return 1
	for _d in "$SRV"/golang.org/x/*.git; do
		[ -d "$_d" ] || continue
		_n=$(basename "$_d" .git)
		printf '<html><head><meta name="go-import" content="golang.org/x/%s git https://go.googlesource.com/%s"></head></html>\n' \
			"$_n" "$_n" >"$TRASH/oracle/www/x/$_n?go-get=1"
	done
	printf '127.0.0.1 localhost golang.org go.example.org\n' >"$TRASH/oracle/hosts"
	cat >"$TRASH/oracle/home/.gitconfig" <<-EOF
	[url "git://127.0.0.1:9418/github.com/"]
		insteadOf = https://github.com/
	[url "git://127.0.0.1:9418/golang.org/x/"]
		insteadOf = https://go.googlesource.com/
	EOF
	mkdir -p "$TRASH/oracle/mod" &&
	printf 'module example.com/oracle\n\ngo 1.18\n' >"$TRASH/oracle/mod/go.mod"
	cat >"$TRASH/oracle/ns.sh" <<-'EOF'
	# inside unshare -mn: $1 the oracle dir, $2 the served dir, $3 where to run, then the command
	o=$1 srv=$2 dir=$3
	shift 3
	busybox ifconfig lo 127.0.0.1 up || exit 1
	mount --bind "$o/hosts" /etc/hosts || exit 1
	"$(git --exec-path)/git-daemon" --reuseaddr --listen=127.0.0.1 --port=9418 \
		--base-path="$srv" --export-all "$srv" >>"$o/daemon.log" 2>&1 &
	d=$!
	(cd "$o/www" && exec openssl s_server -quiet -accept 443 -cert "$o/cert.pem" \
		-key "$o/key.pem" -WWW) >>"$o/https.log" 2>&1 &
	h=$!
	sleep 0.3
	cd "$dir" &&
	env HOME="$o/home" GOPATH="$o/gopath" GOMODCACHE="$o/gopath/pkg/mod" GOCACHE="$o/gocache" \
		GOPROXY=direct GOSUMDB=off GOFLAGS="${NS_GOFLAGS:--mod=mod -modcacherw}" GOTOOLCHAIN=local \
		GIT_CONFIG_NOSYSTEM=1 SSL_CERT_FILE="$o/cert.pem" "$@"
	rc=$?
	kill $d $h 2>/dev/null
	wait 2>/dev/null
	exit $rc
	EOF
}

# go_meta PATH CONTENT: the page https://go.example.org/PATH?go-get=1 answers with a go-import
# tag of CONTENT ("ROOT VCS URL"), as a vanity import server does
go_meta() {
	go_oracle_setup || return 1
	mkdir -p "$(dirname "$TRASH/oracle/www/$1")" &&
	printf '<!DOCTYPE html>\n<html><head>\n<meta name="go-import" content="%s">\n</head><body>go get</body></html>\n' \
		"$2" >"$TRASH/oracle/www/$1?go-get=1"
}

# go_ns DIR COMMAND...: run COMMAND (go, usually) in DIR, inside the namespace
go_ns() {
	go_oracle_setup || return 1
	unshare -mn sh "$TRASH/oracle/ns.sh" "$TRASH/oracle" "$SRV" "$@"
}

# go_download mod@version...: Go's own download of each; its JSON in $TRASH/dl.json
go_download() {
	go_oracle_setup || return 1
	go_ns "$TRASH/oracle/mod" go mod download -json "$@" >"$TRASH/dl.json"
}

# the go.sum lines of $TRASH/dl.json, as go.sum holds them
go_sum_lines() {
	jq -r '"\(.Path) \(.Version) \(.Sum)\n\(.Path) \(.Version)/go.mod \(.GoModSum)"' "$TRASH/dl.json"
}
