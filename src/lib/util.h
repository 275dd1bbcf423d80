/* util.h: diagnostics, allocation, growable buffers and string vectors */
#ifndef MIPSBAKE_UTIL_H
#define MIPSBAKE_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define ATTR_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define ATTR_NORETURN __attribute__((noreturn))
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* a place in a user's file; line and col are 1-based, 0 means unknown */
struct pos {
	const char *file;
	int line, col;
};

/* program name used as the prefix of messages without a position */
extern const char *progname;

/* print "mipsbake: error: ..." and exit(1); a trailing ':' in fmt appends strerror(errno) */
ATTR_NORETURN ATTR_PRINTF(1, 2) void die(const char *fmt, ...);
/* print "mipsbake: error: ..." and return -1 */
ATTR_PRINTF(1, 2) int error(const char *fmt, ...);
/* print "mipsbake: warning: ..." */
ATTR_PRINTF(1, 2) void warn(const char *fmt, ...);
/* print "mipsbake: note: ..." */
ATTR_PRINTF(1, 2) void note(const char *fmt, ...);
/* a command's usage error: "mipsbake: error: CMD: ... (see 'mipsbake CMD --help')"; returns 2 */
ATTR_PRINTF(2, 3) int usage_error(const char *cmd, const char *fmt, ...);
/* 1 when arg asks for help: -h or --help */
int is_help(const char *arg);
/* print "file:line:col: error: ..." and return -1 */
ATTR_PRINTF(2, 3) int error_at(const struct pos *p, const char *fmt, ...);
/* print "file:line:col: warning: ..." */
ATTR_PRINTF(2, 3) void warn_at(const struct pos *p, const char *fmt, ...);
/* print "file:line:col: note: ..." */
ATTR_PRINTF(2, 3) void note_at(const struct pos *p, const char *fmt, ...);
/* number of errors reported through error() and error_at() so far */
extern int error_count;
/* when set, diagnostics are counted but not printed (the fuzzers provoke millions) */
extern int diag_silent;

/* allocation that dies on failure */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* grow *p (of *cap elements of size) so that it holds at least need elements */
void xgrow(void *pp, size_t *cap, size_t need, size_t size);
/* array p of n elements of size with room for one more; its capacity is implied by n (the
 * next power of two), so that n appends cost O(n) without a capacity field */
void *xappend(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* malloc'ed printf */
ATTR_PRINTF(1, 2) char *xasprintf(const char *fmt, ...);

/* a growable byte string; data is NUL-terminated whenever it is not NULL */
struct buf {
	char *data;
	size_t len, cap;
};
#define BUF_INIT { NULL, 0, 0 }

void buf_init(struct buf *b);
/* free the contents; b may be reused after buf_init */
void buf_release(struct buf *b);
/* make room for n more bytes */
void buf_grow(struct buf *b, size_t n);
void buf_add(struct buf *b, const void *data, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, int c);
ATTR_PRINTF(2, 3) void buf_printf(struct buf *b, const char *fmt, ...);
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* append the n bytes at s for a message: control bytes as \n, \r, \t, \e or \xNN and a backslash
 * doubled, so that nothing reaches a terminal raw; past max bytes of s, "..." ends it */
void buf_add_printable(struct buf *b, const char *s, size_t n, size_t max);
/* set len to 0, keep the memory */
void buf_reset(struct buf *b);
/* return the NUL-terminated string (never NULL) and leave b empty */
char *buf_detach(struct buf *b);
/* the contents as a C string, "" when empty */
const char *buf_str(const struct buf *b);

/* a growable vector of owned, NUL-terminated strings; v[n] is NULL when v is not NULL */
struct strv {
	char **v;
	size_t n, cap;
};
#define STRV_INIT { NULL, 0, 0 }

/* append a copy of s */
void strv_push(struct strv *sv, const char *s);
/* append s itself; sv takes ownership */
void strv_push_owned(struct strv *sv, char *s);
ATTR_PRINTF(2, 3) void strv_pushf(struct strv *sv, const char *fmt, ...);
/* append copies of every string of other */
void strv_extend(struct strv *sv, const struct strv *other);
/* 1 when s is one of the strings */
int strv_has(const struct strv *sv, const char *s);
void strv_sort(struct strv *sv);
void strv_release(struct strv *sv);

/* 1 when s starts with prefix */
int str_has_prefix(const char *s, const char *prefix);
/* 1 when s ends with suffix */
int str_has_suffix(const char *s, const char *suffix);
/* Levenshtein distance, for "did you mean" suggestions */
size_t str_distance(const char *a, const char *b);

#endif
