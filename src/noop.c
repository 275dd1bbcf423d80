/*
 * noop.c: the no-op fast path.
 *
 * Ninja's no-op costs what it takes to parse the build files and stat every node: 130 ms at
 * 2,000 packages. Whether it will find work is a function of the build files, its logs and
 * the stat of each node, so mipsbake keeps, per target set, a record under NOOP_DIR:
 *
 *   mipsbake-noop 1
 *   target T                 the targets (none: Ninja's default)
 *   file STAT PATH           the files the node list was found from (the build files, the
 *                            regeneration depfile, the Ninja program): when one changes, the
 *                            list is found again
 *   state S                  "verified": Ninja found nothing to do with every node as below;
 *                            "unverified": the list is known, the stats ("?") are not;
 *                            "disabled": the build files use what the list cannot follow
 *   node STAT PATH           every file Ninja reads: the outputs of every edge, the inputs of
 *                            the targets and of build.ninja, the regeneration depfile's
 *                            entries, .ninja_log and .ninja_deps
 *
 * STAT is "-" for a missing file, "?" for one not known, else device, inode, size, mtime and
 * ctime (nanoseconds).
 *
 * Soundness: the stats recorded as verified are taken *before* Ninja runs, and kept only when
 * that run ran no command (.ninja_log untouched) and succeeded. Any change after they were
 * taken, even one made while Ninja ran, leaves some stat different, and the next run then
 * runs Ninja. The list comes from Ninja itself (-t targets all, -t inputs); build files that
 * use what it does not cover (deps logs, dyndep, validations, other depfiles) disable the
 * fast path.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/os.h"
#include "lib/sha256.h"
#include "noop.h"
#include "lib/banned.h"

#define NOOP_MAGIC "mipsbake-noop 1"
#define REGEN_DEPFILE "build.ninja.d"

/* what stat says of a file: kind 0 missing, 1 there, -1 unknown (never matches) */
struct fstate {
	int kind;
	unsigned long long dev, ino, size, msec, mnsec, csec, cnsec;
};

enum { ST_NONE, ST_UNVERIFIED, ST_VERIFIED, ST_DISABLED };

struct noop {
	char *builddir, *record, *ninja;
	char *const *targets;
	int dirfd;
	struct strv files, nodes;
	struct fstate *files_st;     /* the files' stats, taken before anything read them */
	struct fstate *nodes_now;
	int list_ok;             /* the record's list holds for the build files there now */
	int state;               /* the record's */
	int hit;
	int partial;             /* nodes_now stops at the first difference from the record */
	struct fstate log_before, deps_before;
};

static void fstate_of(int dirfd, const char *path, struct fstate *f)
{
	struct stat st;

	memset(f, 0, sizeof(*f));
	if (fstatat(dirfd, path, &st, 0) < 0) {
		f->kind = errno == ENOENT || errno == ENOTDIR ? 0 : -1;
		return;
	}
	f->kind = 1;
	f->dev = (unsigned long long)st.st_dev;
	f->ino = (unsigned long long)st.st_ino;
	f->size = (unsigned long long)st.st_size;
	f->msec = (unsigned long long)st.st_mtim.tv_sec;
	f->mnsec = (unsigned long long)st.st_mtim.tv_nsec;
	f->csec = (unsigned long long)st.st_ctim.tv_sec;
	f->cnsec = (unsigned long long)st.st_ctim.tv_nsec;
}

static int fstate_same(const struct fstate *a, const struct fstate *b)
{
	if (a->kind < 0 || b->kind < 0 || a->kind != b->kind)
		return 0;
	return a->kind == 0 || (a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
				a->msec == b->msec && a->mnsec == b->mnsec && a->csec == b->csec &&
				a->cnsec == b->cnsec);
}

static void fstate_put(struct buf *b, const struct fstate *f)
{
	if (f->kind == 0)
		buf_puts(b, "-");
	else if (f->kind < 0)
		buf_puts(b, "?");
	else
		buf_printf(b, "%llx %llx %llx %llx.%llx %llx.%llx", f->dev, f->ino, f->size, f->msec, f->mnsec,
			   f->csec, f->cnsec);
}

