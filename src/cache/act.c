/* act.c: one cached action: its key from its description and the bytes of its inputs, its
 * outputs from the local store, else the remote cache, else from running it */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache/act.h"
#include "cache/remote.h"
#include "cache/store.h"
#include "lib/builddir.h"
#include "lib/map.h"
#include "lib/os.h"
#include "lib/sha256.h"
#include "lib/banned.h"

/* an action as generation described it (emit/action.c) */
struct action {
	char *kind, logic[65];
	int restat;              /* its rule has restat = 1 */
	struct strv outs;        /* its output files */
	char *tree;              /* or: every file below this directory */
	struct strv ins;         /* the files whose bytes the key covers */
};

static void action_release(struct action *a)
{
	free(a->kind);
	free(a->tree);
	strv_release(&a->outs);
	strv_release(&a->ins);
}

/* the value of a "name value" line of the description into a; -1 when unknown */
static int action_line(struct action *a, const char *line)
{
	const char *v = strchr(line, ' ');

	if (!v || !v[1])
		return -1;
	v++;
	if (str_has_prefix(line, "in "))
		strv_push(&a->ins, v);
	else if (str_has_prefix(line, "out "))
		strv_push(&a->outs, v);
	else if (str_has_prefix(line, "tree ") && !a->tree)
		a->tree = xstrdup(v);
	else if (str_has_prefix(line, "kind ") && !a->kind)
		a->kind = xstrdup(v);
	else if (strcmp(line, "restat 1") == 0)
		a->restat = 1;
	else if (str_has_prefix(line, "logic ") && strlen(v) == 64)
		memcpy(a->logic, v, 65);
	else
		return -1;
	return 0;
}

/* the first record of the pack text s..end starting at or after p: a line "@ <key>" */
static const char *next_record(const char *s, const char *p, const char *end)
{
	const char *nl;

	if (p == s && end - p > 1 && memcmp(p, "@ ", 2) == 0)
		return p;
	for (p = p > s ? p - 1 : p; (nl = memchr(p, '\n', (size_t)(end - p))); p = nl + 1)
		if (end - nl > 2 && memcmp(nl + 1, "@ ", 2) == 0)
			return nl + 1;
	return NULL;
}

/* the key of the record at r against key: <0, 0, >0 as strcmp */
static int record_cmp(const char *r, const char *end, const char *key)
{
	const char *k = r + 2, *nl = memchr(k, '\n', (size_t)(end - k));
	size_t n = nl ? (size_t)(nl - k) : (size_t)(end - k), m = strlen(key);
	int c = memcmp(k, key, n < m ? n : m);

	return c ? c : (n > m) - (n < m);
}

/* the description of key in the pack text s..end (records sorted by key: a binary search
 * over the records starting in [lo, hi), which touches a few pages of it), appended to out;
 * -1 when it is not there */
static int pack_find(const char *s, const char *end, const char *key, struct buf *out)
{
	const char *lo = s, *hi = end, *r;

	while (lo < hi) {
		const char *mid = lo + (hi - lo) / 2;
		int c;

		if (!(r = next_record(s, mid, end)) || r >= hi) {
			hi = mid;
			continue;
		}
		if ((c = record_cmp(r, end, key)) < 0) {
			lo = r + 1;
		} else if (c > 0) {
			hi = r;
		} else {
			const char *body = memchr(r, '\n', (size_t)(end - r)), *stop;

			if (!body)
				return -1;
			stop = next_record(s, body + 1, end);
			buf_add(out, body + 1, (size_t)((stop ? stop : end) - body - 1));
			return 0;
		}
	}
	return -1;
}

/* the description of key in the file at pack (ACTIONS_MAGIC's format), appended to out */
static int pack_read(const char *pack, const char *key, struct buf *out)
{
	int fd = open(pack, O_RDONLY | O_CLOEXEC), rc = -1;
	struct stat st;
	const size_t magic = strlen(ACTIONS_MAGIC "\n");
	char *map;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size > magic &&
	    (map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) != MAP_FAILED) {
		if (memcmp(map, ACTIONS_MAGIC "\n", magic) == 0)
			rc = pack_find(map + magic, map + st.st_size, key, out);
		munmap(map, (size_t)st.st_size);
	}
	close(fd);
	return rc;
}

