#!/bin/sh
# The <meta name="go-import"> lookup of an import path no fixed rule knows (issue 13), as
# cmd/go does it: https://<path>?go-get=1 from a loopback HTTPS server (python3, a
# self-signed certificate trusted through SSL_CERT_FILE, 127.0.0.1:443, so the test runs
# as root), the verify fetch of a shorter root, and the errors; then the parser alone
# ('goimport --html') on tricky pages, against Go's own encoding/xml where go is here.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/lib-git.sh"

unset SSL_CERT_FILE SSL_CERT_DIR 2>/dev/null || true
WWW="$TRASH/www"
Q="'"
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
SERVER_PID=
WHY_NO_SERVER=

# page PATH CONTENT [STATUS]: what the server answers for /PATH?go-get=1
page() {
	mkdir -p "$WWW/$1" &&
	printf '%s' "$2" >"$WWW/$1/.page" &&
	if [ -n "${3:-}" ]; then printf '%s\n' "$3" >"$WWW/$1/.status"; fi
}

# tag ROOT VCS URL: a head with one go-import tag
tag() {
	printf '<!DOCTYPE html>\n<html><head>\n<meta name="go-import" content="%s %s %s">\n</head>\n<body>nothing to see</body></html>\n' "$1" "$2" "$3"
}

# the python server: each path's .page (and .status, .location) under www/
write_server() {
	cat >"$TRASH/server.py" <<-'PY'
	import gzip, http.server, os, ssl, sys, threading, urllib.parse

	www, cert, key, ready, log = sys.argv[1:6]

	def read(d, name):
	    try:
	        with open(os.path.join(d, name), "rb") as f:
	            return f.read()
	    except OSError:
	        return None

	class Handler(http.server.BaseHTTPRequestHandler):
	    protocol_version = "HTTP/1.1"

	    def log_message(self, fmt, *args):
	        pass

	    def do_GET(self):
	        u = urllib.parse.urlsplit(self.path)
	        with open(log, "a") as f:
	            f.write("%s?%s %s\n" % (u.path, u.query, self.headers.get("User-Agent", "-")))
	        if u.query != "go-get=1" or ".." in u.path:
	            return self.answer(400, b"bad request\n")
	        d = os.path.join(www, u.path.strip("/"))
	        loc = read(d, ".location")
	        if loc is not None:
	            return self.answer(302, b"", [("Location", loc.decode().strip())])
	        body = read(d, ".page")
	        status = read(d, ".status")
	        status = int(status) if status else 200 if body is not None else 404
	        headers = []
	        if read(d, ".gzip") is not None:  # gzip only, and only to a client that asks
	            if "gzip" not in self.headers.get("Accept-Encoding", ""):
	                return self.answer(406, b"ask for gzip\n")
	            body = gzip.compress(body)
	            headers.append(("Content-Encoding", "gzip"))
	        self.answer(status, body if body is not None else b"no such page\n", headers)

	    def answer(self, status, body, headers=()):
	        try:
	            self.send_response(status)
	            self.send_header("Content-Type", "text/html; charset=utf-8")
	            self.send_header("Content-Length", str(len(body)))
	            for k, v in headers:
	                self.send_header(k, v)
	            self.end_headers()
	            self.wfile.write(body)
	        except OSError:
	            pass  # the client stopped reading: the size cap

	try:
	    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 443), Handler)
	except OSError as e:
	    sys.stderr.write("cannot listen on 127.0.0.1:443: %s\n" % e.strerror)
	    sys.exit(3)
	ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
	ctx.load_cert_chain(cert, key)
	srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
	srv.daemon_threads = True
	stop = threading.Timer(600, lambda: os._exit(0))  # never outlive the test
	stop.daemon = True
	stop.start()
	open(ready, "w").close()
	srv.serve_forever()
	PY
}

