/* cgopolicy.c: a package's #cgo flags held to cmd/go's allowlist with the manifest's
 * overrides, and #cgo pkg-config: run as cmd/go's getPkgConfigFlags runs it (Go 1.19) */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/os.h"
#include "lib/proc.h"
#include "plan/cgopolicy.h"
#include "lib/banned.h"

extern char **environ;

/* the manifest's verbs are enum cgo_kind's first ones, in its order */
_Static_assert(MF_CGO_VERBS == CGO_PKG_CONFIG && CGO_CPPFLAGS == 0 && CGO_LDFLAGS == 4,
	       "mf_cgo_verbs and enum cgo_kind disagree");

/* seconds a pkg-config run may take */
#define PKG_CONFIG_TIMEOUT 60
/* the most .pc files followed through Requires for the depfile */
#define PC_FILES_MAX 256

void cgo_policy_overrides(const struct manifest *m, struct cgoflags_overrides *ov)
{
	memset(ov, 0, sizeof(*ov));
	for (int k = 0; k < MF_CGO_VERBS; k++) {
		ov->allow[k] = m->cgo_allow[k];
		ov->disallow[k] = m->cgo_disallow[k];
	}
	ov->manifest = 1;
}

int cgo_pkg_config_split(const char *s, size_t n, struct strv *out, struct buf *why)
{
	struct buf flag = BUF_INIT;
	int escaped = 0, have = 0;
	char quote = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (escaped) {
			if (quote && !strchr("$`\"\\", c))
				buf_putc(&flag, '\\');
			buf_putc(&flag, c);
			have = 1;
			escaped = 0;
		} else if (quote) {
			if (c == quote)
				quote = 0;
			else if (c == '\\')
				escaped = 1;
			else
				buf_putc(&flag, c), have = 1;
		} else if (!memchr(" \t\n\v\f\r", c, 6)) {
			if (c == '\\')
				escaped = 1;
			else if (c == '\'' || c == '"')
				quote = c;
			else
				buf_putc(&flag, c), have = 1;
		} else if (have) {
			strv_push(out, buf_str(&flag));
			buf_reset(&flag);
			have = 0;
		}
	}
	if (escaped || quote) {
		buf_puts(why, escaped ? "broken character escaping in pkgconf output"
			      : "unterminated quoted string in pkgconf output");
		buf_release(&flag);
		return -1;
	}
	if (have)
		strv_push(out, buf_str(&flag));
	buf_release(&flag);
	return 0;
}

/* Go's strings.Fields over ASCII white space: how cmd/go splits pkg-config --libs */
static void split_fields(const char *s, size_t n, struct strv *out)
{
	for (size_t i = 0; i < n;) {
		size_t j = i;

		while (j < n && !memchr(" \t\n\v\f\r", s[j], 6))
			j++;
		if (j > i) {
			char *w = xstrndup(s + i, j - i);

			strv_push_owned(out, w);
		}
		i = j + 1;
	}
}

/* tc's pkg-config: a path as given; a name in tc's bindir, else in PATH; NULL when not found */
static char *find_pkg_config(const struct mf_toolchain *tc)
{
	if (!strchr(tc->pkg_config, '/') && tc->bindir) {
		char *path = path_join(tc->bindir, tc->pkg_config), *found = os_which(path);

		free(path);
		if (found)
			return found;
	}
	return os_which(tc->pkg_config);
}

/* the environment pkg-config runs in: ours without any PKG_CONFIG_*, and PKG_CONFIG_LIBDIR
 * when tc names directories (*libdir: its value, NULL when it does not) */
static char **pkg_config_env(const struct mf_toolchain *tc, char **libdir)
{
	size_t n = 0, k = 0;
	char **env;
	struct buf b = BUF_INIT;

	while (environ[n])
		n++;
	env = xcalloc(n + 2, sizeof(*env));
	for (size_t i = 0; i < n; i++)
		if (!str_has_prefix(environ[i], "PKG_CONFIG_"))
			env[k++] = environ[i];
	*libdir = NULL;
	if (tc->pkg_config_path.n > 0) {
		for (size_t i = 0; i < tc->pkg_config_path.n; i++)
			buf_printf(&b, "%s%s", i ? ":" : "", tc->pkg_config_path.v[i]);
		*libdir = buf_detach(&b);
		env[k++] = xasprintf("PKG_CONFIG_LIBDIR=%s", *libdir);
	}
	return env;
}

/* one pkg-config run: where, with what, and what it is for (messages) */
struct pc_run {
	const struct mf_toolchain *tc;
	char *prog;
	char **env;
	const char *libdir;
	const struct pos *at;
	const struct strv *flags, *pkgs; /* the directive's "--" options and package names */
};

