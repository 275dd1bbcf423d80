/* cgoflags.c: #cgo directives read as go/build's saveCgo reads them, their flags checked
 * against cmd/go's allowlist (security.go, Go 1.19), and "mipsbake cgoflags" */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "scan/cgoflags.h"
#include "lib/os.h"
#include "lib/banned.h"

static const char *const kind_names[CGO_NKINDS] = {
	"CPPFLAGS", "CFLAGS", "CXXFLAGS", "FFLAGS", "LDFLAGS", "pkg-config",
};

const char *cgo_kind_name(enum cgo_kind k)
{
	return kind_names[k];
}

int cgo_kind_find(const char *name)
{
	for (size_t i = 0; i < CGO_NKINDS; i++)
		if (strcmp(kind_names[i], name) == 0)
			return (int)i;
	return -1;
}

void cgoflags_overrides_from_env(struct cgoflags_overrides *ov)
{
	memset(ov, 0, sizeof(*ov));
	for (int k = 0; k < CGO_PKG_CONFIG; k++) {
		char name[32];

		snprintf(name, sizeof(name), "CGO_%s_ALLOW", kind_names[k]);
		ov->allow[k] = getenv(name);
		snprintf(name, sizeof(name), "CGO_%s_DISALLOW", kind_names[k]);
		ov->disallow[k] = getenv(name);
	}
}

/* ---- the allowlist: the patterns of cmd/go's security.go (Go 1.19), as data ---- */

/* what the compilers (CPPFLAGS, CFLAGS, CXXFLAGS, FFLAGS) may be given */
static const char *const compiler_res[] = {
	"-D([A-Za-z_][A-Za-z0-9_]*)(=[^@\\-]*)?", "-U([A-Za-z_][A-Za-z0-9_]*)", "-F([^@\\-].*)",
	"-I([^@\\-].*)", "-O", "-O([^@\\-].*)", "-W", "-W([^@,]+)", "-Wa,-mbig-obj",
	"-Wp,-D([A-Za-z_][A-Za-z0-9_]*)(=[^@,\\-]*)?", "-Wp,-U([A-Za-z_][A-Za-z0-9_]*)", "-ansi",
	"-f(no-)?asynchronous-unwind-tables", "-f(no-)?blocks", "-f(no-)builtin-[a-zA-Z0-9_]*",
	"-f(no-)?common", "-f(no-)?constant-cfstrings", "-fdiagnostics-show-note-include-stack",
	"-f(no-)?eliminate-unused-debug-types", "-f(no-)?exceptions", "-f(no-)?fast-math",
	"-f(no-)?inline-functions", "-finput-charset=([^@\\-].*)", "-f(no-)?fat-lto-objects",
	"-f(no-)?keep-inline-dllexport", "-f(no-)?lto", "-fmacro-backtrace-limit=(.+)",
	"-fmessage-length=(.+)", "-f(no-)?modules", "-f(no-)?objc-arc",
	"-f(no-)?objc-nonfragile-abi", "-f(no-)?objc-legacy-dispatch", "-f(no-)?omit-frame-pointer",
	"-f(no-)?openmp(-simd)?", "-f(no-)?permissive", "-f(no-)?(pic|PIC|pie|PIE)", "-f(no-)?plt",
	"-f(no-)?rtti", "-f(no-)?split-stack", "-f(no-)?stack-(.+)", "-f(no-)?strict-aliasing",
	"-f(un)signed-char", "-f(no-)?use-linker-plugin", "-f(no-)?visibility-inlines-hidden",
	"-fsanitize=(.+)", "-ftemplate-depth-(.+)", "-fvisibility=(.+)", "-g([^@\\-].*)?", "-m32",
	"-m64", "-m(abi|arch|cpu|fpu|tune)=([^@\\-].*)", "-m(no-)?v?aes", "-marm",
	"-m(no-)?avx[0-9a-z]*", "-mfloat-abi=([^@\\-].*)", "-mfpmath=[0-9a-z,+]*",
	"-m(no-)?avx[0-9a-z.]*", "-m(no-)?ms-bitfields", "-m(no-)?stack-(.+)", "-mmacosx-(.+)",
	"-mios-simulator-version-min=(.+)", "-miphoneos-version-min=(.+)",
	"-mtvos-simulator-version-min=(.+)", "-mtvos-version-min=(.+)",
	"-mwatchos-simulator-version-min=(.+)", "-mwatchos-version-min=(.+)",
	"-mnop-fun-dllimport", "-m(no-)?sse[0-9.]*", "-m(no-)?ssse3", "-mthumb(-interwork)?",
	"-mthreads", "-mwindows", "--param=ssp-buffer-size=[0-9]*", "-pedantic(-errors)?", "-pipe",
	"-pthread", "-?-std=([^@\\-].*)", "-?-stdlib=([^@\\-].*)", "--sysroot=([^@\\-].*)", "-w",
	"-x([^@\\-].*)", "-v",
};

/* compiler flags that take the next word as their argument */
static const char *const compiler_next[] = {
	"-arch", "-D", "-U", "-I", "-F", "-framework", "-include", "-isysroot", "-isystem",
	"--sysroot", "-target", "-x", NULL,
};