/* parse a STAT at *s (moving *s past it and one space); 0, or -1 when malformed */
static int fstate_get(const char **s, struct fstate *f)
{
	unsigned long long *v[] = { &f->dev, &f->ino, &f->size, &f->msec, &f->mnsec, &f->csec, &f->cnsec };
	const char *p = *s;
	char *end;

	memset(f, 0, sizeof(*f));
	if (*p == '-' || *p == '?') {
		f->kind = *p == '-' ? 0 : -1;
		if (p[1] != ' ')
			return -1;
		*s = p + 2;
		return 0;
	}
	f->kind = 1;
	for (size_t i = 0; i < ARRAY_LEN(v); i++) {
		const char want = i == 3 || i == 5 ? '.' : ' ';

		errno = 0;
		*v[i] = strtoull(p, &end, 16);
		if (end == p || errno || *end != want)
			return -1;
		p = end + 1;
	}
	*s = p;
	return 0;
}

/* read path whole when it is a regular file; 0, or -1 (silently) */
static int read_quietly(int dirfd, const char *path, struct buf *b)
{
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;
	int rc = -1;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		char tmp[65536];
		ssize_t n;

		while ((n = read(fd, tmp, sizeof(tmp))) > 0)
			buf_add(b, tmp, (size_t)n);
		rc = n == 0 ? 0 : -1;
	}
	close(fd);
	return rc;
}

/* the record's path for these targets */
static char *record_path(const char *builddir, const char *ninja, char *const *targets)
{
	struct buf key = BUF_INIT;
	char hex[65], *name, *path;

	buf_printf(&key, "%s\n", ninja);
	for (size_t i = 0; targets && targets[i]; i++)
		buf_printf(&key, "%s\n", targets[i]);
	sha256_hex(key.data, key.len, hex);
	hex[16] = '\0';
	name = path_join(NOOP_DIR, hex);
	path = path_join(builddir, name);
	free(name);
	buf_release(&key);
	return path;
}

/* load the record: its key must match; fills n->files/nodes, n->state, n->list_ok */
static void record_load(struct noop *n, const struct buf *text)
{
	const char *s = buf_str(text), *end = s + text->len;
	size_t ti = 0;
	struct fstate f, *rec = NULL;
	size_t nrec = 0, caprec = 0;
	int ok = 1;

	if (strncmp(s, NOOP_MAGIC "\n", strlen(NOOP_MAGIC) + 1) != 0)
		return;
	s += strlen(NOOP_MAGIC) + 1;
	n->list_ok = 1;
	for (const char *nl; ok && s < end; s = nl + 1) {
		char *line;

		if (!(nl = memchr(s, '\n', (size_t)(end - s))))
			break;
		line = xstrndup(s, (size_t)(nl - s));
		if (str_has_prefix(line, "target ")) {
			ok = n->targets && n->targets[ti] && strcmp(line + 7, n->targets[ti]) == 0;
			ti++;
		} else if (str_has_prefix(line, "file ")) {
			const char *p = line + 5;
			struct fstate now;

			if ((ok = fstate_get(&p, &f) == 0)) {
				fstate_of(n->dirfd, p, &now);
				if (!fstate_same(&f, &now))
					n->list_ok = 0;
				n->files_st = xrealloc(n->files_st, (n->files.n + 1) * sizeof(*n->files_st));
				n->files_st[n->files.n] = now;
				strv_push(&n->files, p);
			}
		} else if (str_has_prefix(line, "state ")) {
			n->state = strcmp(line + 6, "verified") == 0	 ? ST_VERIFIED
				   : strcmp(line + 6, "unverified") == 0 ? ST_UNVERIFIED
				   : strcmp(line + 6, "disabled") == 0	 ? ST_DISABLED
									 : ST_NONE;
			ok = n->state != ST_NONE;
		} else if (str_has_prefix(line, "node ")) {
			const char *p = line + 5;

			if ((ok = fstate_get(&p, &f) == 0)) {
				if (nrec == caprec) {
					caprec = caprec ? 2 * caprec : 1024;
					rec = xrealloc(rec, caprec * sizeof(*rec));
				}
				rec[nrec++] = f;
				strv_push(&n->nodes, p);
			}
		} else {
			ok = 0;
		}
		free(line);
	}
	/* the same targets, all of them, and a whole record */
	if (!ok || (n->targets ? n->targets[ti] != NULL : ti != 0) || s != end || n->state == ST_NONE ||
	    n->files.n == 0)
		n->list_ok = 0;
	if (!n->list_ok) {
		strv_release(&n->files);
		strv_release(&n->nodes);
		free(n->files_st);
		n->files_st = NULL;
		free(rec);
		return;
	}
	n->nodes_now = xcalloc(n->nodes.n ? n->nodes.n : 1, sizeof(*n->nodes_now));
	/* a verified record is read up to its first difference, so that a build with work to do
	 * pays for a few stats only; an unverified one whole: those stats are the ones Ninja's
	 * run is to confirm */
	n->hit = n->state == ST_VERIFIED;
	for (size_t i = 0; i < n->nodes.n && !n->partial; i++) {
		fstate_of(n->dirfd, n->nodes.v[i], &n->nodes_now[i]);
		if (!fstate_same(&rec[i], &n->nodes_now[i])) {
			n->hit = 0;
			n->partial = n->state == ST_VERIFIED;
		}
	}
	free(rec);
}