# start_server: a certificate for 127.0.0.1 and the server; WHY_NO_SERVER says why not
start_server() {
	if ! have openssl "$PY"; then
		WHY_NO_SERVER="openssl and python3 are needed (apt-get install openssl python3)"
		return 0
	fi
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
		-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1,DNS:localhost \
		-keyout "$TRASH/key.pem" -out "$TRASH/cert.pem" >"$TRASH/openssl.log" 2>&1 || {
		WHY_NO_SERVER="openssl could not make a certificate: $(tail -n 1 "$TRASH/openssl.log")"
		return 0
	}
	write_server
	mkdir -p "$WWW"
	"$PY" "$TRASH/server.py" "$WWW" "$TRASH/cert.pem" "$TRASH/key.pem" "$TRASH/ready" \
		"$TRASH/requests.log" >"$TRASH/server.log" 2>&1 &
	SERVER_PID=$!
	T_PIDS="$T_PIDS $SERVER_PID"
	_i=0
	while [ ! -f "$TRASH/ready" ] && [ $_i -lt 100 ]; do
		if ! kill -0 "$SERVER_PID" 2>/dev/null; then
			WHY_NO_SERVER="$(tail -n 1 "$TRASH/server.log") (is port 443 taken, or are we not root?)"
			return 0
		fi
		sleep 0.1
		_i=$((_i + 1))
	done
	[ -f "$TRASH/ready" ] || WHY_NO_SERVER="the HTTPS server did not start in 10 s"
}

# net 'what' 'body': a step that needs the server
net() {
	if [ -n "$WHY_NO_SERVER" ]; then
		test_skip "$1" "$WHY_NO_SERVER"
	else
		test_expect_success "$1" "$2"
	fi
}

# mb ARGS: mipsbake, its stderr passed on; a sanitizer's report counts as a crash (134), so
# that test_must_fail does not take it for an ordinary error
mb() {
	mipsbake "$@" 2>"$TRASH/.stderr"
	_rc=$?
	cat "$TRASH/.stderr" >&2
	if grep -qE 'Sanitizer|runtime error' "$TRASH/.stderr"; then
		{ echo "mipsbake $*:"; cat "$TRASH/.stderr"; } >>"$TRASH/sanitizer.log"
		return 134
	fi
	return $_rc
}

# gi ARGS: mipsbake goimport, trusting the test's certificate
gi() {
	(SSL_CERT_FILE="$TRASH/cert.pem" && export SSL_CERT_FILE && mb goimport "$@")
}

# said TEXT: err holds TEXT (a fixed string), else show what it holds
said() {
	grep -qF -- "$1" err && return 0
	printf 'expected in err: %s\nerr:\n' "$1"
	cat err
	return 1
}

# expect_tag ROOT VCS URL: what goimport prints for a tag
expect_tag() {
	printf 'root %s\nvcs %s\nurl %s\n' "$1" "$2" "$3" >expect
}

start_server
H=127.0.0.1

page plain "$(tag $H/plain git https://git.example.com/plain.git)"
page mono "$(tag $H/mono git https://git.example.com/mono)"
page mono/sub/pkg "$(tag $H/mono git https://git.example.com/mono)"
page liar/x "$(tag $H/liar git https://evil.example.com/liar)"
page liar "$(tag $H/liar git https://git.example.com/liar)"
page orphan/x "$(tag $H/orphan git https://git.example.com/orphan)"
page other/x "$(printf '<head>%s%s</head>' \
	'<meta name="go-import" content="127.0.0.1/otherthing git https://a.example.com/x">' \
	'<meta name="go-import" content="127.0.0.1/oth git https://b.example.com/x">')"
page multi "$(printf '<head>%s%s</head>' \
	'<meta name="go-import" content="127.0.0.1/multi git https://a.example.com/m">' \
	'<meta name="go-import" content="127.0.0.1 git https://b.example.com/all">')"
page proxied "$(tag $H/proxied mod https://proxy.example.com)"
page both "$(printf '<head>%s%s</head>' \
	'<meta name="go-import" content="127.0.0.1/both mod https://proxy.example.com">' \
	'<meta name="go-import" content="127.0.0.1/both git https://git.example.com/both">')"