static int action_read(const char *pack, const char *key, struct action *a)
{
	struct buf b = BUF_INIT;
	int rc = pack_read(pack, key, &b);

	memset(a, 0, sizeof(*a));
	for (char *line = b.data, *nl; rc == 0 && (nl = strchr(line, '\n')); line = nl + 1) {
		*nl = '\0';
		rc = action_line(a, line);
	}
	if (rc == 0 && (!a->kind || !a->logic[0] || (a->outs.n == 0) == !a->tree))
		rc = -1;
	if (rc < 0)
		error("'%s' has no description of the action '%s'; building without the cache", pack, key);
	buf_release(&b);
	return rc;
}

/*
 * The digests of an action's inputs, kept between its runs: a link's get and put each
 * hashed every input (2,000 archives, 107 MB at 2,000 packages) although a body edit had
 * changed one. Each action that hashes at least MEMO_MIN_BYTES has a memo file in the build
 * directory, MEMO_DIR/<id>, with a line per input: "dev ino size mtime when hex path" (times
 * in ns, when: the clock just after the stat the digest follows). An entry is used when the
 * file's stat is the same and its mtime is older than when by more than MEMO_RACY_NS, git's
 * racy-entry rule: a file rewritten in the clock tick it was hashed in (or on a file system
 * whose clock is a little off) keeps its mtime and size, so such an entry is hashed again,
 * and rewritten, until the rule holds. Only files the build wrote are memoised (a relative
 * path not starting with ".."): every command writing one gives it a new mtime, while a
 * source may be replaced by a tool that keeps its mtime and size (rsync -t, cp -p).
 */
#define MEMO_DIR ".mipsbake-digests"
#define MEMO_MIN_BYTES (1u << 20)
#define MEMO_RACY_NS 2000000000LL

struct memo {
	char *path;              /* NULL: the action has none and hashes too little for one */
	struct strmap lines;     /* input path -> its entry's line (in text) */
	struct buf text, out;    /* the memo read, and the one to write */
	size_t hashed;           /* the bytes hashed in this run */
	int changed;
};

static long long stat_ns(const struct timespec *t)
{
	return (long long)t->tv_sec * 1000000000LL + t->tv_nsec;
}

static void memo_open(struct memo *m, const char *actions, const char *key)
{
	char *id = xasprintf("%s\n%s", actions, key), hex[65];

	memset(m, 0, sizeof(*m));
	sha256_hex(id, strlen(id), hex);
	hex[32] = '\0';
	m->path = xasprintf("%s/%s", MEMO_DIR, hex);
	free(id);
	if (store_read(m->path, &m->text) < 0)
		return;
	for (char *line = m->text.data, *nl; (nl = strchr(line, '\n')); line = nl + 1) {
		char *p = line;

		*nl = '\0';
		for (int field = 0; field < 6 && p; field++)
			p = strchr(p + 1, ' ');
		if (p && p[1])
			strmap_put(&m->lines, p + 1, line);
	}
}

/* the digest of the file at path from m's entry, when the entry holds; 0 then */
static int memo_get(const struct memo *m, const char *path, const struct stat *st, char hex[65])
{
	const char *line = strmap_get(&m->lines, path);
	unsigned long long dev, ino;
	long long size, mtime, when;
	int end = 0;

	if (!line || sscanf(line, "%llu %llu %lld %lld %lld %64[0-9a-f] %n", &dev, &ino, &size, &mtime, &when, hex,
			    &end) != 6 || end == 0 || strlen(hex) != 64)
		return -1;
	if (dev != (unsigned long long)st->st_dev || ino != (unsigned long long)st->st_ino || size != (long long)st->st_size ||
	    mtime != stat_ns(&st->st_mtim) || mtime + MEMO_RACY_NS >= when)
		return -1;
	return 0;
}

/* 1 when path is a file the build wrote, in the build directory (the working directory) */
static int memoisable(const char *path)
{
	return !path_is_abs(path) && !str_has_prefix(path, "..") && !str_has_prefix(path, "./..");
}

/* the digest of the bytes of the input at path, from the memo or by reading them; -1 when
 * it cannot be read */