struct noop *noop_begin(const char *builddir, const char *ninja, char *const *targets)
{
	struct noop *n = xcalloc(1, sizeof(*n));
	struct buf text = BUF_INIT;

	n->builddir = xstrdup(builddir);
	n->ninja = xstrdup(ninja);
	n->targets = targets;
	n->record = record_path(builddir, ninja, targets);
	n->dirfd = open(builddir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (n->dirfd < 0)
		return n;
	if (read_quietly(n->dirfd, n->record, &text) == 0)
		record_load(n, &text);
	buf_release(&text);
	fstate_of(n->dirfd, ".ninja_log", &n->log_before);
	fstate_of(n->dirfd, ".ninja_deps", &n->deps_before);
	return n;
}

int noop_hit(const struct noop *n)
{
	return n && n->hit;
}

/* s without Ninja's escapes, or NULL when it names a variable */
static char *ninja_unescape(const char *s, size_t len)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < len; i++) {
		if (s[i] != '$') {
			buf_putc(&b, s[i]);
		} else if (i + 1 < len && strchr("$ :", s[i + 1])) {
			buf_putc(&b, s[++i]);
		} else {
			buf_release(&b);
			return NULL;
		}
	}
	return buf_detach(&b);
}

/* the value of "NAME = VALUE" after leading spaces at line l, when it is that binding */
static int binding_is(const char *l, const char *name)
{
	size_t n = strlen(name);

	l += strspn(l, " ");
	return strncmp(l, name, n) == 0 && (l[n] == ' ' || l[n] == '=');
}

/*
 * Follow the build files from build.ninja: every file it includes or subninjas is pushed to
 * files; 0, or -1 when they use what the node list cannot follow (depfiles other than the
 * regeneration's, deps logs, dyndep, validations, variable paths, unreadable files).
 */
static int build_files(int dirfd, struct strv *files)
{
	int rc = 0;

	strv_push(files, "build.ninja");
	for (size_t i = 0; i < files->n && rc == 0; i++) {
		struct buf text = BUF_INIT;
		const char *s, *end;

		if (read_quietly(dirfd, files->v[i], &text) < 0) {
			rc = -1;
			break;
		}
		s = buf_str(&text);
		end = s + text.len;
		for (const char *nl; s < end && rc == 0; s = nl + 1) {
			size_t len;

			nl = memchr(s, '\n', (size_t)(end - s));
			if (!nl)
				nl = end;
			len = (size_t)(nl - s);
			if (str_has_prefix(s, "subninja ") || str_has_prefix(s, "include ")) {
				const char *p = s + strcspn(s, " ") + 1;
				char *path = ninja_unescape(p, (size_t)(nl - p));

				if (path && *path && !strv_has(files, path))
					strv_push(files, path);
				rc = path ? 0 : -1;
				free(path);
			} else if (binding_is(s, "depfile")) {
				rc = len == strlen("  depfile = " REGEN_DEPFILE) &&
				     strncmp(s, "  depfile = " REGEN_DEPFILE, len) == 0 ? 0 : -1;
			} else if (binding_is(s, "deps") || binding_is(s, "dyndep")) {
				rc = -1;
			} else if (str_has_prefix(s, "build ")) {
				for (size_t k = 0; k + 4 <= len && rc == 0; k++)
					if (strncmp(s + k, " |@ ", 4) == 0)
						rc = -1;
			}
		}
		buf_release(&text);
	}
	return rc;
}