/* what the linker (LDFLAGS) may be given; a wildcard after -Wl, never spans a comma */
static const char *const linker_res[] = {
	"-F([^@\\-].*)", "-l([^@\\-].*)", "-L([^@\\-].*)", "-O", "-O([^@\\-].*)",
	"-f(no-)?(pic|PIC|pie|PIE)", "-f(no-)?openmp(-simd)?", "-fsanitize=([^@\\-].*)",
	"-flat_namespace", "-g([^@\\-].*)?", "-headerpad_max_install_names",
	"-m(abi|arch|cpu|fpu|tune)=([^@\\-].*)", "-mfloat-abi=([^@\\-].*)", "-mmacosx-(.+)",
	"-mios-simulator-version-min=(.+)", "-miphoneos-version-min=(.+)", "-mthreads",
	"-mwindows", "-(pic|PIC|pie|PIE)", "-pthread", "-rdynamic", "-shared",
	"-?-static([-a-z0-9+]*)", "-?-stdlib=([^@\\-].*)", "-v",
	"-Wl,--(no-)?allow-multiple-definition", "-Wl,--(no-)?allow-shlib-undefined",
	"-Wl,--(no-)?as-needed", "-Wl,-Bdynamic", "-Wl,-berok", "-Wl,-Bstatic",
	"-Wl,-Bsymbolic-functions", "-Wl,-O([^@,\\-][^,]*)?", "-Wl,-d[ny]",
	"-Wl,--disable-new-dtags", "-Wl,-e[=,][a-zA-Z0-9]*", "-Wl,--enable-new-dtags",
	"-Wl,--end-group", "-Wl,--(no-)?export-dynamic", "-Wl,-E", "-Wl,-framework,[^,@\\-][^,]+",
	"-Wl,--hash-style=(sysv|gnu|both)", "-Wl,-headerpad_max_install_names",
	"-Wl,--no-undefined", "-Wl,-R([^@\\-][^,@]*$)", "-Wl,--just-symbols[=,]([^,@\\-][^,@]+)",
	"-Wl,-rpath(-link)?[=,]([^,@\\-][^,]+)", "-Wl,-s", "-Wl,-search_paths_first",
	"-Wl,-sectcreate,([^,@\\-][^,]+),([^,@\\-][^,]+),([^,@\\-][^,]+)", "-Wl,--start-group",
	"-Wl,-?-static", "-Wl,-?-subsystem,(native|windows|console|posix|xbox)",
	"-Wl,-syslibroot[=,]([^,@\\-][^,]+)", "-Wl,-undefined[=,]([^,@\\-][^,]+)",
	"-Wl,-?-unresolved-symbols=[^,]+", "-Wl,--(no-)?warn-([^,]+)",
	"-Wl,-?-wrap[=,][^,@\\-][^,]*", "-Wl,-z,(no)?execstack", "-Wl,-z,relro",
	/* direct linker inputs: x.o or libfoo.so, but not -foo.o or @foo.o */
	"[a-zA-Z0-9_/].*\\.(a|o|obj|dll|dylib|so|tbd)", "\\./.*\\.(a|o|obj|dll|dylib|so|tbd)",
};

/* linker flags that take the next word as their argument */
static const char *const linker_next[] = {
	"-arch", "-F", "-l", "-L", "-framework", "-isysroot", "--sysroot", "-target",
	"-Wl,-framework", "-Wl,-rpath", "-Wl,-R", "-Wl,--just-symbols", "-Wl,-undefined", NULL,
};

/* pattern re compiled as Go's regexp package reads it; NULL with why set when it does not */
static pcre2_code *re_compile(const char *re, struct buf *why)
{
	PCRE2_SIZE off;
	int code;
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, PCRE2_DOLLAR_ENDONLY,
				      &code, &off, NULL);

	if (!c) {
		PCRE2_UCHAR msg[120];

		pcre2_get_error_message(code, msg, sizeof(msg));
		buf_printf(why, "%s at offset %zu", (const char *)msg, (size_t)off);
	}
	return c;
}

/*
 * 1 when Go's re.FindString(s) == s: the leftmost-first match, the one a backtracking
 * matcher finds first from offset 0, is the whole of s. (Not "some match is the whole of
 * s": "x.obj" is no linker input, since "x.o" is matched first.)
 */
static int re_whole(const pcre2_code *re, const char *s)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	size_t n = strlen(s);
	int ok;

	if (!md)
		die("out of memory");
	ok = pcre2_match(re, (PCRE2_SPTR)s, n, 0, PCRE2_ANCHORED, md, NULL) >= 0 &&
	     pcre2_get_ovector_pointer(md)[1] == n;
	pcre2_match_data_free(md);
	return ok;
}

/* the allowlist of compilers (linker 0) or the linker (1), compiled once */
static pcre2_code **allowlist(int linker, size_t *n)
{
	static pcre2_code *compiled[2][ARRAY_LEN(compiler_res) > ARRAY_LEN(linker_res) ?
				      ARRAY_LEN(compiler_res) : ARRAY_LEN(linker_res)];
	const char *const *res = linker ? linker_res : compiler_res;

	*n = linker ? ARRAY_LEN(linker_res) : ARRAY_LEN(compiler_res);
	for (size_t i = 0; i < *n; i++) {
		struct buf why = BUF_INIT;

		if (!compiled[linker][i] && !(compiled[linker][i] = re_compile(res[i], &why)))
			die("internal error: cgo flag pattern '%s': %s", res[i], buf_str(&why));
	}
	return compiled[linker];
}

/* 1 when one of the allowlist's patterns matches the whole of flag */
static int allowlisted(int linker, const char *flag)
{
	size_t n;
	pcre2_code **res = allowlist(linker, &n);

	for (size_t i = 0; i < n; i++)
		if (re_whole(res[i], flag))
			return 1;
	return 0;
}

/* cmd/go's load.SafeArg: s does not start with what a tool could take for an option or a
 * response file */
static int safe_arg(const char *s)
{
	unsigned char c = (unsigned char)s[0];

	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       c == '.' || c == '_' || c == '/' || c >= 0x80;
}

/* 1 when s is one of the NULL-terminated list */
static int in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

