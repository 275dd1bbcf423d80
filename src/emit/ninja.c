/* ninja.c: the Ninja text writer: escaping, quoting, variables and paths */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "emit/ninja.h"
#include "lib/banned.h"

void ninja_preamble(struct buf *b)
{
	buf_puts(b, "ninja_required_version = 1.7\n"
		    "# '|' on a build line: Ninja has no escape for it, but a variable holds it\n"
		    "pipe = |\n\n");
}

/* say that s, which holds a line break, cannot be written; the caller's output is void */
static void refuse_line_break(const char *s)
{
	struct buf shown = BUF_INIT;

	buf_add_printable(&shown, s, strlen(s), 200);
	error("'%s' holds a line break, which a Ninja file cannot hold; nothing generated",
	      buf_str(&shown));
	buf_release(&shown);
}

void ninja_escape(struct buf *b, const char *s)
{
	if (strpbrk(s, "\n\r")) {
		refuse_line_break(s);
		return;
	}
	while (*s) {
		size_t n = strcspn(s, "$ :|");

		buf_add(b, s, n);
		s += n;
		if (*s == '|') {
			buf_puts(b, "${pipe}");
			s++;
		} else if (*s) {
			buf_putc(b, '$');
			buf_putc(b, *s++);
		}
	}
}

void ninja_comment(struct buf *b, const char *fmt, ...)
{
	struct buf text = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&text, fmt, ap);
	va_end(ap);
	if (strpbrk(buf_str(&text), "\n\r"))
		refuse_line_break(buf_str(&text));
	else
		buf_printf(b, "# %s\n", buf_str(&text));
	buf_release(&text);
}

void sh_quote(struct buf *b, const char *s)
{
	const char *safe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_@%+=:,./-";

	if (*s && strspn(s, safe) == strlen(s)) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			buf_puts(b, "'\\''");
		else
			buf_putc(b, *s);
	}
	buf_putc(b, '\'');
}

void depfile_escape(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '#' || *s == '\\')
			buf_putc(b, '\\');
		else if (*s == '$')
			buf_putc(b, '$');
		buf_putc(b, *s);
	}
}

void ninja_var_words(struct buf *b, int indent, const char *name, const struct strv *argv)
{
	struct buf words = BUF_INIT;

	for (size_t i = 0; i < argv->n; i++) {
		if (i)
			buf_putc(&words, ' ');
		sh_quote(&words, argv->v[i]);
	}
	ninja_var_path(b, indent, name, buf_str(&words));
	buf_release(&words);
}

void ninja_var_word(struct buf *b, int indent, const char *name, const char *word)
{
	struct strv one = STRV_INIT;

	strv_push(&one, word);
	ninja_var_words(b, indent, name, &one);
	strv_release(&one);
}

void ninja_var_onfail(struct buf *b, int indent, const char *name, const char *note)
{
	struct buf sh = BUF_INIT;

	buf_puts(&sh, "|| { echo ");
	sh_quote(&sh, note);
	buf_puts(&sh, " >&2; exit 1; }");
	ninja_var_path(b, indent, name, buf_str(&sh));
	buf_release(&sh);
}

void ninja_var_path(struct buf *b, int indent, const char *name, const char *path)
{
	buf_printf(b, "%s%s = ", indent ? "  " : "", name);
	ninja_escape(b, path);
	buf_putc(b, '\n');
}

void ninja_path(struct buf *b, const char *path)
{
	buf_putc(b, ' ');
	ninja_escape(b, path);
}