/* push the entries of the regeneration depfile (as emit/ninja.c's depfile_escape writes
 * them) to nodes; 0, or -1 when it cannot be read */
static int depfile_entries(int dirfd, struct strv *nodes)
{
	struct buf text = BUF_INIT, word = BUF_INIT;
	const char *s;
	int target = 1;

	if (read_quietly(dirfd, REGEN_DEPFILE, &text) < 0)
		return -1;
	s = buf_str(&text);
	for (;; s++) {
		if (*s == '\\' && s[1] == '\n') {
			s++;
			continue;
		}
		if (*s == '\\' && s[1] && strchr(" #\\", s[1])) {
			buf_putc(&word, *++s);
			continue;
		}
		if (*s == '$' && s[1] == '$') {
			buf_putc(&word, *++s);
			continue;
		}
		if (*s && *s != ' ' && *s != '\n' && *s != '\t') {
			buf_putc(&word, *s);
			continue;
		}
		if (word.len) {
			/* the first word is the target, "build.ninja:" */
			if (!target)
				strv_push(nodes, buf_str(&word));
			target = 0;
			buf_reset(&word);
		}
		if (!*s)
			break;
	}
	buf_release(&text);
	buf_release(&word);
	return 0;
}

/* run "ninja -C builddir -t TOOL ARGS..." and push each line of what it prints to out,
 * cut at the last ": " when cut; 0, or -1 */
static int ninja_tool(const struct noop *n, const char *tool, char *const *args, int cut, struct strv *out)
{
	struct strv argv = STRV_INIT;
	struct buf b = BUF_INIT;
	int rc;

	strv_push(&argv, n->ninja);
	strv_push(&argv, "-C");
	strv_push(&argv, n->builddir);
	strv_push(&argv, "-t");
	strv_push(&argv, tool);
	for (size_t i = 0; args && args[i]; i++)
		strv_push(&argv, args[i]);
	rc = os_run(argv.v, NULL, &b, 1);
	if (rc == 0) {
		const char *s = buf_str(&b), *end = s + b.len;

		for (const char *nl; s < end; s = nl + 1) {
			const char *stop;

			if (!(nl = memchr(s, '\n', (size_t)(end - s))))
				nl = end;
			stop = nl;
			if (cut) {
				for (stop = nl; stop > s + 1 && !(stop[-2] == ':' && stop[-1] == ' '); stop--)
					;
				stop = stop > s + 1 ? stop - 2 : nl;
			}
			if (stop > s)
				strv_push_owned(out, xstrndup(s, (size_t)(stop - s)));
		}
	}
	strv_release(&argv);
	buf_release(&b);
	return rc == 0 ? 0 : -1;
}

/* the build files from build.ninja, the regeneration depfile and the Ninja program, with
 * their stats into *st; 0, or -1 (see build_files) */
static int list_files(const struct noop *n, struct strv *files, struct fstate **st)
{
	int rc = build_files(n->dirfd, files);

	strv_push(files, REGEN_DEPFILE);
	strv_push(files, n->ninja);
	*st = xcalloc(files->n, sizeof(**st));
	for (size_t i = 0; i < files->n; i++)
		fstate_of(n->dirfd, files->v[i], &(*st)[i]);
	return rc;
}

/* sort nodes, once each */
static void sort_unique(struct strv *nodes)
{
	size_t k = 0;

	strv_sort(nodes);
	for (size_t i = 0; i < nodes->n; i++) {
		if (k && strcmp(nodes->v[k - 1], nodes->v[i]) == 0)
			free(nodes->v[i]);
		else
			nodes->v[k++] = nodes->v[i];
	}
	nodes->n = k;
	if (nodes->v)
		nodes->v[k] = NULL;
}

/*
 * Find out what Ninja reads for n->targets into n->files and n->nodes; 0, or -1 when the
 * build files use what the list cannot follow, or changed meanwhile. The build files are
 * followed and stat'd twice, before and after Ninja's tools read them: the same files with
 * the same stats both times mean the list is the one of the files as they are stat'd.
 */