/* flags[i], a flag that takes the next word: 1 when that word is a fit argument for it */
static int next_arg_ok(const struct strv *flags, size_t i)
{
	const char *a = flags->v[i], *b;

	if (i + 1 >= flags->n)
		return 0;
	b = flags->v[i + 1];
	if (safe_arg(b))
		return 1;
	/* -Wl,-framework -Wl,name */
	if (str_has_prefix(a, "-Wl,") && str_has_prefix(b, "-Wl,") && safe_arg(b + 4) &&
	    !strchr(b + 4, ','))
		return 1;
	/* -I =/path, -I $SYSROOT/path */
	return strcmp(a, "-I") == 0 && (b[0] == '=' || str_has_prefix(b, "$SYSROOT")) &&
	       safe_arg(b + 1);
}

/* the user's patterns of kind k, compiled into re[0] (allow) and re[1] (disallow); -1 with why */
static int overrides_compile(const struct cgoflags_overrides *ov, int k, pcre2_code *re[2],
			     struct buf *why)
{
	const char *src[2] = { ov ? ov->allow[k] : NULL, ov ? ov->disallow[k] : NULL };

	re[0] = re[1] = NULL;
	for (int j = 0; j < 2; j++) {
		struct buf msg = BUF_INIT;

		if (!src[j] || !*src[j] || (re[j] = re_compile(src[j], &msg)))
			continue;
		if (ov->manifest)
			buf_printf(why, "parsing cgo_%s: {%s: ...}: %s", j ? "disallow" : "allow",
				   kind_names[k], buf_str(&msg));
		else
			buf_printf(why, "parsing $CGO_%s_%s: %s", kind_names[k], j ? "DISALLOW" : "ALLOW",
				   buf_str(&msg));
		buf_release(&msg);
		pcre2_code_free(re[0]);
		return -1;
	}
	return 0;
}

/* pkg-config's words: a package name must be a safe argument; "--" options pass */
static int check_pkg_config(const struct strv *words, struct buf *why, size_t *bad)
{
	for (size_t i = 0; i < words->n; i++) {
		if (str_has_prefix(words->v[i], "--") || safe_arg(words->v[i]))
			continue;
		buf_printf(why, "invalid pkg-config package name: %s", words->v[i]);
		*bad = i;
		return -1;
	}
	return 0;
}

/* where cmd/go's messages about flags that take an argument send the reader */
#define INVALID_FLAG_URL "https://golang.org/s/invalidflag"

/* the loop of cmd/go's checkFlags over flags of kind k, with the user's patterns re */
static int check_words(int k, const char *source, const struct strv *flags, pcre2_code *re[2],
		       struct buf *why, size_t *bad)
{
	int linker = k == CGO_LDFLAGS;
	const char *const *next = linker ? linker_next : compiler_next;

	for (size_t i = 0; i < flags->n; i++) {
		const char *f = flags->v[i];

		if (!(re[1] && re_whole(re[1], f))) {
			if ((re[0] && re_whole(re[0], f)) || allowlisted(linker, f))
				continue;
			if (in_list(next, f)) {
				if (next_arg_ok(flags, i)) {
					i++;
					continue;
				}
				*bad = i;
				buf_printf(why, "invalid flag in %s: %s %s (see %s)", source, f,
					   i + 1 < flags->n ? flags->v[i + 1] : "without argument",
					   INVALID_FLAG_URL);
				return -1;
			}
		}
		*bad = i;
		buf_printf(why, "invalid flag in %s: %s", source, f);
		return -1;
	}
	return 0;
}

int cgoflags_check_at(const char *kind, const struct strv *flags,
		      const struct cgoflags_overrides *ov, struct buf *why, size_t *bad)
{
	char source[32];

	snprintf(source, sizeof(source), "#cgo %s", kind);
	return cgoflags_check_from(kind, source, flags, ov, why, bad);
}

int cgoflags_check_from(const char *kind, const char *source, const struct strv *flags,
			const struct cgoflags_overrides *ov, struct buf *why, size_t *bad)
{
	int k = cgo_kind_find(kind), rc;
	pcre2_code *re[2];

	*bad = SIZE_MAX;
	if (k < 0) {
		buf_printf(why, "invalid #cgo verb: %s", kind);
		return -1;
	}
	if (k == CGO_PKG_CONFIG)
		return check_pkg_config(flags, why, bad);
	if (overrides_compile(ov, k, re, why) < 0)
		return -1;
	rc = check_words(k, source, flags, re, why, bad);
	pcre2_code_free(re[0]);
	pcre2_code_free(re[1]);
	return rc;
}

int cgoflags_check(const char *kind, const struct strv *flags, const struct cgoflags_overrides *ov,
		   struct buf *why)
{
	size_t bad;

	return cgoflags_check_at(kind, flags, ov, why, &bad);
}

void cgoflags_hint(const char *kind, const struct cgoflags_overrides *ov, struct buf *out)
{
	if (ov && ov->manifest)
		buf_printf(out, "a regular expression that matches the whole flag in the manifest's "
			   "'cgo_allow: {%s: ...}' lets it through (cmd/go: " INVALID_FLAG_URL ")", kind);
	else
		buf_printf(out, "a regular expression in CGO_%s_ALLOW that matches the whole flag lets it "
			   "through (cmd/go: " INVALID_FLAG_URL ")", kind);
}

/* ---- #cgo lines ---- */

void cgo_directives_init(struct cgo_directives *d)
{
	memset(d, 0, sizeof(*d));
}

void cgo_directives_add(struct cgo_directives *d, enum cgo_kind k, const char *word, struct pos at)
{
	size_t n = d->words[k].n;

	d->pos[k] = xappend(d->pos[k], n, sizeof(struct pos));
	d->pos[k][n] = at;
	strv_push(&d->words[k], word);
}

void cgo_directives_release(struct cgo_directives *d)
{
	for (int k = 0; k < CGO_NKINDS; k++) {
		strv_release(&d->words[k]);
		free(d->pos[k]);
	}
	strv_release(&d->files);
	cgo_directives_init(d);
}

