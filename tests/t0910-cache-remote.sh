#!/bin/sh
# The remote action cache on a real server: Debian's nginx with dav_methods PUT on loopback.
# A fresh clone with an empty local cache builds the bundled example with gccgo and gc from
# the server alone, runs no action and links the same bytes; a read-only cache sends no PUT
# (the access log says); a corrupt blob on the server is a miss that rebuilds right; the
# server killed mid-build still gives a good build, with one warning.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/lib-git.sh"

if ! have nginx qemu-mipsel-static mipsel-linux-gnu-gccgo go; then
	test_skip 'remote action cache' 'nginx, qemu-user, gccgo or go is missing'
	test_done
fi

unset MIPSBAKE_NO_CACHE
DAV="$TRASH/dav"
NGX="$TRASH/nginx"
mkdir -p "$DAV" "$NGX/tmp"

# nginx_start: serve $DAV for GET, HEAD and PUT on a free port: $PORT, $NGX_PID
nginx_start() {
	for _try in 1 2 3 4 5 6; do
		PORT=$(random_port)
		cat >"$NGX/nginx.conf" <<-EOF
		user root;
		worker_processes 1;
		pid $NGX/nginx.pid;
		error_log $NGX/error.log;
		events { worker_connections 64; }
		http {
			access_log $NGX/access.log;
			client_body_temp_path $NGX/tmp/body;
			proxy_temp_path $NGX/tmp/proxy;
			fastcgi_temp_path $NGX/tmp/fastcgi;
			uwsgi_temp_path $NGX/tmp/uwsgi;
			scgi_temp_path $NGX/tmp/scgi;
			server {
				listen 127.0.0.1:$PORT;
				root $DAV;
				client_max_body_size 0;
				location / {
					dav_methods PUT;
					create_full_put_path on;
					dav_access user:rw;
				}
			}
		}
		EOF
		nginx -p "$NGX" -c "$NGX/nginx.conf" -g 'daemon off;' 2>>"$NGX/start.log" &
		NGX_PID=$!
		_i=0
		while [ $_i -lt 50 ]; do
			kill -0 $NGX_PID 2>/dev/null || break
			curl -s -o /dev/null "http://127.0.0.1:$PORT/" && return 0
			sleep 0.1
			_i=$((_i + 1))
		done
		kill $NGX_PID 2>/dev/null
		wait $NGX_PID 2>/dev/null
	done
	return 1
}

nginx_stop() {
	kill $NGX_PID 2>/dev/null
	wait $NGX_PID 2>/dev/null || true
}

if ! nginx_start; then
	test_skip 'remote action cache' 'nginx does not start here'
	test_done
fi
export MIPSBAKE_REMOTE_CACHE="http://127.0.0.1:$PORT/mb"

# project DIR COMPILER: the bundled example, its hello target for generic-mipsle
project() {
	mkdir -p "$(dirname "$1")"
	if [ "$2" = gc ]; then
		hello_project "$1" gc.yaml generic-mipsle -- '    toolchains: [debian-go]' &&
		sed -i 's|toolchains/debian-gccgo.yaml|toolchains/debian-go.yaml|' "$1/gc.yaml"
	else
		hello_project "$1" gccgo.yaml generic-mipsle
	fi
}
bin_gc=out/hello/generic-mipsle/debian-go/hello
bin_gccgo=out/hello/generic-mipsle/debian-gccgo-mipsle/hello

# build DIR COMPILER BUILDDIR STORE: a build with its own local store
build() {
	MIPSBAKE_ACTION_CACHE="$TRASH/$4" mipsbake -B "$1/$3" -j2 "$1/$2.yaml" >"$1/$3.out" 2>&1 ||
		{ tail -n 30 "$1/$3.out"; false; }
}
log() { echo "$1/$2/.mipsbake-cache.log"; }

for cc in gccgo gc; do
	eval "bin=\$bin_$cc"
	project a $cc
	project "b/$cc/elsewhere" $cc
	test_expect_success "$cc: a cold build fills the server: a PUT per blob and record" "
		: >'$NGX/access.log' &&
		build a $cc build-$cc store-a-$cc &&
		test \$(count_lines '^miss ' \$(log a build-$cc)) -gt 3 &&
		test \$(count_lines '\"PUT /mb/ac/' '$NGX/access.log') = \$(count_lines '^miss ' \$(log a build-$cc)) &&
		test -n \"\$(find '$DAV/mb/cas' -type f)\"
	"
	test_expect_success "$cc: a fresh clone with an empty local cache runs no action, same bytes" "
		build b/$cc/elsewhere $cc build store-b-$cc &&
		test \$(count_lines '^miss ' \$(log b/$cc/elsewhere build)) = 0 &&
		test \$(count_lines '^hit remote ' \$(log b/$cc/elsewhere build)) = \$(count_lines '^miss ' \$(log a build-$cc)) &&
		grep -q 'from the remote cache' b/$cc/elsewhere/build.out &&
		cmp a/build-$cc/$bin b/$cc/elsewhere/build/$bin &&
		qemu-mipsel-static -cpu 74Kf b/$cc/elsewhere/build/$bin world >out &&
		grep -q '^hello, world from mipsle' out
	"
	test_expect_success "$cc: the remote hit filled the local cache" "
		MIPSBAKE_REMOTE_CACHE= build b/$cc/elsewhere $cc build2 store-b-$cc &&
		test \$(count_lines '^hit local ' \$(log b/$cc/elsewhere build2)) = \$(count_lines '^miss ' \$(log a build-$cc))
	"
done

test_expect_success 'read_only: a cold build asks the server and sends no PUT' '
	project ro gccgo &&
	printf "cache:\n  read_only: true\n" >>ro/gccgo.yaml &&
	echo "// read-only" >>ro/cmd/hello/main.go &&
	: >"$NGX/access.log" &&
	build ro gccgo build store-ro &&
	grep -q "^miss " $(log ro build) &&
	grep -q "\"GET /mb/ac/" "$NGX/access.log" &&
	test $(count_lines "\"PUT " "$NGX/access.log") = 0
'

test_expect_success 'a corrupt blob on the server: a miss, rebuilt right' '
	hex=$(sha256sum a/build-gc/$bin_gc | cut -c1-64) &&
	blob="$DAV/mb/cas/$hex" &&
	test -f "$blob" &&
	printf "\\377\\377\\377\\377" | dd of="$blob" bs=1 seek=500 conv=notrunc 2>/dev/null &&
	build b/gc/elsewhere gc build-corrupt store-corrupt &&
	test $(count_lines "^miss " $(log b/gc/elsewhere build-corrupt)) = 1 &&
	grep -q "^miss gc_link " $(log b/gc/elsewhere build-corrupt) &&
	cmp a/build-gc/$bin_gc b/gc/elsewhere/build-corrupt/$bin_gc
'

test_expect_success 'the server killed mid-build: one warning, a good build' '
	project k gccgo &&
	echo "// killed" >>k/cmd/hello/main.go &&
	: >"$NGX/access.log" &&
	{ ( i=0; while ! grep -q "PUT " "$NGX/access.log" && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
	    kill $NGX_PID ) & } &&
	build k gccgo build store-k &&
	wait &&
	! kill -0 $NGX_PID 2>/dev/null &&
	test $(count_lines "warning: the remote cache failed" k/build.out) = 1 &&
	qemu-mipsel-static -cpu 74Kf k/build/$bin_gccgo world >out &&
	grep -q "world from mipsle" out
'

nginx_stop
test_done
