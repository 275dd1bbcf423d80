#!/bin/sh
# test-serial: its steps bound the time a request to a stopped or silent server takes
# The remote cache's HTTP client (issue 17), through 'mipsbake remote-cache', against a real
# server: Debian's nginx as a WebDAV store on loopback (lib-nginx.sh). Stores and reads back
# ac and cas entries byte for byte, tells a 404 from a failure, and fails within its
# timeouts on a stopped server and on one that never answers; a token the server requires;
# a truncated or oversized answer from a canned server; messages that keep a password out.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/lib-nginx.sh"

if ! nginx_ok; then
	test_skip 'the remote cache client against nginx' 'nginx (with the dav module) or nc is missing'
	test_done
fi

# digest FILE: its sha256, as the cas is keyed
digest() {
	sha256sum "$1" | cut -c1-64
}

# ms: the time now, in milliseconds
ms() {
	echo $(($(date +%s%N) / 1000000))
}

# fails_within MAX_MS cmd...: cmd exits 1 (its stderr in err), in at most MAX_MS; the time
# taken is in $ELAPSED
fails_within() {
	_max=$1
	shift
	_t0=$(ms)
	set +e
	"$@" >out 2>err
	_rc=$?
	set -e
	ELAPSED=$(($(ms) - _t0))
	echo "exit $_rc after $ELAPSED ms"
	cat err
	[ "$_rc" = 1 ] && [ "$ELAPSED" -le "$_max" ]
}

test_expect_success 'setup: nginx serves a WebDAV store on loopback' '
	head -c 3000000 /dev/urandom >blob &&
	printf "action result\n" >result &&
	digest blob >blob.hex &&
	echo 0000000000000000000000000000000000000000000000000000000000000abc >missing.hex
'
nginx_start || { echo "Bail out! nginx does not start"; exit 1; }
BLOB=$(cat blob.hex)
# an action key is any digest; the ac holds what the cache writes under it
KEY=$(printf "some action" | sha256sum | cut -c1-64)
MISSING=$(cat missing.hex)

test_expect_success 'put stores a cas blob (3 MB) byte for byte where the server keeps it' '
	mipsbake remote-cache put "$NGINX_URL" cas "$BLOB" blob >out 2>err &&
	! test -s out && ! test -s err &&
	cmp blob "$NGINX_STORE/cas/$BLOB" &&
	test "$(nginx_count PUT 201)" = 1
'

test_expect_success 'get reads it back, to a file and to stdout, and head finds it' '
	mipsbake remote-cache get "$NGINX_URL" cas "$BLOB" got &&
	cmp blob got &&
	mipsbake remote-cache get "$NGINX_URL" cas "$BLOB" >got.stdout &&
	cmp blob got.stdout &&
	mipsbake remote-cache head "$NGINX_URL" cas "$BLOB" >out &&
	! test -s out &&
	test "$(nginx_count GET 200)" = 2 && test "$(nginx_count HEAD 200)" = 1
'

test_expect_success 'an ac entry goes to ac/, and a second put of it replaces it (204)' '
	mipsbake remote-cache put "$NGINX_URL" ac "$KEY" result &&
	cmp result "$NGINX_STORE/ac/$KEY" &&
	printf "another result\n" >result2 &&
	mipsbake remote-cache put "$NGINX_URL" ac "$KEY" result2 &&
	test "$(nginx_count PUT 204)" = 1 &&
	mipsbake remote-cache get "$NGINX_URL" ac "$KEY" got &&
	cmp result2 got &&
	test_must_fail mipsbake remote-cache head "$NGINX_URL" cas "$KEY" 2>err
'

test_expect_success 'an empty blob is stored and read back empty' '
	: >empty &&
	E=$(digest empty) &&
	mipsbake remote-cache put "$NGINX_URL" cas "$E" empty &&
	test -f "$NGINX_STORE/cas/$E" && ! test -s "$NGINX_STORE/cas/$E" &&
	mipsbake remote-cache get "$NGINX_URL" cas "$E" got.empty &&
	test -f got.empty && ! test -s got.empty
'

test_expect_success 'a 404 is absent: exit 1 with the reason, no file written, nothing on stdout' '
	test_must_fail mipsbake remote-cache get "$NGINX_URL" ac "$MISSING" absent.out >out 2>err &&
	echo "mipsbake: error: $NGINX_URL: no ac entry $MISSING (HTTP 404)" >expect &&
	test_cmp expect err &&
	! test -e absent.out && ! test -s out &&
	test_must_fail mipsbake remote-cache head "$NGINX_URL" ac "$MISSING" >out 2>err &&
	test_cmp expect err && ! test -s out
'