page hg "$(tag $H/hg hg https://hg.example.com/hg)"
page noscheme "$(tag $H/noscheme git git.example.com/noscheme)"
page file "$(tag $H/file git file:///srv/git/file)"
page late "$(printf '<html><head><title>x</title></head>\n%s\n' \
	'<meta name="go-import" content="127.0.0.1/late git https://git.example.com/late">')"
page inbody "$(printf '<html><head><title>x</title><body>\n%s\n</body>' \
	'<meta name="go-import" content="127.0.0.1/inbody git https://git.example.com/inbody">')"
page broken "not found" 404
page failing "<html><head></head><body>oops</body></html>" 500
page soft404 "$(tag $H/soft404 git https://git.example.com/soft404)" 404
mkdir -p "$WWW/big" "$WWW/bighead" "$WWW/moved" "$WWW/target" "$WWW/tohttp" "$WWW/loop"
{ printf '<html><head><title>'; head -c 2097152 /dev/zero | tr '\0' x; printf '</title></head>'; } \
	>"$WWW/big/.page"
{ printf '<html><head><meta name="go-import" content="127.0.0.1/bighead git https://git.example.com/bh">'
  printf '</head><body>'; head -c 2097152 /dev/zero | tr '\0' x; printf '</body></html>'; } \
	>"$WWW/bighead/.page"
echo "https://$H/target?go-get=1" >"$WWW/moved/.location"
page zipped "$(tag $H/zipped git https://git.example.com/zipped)"
: >"$WWW/zipped/.gzip"
page target "$(tag $H/moved git https://git.example.com/moved)"
echo "http://$H:9/plain?go-get=1" >"$WWW/tohttp/.location"
echo "https://$H/loop?go-get=1" >"$WWW/loop/.location"

net 'a plain match: the tag of the path itself, fetched once with go-get=1 and our user agent' '
	gi $H/plain >actual &&
	expect_tag $H/plain git https://git.example.com/plain.git &&
	test_cmp expect actual &&
	grep -qx "/plain?go-get=1 mipsbake/0.1" "$TRASH/requests.log" &&
	test "$(grep -c "^/plain?" "$TRASH/requests.log")" = 1
'

net 'a package below the root: the root page is fetched too, and agrees' '
	: >"$TRASH/requests.log" &&
	gi $H/mono/sub/pkg >actual &&
	expect_tag $H/mono git https://git.example.com/mono &&
	test_cmp expect actual &&
	printf "%s\n" "/mono/sub/pkg?go-get=1 mipsbake/0.1" "/mono?go-get=1 mipsbake/0.1" >expect &&
	test_cmp expect "$TRASH/requests.log"
'

net 'a root page that names another URL, or that is missing: not believed' '
	test_must_fail gi $H/liar/x 2>err &&
	said "the pages of ${Q}$H/liar/x${Q} and ${Q}$H/liar${Q} disagree about the go-import tag of ${Q}$H/liar/x${Q}" &&
	test_must_fail gi $H/orphan/x 2>err &&
	said "${Q}https://$H/orphan?go-get=1${Q}: HTTP status 404 Not Found (verifying the go-import tag of ${Q}$H/orphan${Q} for ${Q}$H/orphan/x${Q})"
'

net 'tags for other prefixes only: no match, and the roots the page has are named' '
	test_must_fail gi $H/other/x 2>err &&
	said "${Q}https://$H/other/x?go-get=1${Q}: no go-import meta tag matches ${Q}$H/other/x${Q} (the page has ${Q}$H/otherthing${Q}, ${Q}$H/oth${Q})"
'

net 'two tags that match: an error naming both' '
	test_must_fail gi $H/multi 2>err &&
	said "multiple go-import meta tags match ${Q}$H/multi${Q}: ${Q}$H/multi git https://a.example.com/m${Q} and ${Q}$H git https://b.example.com/all${Q}"