/* one word of a #cgo line, and the offset in the line where it starts */
struct word {
	char *s;
	size_t at;
};

/* the rune at s[0..n) (n > 0) in *r, as Go's range over a string decodes it: its length,
 * 1 with *r U+FFFD for a byte that starts no valid UTF-8 sequence */
static size_t rune_at(const char *s, size_t n, unsigned *r)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = u[0] < 0x80 ? 1 : u[0] >= 0xc2 && u[0] < 0xe0 ? 2 : u[0] >= 0xe0 && u[0] < 0xf0 ? 3 :
		     u[0] >= 0xf0 && u[0] < 0xf5 ? 4 : 0;
	unsigned v = len == 1 ? u[0] : len == 2 ? u[0] & 0x1fu : len == 3 ? u[0] & 0x0fu : u[0] & 0x07u;

	if (len == 0 || len > n)
		return *r = 0xfffd, 1;
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return *r = 0xfffd, 1;
		v = v << 6 | (u[i] & 0x3fu);
	}
	if ((len == 3 && (v < 0x800 || (v >= 0xd800 && v < 0xe000))) || (len == 4 && (v < 0x10000 || v > 0x10ffff)))
		return *r = 0xfffd, 1;
	*r = v;
	return len;
}

/* the length of the rune at s[0..n) when unicode.IsSpace holds for it, else 0 */
static size_t space_at(const char *s, size_t n)
{
	unsigned r;
	size_t len = n ? rune_at(s, n, &r) : 0;

	if (!len || !(r == ' ' || (r >= '\t' && r <= '\r') || r == 0x85 || r == 0xa0 || r == 0x1680 ||
		      (r >= 0x2000 && r <= 0x200a) || r == 0x2028 || r == 0x2029 || r == 0x202f ||
		      r == 0x205f || r == 0x3000))
		return 0;
	return len;
}

/* the next field of s[0..n) from *i, as strings.Fields splits: s[*a..*b); 0 when none is left */
static int next_field(const char *s, size_t n, size_t *i, size_t *a, size_t *b)
{
	size_t k;
	unsigned r;

	while (*i < n && (k = space_at(s + *i, n - *i)))
		*i += k;
	if (*i == n)
		return 0;
	*a = *i;
	while (*i < n && !space_at(s + *i, n - *i))
		*i += rune_at(s + *i, n - *i, &r);
	*b = *i;
	return 1;
}

/* go/build's splitQuoted over s[0..n): words into *w (*nw of them); -1 on an unclosed quote
 * or a trailing backslash (the words so far kept). A byte of no valid UTF-8 becomes U+FFFD,
 * as Go's []rune makes it. */
static int split_quoted(const char *s, size_t n, struct word **w, size_t *nw)
{
	struct buf cur = BUF_INIT;
	int escaped = 0, quoted = 0, quote = 0, in = 0;
	size_t start = 0, len;

	for (size_t i = 0; i < n; i += len) {
		unsigned r;
		int sp;

		len = rune_at(s + i, n - i, &r);
		sp = space_at(s + i, n - i) != 0;
		if (!in && !(sp && !escaped && !quote))
			in = 1, start = i;
		if (escaped) {
			escaped = 0;
		} else if (r == '\\') {
			escaped = 1;
			continue;
		} else if (quote) {
			if ((int)r == quote) {
				quote = 0;
				continue;
			}
		} else if (r == '"' || r == '\'') {
			quoted = 1;
			quote = (int)r;
			continue;
		} else if (sp) {
			if (quoted || cur.len) {
				*w = xappend(*w, *nw, sizeof(**w));
				(*w)[(*nw)++] = (struct word){ buf_detach(&cur), start };
				quoted = 0;
			}
			in = 0;
			continue;
		}
		if (r == 0xfffd && len == 1)
			buf_puts(&cur, "\xef\xbf\xbd");
		else
			buf_add(&cur, s + i, len);
	}
	if (quoted || cur.len) {
		*w = xappend(*w, *nw, sizeof(**w));
		(*w)[(*nw)++] = (struct word){ buf_detach(&cur), start };
	}
	buf_release(&cur);
	return quote || escaped ? -1 : 0;
}

/* go/build's safeCgoName: s is not empty and its ASCII bytes are all of the safe ones */
static int safe_cgo_name(const char *s, size_t n)
{
	static const char safe[] = "+-.,/0123456789=ABCDEFGHIJKLMNOPQRSTUVWXYZ_"
				   "abcdefghijklmnopqrstuvwxyz:$@%! ~^";

	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x80 && (!s[i] || !strchr(safe, s[i])))
			return 0;
	return 1;
}

/* go/build's expandSrcDir: the word with ${SRCDIR} replaced, newly allocated, in *out; 0
 * when every piece is safe, -1 when not (*out still set, for the message) */
static int expand_srcdir(const char *w, const char *srcdir, char **out)
{
	static const char var[] = "${SRCDIR}";
	struct buf b = BUF_INIT;
	const char *p = w, *q;
	int ok = 1, any = 0;

	while ((q = strstr(p, var))) {
		ok = ok && (q == p || safe_cgo_name(p, (size_t)(q - p)));
		buf_add(&b, p, (size_t)(q - p));
		buf_puts(&b, srcdir);
		p = q + strlen(var);
		any = 1;
	}
	buf_puts(&b, p);
	if (!any)
		ok = safe_cgo_name(w, strlen(w));
	else
		ok = ok && (!*p || safe_cgo_name(p, strlen(p))) &&
		     (!*srcdir || safe_cgo_name(srcdir, strlen(srcdir))) && b.len;
	*out = buf_detach(&b);
	return ok ? 0 : -1;
}

