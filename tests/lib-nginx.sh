# tests/lib-nginx.sh: a real cache server for the tests of the remote cache: Debian's nginx
# as a WebDAV store (PUT, GET, HEAD) on loopback, and a listener that never answers.
# Source it after lib.sh:
#
#   . "$(dirname "$0")/lib-nginx.sh"
#   nginx_start                     # $NGINX_URL (http://127.0.0.1:$NGINX_PORT/cache), $NGINX_PID
#   NGINX_TOKEN=s3cret nginx_start  # the same, answering 401 without "Authorization: Bearer s3cret"
#   nginx_count PUT                 # how many PUTs the access log holds
#   nginx_stop                      # by its pid; returns when the port is free again
#   blackhole_start                 # $BLACKHOLE_URL: accepts connections, never answers
#   canned_start FILE               # $CANNED_URL: answers one connection with FILE's bytes
#
# Each server's files (configuration, store, logs) are under $TRASH/nginx, its entries under
# $NGINX_STORE/ac and $NGINX_STORE/cas. Every server started here is stopped when the script
# exits.

# loopback servers only: no proxy may stand in between
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY 2>/dev/null || true

NGINX=${NGINX:-/usr/sbin/nginx}
NGINX_DIR="$TRASH/nginx"
NGINX_STORE="$NGINX_DIR/store/cache"
NGINX_LOG="$NGINX_DIR/access.log"
NGINX_PORT=
NGINX_PID=
NGINX_URL=
BLACKHOLE_PID=
BLACKHOLE_URL=
CANNED_PID=
CANNED_URL=
# every server's pid, in a file so that a server started inside a test step is stopped too
NX_PIDFILE="$TRASH/servers.pids"

nginx_random_port() {
	echo $((20000 + $(od -An -N2 -tu2 /dev/urandom) % 30000))
}

# nginx_conf port: the configuration; with $NGINX_TOKEN, requests without the token get 401
nginx_conf() {
	_auth=
	[ -n "${NGINX_TOKEN:-}" ] &&
		_auth="if (\$http_authorization != \"Bearer $NGINX_TOKEN\") { return 401; }"
	cat <<-EOF
	# one process, in the foreground: its pid is the shell's \$!, and a kill stops it all
	daemon off;
	master_process off;
	pid $NGINX_DIR/nginx.pid;
	error_log $NGINX_DIR/error.log warn;
	events { worker_connections 256; }
	http {
		# the method, the path and the status of each request; \$connection tells kept-alive
		# requests (one number) from new connections
		log_format cache '\$request_method \$uri \$status \$connection';
		access_log $NGINX_LOG cache;
		client_body_temp_path $NGINX_DIR/tmp/body;
		proxy_temp_path $NGINX_DIR/tmp/proxy;
		fastcgi_temp_path $NGINX_DIR/tmp/fastcgi;
		uwsgi_temp_path $NGINX_DIR/tmp/uwsgi;
		scgi_temp_path $NGINX_DIR/tmp/scgi;
		default_type application/octet-stream;
		server {
			listen 127.0.0.1:$1;
			root $NGINX_DIR/store;
			location / {
				$_auth
				dav_methods PUT;
				create_full_put_path on;
				client_max_body_size 0;
				# a miss is no error: the error log keeps what is
				log_not_found off;
			}
		}
	}
	EOF
}

# nginx_started pid: wait until nginx has bound its port (it writes its pid file after that),
# or fail when it has died (the port was taken)
nginx_started() {
	_i=0
	while [ $_i -lt 100 ]; do
		kill -0 "$1" 2>/dev/null || return 1
		[ -s "$NGINX_DIR/nginx.pid" ] && return 0
		sleep 0.05
		_i=$((_i + 1))
	done
	return 1
}

# nginx_start: serve $NGINX_STORE at $NGINX_URL; the store and the log are kept across a stop
# and a start, the port is not
nginx_start() {
	mkdir -p "$NGINX_DIR/tmp" "$NGINX_STORE" || return 1
	for _try in 1 2 3 4 5 6 7 8; do
		NGINX_PORT=$(nginx_random_port)
		nginx_conf "$NGINX_PORT" >"$NGINX_DIR/nginx.conf"
		rm -f "$NGINX_DIR/nginx.pid"
		"$NGINX" -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -e "$NGINX_DIR/error.log" \
			>>"$NGINX_DIR/stderr.log" 2>&1 &
		NGINX_PID=$!
		echo "$NGINX_PID" >>"$NX_PIDFILE"
		if nginx_started "$NGINX_PID"; then
			NGINX_URL="http://127.0.0.1:$NGINX_PORT/cache"
			return 0
		fi
		stop_pid "$NGINX_PID"
	done
	echo "lib-nginx.sh: could not start nginx (see $NGINX_DIR/error.log)" >&2
	NGINX_PID=
	return 1
}