'

net 'vcs mod: unsupported alone, and set aside for a git tag of the same root' '
	test_must_fail gi $H/proxied 2>err &&
	said "names a module proxy (vcs ${Q}mod${Q}) and no repository: unsupported, mipsbake fetches git repositories only" &&
	gi $H/both >actual &&
	expect_tag $H/both git https://git.example.com/both &&
	test_cmp expect actual
'

net 'vcs hg: unsupported, said so' '
	test_must_fail gi $H/hg 2>err &&
	said "tag ${Q}$H/hg hg https://hg.example.com/hg${Q} names vcs ${Q}hg${Q}: unsupported, mipsbake fetches git repositories only"
'

net 'a repository URL without a scheme, or a file: one, is refused' '
	test_must_fail gi $H/noscheme 2>err &&
	said "has an invalid repository URL: it has no scheme" &&
	test_must_fail gi $H/file 2>err &&
	said "has an invalid repository URL: the file scheme is not allowed"
'

net 'HTTP errors name the URL and the status; a 404 page with a tag still counts (as for cmd/go)' '
	test_must_fail gi $H/broken 2>err &&
	said "error: ${Q}https://$H/broken?go-get=1${Q}: HTTP status 404 Not Found" &&
	test_must_fail gi $H/failing 2>err &&
	said "${Q}https://$H/failing?go-get=1${Q}: HTTP status 500 Internal Server Error" &&
	test_must_fail gi $H/missing/pkg 2>err &&
	said "${Q}https://$H/missing/pkg?go-get=1${Q}: HTTP status 404" &&
	gi $H/soft404 >actual &&
	expect_tag $H/soft404 git https://git.example.com/soft404 &&
	test_cmp expect actual
'

net 'a page over the size cap: an unfinished head is an error, a finished one is enough' '
	test_must_fail gi $H/big 2>err &&
	said "${Q}https://$H/big?go-get=1${Q}: the page${Q}s head is larger than 1048576 bytes, all that is read" &&
	gi $H/bighead >actual &&
	expect_tag $H/bighead git https://git.example.com/bh &&
	test_cmp expect actual
'

net 'a gzip-encoded page (mipsbake asks for gzip, as Go does) is decoded' '
	gi $H/zipped >actual &&
	expect_tag $H/zipped git https://git.example.com/zipped &&
	test_cmp expect actual
'

net 'meta tags after </head>, or after <body> in a head never closed, are not read' '
	test_must_fail gi $H/late 2>err &&
	said "${Q}https://$H/late?go-get=1${Q}: no go-import meta tag" &&
	test_must_fail gi $H/inbody 2>err &&
	said "${Q}https://$H/inbody?go-get=1${Q}: no go-import meta tag"
'

net 'redirects: followed over https, never to http, at most 10' '
	gi $H/moved >actual &&
	expect_tag $H/moved git https://git.example.com/moved &&
	test_cmp expect actual &&
	test_must_fail gi $H/tohttp 2>err &&
	said "${Q}https://$H/tohttp?go-get=1${Q}: redirected to a URL that is not https" &&
	test_must_fail gi $H/loop 2>err &&
	said "${Q}https://$H/loop?go-get=1${Q}: more than 10 redirects"
'

net 'a certificate the system does not trust: a clear TLS error' '
	test_must_fail mb goimport $H/plain 2>err &&
	said "fetching ${Q}https://$H/plain?go-get=1${Q}: tls: the server${Q}s certificate is not trusted (SSL certificate problem: self-signed certificate); SSL_CERT_FILE may name a CA certificate to trust" &&
	test_must_fail sh -c "SSL_CERT_FILE=\"\$1/no-such.pem\" exec \"\$2\" goimport $H/plain" - "$TRASH" "$MB" 2>err &&
	said "tls: error setting certificate"
'