/* go/build's makePathsAbsolute over one line's words: relative -I and -L paths joined to dir */
static void make_paths_absolute(struct word *w, size_t nw, const char *dir)
{
	int next_path = 0;

	for (size_t i = 0; i < nw; i++) {
		const char *path = NULL, *s = w[i].s;
		size_t keep = 0;

		if (next_path)
			path = s, next_path = 0;
		else if (str_has_prefix(s, "-I") || str_has_prefix(s, "-L")) {
			if (!s[2])
				next_path = 1;
			else
				path = s + 2, keep = 2;
		}
		if (path && !path_is_abs(path)) {
			char *joined = path_join(dir, path), *clean = path_abs(joined);

			w[i].s = xasprintf("%.*s%s", (int)keep, s, clean);
			free((char *)s);
			free(joined);
			free(clean);
		}
	}
}

/* 1 when one of the conditions of a #cgo line, cond[0..n), holds for ctx (go/build's matchAuto
 * over each field), or there are none */
static int cond_holds(const struct build_ctx *ctx, const char *cond, size_t n)
{
	size_t i = 0, fa, fb;
	int fields = 0;

	while (next_field(cond, n, &i, &fa, &fb)) {
		char *one = xstrndup(cond + fa, fb - fa);
		int holds = strpbrk(one, "&|()") ? constraint_eval_expr(ctx, one) == 1 :
			    constraint_eval_plus_build(ctx, one) == 1;

		free(one);
		if (holds)
			return 1;
		fields++;
	}
	return !fields;
}

/* a #cgo line being read: where it is, for messages */
struct cgo_line {
	const char *path;        /* as given, for messages */
	const char *file;        /* the copy in out->files */
	const char *text;        /* the line, trimmed */
	size_t len;
	int line, col;           /* where text starts */
};

/* report a fault of line l at offset at of its text */
ATTR_PRINTF(3, 4) static int line_error(const struct cgo_line *l, size_t at, const char *fmt, ...)
{
	struct pos p = { l->path, l->line, l->col + (int)at };
	struct buf msg = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	error_at(&p, "%s", buf_str(&msg));
	buf_release(&msg);
	return -1;
}

/* "#cgo ..." printable, for messages */
static char *line_printable(const struct cgo_line *l)
{
	struct buf b = BUF_INIT;

	buf_add_printable(&b, l->text, l->len, 200);
	return buf_detach(&b);
}

/* add words w[0..nw) of verb k from line l to out */
static void add_words(struct cgo_directives *out, int k, struct word *w, size_t nw,
		      const struct cgo_line *l, size_t args_at)
{
	for (size_t i = 0; i < nw; i++) {
		size_t n = out->words[k].n;

		out->pos[k] = xappend(out->pos[k], n, sizeof(struct pos));
		out->pos[k][n] = (struct pos){ l->file, l->line, l->col + (int)(args_at + w[i].at) };
		strv_push_owned(&out->words[k], w[i].s);
		w[i].s = NULL;
	}
}

/* free words w[0..nw) and w */
static void words_free(struct word *w, size_t nw)
{
	for (size_t i = 0; i < nw; i++)
		free(w[i].s);
	free(w);
}

/* the words of line l after its colon (at offset colon): split, expanded, checked */
static int read_args(const struct cgo_line *l, size_t colon, const char *srcdir,
		     struct word **w, size_t *nw)
{
	const char *args = l->text + colon + 1;
	size_t n = l->len - colon - 1;

	if (split_quoted(args, n, w, nw) < 0) {
		char *p = line_printable(l);

		line_error(l, 0, "invalid #cgo line: %s", p);
		free(p);
		return -1;
	}
	for (size_t i = 0; i < *nw; i++) {
		char *x;

		if (expand_srcdir((*w)[i].s, srcdir, &x) < 0) {
			struct buf b = BUF_INIT;

			buf_add_printable(&b, x, strlen(x), 200);
			line_error(l, colon + 1 + (*w)[i].at, "malformed #cgo argument: %s", buf_str(&b));
			buf_release(&b);
			free(x);
			return -1;
		}
		free((*w)[i].s);
		(*w)[i].s = x;
	}
	return 0;
}

/* one trimmed line of a comment that starts with "#cgo" and a blank */
static int parse_line(const struct cgo_line *l, const struct build_ctx *ctx, const char *srcdir,
		      struct cgo_directives *out)
{
	const char *colon = memchr(l->text, ':', l->len), *v = NULL, *ve = NULL;
	struct word *w = NULL;
	size_t nw = 0, i = 5, fa, fb;
	int k, rc = 0;
	char *verb;

	/* the verb is the last field before the colon, the conditions those before it */
	while (colon && next_field(l->text, (size_t)(colon - l->text), &i, &fa, &fb))
		v = l->text + fa, ve = l->text + fb;
	if (!colon || !v) {
		char *p = line_printable(l);

		line_error(l, 0, "invalid #cgo line: %s", p);
		free(p);
		return -1;
	}
	if (v > l->text + 5 && !cond_holds(ctx, l->text + 5, (size_t)(v - l->text - 5)))
		return 0;
	if (read_args(l, (size_t)(colon - l->text), srcdir, &w, &nw) < 0) {
		words_free(w, nw);
		return -1;
	}
	verb = xstrndup(v, (size_t)(ve - v));
	k = cgo_kind_find(verb);
	if (k < 0) {
		char *p = line_printable(l);

		rc = line_error(l, 0, "invalid #cgo verb: %s", p);
		free(p);
	} else {
		if (k != CGO_PKG_CONFIG)
			make_paths_absolute(w, nw, srcdir);
		add_words(out, k, w, nw, l, (size_t)(colon - l->text) + 1);
	}
	free(verb);
	words_free(w, nw);
	return rc;
}