/* the command line of run with option what, for messages */
static void show_cmd(const struct pc_run *run, const char *what, const struct strv *pkgs, struct buf *b)
{
	buf_printf(b, "%s %s", run->prog, what);
	for (size_t i = 0; i < run->flags->n; i++)
		buf_printf(b, " %s", run->flags->v[i]);
	buf_puts(b, " --");
	for (size_t i = 0; i < pkgs->n; i++)
		buf_printf(b, " %s", pkgs->v[i]);
}

/* run "prog what flags -- pkgs" into out; -1, reported at the directive unless quiet */
static int run_pkg_config(const struct pc_run *run, const char *what, const struct strv *pkgs, int quiet,
			  struct buf *out)
{
	struct strv argv = STRV_INIT;
	struct proc_result r;
	int rc = 0;

	strv_push(&argv, run->prog);
	strv_push(&argv, what);
	strv_extend(&argv, run->flags);
	strv_push(&argv, "--");
	strv_extend(&argv, pkgs);
	xgrow(&argv.v, &argv.cap, argv.n + 1, sizeof(*argv.v));
	argv.v[argv.n] = NULL;
	if (proc_run_env(argv.v, run->env, PKG_CONFIG_TIMEOUT, &r) < 0 || r.timed_out || r.status != 0) {
		struct buf cmd = BUF_INIT, msg = BUF_INIT;
		size_t n = r.err.len;

		while (n > 0 && strchr(" \t\n", r.err.data[n - 1]))
			n--;
		for (size_t i = 0; i < n; i++)
			if (r.err.data[i] == '\n')
				r.err.data[i] = ' ';
		buf_add_printable(&msg, r.err.data ? r.err.data : "", n, 1000);
		show_cmd(run, what, pkgs, &cmd);
		if (!quiet) {
			if (r.status < 0)
				error_at(run->at, "#cgo pkg-config: could not run '%s'", buf_str(&cmd));
			else if (r.timed_out)
				error_at(run->at, "#cgo pkg-config: '%s' took longer than %d seconds", buf_str(&cmd),
					 PKG_CONFIG_TIMEOUT);
			else
				error_at(run->at, "#cgo pkg-config: '%s' failed (exit status %d)%s%s", buf_str(&cmd),
					 r.status, n ? ": " : "", buf_str(&msg));
			note_at(&run->tc->pos, "toolchain '%s' runs '%s' with %s%s", run->tc->name, run->prog,
				run->libdir ? "PKG_CONFIG_LIBDIR=" : "its built-in search path (no 'pkg_config_path')",
				run->libdir ? run->libdir : "");
		}
		buf_release(&cmd);
		buf_release(&msg);
		rc = -1;
	} else {
		buf_add(out, r.out.data, r.out.len);
	}
	proc_result_release(&r);
	strv_release(&argv);
	return rc;
}

/* the .pc files of pkgs and, through Requires and Requires.private, of what they need: files
 * whose change changes pkg-config's answer (a pkg-config without --path adds none) */
static void pc_files(const struct pc_run *run, const struct strv *pkgs, struct strv *read)
{
	struct strv todo = STRV_INIT, seen = STRV_INIT;

	strv_extend(&todo, pkgs);
	for (size_t i = 0; i < todo.n && seen.n < PC_FILES_MAX; i++) {
		struct strv one = STRV_INIT, words = STRV_INIT;
		struct buf out = BUF_INIT;

		if (strv_has(&seen, todo.v[i]))
			continue;
		strv_push(&seen, todo.v[i]);
		strv_push(&one, todo.v[i]);
		if (run_pkg_config(run, "--path", &one, 1, &out) == 0) {
			split_fields(out.data, out.len, &words);
			for (size_t j = 0; j < words.n; j++)
				if (path_is_abs(words.v[j]) && !strv_has(read, words.v[j]))
					strv_push(read, words.v[j]);
		}
		buf_reset(&out);
		/* "name [op version]" lines: the names */
		if (run_pkg_config(run, "--print-requires", &one, 1, &out) == 0 &&
		    run_pkg_config(run, "--print-requires-private", &one, 1, &out) == 0) {
			for (const char *l = buf_str(&out); *l;) {
				size_t e = strcspn(l, "\n"), w = strcspn(l, " \t\n<>=!");

				if (w > 0)
					strv_push_owned(&todo, xstrndup(l, w));
				l += e + (l[e] == '\n');
			}
		}
		buf_release(&out);
		strv_release(&one);
		strv_release(&words);
	}
	strv_release(&todo);
	strv_release(&seen);
}