static int input_digest(struct memo *m, const char *path, struct buf *data, char hex[65])
{
	struct stat st, after;
	struct timespec now;
	int memo = m->path && memoisable(path) && stat(path, &st) == 0 && S_ISREG(st.st_mode);

	if (memo && memo_get(m, path, &st, hex) == 0) {
		buf_printf(&m->out, "%s\n", (const char *)strmap_get(&m->lines, path));
		return 0;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	if (store_read(path, data) < 0)
		return -1;
	sha256_hex(buf_str(data), data->len, hex);
	m->hashed += data->len;
	if (memo && stat(path, &after) == 0 && after.st_ino == st.st_ino && after.st_size == st.st_size &&
	    stat_ns(&after.st_mtim) == stat_ns(&st.st_mtim) && (size_t)st.st_size == data->len) {
		buf_printf(&m->out, "%llu %llu %lld %lld %lld %s %s\n", (unsigned long long)st.st_dev,
			   (unsigned long long)st.st_ino, (long long)st.st_size, stat_ns(&st.st_mtim), stat_ns(&now),
			   hex, path);
		m->changed = 1;
	}
	return 0;
}

/* write the memo when it changed and is worth keeping */
static void memo_close(struct memo *m)
{
	if (m->path && m->changed && (m->text.len > 0 || m->hashed >= MEMO_MIN_BYTES) && fs_mkdir_p(MEMO_DIR) == 0)
		fs_write_atomic(m->path, m->out.data ? m->out.data : "", m->out.len);
	free(m->path);
	strmap_release(&m->lines);
	buf_release(&m->text);
	buf_release(&m->out);
}

/* the action key: its logic and the digest of each input's bytes; -1 when one is missing */
static int action_key(const struct action *a, const char *actions, const char *id, char key[65])
{
	struct buf text = BUF_INIT, data = BUF_INIT;
	struct memo m;
	char hex[65];
	int rc = 0;

	memo_open(&m, actions, id);
	buf_printf(&text, "mipsbake-key 1\n%s\n", a->logic);
	for (size_t i = 0; i < a->ins.n && rc == 0; i++) {
		if ((rc = input_digest(&m, a->ins.v[i], &data, hex)) == 0)
			buf_printf(&text, "%s\n", hex);
	}
	if (rc < 0)
		m.changed = 0;
	memo_close(&m);
	sha256_hex(text.data, text.len, key);
	buf_release(&text);
	buf_release(&data);
	return rc;
}

/* what one run of act works with */
struct act {
	struct cache_conf conf;
	struct action a;
	char key[65];
	struct remote *remote;   /* opened when first needed */
	int remote_down;
};

/* one line of the build's log */
static void log_line(const struct act *x, const char *what)
{
	char *line = xasprintf("%s %s %s\n", what, x->a.kind, x->a.tree ? x->a.tree : x->a.outs.v[0]);
	int fd = open(CACHE_LOG_FILE, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);

	if (fd >= 0) {
		fs_write_all(fd, line, strlen(line));
		close(fd);
	}
	free(line);
}

/* the remote cache failed: the first action of the build to see it says so, once */
static void remote_failed(struct act *x)
{
	int fd = open(CACHE_DOWN_FILE, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);

	x->remote_down = 1;
	if (fd >= 0) {
		close(fd);
		warn("the remote cache failed: %s; this build goes on without it", remote_why(x->remote));
	}
}

/* the remote client, NULL when there is none or it failed in this build */
static struct remote *remote_for(struct act *x)
{
	struct strv headers = STRV_INIT;
	const char *h = getenv("MIPSBAKE_REMOTE_CACHE_HEADER");
	struct remote_opts o = { x->conf.remote, &headers, 0, 0 };

	if (x->remote || !x->conf.remote || x->remote_down || fs_exists(CACHE_DOWN_FILE))
		return x->remote_down || !x->conf.remote ? NULL : x->remote;
	if (h && *h)
		strv_push(&headers, h);
	if (x->conf.header_env && (h = getenv(x->conf.header_env)) && *h)
		strv_push(&headers, h);
	x->remote = remote_open(&o);
	x->remote_down = !x->remote;
	strv_release(&headers);
	return x->remote;
}

/* 1 when the action may write name: one of its outputs, or below its tree */
static int is_output(const struct action *a, const char *name)
{
	size_t n = a->tree ? strlen(a->tree) : 0;

	return a->tree ? strncmp(name, a->tree, n) == 0 && name[n] == '/' : strv_has(&a->outs, name);
}

/* f's bytes into path unless they are there already: then its mtime is kept for a restat
 * rule (the cutoff) and made now for any other, which Ninja would otherwise find older
 * than the inputs at every build; -1 after reporting */
static int restore_file(const struct ac_file *f, const struct buf *data, int restat)
{
	struct buf old = BUF_INIT;
	char *dir = path_dir(f->name);
	int same = store_read(f->name, &old) == 0 && old.len == data->len &&
		   memcmp(buf_str(&old), buf_str(data), data->len) == 0;
	int rc = same ? 0 : fs_mkdir_p(dir);

	if (!same && rc == 0)
		rc = fs_write_atomic(f->name, buf_str(data), data->len);
	else if (same && !restat && utimensat(AT_FDCWD, f->name, NULL, 0) < 0)
		rc = error("could not set the mtime of '%s':", f->name);
	if (rc == 0 && chmod(f->name, f->mode) < 0)
		rc = error("could not set the mode of '%s':", f->name);
	buf_release(&old);
	free(dir);
	return rc;
}

/* the blobs of record r from the local store (remote NULL) or the remote cache, checked;
 * 1 all there, 0 one is missing or wrong, -1 the remote cache failed */
static int fetch_blobs(struct act *x, struct remote *remote, const struct ac_record *r, struct buf *blobs)
{
	char hex[65];

	for (size_t i = 0; i < r->n; i++) {
		int rc = remote ? remote_get(remote, REMOTE_CAS, r->v[i].hex, &blobs[i])
				: store_get(x->conf.dir, STORE_CAS, r->v[i].hex, &blobs[i]);

		if (rc <= 0)
			return rc;
		sha256_hex(buf_str(&blobs[i]), blobs[i].len, hex);
		if (blobs[i].len != r->v[i].size || strcmp(hex, r->v[i].hex) != 0 || !is_output(&x->a, r->v[i].name))
			return 0;
	}
	return 1;
}

/* the outputs from the record text rec: 1 restored, 0 not (a miss), -1 the remote failed */
static int restore(struct act *x, struct remote *remote, const struct buf *rec)
{
	struct ac_record r;
	struct buf *blobs;
	int rc;

	if (ac_parse(buf_str(rec), rec->len, &r) < 0)
		return 0;
	blobs = xcalloc(r.n, sizeof(*blobs));
	rc = fetch_blobs(x, remote, &r, blobs);
	/* a remote hit fills the local store: the next build on this machine asks nobody */
	for (size_t i = 0; rc == 1 && remote && i < r.n; i++)
		store_put(x->conf.dir, STORE_CAS, r.v[i].hex, blobs[i].data, blobs[i].len);
	if (rc == 1 && remote)
		store_put(x->conf.dir, STORE_AC, x->key, rec->data, rec->len);
	for (size_t i = 0; rc == 1 && i < r.n; i++)
		if (restore_file(&r.v[i], &blobs[i], x->a.restat) < 0)
			rc = 0;
	for (size_t i = 0; i < r.n; i++)
		buf_release(&blobs[i]);
	free(blobs);
	ac_release(&r);
	return rc;
}

/* act get: 0 when the outputs came from a cache, 1 when the action must run */
static int act_get(struct act *x)
{
	struct buf rec = BUF_INIT;
	struct remote *remote;
	int rc = store_get(x->conf.dir, STORE_AC, x->key, &rec) ? restore(x, NULL, &rec) : 0;

	if (rc == 1) {
		log_line(x, "hit local");
	} else if ((remote = remote_for(x))) {
		rc = remote_get(remote, REMOTE_AC, x->key, &rec);
		if (rc == 1)
			rc = restore(x, remote, &rec);
		if (rc < 0)
			remote_failed(x);
		if (rc == 1)
			log_line(x, "hit remote");
	}
	if (rc != 1)
		log_line(x, "miss");
	buf_release(&rec);
	return rc == 1 ? 0 : 1;
}

/* the regular files below dir, recursively, into names (sorted at each level) */
static void list_tree(const char *dir, struct strv *names)
{
	struct strv here = STRV_INIT;

	if (fs_list_dir(dir, &here) < 0)
		return;
	for (size_t i = 0; i < here.n; i++) {
		char *path = path_join(dir, here.v[i]);
		enum fs_kind k = fs_lstat_kind(path);

		if (k == FS_DIR)
			list_tree(path, names);
		if (k == FS_REGULAR && !strstr(here.v[i], ".tmp"))
			strv_push(names, path);
		free(path);
	}
	strv_release(&here);
}

/* the outputs into the local store and their record text into rec; -1 after reporting */
static int store_outputs(struct act *x, struct strv *names, struct buf *blobs, struct buf *rec)
{
	struct ac_record r = { xcalloc(names->n, sizeof(struct ac_file)), names->n };
	int rc = 0;

	for (size_t i = 0; i < names->n && rc == 0; i++) {
		struct stat st;

		if (store_read(names->v[i], &blobs[i]) < 0 || stat(names->v[i], &st) < 0) {
			rc = error("action output '%s' is missing", names->v[i]);
			break;
		}
		r.v[i].name = names->v[i];
		r.v[i].size = blobs[i].len;
		r.v[i].mode = st.st_mode & 07777;
		sha256_hex(buf_str(&blobs[i]), blobs[i].len, r.v[i].hex);
		rc = store_put(x->conf.dir, STORE_CAS, r.v[i].hex, buf_str(&blobs[i]), blobs[i].len);
	}
	if (rc == 0) {
		ac_format(&r, rec);
		rc = store_put(x->conf.dir, STORE_AC, x->key, rec->data, rec->len);
	}
	free(r.v);
	return rc;
}

/* the blobs, then the record: a record is never there before what it names */
static void upload(struct act *x, const struct strv *names, const struct buf *blobs, const struct buf *rec)
{
	struct remote *remote = x->conf.read_only ? NULL : remote_for(x);
	char hex[65];
	int rc = 1;

	for (size_t i = 0; remote && rc == 1 && i < names->n; i++) {
		sha256_hex(buf_str(&blobs[i]), blobs[i].len, hex);
		rc = remote_put(remote, REMOTE_CAS, hex, buf_str(&blobs[i]), blobs[i].len);
	}
	if (remote && rc == 1)
		rc = remote_put(remote, REMOTE_AC, x->key, rec->data, rec->len);
	if (remote && rc < 0)
		remote_failed(x);
}

/* act put: the outputs into the caches; a cache that cannot take them fails no build */
static int act_put(struct act *x)
{
	struct strv names = STRV_INIT;
	struct buf rec = BUF_INIT, *blobs;

	if (x->a.tree)
		list_tree(x->a.tree, &names);
	else
		strv_extend(&names, &x->a.outs);
	blobs = xcalloc(names.n + 1, sizeof(*blobs));
	if (names.n > 0 && store_outputs(x, &names, blobs, &rec) == 0)
		upload(x, &names, blobs, &rec);
	for (size_t i = 0; i < names.n; i++)
		buf_release(&blobs[i]);
	free(blobs);
	buf_release(&rec);
	strv_release(&names);
	return 0;
}

/* act get (get) or put of the action key described in the file actions, in the build directory */
static int act_run(const char *actions, const char *key, int get)
{
	struct act x;
	int rc;

	memset(&x, 0, sizeof(x));
	if (cache_conf_load(".", &x.conf) < 0 || action_read(actions, key, &x.a) < 0 ||
	    action_key(&x.a, actions, key, x.key) < 0)
		rc = get ? 1 : 0;
	else
		rc = get ? act_get(&x) : act_put(&x);
	if (x.remote)
		remote_close(x.remote);
	action_release(&x.a);
	cache_conf_release(&x.conf);
	return rc;
}

int act_put_file(const char *actions, const char *key)
{
	return act_run(actions, key, 0);
}

int cmd_act(int argc, char **argv)
{
	int get = argc == 4 && strcmp(argv[1], "get") == 0;

	if (argc == 2 && is_help(argv[1]))
		return puts("usage: mipsbake act get|put ACTIONS KEY\n"
			    "get: restore the outputs of the action KEY (its first output) described in ACTIONS\n"
			    "(cfg/<dir>.actions) from the action cache, exit 1 when they are not there; put:\n"
			    "store them (run by the generated build around each cached command)"), 0;
	if (!get && (argc != 4 || strcmp(argv[1], "put") != 0))
		return usage_error("act", "expected 'get' or 'put', the file of the actions' descriptions and "
				   "an action's key");
	return act_run(argv[2], argv[3], get);
}