test_expect_success 'paths cmd/go would not look up are refused before any fetch' '
	for p in nodot/x "$H/a b" "$H/../x" "$H/./x" "user@$H/x" "$H:443/x" "$H/x/" "$H//x" \
		"$H/x?y" "$H/x#y" "$H/x%41" "EXAMPLE.com/x" "$H/x." ""; do
		test_must_fail mb goimport "$p" 2>err &&
		said "is no import path to look up" || { echo "for $p"; exit 1; }
	done
'

test_expect_code 2 'mipsbake goimport without a path, or with a stray option, is a usage error' '
	mipsbake goimport 2>err && exit 1
	said "mipsbake: error: goimport: expected [--html FILE] IMPORTPATH (see '"'"'mipsbake goimport --help'"'"')" || exit 1
	mipsbake goimport --html 2>err
'

# the parser on its own: CASE lines "file path expected" (expected: "ROOT VCS URL" or error)
mkdir -p "$TRASH/html"
P=127.0.0.1/t
T='<meta name="go-import" content="127.0.0.1/t git https://h.example/t">'
hp() {
	_f=$1
	shift
	# shellcheck disable=SC2059
	printf "$@" >"$TRASH/html/$_f"
}
hp order.html '<html><head><meta content="127.0.0.1/t git https://h.example/t" name="go-import"></head>'
hp squote.html "<head><meta name='go-import' content='127.0.0.1/t git https://h.example/t'></head>"
hp upper.html '<HTML><HEAD><META NAME="go-import" CONTENT="127.0.0.1/t git https://h.example/t"></HEAD></HTML>'
hp spaces.html '<head><meta name="go-import" content="  127.0.0.1/t \t\n  git \r\n  https://h.example/t  "></head>'
hp entity.html '<head><meta name="go-import" content="127.0.0.1/t &#x67;i&#116; https://h.example/t?a=1&amp;b=2&foo;"></head>'
hp comment.html '<head><!-- <meta name="go-import" content="127.0.0.1/t git https://evil.example/t"> -->%s</head>' "$T"
hp cdata.html '<head><![CDATA[<meta name="go-import" content="127.0.0.1/t git https://evil.example/t">]]>%s</head>' "$T"
hp decl.html '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "a>b" [<!ENTITY x "y">]>\n<html><head>%s' "$T"
hp namecase.html '<head><meta name="Go-Import" content="127.0.0.1/t git https://h.example/t"></head>'
hp four.html '<head><meta name="go-import" content="127.0.0.1/t git https://h.example/t sub"></head>'
hp afterhead.html '<html><head></head>%s' "$T"
hp body.html '<html><body>%s</body>' "$T"
hp headself.html '<html><head/>%s' "$T"
hp ns.html '<html><head><html:meta name="go-import" content="127.0.0.1/t git https://h.example/t"/></head>'
hp unquoted.html '<head><meta charset=utf-8><meta name=go-import content="127.0.0.1/t git https://h.example/t"></head>'
hp nospace.html '<head><meta name="go-import"content="127.0.0.1/t git https://h.example/t"/></head>'
hp bare.html '<head><meta go-import async name="go-import" content="127.0.0.1/t git https://h.example/t"></head>'
hp firstattr.html '<head><meta name="go-import" name="x" content="127.0.0.1/t git https://h.example/t" content="127.0.0.1/t git https://evil.example/t"></head>'
hp script.html '<head><script>if (a < b) {}</script>%s</head>' "$T"
hp scriptlate.html '<head>%s<script>if (a < b) {}</script></head>' "$T"
hp dup.html '<head>%s%s</head>' "$T" "$T"
hp modgit.html '<head><meta name="go-import" content="127.0.0.1/t mod https://proxy.example">%s</head>' "$T"
hp badutf8.html '<head><title>\377</title>%s</head>' "$T"
hp badutf8late.html '<head>%s<title>\377</title></head>' "$T"
hp ctrl.html '<head>\001%s</head>' "$T"
hp nulent.html '<head><meta name="go-import" content="127.0.0.1/t git https://h.example/&#0;"></head>'
hp dashes.html '<head><!-- a -- b -->%s</head>' "$T"
hp crlf.html '<html>\r\n<head>\r\n%s\r\n</head>\r\n' "$T"
hp empty.html ''
hp eof.html '<head>%s<meta name="go-imp' "$T"
hp eofonly.html '<head><meta name="go-import" content="127.0.0.1/t git https://h.example/t"'
hp ltvalue.html '<head><meta name="go-import" content="127.0.0.1/t git https://h.example/<t>"></head>'
hp slash.html '<head><link rel=stylesheet href=/s.css>%s</head>' "$T"
hp prefix.html '<head><meta name="go-import" content="127.0.0.1/tt git https://h.example/tt"></head>'
hp nbsp.html '<head><meta name="go-import" content="127.0.0.1/t\302\240git https://h.example/t"></head>'
cat >"$TRASH/cases" <<-EOF
	order.html $P $P git https://h.example/t
	squote.html $P $P git https://h.example/t
	upper.html $P $P git https://h.example/t
	spaces.html $P $P git https://h.example/t
	entity.html $P $P git https://h.example/t?a=1&b=2&foo;
	comment.html $P $P git https://h.example/t
	cdata.html $P $P git https://h.example/t
	decl.html $P $P git https://h.example/t
	namecase.html $P error
	four.html $P error
	afterhead.html $P error
	body.html $P error
	headself.html $P error
	ns.html $P $P git https://h.example/t
	unquoted.html $P $P git https://h.example/t
	nospace.html $P $P git https://h.example/t
	bare.html $P $P git https://h.example/t
	firstattr.html $P $P git https://h.example/t
	script.html $P error
	scriptlate.html $P $P git https://h.example/t
	dup.html $P error
	modgit.html $P $P git https://h.example/t
	badutf8.html $P error
	badutf8late.html $P $P git https://h.example/t
	ctrl.html $P error
	nulent.html $P error
	dashes.html $P error
	crlf.html $P $P git https://h.example/t
	empty.html $P error
	eof.html $P $P git https://h.example/t
	eofonly.html $P error
	ltvalue.html $P error
	slash.html $P error
	prefix.html $P error
	prefix.html 127.0.0.1/tt/x 127.0.0.1/tt git https://h.example/tt
	nbsp.html $P $P git https://h.example/t