/* check words, pkg-config's output for option what, as kind; -1 after reporting */
static int check_output(const struct pc_run *run, const char *kind, const char *what, const struct strv *words,
			const struct cgoflags_overrides *ov)
{
	struct buf why = BUF_INIT, hint = BUF_INIT;
	char source[32];
	size_t bad;
	int rc;

	snprintf(source, sizeof(source), "pkg-config %s", what);
	rc = cgoflags_check_from(kind, source, words, ov, &why, &bad);
	if (rc < 0) {
		struct buf cmd = BUF_INIT;

		error_at(run->at, "%s", buf_str(&why));
		show_cmd(run, what, run->pkgs, &cmd);
		note_at(run->at, "'%s' printed it", buf_str(&cmd));
		cgoflags_hint(kind, ov, &hint);
		note_at(run->at, "%s", buf_str(&hint));
		buf_release(&cmd);
	}
	buf_release(&why);
	buf_release(&hint);
	return rc;
}

/* pkg-config's flags for d's packages, appended to d; -1 after reporting */
static int apply_pkg_config(const struct mf_toolchain *tc, const struct cgoflags_overrides *ov,
			    struct cgo_directives *d, struct strv *read)
{
	const struct strv *args = &d->words[CGO_PKG_CONFIG];
	struct strv flags = STRV_INIT, pkgs = STRV_INIT, cflags = STRV_INIT, libs = STRV_INIT;
	struct pos at = d->pos[CGO_PKG_CONFIG][0];
	struct buf out = BUF_INIT, why = BUF_INIT;
	char *libdir = NULL;
	struct pc_run run = { tc, NULL, NULL, NULL, &at, &flags, &pkgs };
	int rc = -1;

	/* options anywhere go before a "--" of our own, as cmd/go moves them */
	for (size_t i = 0; i < args->n; i++)
		if (strcmp(args->v[i], "--") != 0)
			strv_push(str_has_prefix(args->v[i], "--") ? &flags : &pkgs, args->v[i]);
	for (size_t i = 0; i < args->n; i++) {
		if (!str_has_prefix(args->v[i], "--")) {
			at = d->pos[CGO_PKG_CONFIG][i];
			break;
		}
	}
	if (!(run.prog = find_pkg_config(tc))) {
		error_at(&at, "#cgo pkg-config: '%s' not found%s%s%s; on Debian: apt-get install pkgconf",
			 tc->pkg_config, strchr(tc->pkg_config, '/') ? "" : " in ",
			 strchr(tc->pkg_config, '/') ? "" : tc->bindir ? tc->bindir : "PATH",
			 !strchr(tc->pkg_config, '/') && tc->bindir ? " or PATH" : "");
		note_at(&tc->pos, "toolchain '%s' ('pkg_config') is defined here", tc->name);
		goto out;
	}
	run.env = pkg_config_env(tc, &libdir);
	run.libdir = libdir;
	if (run_pkg_config(&run, "--cflags", &pkgs, 0, &out) < 0)
		goto out;
	if (cgo_pkg_config_split(out.data, out.len, &cflags, &why) < 0) {
		error_at(&at, "#cgo pkg-config: %s", buf_str(&why));
		goto out;
	}
	if (check_output(&run, "CFLAGS", "--cflags", &cflags, ov) < 0)
		goto out;
	buf_reset(&out);
	if (run_pkg_config(&run, "--libs", &pkgs, 0, &out) < 0)
		goto out;
	split_fields(out.data, out.len, &libs);
	if (check_output(&run, "LDFLAGS", "--libs", &libs, ov) < 0)
		goto out;
	for (size_t i = 0; i < cflags.n; i++)
		cgo_directives_add(d, CGO_CPPFLAGS, cflags.v[i], at);
	for (size_t i = 0; i < libs.n; i++)
		cgo_directives_add(d, CGO_LDFLAGS, libs.v[i], at);
	pc_files(&run, &pkgs, read);
	rc = 0;
out:
	for (size_t i = 0; i < tc->pkg_config_path.n; i++)
		if (fs_is_dir(tc->pkg_config_path.v[i]) && !strv_has(read, tc->pkg_config_path.v[i]))
			strv_push(read, tc->pkg_config_path.v[i]);
	if (run.env && libdir)
		for (size_t i = 0; run.env[i]; i++)
			if (str_has_prefix(run.env[i], "PKG_CONFIG_LIBDIR="))
				free(run.env[i]);
	free(run.env);
	free(libdir);
	free(run.prog);
	strv_release(&flags);
	strv_release(&pkgs);
	strv_release(&cflags);
	strv_release(&libs);
	buf_release(&out);
	buf_release(&why);
	return rc;
}

int cgo_policy_apply(const struct manifest *m, const struct mf_toolchain *tc, struct cgo_directives *d,
		     struct strv *read)
{
	struct cgoflags_overrides ov;

	cgo_policy_overrides(m, &ov);
	if (cgo_directives_check(d, &ov) < 0)
		return -1;
	if (d->words[CGO_PKG_CONFIG].n == 0)
		return 0;
	return apply_pkg_config(tc, &ov, d, read);
}
