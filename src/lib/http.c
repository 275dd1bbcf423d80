/* http.c: libcurl's setup, shared by the go-import lookup and the remote cache */
#include <stdlib.h>
#include <string.h>

#include "lib/http.h"
#include "lib/banned.h"

void http_global_init(void)
{
	static int done;

	if (!done && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		die("cannot initialize libcurl");
	done = 1;
}

void http_set_defaults(CURL *c, int allow_http, char *err)
{
	const char *ca_file = getenv("SSL_CERT_FILE"), *ca_dir = getenv("SSL_CERT_DIR");

#if LIBCURL_VERSION_NUM >= 0x075500
	const char *protocols = allow_http ? "http,https" : "https";

	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, protocols);
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, protocols);
#else
	long protocols = CURLPROTO_HTTPS | (allow_http ? CURLPROTO_HTTP : 0);

	curl_easy_setopt(c, CURLOPT_PROTOCOLS, protocols);
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS, protocols);
#endif
	/* the signals of a timed-out name lookup would reach a program that does not expect them */
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "mipsbake/0.1");
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, err);
	if (ca_file && *ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, ca_file);
	if (ca_dir && *ca_dir)
		curl_easy_setopt(c, CURLOPT_CAPATH, ca_dir);
}

void http_status_reason(const char *line, size_t n, struct buf *out)
{
	const char *sp, *sp2;

	if (n < 5 || memcmp(line, "HTTP/", 5))
		return;
	buf_reset(out);
	if ((sp = memchr(line, ' ', n)) && (sp2 = memchr(sp + 1, ' ', n - (size_t)(sp + 1 - line)))) {
		size_t len = n - (size_t)(sp2 + 1 - line);

		while (len && (sp2[len] == '\n' || sp2[len] == '\r'))
			len--;
		buf_add_printable(out, sp2 + 1, len, 80);
	}
}

void http_describe_error(struct buf *why, CURLcode rc, const char *err)
{
	const char *what = *err ? err : curl_easy_strerror(rc);

	if (rc == CURLE_PEER_FAILED_VERIFICATION)
		buf_printf(why, "tls: the server's certificate is not trusted (%s); SSL_CERT_FILE may name "
			   "a CA certificate to trust", what);
	else if (rc == CURLE_SSL_CONNECT_ERROR || rc == CURLE_SSL_CACERT_BADFILE ||
		 rc == CURLE_SSL_CERTPROBLEM)
		buf_printf(why, "tls: %s", what);
	else
		buf_puts(why, what);
}