# listening port: whether something listens on 127.0.0.1:port (from /proc/net/tcp, so that
# no probe connection is used up)
listening() {
	awk -v p="$(printf '0100007F:%04X' "$1")" '$2 == p && $4 == "0A" { f = 1 } END { exit !f }' \
		/proc/net/tcp
}

# port_free port: wait until nothing listens on 127.0.0.1:port
port_free() {
	_i=0
	while listening "$1"; do
		[ $_i -lt 100 ] || return 1
		sleep 0.05
		_i=$((_i + 1))
	done
}

# nginx_stop: stop nginx by its pid and wait until its port is free
nginx_stop() {
	[ -n "$NGINX_PID" ] || return 0
	stop_pid "$NGINX_PID"
	NGINX_PID=
	port_free "$NGINX_PORT"
}

# nginx_count METHOD [STATUS]: the requests of that method (and status) in the access log
nginx_count() {
	awk -v m="$1" -v s="${2:-}" '$1 == m && (s == "" || $3 == s) { n++ } END { print n + 0 }' \
		"$NGINX_LOG" 2>/dev/null || echo 0
}

# nc_start url_var pid_var input nc-args...: nc -l on a free port, with nc-args, sending
# what it reads from input; sets the two variables to its URL and pid once it listens
nc_start() {
	_uv=$1 _pv=$2 _in=$3
	shift 3
	for _try in 1 2 3 4 5 6 7 8; do
		_port=$(nginx_random_port)
		# the redirection on nc itself: a background command's stdin is /dev/null otherwise
		nc -l "$@" 127.0.0.1 "$_port" <"$_in" >>"$TRASH/nc.log" 2>&1 &
		_pid=$!
		echo "$_pid" >>"$NX_PIDFILE"
		_i=0
		while [ $_i -lt 50 ] && kill -0 "$_pid" 2>/dev/null; do
			if listening "$_port"; then
				eval "$_uv=http://127.0.0.1:$_port/cache $_pv=$_pid"
				return 0
			fi
			sleep 0.05
			_i=$((_i + 1))
		done
		stop_pid "$_pid"
	done
	echo "lib-nginx.sh: could not start a listener with nc" >&2
	return 1
}

# blackhole_start: a listener at $BLACKHOLE_URL that takes every connection and never
# answers (-k: the next connection once a client gives one up)
blackhole_start() {
	nc_start BLACKHOLE_URL BLACKHOLE_PID /dev/null -k
}

# canned_start file: a server at $CANNED_URL that answers one connection with the bytes of
# file (a whole HTTP response, or a broken one) and closes it
canned_start() {
	nc_start CANNED_URL CANNED_PID "$1" -N
}

# stop_pid pid: stop a server started here and reap it; its pid is forgotten, so that the
# exit's cleanup never kills a process that got the number since
stop_pid() {
	kill "$1" 2>/dev/null || :   # it may have ended by itself
	wait "$1" 2>/dev/null || :   # its status is that of the kill
	[ -f "$NX_PIDFILE" ] && sed -i "/^$1\$/d" "$NX_PIDFILE"
	return 0
}

# stop every server on exit (lib-git.sh's trap does the same for its own when both are sourced)
nginx_servers_stop() {
	[ -f "$NX_PIDFILE" ] && for _p in $(cat "$NX_PIDFILE"); do
		kill -9 "$_p" 2>/dev/null
	done
	return 0
}
trap 'nginx_servers_stop; type servers_stop >/dev/null 2>&1 && servers_stop; :' EXIT
trap 'nginx_servers_stop; exit 130' INT TERM

# nginx_ok: whether the tools these tests need are here
nginx_ok() {
	[ -x "$NGINX" ] && have nc && "$NGINX" -V 2>&1 | grep -q -- --with-http_dav_module
}