EOF

# the result of each case as "file path: ROOT VCS URL" or "file path: error"
awk '{ printf "%s %s: %s", $1, $2, $3; for (i = 4; i <= NF; i++) printf " %s", $i; print "" }' \
	"$TRASH/cases" >"$TRASH/cases.expect"

test_expect_success 'the parser on tricky pages: attribute order, quotes, case, spaces, entities, comments' '
	while read -r f p rest; do
		if mb goimport --html "$TRASH/html/$f" "$p" >out 2>err; then
			echo "$f $p: $(sed -n "s/^[a-z]* //p" out | tr "\n" " " | sed "s/ \$//")"
		elif [ $? = 1 ] && grep -q "^mipsbake: error: " err; then
			echo "$f $p: error"
		else
			echo "$f $p: crashed or said nothing"; cat err
		fi
	done <"$TRASH/cases" >actual &&
	test_cmp "$TRASH/cases.expect" actual
'

test_expect_success 'the parser stops at a syntax error like encoding/xml, and names the line' '
	test_must_fail mb goimport --html "$TRASH/html/script.html" $P 2>err &&
	said "malformed HTML on line 1: expected an element name after ${Q}<${Q}" &&
	test_must_fail mb goimport --html "$TRASH/html/ctrl.html" $P 2>err &&
	said "malformed HTML on line 1: a character XML does not allow" &&
	test_must_fail mb goimport --html "$TRASH/html/eofonly.html" $P 2>err &&
	said "the page ends inside a tag"
'

