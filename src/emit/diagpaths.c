/* diagpaths.c: mipsbake diag-paths, run by Ninja, which shows a compile's messages with the user's paths */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit/diagpaths.h"
#include "lib/builddir.h"
#include "lib/os.h"
#include "lib/banned.h"

/* the build directory's map and the two directories paths are shown between */
struct diag_map {
	struct strv shown, dirs;  /* a prefix as compiles name it, the directory it stands for */
	char *builddir;           /* where the compile ran: relative names start here */
	char *cwd;                /* where paths are shown from */
};

/* the map's pairs from text b; a string left without its pair is dropped */
static void map_parse(struct diag_map *m, const struct buf *b)
{
	for (size_t at = 0; at < b->len; at += strlen(b->data + at) + 1)
		strv_push(m->shown.n == m->dirs.n ? &m->shown : &m->dirs, b->data + at);
	if (m->shown.n != m->dirs.n) {
		free(m->shown.v[--m->shown.n]);
		m->shown.v[m->shown.n] = NULL;
	}
}

/* the map, the build directory (this process's), and $MIPSBAKE_CWD; without a map, paths of
 * the build directory and absolute ones are still shown the user's way */
static void map_load(struct diag_map *m)
{
	const char *cwd = getenv(DIAG_CWD_ENV);
	struct buf b = BUF_INIT;

	memset(m, 0, sizeof(*m));
	m->builddir = path_abs(".");
	m->cwd = cwd && path_is_abs(cwd) ? path_abs(cwd) : xstrdup(m->builddir);
	if (fs_is_file(DIAG_MAP_FILE) && fs_read_file(DIAG_MAP_FILE, &b) == 0)
		map_parse(m, &b);
	buf_release(&b);
}

static void map_release(struct diag_map *m)
{
	strv_release(&m->shown);
	strv_release(&m->dirs);
	free(m->builddir);
	free(m->cwd);
}

/* 1 for a line of a quoted source excerpt (gcc's and gccgo's "  17 | x := y", "     | ^",
 * "  +++ |+#include"): its text is the user's, never a message */
static int is_excerpt(const char *s)
{
	s += strspn(s, " ");
	s += strspn(s, "0123456789+");
	s += strspn(s, " ");
	return *s == '|';
}

/* the directory of the longest prefix of the map s starts with, followed by '/'; its length in
 * *klen; NULL: none */
static const char *map_prefix(const struct diag_map *m, const char *s, size_t *klen)
{
	const char *dir = NULL;

	*klen = 0;
	for (size_t i = 0; i < m->shown.n; i++) {
		size_t n = strlen(m->shown.v[i]);

		if (n > *klen && strncmp(s, m->shown.v[i], n) == 0 && s[n] == '/') {
			dir = m->dirs.v[i];
			*klen = n;
		}
	}
	return dir;
}

/*
 * The file named at s, as an absolute path, when s starts a file name the rules of
 * cmd_diag_paths recognise (at_start: s is where a line's message starts), the name's
 * length in *len; NULL otherwise.
 */
static char *named_file(const struct diag_map *m, const char *s, int at_start, size_t *len)
{
	size_t klen;
	const char *dir = map_prefix(m, s, &klen), *colon = strchr(s + klen, ':');
	char *joined, *abs;

	if (!colon || colon == s || !(isdigit((unsigned char)colon[1]) || (at_start && colon[1] == ' ')))
		return NULL;
	if (dir)
		joined = xasprintf("%s%.*s", dir, (int)(colon - s - klen), s + klen);
	else if (at_start && *s == '/')
		joined = xstrndup(s, colon - s);
	else if (at_start)
		joined = xasprintf("%s/%.*s", m->builddir, (int)(colon - s), s);
	else
		return NULL;
	abs = path_abs(joined);
	free(joined);
	if (!fs_is_file(abs)) {
		free(abs);
		return NULL;
	}
	*len = colon - s;
	return abs;
}

/* file (absolute, clean) as go build shows it: its directory relative to the cwd when that
 * is shorter ("./main.go" in the package's own directory), else as it is */
static void show_path(const struct diag_map *m, const char *file, struct buf *out)
{
	char *dir = path_dir(file), *rel = path_relative(m->cwd, dir);

	if (strlen(rel) < strlen(dir))
		buf_printf(out, "%s/%s", rel, path_base(file));
	else
		buf_puts(out, file);
	free(dir);
	free(rel);
}

/* line (NUL-terminated, without its line break) with the files it names shown the user's way */
static void map_line(const struct diag_map *m, const char *line, struct buf *out)
{
	static const char *const leads[] = { "In file included from ", "from " };
	const char *s = line + strspn(line, " \t");

	if (is_excerpt(line)) {
		buf_puts(out, line);
		return;
	}
	for (size_t i = 0; i < ARRAY_LEN(leads); i++) {
		if (str_has_prefix(s, leads[i])) {
			s += strlen(leads[i]);
			break;
		}
	}
	buf_add(out, line, s - line);
	for (const char *start = s; *s;) {
		size_t len;
		char *file = s == start || s[-1] == ' ' || s[-1] == '\t' ? named_file(m, s, s == start, &len) : NULL;

		if (!file) {
			buf_putc(out, *s++);
			continue;
		}
		show_path(m, file, out);
		free(file);
		s += len;
	}
}

int cmd_diag_paths(int argc, char **argv)
{
	struct diag_map m;
	struct buf log = BUF_INIT, out = BUF_INIT;

	if (argc == 2 && is_help(argv[1]))
		return puts("usage: mipsbake diag-paths LOG\n"
			    "show a compile's messages with the files the user edits (run by the generated\n"
			    "build)"), 0;
	if (argc != 2 || argv[1][0] == '-')
		return usage_error("diag-paths", argc == 2 ? "unknown option '%s'" : "expected LOG%s",
				   argc == 2 ? argv[1] : "");
	if (fs_read_file(argv[1], &log) < 0)
		return 1;
	map_load(&m);
	for (char *line = log.data; line && line < log.data + log.len;) {
		char *nl = memchr(line, '\n', log.data + log.len - line);
		char *text = xstrndup(line, (size_t)((nl ? nl : log.data + log.len) - line));

		map_line(&m, text, &out);
		if (nl)
			buf_putc(&out, '\n');
		free(text);
		line = nl ? nl + 1 : NULL;
	}
	fwrite(out.data ? out.data : "", 1, out.len, stdout);
	buf_release(&out);
	buf_release(&log);
	map_release(&m);
	return fflush(stdout) == 0 ? 0 : 1;
}