/* one line of comment text, s[0..n) at line:col: a #cgo line is parsed, others are not */
static int comment_line(struct cgo_line *l, const char *s, size_t n, const struct build_ctx *ctx,
			const char *srcdir, struct cgo_directives *out)
{
	size_t a = 0, k, end;
	unsigned r;

	while (a < n && (k = space_at(s + a, n - a)))
		a += k;
	for (size_t i = end = a; i < n; i += k)
		if (!space_at(s + i, n - i))
			end = i + (k = rune_at(s + i, n - i, &r));
		else
			k = space_at(s + i, n - i);
	n = end;
	if (n - a < 5 || memcmp(s + a, "#cgo", 4) != 0 || (s[a + 4] != ' ' && s[a + 4] != '\t'))
		return 0;
	l->text = s + a;
	l->len = n - a;
	l->col += (int)a;
	return parse_line(l, ctx, srcdir, out);
}

/* comment_line over s[0..n) less its carriage returns, which go/scanner drops from comments;
 * a NUL is an error, as go/build's header reader has it */
static int comment_text(struct cgo_line *l, const char *s, size_t n, const struct build_ctx *ctx,
			const char *srcdir, struct cgo_directives *out)
{
	struct buf b = BUF_INIT;
	const char *nul = memchr(s, '\0', n);
	int rc;

	if (nul) {
		struct pos p = { l->path, l->line, l->col + (int)(nul - s) };

		return error_at(&p, "unexpected NUL in input");
	}
	if (!memchr(s, '\r', n))
		return comment_line(l, s, n, ctx, srcdir, out);
	for (size_t i = 0; i < n; i++)
		if (s[i] != '\r')
			buf_putc(&b, s[i]);
	rc = comment_line(l, buf_str(&b), b.len, ctx, srcdir, out);
	buf_release(&b);
	return rc;
}

/* a comment marker at text[*at..e) after blanks: *at moved past it, *in_block set; 0 if none */
static int comment_open(const char *text, size_t *at, size_t e, int *in_block)
{
	size_t b = *at;

	while (b < e && (text[b] == ' ' || text[b] == '\t'))
		b++;
	if (e - b < 2 || text[b] != '/' || (text[b + 1] != '/' && text[b + 1] != '*'))
		return 0;
	*in_block = text[b + 1] == '*';
	*at = b + 2;
	return 1;
}

/* the comment text on the source line text[i..e) (*in_block: a block comment is open) */
static int source_line(struct cgo_line *l, const char *text, size_t i, size_t e, int *in_block,
		       const struct build_ctx *ctx, const char *srcdir, struct cgo_directives *out)
{
	size_t body = i;

	if (!*in_block && !comment_open(text, &body, e, in_block))
		return 0;
	for (;;) {
		size_t end = body;

		while (*in_block && end + 1 < e && !(text[end] == '*' && text[end + 1] == '/'))
			end++;
		if (!*in_block || end + 1 >= e)
			end = e;
		l->col = (int)(body - i) + 1;
		if (comment_text(l, text + body, end - body, ctx, srcdir, out) < 0)
			return -1;
		if (end == e)
			return 0;
		*in_block = 0;
		body = end + 2;
		if (!comment_open(text, &body, e, in_block))
			return 0;
	}
}

int cgo_directives_parse(const char *path, const char *text, size_t n, int first_line,
			 const struct build_ctx *ctx, const char *srcdir, struct cgo_directives *out)
{
	int line = first_line, in_block = 0;

	strv_push(&out->files, path);
	for (size_t i = 0; i < n; line++) {
		struct cgo_line l = { path, out->files.v[out->files.n - 1], NULL, 0, line, 1 };
		const char *nl = memchr(text + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - text) : n;

		if (source_line(&l, text, i, e, &in_block, ctx, srcdir, out) < 0)
			return -1;
		i = e + 1;
	}
	return 0;
}

/* ---- the cgo preamble: the doc comment of import "C" ---- */

/* a comment of a Go file */
struct comment {
	size_t off, end;         /* its bytes */
	int line, end_line;
};

/* a Go file's header, read token by token as go/scanner does (as far as imports go) */
struct lexer {
	const char *path, *src;
	size_t len, i;
	int line;
	struct comment *com;     /* the comments before the current token */
	size_t ncom;
	int prev_line;           /* the line the previous token ends on, 0 at the start */
	/* the current token */
	int tok;                 /* 'i' identifier, 's' string, 'e' end, or the punctuation byte */
	size_t t_off, t_end;
	int t_line;
	/* the lead comment of the current token: com[lead_a..lead_b), when lead_b > lead_a */
	size_t lead_a, lead_b;
};

/* skip blanks and comments before the next token, collecting the comments; -1 after reporting
 * an unclosed block comment */
static int lex_space(struct lexer *x)
{
	x->ncom = 0;
	while (x->i < x->len) {
		char c = x->src[x->i];
		struct comment cm;

		if (c == '\n') {
			x->line++, x->i++;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r') {
			x->i++;
			continue;
		}
		if (c != '/' || x->i + 1 >= x->len || (x->src[x->i + 1] != '/' && x->src[x->i + 1] != '*'))
			return 0;
		cm.off = x->i;
		cm.line = x->line;
		if (x->src[x->i + 1] == '/') {
			while (x->i < x->len && x->src[x->i] != '\n')
				x->i++;
		} else {
			for (x->i += 2; x->i + 1 < x->len && memcmp(x->src + x->i, "*" "/", 2) != 0; x->i++)
				x->line += x->src[x->i] == '\n';
			if (x->i + 1 >= x->len)
				x->i = x->len;
			if (x->i >= x->len) {
				struct pos p = { x->path, cm.line, 0 };

				return error_at(&p, "comment not terminated");
			}
			x->i += 2;
		}
		cm.end = x->i;
		cm.end_line = x->line;
		x->com = xappend(x->com, x->ncom, sizeof(*x->com));
		x->com[x->ncom++] = cm;
	}
	return 0;
}