# Go's oracle: cmd/go's reading of a page (vcs/discovery.go) with encoding/xml itself, and
# its choice of a tag (vcs.go), the "mod" tags set aside as mipsbake does
write_oracle() {
	cat >"$TRASH/oracle.go" <<-'GO'
	package main

	import (
		"bufio"
		"encoding/xml"
		"errors"
		"fmt"
		"io"
		"net/url"
		"os"
		"strings"
	)

	type tag struct{ root, vcs, url string }

	func attr(as []xml.Attr, name string) string {
		for _, a := range as {
			if strings.EqualFold(a.Name.Local, name) {
				return a.Value
			}
		}
		return ""
	}

	func tags(r io.Reader) ([]tag, error) {
		d := xml.NewDecoder(r)
		d.Strict = false
		d.CharsetReader = func(cs string, in io.Reader) (io.Reader, error) {
			if strings.EqualFold(cs, "utf-8") || strings.EqualFold(cs, "ascii") {
				return in, nil
			}
			return nil, errors.New("charset")
		}
		var list []tag
		for {
			t, err := d.RawToken()
			if err != nil {
				if err != io.EOF && len(list) == 0 {
					return nil, err
				}
				return list, nil
			}
			if e, ok := t.(xml.StartElement); ok && strings.EqualFold(e.Name.Local, "body") {
				return list, nil
			}
			if e, ok := t.(xml.EndElement); ok && strings.EqualFold(e.Name.Local, "head") {
				return list, nil
			}
			e, ok := t.(xml.StartElement)
			if !ok || !strings.EqualFold(e.Name.Local, "meta") || attr(e.Attr, "name") != "go-import" {
				continue
			}
			if f := strings.Fields(attr(e.Attr, "content")); len(f) == 3 {
				list = append(list, tag{f[0], f[1], f[2]})
			}
		}
	}

	func pick(list []tag, path string) (tag, error) {
		var hit *tag
		for i := range list {
			t := &list[i]
			if !strings.HasPrefix(path, t.root) || len(path) > len(t.root) && path[len(t.root)] != '/' {
				continue
			}
			if t.vcs == "mod" {
				continue
			}
			if hit != nil {
				return tag{}, errors.New("multiple")
			}
			hit = t
		}
		if hit == nil || hit.vcs != "git" {
			return tag{}, errors.New("none")
		}
		if u, err := url.Parse(hit.url); err != nil || u.Scheme == "" || u.Scheme == "file" {
			return tag{}, errors.New("url")
		}
		return *hit, nil
	}

	func main() {
		in := bufio.NewScanner(os.Stdin)
		for in.Scan() {
			f := strings.Fields(in.Text())
			r, err := os.Open(os.Args[1] + "/" + f[0])
			if err != nil {
				panic(err)
			}
			list, err := tags(r)
			r.Close()
			t, err2 := pick(list, f[1])
			if err != nil || err2 != nil {
				fmt.Printf("%s %s: error\n", f[0], f[1])
			} else {
				fmt.Printf("%s %s: %s %s %s\n", f[0], f[1], t.root, t.vcs, t.url)
			}
		}
	}
	GO
}

if have go; then
	test_expect_success 'Go agrees: encoding/xml as cmd/go drives it reads every tricky page the same way' '
		write_oracle &&
		GOCACHE="$TRASH/gocache" GOFLAGS= GO111MODULE=off GOTOOLCHAIN=local \
			go run "$TRASH/oracle.go" "$TRASH/html" <"$TRASH/cases" >actual &&
		test_cmp "$TRASH/cases.expect" actual
	'
else
	test_skip 'Go agrees: encoding/xml as cmd/go drives it reads every tricky page the same way' \
		'no go here (apt-get install golang-go)'
fi

test_expect_success 'no sanitizer report in any step (make check-asan)' '
	if [ -s "$TRASH/sanitizer.log" ]; then cat "$TRASH/sanitizer.log"; exit 1; fi
'

test_done