test_expect_success 'several heads share one kept-alive connection, and stop at the first absent' '
	: >"$NGINX_LOG" &&
	mipsbake remote-cache head "$NGINX_URL" cas "$BLOB" "$BLOB" "$BLOB" &&
	test "$(nginx_count HEAD 200)" = 3 &&
	awk "{ print \$4 }" "$NGINX_LOG" | sort -u >conns &&
	test $(wc -l <conns) = 1 &&
	test_must_fail mipsbake remote-cache head "$NGINX_URL" cas "$BLOB" "$MISSING" "$BLOB" 2>err &&
	grep -q "no cas entry $MISSING" err &&
	test "$(nginx_count HEAD 404)" = 1 && test "$(nginx_count HEAD 200)" = 4
'

test_expect_success 'the URL may end in a slash; the paths are the same' '
	mipsbake remote-cache get "$NGINX_URL/" cas "$BLOB" got.slash &&
	cmp blob got.slash &&
	grep -q "^GET /cache/cas/$BLOB 200" "$NGINX_LOG"
'

test_expect_success 'a digest that is not 64 lowercase hex digits is refused before any request' '
	: >"$NGINX_LOG" &&
	for bad in ../../etc/passwd ABC "$(echo "$BLOB" | tr a-f A-F)" "${BLOB}0" "x$BLOB"; do
		test_must_fail mipsbake remote-cache get "$NGINX_URL" cas "$bad" 2>err &&
		grep -q "is not a sha256 digest (64 lowercase hex digits)" err || exit 1
	done &&
	! test -s "$NGINX_LOG"
'

test_expect_success 'a stopped server fails at once: cannot connect, well within the timeout' '
	URL=$NGINX_URL &&
	nginx_stop &&
	fails_within 5000 mipsbake remote-cache --timeout 1000 get "$URL" cas "$BLOB" &&
	echo "mipsbake: error: $URL: cannot connect: Connection refused" >expect &&
	test_cmp expect err &&
	fails_within 5000 mipsbake remote-cache --timeout 1000 put "$URL" cas "$BLOB" blob &&
	test_cmp expect err
'

blackhole_start || { echo "Bail out! nc does not listen"; exit 1; }
test_expect_success 'a server that never answers: timed out after the timeout, for get, head and put' '
	for op in get head "put"; do
		file= && if [ $op = put ]; then file=blob; fi &&
		fails_within 5000 mipsbake remote-cache --timeout 1000 $op "$BLACKHOLE_URL" cas "$BLOB" $file &&
		echo "mipsbake: error: $BLACKHOLE_URL: timed out after 1000 ms" >expect &&
		test_cmp expect err &&
		test "$ELAPSED" -ge 900 || exit 1
	done
'

test_expect_success 'without --timeout the default is 10 s, not forever' '
	fails_within 15000 mipsbake remote-cache head "$BLACKHOLE_URL" ac "$KEY" &&
	echo "mipsbake: error: $BLACKHOLE_URL: timed out after 10000 ms" >expect &&
	test_cmp expect err
'
stop_pid "$BLACKHOLE_PID"

NGINX_TOKEN=s3cret nginx_start || { echo "Bail out! nginx does not start"; exit 1; }
TOKEN_URL=$NGINX_URL

test_expect_success 'without the token: HTTP 401, and the error page is not printed' '
	: >"$NGINX_LOG" &&
	test_must_fail mipsbake remote-cache get "$TOKEN_URL" cas "$BLOB" >out 2>err &&
	echo "mipsbake: error: $TOKEN_URL: HTTP 401 Unauthorized" >expect &&
	test_cmp expect err && ! test -s out &&
	test_must_fail mipsbake remote-cache put "$TOKEN_URL" cas "$BLOB" blob >out 2>err &&
	test_cmp expect err && ! test -s out &&
	test_must_fail mipsbake remote-cache --header "Authorization: Bearer wrong" head "$TOKEN_URL" cas "$BLOB" 2>err &&
	test_cmp expect err &&
	test "$(nginx_count GET 401)" = 1 && test "$(nginx_count PUT 401)" = 1 &&
	test "$(nginx_count HEAD 401)" = 1
'

test_expect_success 'with the token: put, head and get work; the store was kept across the restart' '
	H="Authorization: Bearer s3cret" &&
	mipsbake remote-cache --header "$H" head "$TOKEN_URL" cas "$BLOB" &&
	mipsbake remote-cache --header "$H" get "$TOKEN_URL" cas "$BLOB" got.token &&
	cmp blob got.token &&
	printf "new\n" >new && N=$(digest new) &&
	mipsbake remote-cache --header "X-Other: 1" --header "$H" put "$TOKEN_URL" cas "$N" new &&
	cmp new "$NGINX_STORE/cas/$N"