/* go/parser's lead comment of the token on line next_line: the last group of the comments
 * (a group: comments each starting at most a line after the one before ends, but those on
 * the previous token's line a group of their own), when it ends on the line before */
static void lex_lead(struct lexer *x, int next_line)
{
	size_t i = 0, a = 0;
	int end = -1;

	x->lead_a = x->lead_b = 0;
	if (x->ncom && x->prev_line && x->com[0].line == x->prev_line) {
		end = x->com[0].line;
		while (i < x->ncom && x->com[i].line <= end)
			end = x->com[i++].end_line;
		end = -1;
	}
	while (i < x->ncom) {
		a = i;
		end = x->com[i].line;
		while (i < x->ncom && x->com[i].line <= end + 1)
			end = x->com[i++].end_line;
	}
	if (end >= 0 && end + 1 == next_line)
		x->lead_a = a, x->lead_b = x->ncom;
}

/* skip a quoted literal closing with q (escapes for '"' and '\''); -1 after reporting */
static int lex_quoted(struct lexer *x, char q)
{
	for (x->i++; x->i < x->len && x->src[x->i] != q; x->i++) {
		if (x->src[x->i] == '\n' && q != '`')
			break;
		x->line += x->src[x->i] == '\n';
		if (x->src[x->i] == '\\' && q != '`')
			x->i++;
	}
	if (x->i >= x->len || x->src[x->i] != q) {
		struct pos p = { x->path, x->t_line, 0 };

		return error_at(&p, "string literal not terminated");
	}
	x->i++;
	return 0;
}

/* 1 when c may be part of an identifier (or a number: the header has none that matter) */
static int ident_byte(unsigned char c)
{
	return c == '_' || c >= 0x80 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9');
}

/* the next token; -1 after reporting */
static int lex_next(struct lexer *x)
{
	unsigned char c;

	if (lex_space(x) < 0)
		return -1;
	x->t_off = x->i;
	x->t_line = x->line;
	lex_lead(x, x->line);
	if (x->i >= x->len) {
		x->tok = 'e';
		return 0;
	}
	c = (unsigned char)x->src[x->i];
	if (c == '"' || c == '`' || c == '\'') {
		x->tok = c == '\'' ? '\'' : 's';
		if (lex_quoted(x, (char)c) < 0)
			return -1;
	} else if (ident_byte(c)) {
		x->tok = 'i';
		while (x->i < x->len && ident_byte((unsigned char)x->src[x->i]))
			x->i++;
	} else {
		x->tok = c;
		x->i++;
	}
	x->t_end = x->i;
	x->prev_line = x->line;
	return 0;
}

/* 1 when the current token is the identifier word */
static int lex_is(const struct lexer *x, const char *word)
{
	size_t n = strlen(word);

	return x->tok == 'i' && x->t_end - x->t_off == n && memcmp(x->src + x->t_off, word, n) == 0;
}

/* the comment group com[a..b) as a preamble */
static struct cgo_preamble preamble_of(const struct lexer *x, size_t a, size_t b)
{
	struct cgo_preamble p = { x->com[a].off, x->com[b - 1].end - x->com[a].off, x->com[a].line };
	size_t s = p.off;

	while (s > 0 && (x->src[s - 1] == ' ' || x->src[s - 1] == '\t'))
		s--;
	if (s == 0 || x->src[s - 1] == '\n') {
		p.len += p.off - s;
		p.off = s;
	}
	return p;
}

/* one import spec at the current token; its lead comment group is in *doc (a, b), the
 * declaration's in decl; records a preamble for "C" */
static int import_spec(struct lexer *x, const struct cgo_preamble *doc, int have_doc,
		       struct cgo_preamble **out, size_t *n)
{
	if (x->tok == 'i' || x->tok == '.')
		if (lex_next(x) < 0)
			return -1;
	if (x->tok != 's') {
		struct pos p = { x->path, x->t_line, 0 };

		return error_at(&p, "expected an import path");
	}
	/* "C" and `C` are the only spellings go/build's strconv.Unquote makes "C" of */
	if (x->t_end - x->t_off == 3 && x->src[x->t_off + 1] == 'C') {
		*out = xappend(*out, *n, sizeof(**out));
		(*out)[(*n)++] = have_doc ? *doc : (struct cgo_preamble){ 0, 0, 0 };
	}
	return lex_next(x);
}

/* the specs of one import declaration, its keyword the current token */
static int import_decl(struct lexer *x, struct cgo_preamble **out, size_t *n)
{
	struct cgo_preamble decl = { 0, 0, 0 }, doc;
	int have_decl = x->lead_b > x->lead_a;
	size_t first = *n, specs = 0;

	if (have_decl)
		decl = preamble_of(x, x->lead_a, x->lead_b);
	if (lex_next(x) < 0)
		return -1;
	if (x->tok != '(')
		return import_spec(x, &decl, have_decl, out, n);
	if (lex_next(x) < 0)
		return -1;
	while (x->tok != ')' && x->tok != 'e') {
		int have = x->lead_b > x->lead_a;

		if (x->tok == ';') {
			if (lex_next(x) < 0)
				return -1;
			continue;
		}
		if (have)
			doc = preamble_of(x, x->lead_a, x->lead_b);
		if (import_spec(x, &doc, have, out, n) < 0)
			return -1;
		specs++;
	}
	/* a parenthesised declaration of one spec lends the spec its doc */
	if (specs == 1 && *n == first + 1 && !(*out)[first].len && have_decl)
		(*out)[first] = decl;
	return lex_next(x);
}