static int find_nodes(struct noop *n)
{
	static char *const manifest[] = { "build.ninja", NULL };
	struct strv with = STRV_INIT, again = STRV_INIT;
	struct fstate *st_again = NULL;
	int rc;

	strv_release(&n->files);
	strv_release(&n->nodes);
	free(n->files_st);
	rc = list_files(n, &n->files, &n->files_st);
	if (rc == 0)
		rc = ninja_tool(n, "targets", (char *const[]){ "all", NULL }, 1, &n->nodes);
	if (rc == 0 && n->targets) {
		strv_push(&with, "build.ninja");
		for (size_t i = 0; n->targets[i]; i++)
			strv_push(&with, n->targets[i]);
		rc = ninja_tool(n, "inputs", with.v, 0, &n->nodes);
	} else if (rc == 0) {
		rc = ninja_tool(n, "inputs", NULL, 0, &n->nodes);
		if (rc == 0)
			rc = ninja_tool(n, "inputs", manifest, 0, &n->nodes);
	}
	if (rc == 0)
		rc = depfile_entries(n->dirfd, &n->nodes);
	if (rc == 0 && list_files(n, &again, &st_again) == 0 && again.n == n->files.n) {
		for (size_t i = 0; i < again.n && rc == 0; i++)
			if (strcmp(again.v[i], n->files.v[i]) != 0 || !fstate_same(&st_again[i], &n->files_st[i]))
				rc = -1;
	} else {
		rc = -1;
	}
	strv_push(&n->nodes, ".ninja_log");
	strv_push(&n->nodes, ".ninja_deps");
	sort_unique(&n->nodes);
	strv_release(&with);
	strv_release(&again);
	free(st_again);
	return rc;
}

static void record_write(struct noop *n, int state)
{
	struct buf b = BUF_INIT;
	char *dir = path_join(n->builddir, NOOP_DIR);

	buf_puts(&b, NOOP_MAGIC "\n");
	for (size_t i = 0; n->targets && n->targets[i]; i++)
		buf_printf(&b, "target %s\n", n->targets[i]);
	for (size_t i = 0; i < n->files.n; i++) {
		buf_puts(&b, "file ");
		fstate_put(&b, &n->files_st[i]);
		buf_printf(&b, " %s\n", n->files.v[i]);
	}
	buf_printf(&b, "state %s\n", state == ST_VERIFIED ? "verified" : state == ST_DISABLED ? "disabled" : "unverified");
	for (size_t i = 0; state != ST_DISABLED && i < n->nodes.n; i++) {
		struct fstate f;

		/* an unverified record's stats are never compared equal: "?" */
		if (state == ST_VERIFIED)
			f = n->nodes_now[i];
		else
			f.kind = -1;
		buf_puts(&b, "node ");
		fstate_put(&b, &f);
		buf_printf(&b, " %s\n", n->nodes.v[i]);
	}
	/* a record that cannot be written only costs the next run its shortcut */
	if (fs_mkdir_p(dir) == 0)
		fs_write_atomic(n->record, b.data, b.len);
	free(dir);
	buf_release(&b);
}

static void noop_free(struct noop *n)
{
	if (n->dirfd >= 0)
		close(n->dirfd);
	free(n->builddir);
	free(n->record);
	free(n->ninja);
	strv_release(&n->files);
	strv_release(&n->nodes);
	free(n->files_st);
	free(n->nodes_now);
	free(n);
}

void noop_end(struct noop *n, int rc)
{
	struct fstate log, deps;

	if (!n)
		return;
	if (rc != 0 || n->dirfd < 0 || n->hit) {
		noop_free(n);
		return;
	}
	fstate_of(n->dirfd, ".ninja_log", &log);
	fstate_of(n->dirfd, ".ninja_deps", &deps);
	/* Ninja logs every command it runs: an untouched log means it found nothing to do */
	if (fstate_same(&log, &n->log_before) && fstate_same(&deps, &n->deps_before) && !n->partial) {
		if (n->list_ok && n->state != ST_DISABLED)
			record_write(n, ST_VERIFIED);
		else if (!n->list_ok)
			record_write(n, find_nodes(n) == 0 ? ST_UNVERIFIED : ST_DISABLED);
	} else if (n->list_ok && n->state == ST_VERIFIED) {
		/* the stats are stale: the next run reads them all, for its Ninja run to confirm */
		record_write(n, ST_UNVERIFIED);
	}
	noop_free(n);
}