'

test_expect_success 'a password in the URL never reaches a message' '
	U=$(echo "$TOKEN_URL" | sed "s|http://|http://user:hunter2@|") &&
	test_must_fail mipsbake remote-cache get "$U" cas "$BLOB" 2>err &&
	echo "mipsbake: error: $TOKEN_URL: HTTP 401 Unauthorized" >expect &&
	test_cmp expect err &&
	test_must_fail mipsbake remote-cache get "$(echo "$U" | sed "s|http:|ftp:|")" cas "$BLOB" 2>err &&
	! grep -q hunter2 err && grep -q "is not an http:// or https:// URL" err
'

test_expect_success 'a header that would inject another line, or has no name, is refused' '
	: >"$NGINX_LOG" &&
	nl=$(printf "\nX: y") &&
	test_must_fail mipsbake remote-cache --header "Authorization: Bearer s3cret$nl" head "$TOKEN_URL" cas "$BLOB" 2>err &&
	echo "mipsbake: error: remote cache: the value of the header '\''Authorization'\'' holds a control character" >expect &&
	test_cmp expect err &&
	test_must_fail mipsbake remote-cache --header "Bearer s3cret" head "$TOKEN_URL" cas "$BLOB" 2>err &&
	! grep -q s3cret err &&
	! test -s "$NGINX_LOG"
'
nginx_stop

test_expect_success 'a body cut short is a failure, not a short file' '
	printf "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly twenty bytes..." >short.http &&
	canned_start short.http &&
	test_must_fail mipsbake remote-cache get "$CANNED_URL" cas "$BLOB" got.short 2>err &&
	grep -q "^mipsbake: error: $CANNED_URL: the transfer was cut short" err &&
	! test -e got.short &&
	stop_pid "$CANNED_PID"
'

test_expect_success 'a body over 2 GiB is refused from its length, before it is read' '
	printf "HTTP/1.1 200 OK\r\nContent-Length: 3000000000\r\n\r\nxxxx" >huge.http &&
	canned_start huge.http &&
	fails_within 5000 mipsbake remote-cache get "$CANNED_URL" cas "$BLOB" &&
	echo "mipsbake: error: $CANNED_URL: the body is larger than 2147483648 bytes" >expect &&
	test_cmp expect err &&
	stop_pid "$CANNED_PID"
'

test_expect_success 'a redirect is not followed: the status is the failure' '
	printf "HTTP/1.1 302 Found\r\nLocation: file:///etc/passwd\r\nContent-Length: 0\r\n\r\n" >redirect.http &&
	canned_start redirect.http &&
	test_must_fail mipsbake remote-cache get "$CANNED_URL" cas "$BLOB" >out 2>err &&
	echo "mipsbake: error: $CANNED_URL: HTTP 302 Found" >expect &&
	test_cmp expect err && ! test -s out &&
	stop_pid "$CANNED_PID"
'

test_expect_success 'a 500 is a failure, a PUT answered 404 too (only GET and HEAD are absent)' '
	printf "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n" >err500.http &&
	canned_start err500.http &&
	test_must_fail mipsbake remote-cache head "$CANNED_URL" ac "$KEY" 2>err &&
	echo "mipsbake: error: $CANNED_URL: HTTP 500 Internal Server Error" >expect &&
	test_cmp expect err &&
	stop_pid "$CANNED_PID" &&
	printf "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n" >put404.http &&
	canned_start put404.http &&
	test_must_fail mipsbake remote-cache put "$CANNED_URL" ac "$KEY" result 2>err &&
	echo "mipsbake: error: $CANNED_URL: HTTP 404 Not Found" >expect &&
	test_cmp expect err &&
	stop_pid "$CANNED_PID"
'

test_expect_success 'usage errors exit 2' '
	for args in "" "get" "get $TOKEN_URL" "post $TOKEN_URL ac $KEY" "get $TOKEN_URL xx $KEY" \
		"put $TOKEN_URL ac $KEY" "get $TOKEN_URL ac $KEY f g" "--timeout 0 head $TOKEN_URL ac $KEY" \
		"--timeout 1s head $TOKEN_URL ac $KEY" "--bogus head $TOKEN_URL ac $KEY" "--header"; do
		set +e
		mipsbake remote-cache $args 2>err
		rc=$?
		set -e
		test "$rc" = 2 || { echo "remote-cache $args: exit $rc"; cat err; exit 1; }
		test $(wc -l <err) = 1 || { cat err; exit 1; }
	done &&
	mipsbake remote-cache --help >out && grep -q "^usage: mipsbake remote-cache" out
'

test_done