int cgo_preambles_find(const char *path, const char *src, size_t len, struct cgo_preamble **out)
{
	struct lexer x = { .path = path, .src = src, .len = len, .line = 1 };
	size_t n = 0;
	int rc = 0;

	*out = NULL;
	if (len >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0)
		x.i = 3;
	if (lex_next(&x) < 0 || !lex_is(&x, "package") || lex_next(&x) < 0 || x.tok != 'i') {
		struct pos p = { path, x.t_line, 0 };

		free(x.com);
		return error_at(&p, "expected 'package' and a name");
	}
	if (lex_next(&x) < 0)
		rc = -1;
	while (rc == 0 && (x.tok == ';' || lex_is(&x, "import")))
		rc = x.tok == ';' ? lex_next(&x) : import_decl(&x, out, &n);
	if (rc == 0 && memchr(src, '\0', x.t_off)) {
		const char *nul = memchr(src, '\0', x.t_off);
		struct pos p = { path, 1, 1 };

		for (const char *c = src; c < nul; c++)
			*c == '\n' ? (p.line++, p.col = 1) : p.col++;
		rc = error_at(&p, "unexpected NUL in input");
	}
	free(x.com);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		return -1;
	}
	return (int)n;
}

/* ---- checking a package's directives ---- */

int cgo_directives_check(const struct cgo_directives *d, const struct cgoflags_overrides *ov)
{
	int rc = 0;

	for (int k = 0; k < CGO_NKINDS; k++) {
		struct buf why = BUF_INIT, hint = BUF_INIT;
		size_t bad;

		if (cgoflags_check_at(kind_names[k], &d->words[k], ov, &why, &bad) == 0)
			continue;
		rc = -1;
		if (bad == SIZE_MAX) {
			error("%s", buf_str(&why));
		} else {
			error_at(&d->pos[k][bad], "%s", buf_str(&why));
			if (k != CGO_PKG_CONFIG) {
				cgoflags_hint(kind_names[k], ov, &hint);
				note_at(&d->pos[k][bad], "%s", buf_str(&hint));
			}
		}
		buf_release(&why);
		buf_release(&hint);
	}
	return rc;
}

/* ---- mipsbake cgoflags ---- */

static int cgoflags_usage(FILE *f, int code)
{
	fputs("usage: mipsbake cgoflags [--goarch ARCH] FILE.go...\n"
	      "\n"
	      "Read the #cgo directives of the comment before each file's import \"C\" for\n"
	      "GOOS=linux and ARCH (default mipsle), as one package's, and check their flags\n"
	      "against cmd/go's allowlist, with the overrides of the environment's\n"
	      "CGO_<KIND>_ALLOW and CGO_<KIND>_DISALLOW, as go build does. Prints one line per\n"
	      "kind (CPPFLAGS, CFLAGS, CXXFLAGS, FFLAGS, LDFLAGS, pkg-config) in the format of\n"
	      "go list -f '{{.CgoCFLAGS}}'. Exit status: 0 ok, 1 on a bad directive, a refused\n"
	      "flag or an unreadable file, 2 on a usage error.\n", f);
	return code;
}

/* the directives of file path for ctx into d; -1 after reporting */
static int cgoflags_file(const char *path, const struct build_ctx *ctx, struct cgo_directives *d)
{
	struct buf src = BUF_INIT;
	struct cgo_preamble *pre = NULL;
	char *abs, *dir;
	int n, rc = 0;

	if (fs_read_file(path, &src) < 0)
		return -1;
	n = cgo_preambles_find(path, buf_str(&src), src.len, &pre);
	if (n == 0) {
		struct pos p = { path, 0, 0 };

		rc = error_at(&p, "no import \"C\"");
	}
	abs = path_abs(path);
	dir = path_dir(abs);
	for (int i = 0; rc == 0 && i < n; i++)
		if (pre[i].len)
			rc = cgo_directives_parse(path, buf_str(&src) + pre[i].off, pre[i].len,
						  pre[i].line, ctx, dir, d);
	free(abs);
	free(dir);
	free(pre);
	buf_release(&src);
	return n < 0 ? -1 : rc;
}

/* print d in go list's {{.CgoCFLAGS}} format, a line per kind */
static void cgoflags_print(const struct cgo_directives *d)
{
	for (int k = 0; k < CGO_NKINDS; k++) {
		printf("%s: [", kind_names[k]);
		for (size_t i = 0; i < d->words[k].n; i++)
			printf("%s%s", i ? " " : "", d->words[k].v[i]);
		puts("]");
	}
}

int cmd_cgoflags(int argc, char **argv)
{
	struct build_ctx ctx = { .goos = "linux", .goarch = "mipsle", .compiler = "gc", .go_minor = 19,
				 .cgo = 1 };
	struct cgoflags_overrides ov;
	struct cgo_directives d;
	int i = 1, rc = 0;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return cgoflags_usage(stdout, 0);
		if (strcmp(argv[i], "--goarch") == 0 && i + 1 < argc)
			ctx.goarch = argv[++i];
		else if (str_has_prefix(argv[i], "--goarch="))
			ctx.goarch = argv[i] + 9;
		else
			return usage_error("cgoflags", "unknown option '%s'", argv[i]);
	}
	if (!*ctx.goarch)
		return usage_error("cgoflags", "--goarch needs an architecture");
	if (i == argc)
		return usage_error("cgoflags", "no FILE.go given");
	cgo_directives_init(&d);
	for (; i < argc; i++)
		if (cgoflags_file(argv[i], &ctx, &d) < 0)
			rc = 1;
	cgoflags_overrides_from_env(&ov);
	if (rc == 0 && cgo_directives_check(&d, &ov) < 0)
		rc = 1;
	if (rc == 0)
		cgoflags_print(&d);
	cgo_directives_release(&d);
	return rc;
}
