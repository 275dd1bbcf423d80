/* regex.c: one PCRE2 search */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>

#include "lib/regex.h"
#include "lib/banned.h"

int regex_search(const char *pattern, const char *s, size_t n, struct buf *why)
{
	int code, rc;
	PCRE2_SIZE off;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0, &code, &off, NULL);
	pcre2_match_data *md;

	if (!re) {
		if (why) {
			PCRE2_UCHAR msg[256];

			pcre2_get_error_message(code, msg, sizeof(msg));
			buf_printf(why, "%s at offset %zu", (const char *)msg, (size_t)off);
		}
		return -1;
	}
	md = pcre2_match_data_create_from_pattern(re, NULL);
	rc = pcre2_match(re, (PCRE2_SPTR)s, n, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	return rc >= 0;
}
