/* toolchain.c: locating gccgo and its binutils, the Go release, the standard library */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/gostring.h"
#include "lib/os.h"
#include "lib/sha256.h"
#include "plan/toolchain.h"
#include "lib/banned.h"

/* the Go release each gccgo major version implements */
static const struct {
	int gcc, go_minor;
} go_releases[] = {
	{ 8, 10 }, { 9, 12 }, { 10, 14 }, { 11, 16 }, { 12, 18 }, { 13, 20 }, { 14, 21 }, { 15, 23 },
};

const char *toolchain_debian_package(const char *prefix)
{
	static const char *const pkgs[][2] = {
		{ "mips-linux-gnu-", "gccgo-mips-linux-gnu" },
		{ "mipsel-linux-gnu-", "gccgo-mipsel-linux-gnu" },
		{ "mips64-linux-gnuabi64-", "gccgo-mips64-linux-gnuabi64" },
		{ "mips64el-linux-gnuabi64-", "gccgo-mips64el-linux-gnuabi64" },
		{ "", "gccgo" },
	};

	for (size_t i = 0; i < ARRAY_LEN(pkgs); i++)
		if (strcmp(prefix, pkgs[i][0]) == 0)
			return pkgs[i][1];
	return NULL;
}

/* the absolute path of tool (prefix + name), or NULL after reporting */
static char *find_tool(const struct mf_toolchain *tc, const struct mf_board *board, const char *name)
{
	char *prog = xasprintf("%s%s", tc->prefix ? tc->prefix : "", name);
	char *path = tc->bindir ? path_join(tc->bindir, prog) : xstrdup(prog);
	char *found = os_which(path);
	const char *pkg = toolchain_debian_package(tc->prefix ? tc->prefix : "");

	if (!found) {
		error_at(&tc->pos, "toolchain '%s' (board '%s'): '%s' not found in %s%s%s", tc->name,
			 board->name, prog, tc->bindir ? tc->bindir : "PATH",
			 pkg ? "; on Debian: apt-get install " : "", pkg ? pkg : "");
	}
	free(prog);
	free(path);
	return found;
}

/*
 * Probe results are cached in <cache>/probes/<sha256 of the probe>: a generation that runs
 * no compiler is a few milliseconds, and 'go env' alone takes tens. The key holds the
 * command, its environment, and the identity (device, inode, size, times) of the program
 * and, for the go command, of its configuration file and the variables that steer it; a
 * reinstalled or updated toolchain has a new key. Failures are not cached.
 */
static char *probe_cache;         /* <cache>/probes, NULL: no cache */

void toolchain_cache_at(const char *dir)
{
	free(probe_cache);
	probe_cache = dir ? path_join(dir, "probes") : NULL;
}

/* what identifies the file at path: device, inode, size and times, "none" when absent */
static void file_identity(struct buf *key, const char *path)
{
	struct stat st;

	if (!path || stat(path, &st) < 0) {
		buf_puts(key, "none\n");
		return;
	}
	buf_printf(key, "%s %ju %ju %jd %jd.%09ld %jd.%09ld\n", path, (uintmax_t)st.st_dev,
		   (uintmax_t)st.st_ino, (intmax_t)st.st_size, (intmax_t)st.st_mtim.tv_sec,
		   st.st_mtim.tv_nsec, (intmax_t)st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
}

/* the go command's configuration file, as 'go env GOENV' finds it */
static char *go_env_file(void)
{
	const char *e = getenv("GOENV"), *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (e && *e)
		return xstrdup(e);
	if (xdg && *xdg)
		return xasprintf("%s/go/env", xdg);
	return home && *home ? xasprintf("%s/.config/go/env", home) : NULL;
}

/* os_run(argv, env, out, quiet), through the probe cache */
static int run_probe(char *const argv[], char *const env[], struct buf *out)
{
	static const char *const go_vars[] = { "GOROOT", "GOTOOLDIR", "GOFLAGS", "GOENV", "GOTOOLCHAIN" };
	struct buf key = BUF_INIT;
	char *prog = os_which(argv[0]), hex[65], *path = NULL;
	int rc;

	buf_puts(&key, "mipsbake probe 1\n");
	for (size_t i = 0; argv[i]; i++)
		buf_printf(&key, "arg %s\n", argv[i]);
	for (size_t i = 0; env && env[i]; i++)
		buf_printf(&key, "env %s\n", env[i]);
	file_identity(&key, prog);
	if (strcmp(path_base(argv[0]), "go") == 0) {
		char *conf = go_env_file();

		for (size_t i = 0; i < ARRAY_LEN(go_vars); i++)
			buf_printf(&key, "%s=%s\n", go_vars[i], getenv(go_vars[i]) ? getenv(go_vars[i]) : "");
		file_identity(&key, conf);
		free(conf);
	}
	sha256_hex(key.data, key.len, hex);
	if (probe_cache) {
		path = path_join(probe_cache, hex);
		if (fs_is_file(path) && fs_read_file(path, out) == 0) {
			rc = 0;
			goto done;
		}
	}
	rc = os_run(argv, env, out, 1);
	if (rc == 0 && path && fs_mkdir_p(probe_cache) == 0)
		fs_write_atomic(path, out->data ? out->data : "", out->len);
done:
	buf_release(&key);
	free(prog);
	free(path);
	return rc;
}

int toolchain_run_cached(char *const argv[], char *const env[], struct buf *out)
{
	return run_probe(argv, env, out);
}

int toolchain_file_digest(const char *path, char hex[65])
{
	struct buf key = BUF_INIT, data = BUF_INIT;
	char *entry = NULL, khex[65];
	int rc = 0;

	buf_puts(&key, "mipsbake file digest 1\n");
	file_identity(&key, path);
	sha256_hex(key.data, key.len, khex);
	if (probe_cache) {
		entry = path_join(probe_cache, khex);
		if (fs_is_file(entry) && fs_read_file(entry, &data) == 0 && data.len == 64 &&
		    strspn(data.data, "0123456789abcdef") == 64) {
			memcpy(hex, data.data, 64);
			hex[64] = '\0';
			goto done;
		}
		buf_reset(&data);
	}
	if ((rc = fs_read_file(path, &data)) == 0) {
		sha256_hex(data.data, data.len, hex);
		if (entry && fs_mkdir_p(probe_cache) == 0)
			fs_write_atomic(entry, hex, 64);
	}
done:
	buf_release(&key);
	buf_release(&data);
	free(entry);
	return rc;
}

/* run tool with one argument, return its first output line (newly allocated) or NULL */
static char *tool_line(const char *tool, const char *arg)
{
	char *argv[] = { (char *)tool, (char *)arg, NULL };
	struct buf out = BUF_INIT;
	char *line = NULL;

	if (run_probe(argv, NULL, &out) == 0)
		line = xstrndup(buf_str(&out), strcspn(buf_str(&out), "\n"));
	else
		error("'%s %s' failed", tool, arg);
	buf_release(&out);
	return line;
}

/* record every .gox below dir (relative name rel) as a standard package */
static void collect_std(struct tc_info *ti, const char *dir, const char *rel)
{
	struct strv names = STRV_INIT;

	if (fs_list_dir(dir, &names) < 0)
		return;
	for (size_t i = 0; i < names.n; i++) {
		char *sub = path_join(dir, names.v[i]);
		char *subrel = rel[0] ? xasprintf("%s/%s", rel, names.v[i]) : xstrdup(names.v[i]);

		if (str_has_suffix(subrel, ".gox")) {
			subrel[strlen(subrel) - 4] = '\0';
			strmap_put(&ti->std, subrel, ti);
		} else if (fs_is_dir(sub)) {
			collect_std(ti, sub, subrel);
		}
		free(sub);
		free(subrel);
	}
	strv_release(&names);
}

/* find the directory holding the standard library's .gox files through -print-search-dirs */
static char *find_stddir(const struct tc_info *ti)
{
	char *argv[] = { ti->gccgo, "-print-search-dirs", NULL };
	struct buf out = BUF_INIT;
	char *found = NULL;
	const char *p;

	if (run_probe(argv, NULL, &out) != 0 || !(p = strstr(buf_str(&out), "libraries: =")))
		goto done;
	for (p += strlen("libraries: ="); *p && *p != '\n' && !found;) {
		size_t n = strcspn(p, ":\n");
		char *dir = xstrndup(p, n);
		char *cand = xasprintf("%s/go/%s/%s", dir, ti->version, ti->machine);
		char *probe = path_join(cand, "runtime.gox");

		if (fs_is_file(probe))
			found = path_abs(cand);
		free(dir);
		free(cand);
		free(probe);
		p += n;
		if (*p == ':')
			p++;
	}
done:
	buf_release(&out);
	return found;
}

static int go_minor_for(int gcc_major)
{
	int minor = 0;

	for (size_t i = 0; i < ARRAY_LEN(go_releases); i++)
		if (go_releases[i].gcc <= gcc_major)
			minor = go_releases[i].go_minor;
	return minor;
}

/* 1 when the toolchain's cflags choose the float ABI: -msoft-float (*soft 1) or -mhard-float (0) */
static int flags_float(const struct strv *flags, int *soft)
{
	int found = 0;

	for (size_t i = 0; i < flags->n; i++) {
		if (strcmp(flags->v[i], "-msoft-float") == 0)
			*soft = found = 1;
		else if (strcmp(flags->v[i], "-mhard-float") == 0)
			*soft = 0, found = 1;
	}
	return found;
}

/* 1 when "gccgo -Q --help=target" says -msoft-float is on by default */
static int gccgo_default_soft(const char *gccgo, const struct strv *cflags)
{
	struct strv argv = STRV_INIT;
	struct buf out = BUF_INIT;
	const char *line = NULL;
	int soft = 0;

	strv_push(&argv, gccgo);
	strv_extend(&argv, cflags);
	strv_push(&argv, "-Q");
	strv_push(&argv, "--help=target");
	if (run_probe(argv.v, NULL, &out) == 0)
		line = strstr(buf_str(&out), "  -msoft-float ");
	if (line) {
		char *l = xstrndup(line, strcspn(line, "\n"));

		soft = strstr(l, "[enabled]") != NULL;
		free(l);
	}
	buf_release(&out);
	strv_release(&argv);
	return soft;
}

static int probe_gccgo(const struct mf_toolchain *tc, const struct mf_board *board, struct tc_info *ti)
{
	if (!(ti->gccgo = find_tool(tc, board, "gccgo")) || !(ti->gcc = find_tool(tc, board, "gcc")) ||
	    !(ti->objcopy = find_tool(tc, board, "objcopy")) || !(ti->ar = find_tool(tc, board, "ar")) ||
	    !(ti->strip = find_tool(tc, board, "strip")))
		return -1;
	if (!(ti->version = tool_line(ti->gccgo, "-dumpversion")) ||
	    !(ti->machine = tool_line(ti->gccgo, "-dumpmachine")))
		return -1;
	ti->go_minor = go_minor_for(atoi(ti->version));
	if (!flags_float(&tc->cflags, &ti->soft_float))
		ti->soft_float = gccgo_default_soft(ti->gccgo, &tc->cflags);
	if (!(ti->stddir = find_stddir(ti)))
		return error_at(&tc->pos, "toolchain '%s': no standard library export data (runtime.gox) in the "
				"search directories of '%s'", tc->name, ti->gccgo);
	collect_std(ti, ti->stddir, "");
	return 0;
}

/* the go command: bindir/go, GOROOT/bin/go for a named GOROOT, else go in PATH */
static char *find_go(const struct mf_toolchain *tc, const struct mf_board *board)
{
	char *path = tc->bindir ? path_join(tc->bindir, "go")
		     : tc->goroot && strcmp(tc->goroot, "auto") != 0 ? path_join(tc->goroot, "bin/go")
								     : xstrdup("go");
	char *found = os_which(path);

	if (!found)
		error_at(&tc->pos, "toolchain '%s' (board '%s'): '%s' not found%s; on Debian: apt-get install "
			 "golang-go", tc->name, board->name, path, strchr(path, '/') ? "" : " in PATH");
	free(path);
	return found;
}

/* GOROOT, GOVERSION and GOTOOLDIR from one 'go env' */
static int go_env(const struct mf_toolchain *tc, struct tc_info *ti)
{
	char *argv[] = { ti->go, "env", "GOROOT", "GOVERSION", "GOTOOLDIR", NULL };
	char *goroot = tc->goroot && strcmp(tc->goroot, "auto") != 0 ? xasprintf("GOROOT=%s", tc->goroot) : NULL;
	char *env[] = { goroot, NULL };
	struct buf out = BUF_INIT;
	char *lines[3] = { NULL, NULL, NULL };
	const char *p;
	int rc = run_probe(argv, goroot ? env : NULL, &out);

	p = buf_str(&out);
	for (size_t i = 0; i < 3 && rc == 0 && *p; i++) {
		size_t n = strcspn(p, "\n");

		lines[i] = xstrndup(p, n);
		p += n + (p[n] == '\n');
	}
	buf_release(&out);
	free(goroot);
	if (rc != 0 || !lines[2] || !str_has_prefix(lines[1], "go1.")) {
		for (size_t i = 0; i < 3; i++)
			free(lines[i]);
		return error_at(&tc->pos, "toolchain '%s': '%s env' failed or printed no Go release", tc->name,
				ti->go);
	}
	ti->goroot = lines[0];
	ti->version = lines[1];
	ti->tooldir = lines[2];
	return 0;
}

static int probe_gc(const struct mf_toolchain *tc, const struct mf_board *board, struct tc_info *ti)
{
	char **tools[] = { &ti->compile, &ti->asm, &ti->link, &ti->pack };
	const char *names[] = { "compile", "asm", "link", "pack" };

	if (!(ti->go = find_go(tc, board)) || go_env(tc, ti) < 0)
		return -1;
	ti->go_minor = atoi(ti->version + strlen("go1."));
	ti->stddir = path_join(ti->goroot, "src");
	for (size_t i = 0; i < ARRAY_LEN(tools); i++) {
		*tools[i] = path_join(ti->tooldir, names[i]);
		if (!fs_is_file(*tools[i]))
			return error_at(&tc->pos, "toolchain '%s': no '%s' in '%s'", tc->name, names[i], ti->tooldir);
	}
	return 0;
}

int toolchain_probe(const struct mf_toolchain *tc, const struct mf_board *board, struct tc_info *ti)
{
	memset(ti, 0, sizeof(*ti));
	ti->tc = tc;
	if (tc->compiler == COMPILER_GC)
		return probe_gc(tc, board, ti);
	return probe_gccgo(tc, board, ti);
}

char *toolchain_gomips_env(const char *goarch, const char *gomips)
{
	return xasprintf("%s=%s", str_has_prefix(goarch, "mips64") ? "GOMIPS64" : "GOMIPS", gomips);
}

void toolchain_release(struct tc_info *ti)
{
	free(ti->gccgo);
	free(ti->gcc);
	free(ti->objcopy);
	free(ti->ar);
	free(ti->strip);
	free(ti->machine);
	free(ti->version);
	free(ti->stddir);
	free(ti->go);
	free(ti->goroot);
	free(ti->tooldir);
	free(ti->compile);
	free(ti->asm);
	free(ti->link);
	free(ti->pack);
	strmap_release(&ti->std);
}

/* a gc standard package: no dot in the first element and a directory under GOROOT/src */
static int gc_is_std(const struct tc_info *ti, const char *importpath)
{
	size_t first = strcspn(importpath, "/");
	char *dir;
	int std;

	if (memchr(importpath, '.', first) || str_has_prefix(importpath, "cmd/"))
		return 0;
	dir = path_join(ti->stddir, importpath);
	std = fs_is_dir(dir);
	free(dir);
	return std;
}

int toolchain_is_std(struct tc_info *ti, const char *importpath)
{
	static int no;

	if (ti->tc->compiler == COMPILER_GC && !strmap_get(&ti->std, importpath))
		strmap_put(&ti->std, importpath, gc_is_std(ti, importpath) ? (void *)ti : (void *)&no);
	return strmap_get(&ti->std, importpath) == ti;
}

/* Debian's GNU triplet for a GOARCH */
static const char *debian_triplet(const char *goarch)
{
	static const char *const t[][2] = {
		{ "mips", "mips-linux-gnu" }, { "mipsle", "mipsel-linux-gnu" },
		{ "mips64", "mips64-linux-gnuabi64" }, { "mips64le", "mips64el-linux-gnuabi64" },
	};

	for (size_t i = 0; i < ARRAY_LEN(t); i++)
		if (strcmp(t[i][0], goarch) == 0)
			return t[i][1];
	return "mips-linux-gnu";
}

char *toolchain_gc_cc(const struct mf_toolchain *tc, const struct mf_board *board, const char *goarch,
		      char **sysroot)
{
	int a = goarch_index(goarch);
	const char *triplet = debian_triplet(goarch);
	char *name = a >= 0 && tc->cc[a] ? xstrdup(tc->cc[a]) : xasprintf("%s-gcc", triplet);
	char *path = tc->bindir && !strchr(name, '/') ? path_join(tc->bindir, name) : xstrdup(name);
	char *found = os_which(path), *root = NULL;

	*sysroot = NULL;
	if (!found && tc->bindir && !strchr(name, '/'))
		found = os_which(name);
	if (!found) {
		if (a >= 0 && tc->cc[a])
			error_at(&tc->pos, "toolchain '%s' (board '%s'): the C compiler '%s' of 'cc' for %s "
				 "is not found%s%s", tc->name, board->name, name, goarch,
				 strchr(name, '/') ? "" : " in ", strchr(name, '/') ? "" : tc->bindir ? tc->bindir : "PATH");
		else
			error_at(&tc->pos, "toolchain '%s' (board '%s'): cgo for %s needs a C compiler, and '%s' "
				 "is not found in PATH; on Debian: apt-get install gcc-%s, or name one in "
				 "the toolchain's 'cc: {%s: ...}'", tc->name, board->name, goarch, name, triplet,
				 goarch);
		goto out;
	}
	if (!(root = go_quote_word(found))) {
		error_at(&tc->pos, "toolchain '%s' (board '%s'): the C compiler '%s' holds a blank and both "
			 "kinds of quote, which go tool cgo and the linker cannot be given", tc->name,
			 board->name, found);
		free(found);
		found = NULL;
		goto out;
	}
	free(root);
	root = NULL;
	if (tc->sysroot) {
		*sysroot = xstrdup(tc->sysroot);
		goto out;
	}
	root = tool_line(found, "-print-sysroot");
	if (root && *root && strcmp(root, "/") != 0) { /* Debian's cross gcc says "/" */
		*sysroot = root;
		root = NULL;
	} else {
		char *machine = tool_line(found, "-dumpmachine");
		char *dir = machine ? xasprintf("/usr/%s", machine) : NULL;

		if (dir && fs_is_dir(dir))
			*sysroot = dir;
		else
			free(dir);
		free(machine);
	}
out:
	free(root);
	free(name);
	free(path);
	return found;
}

void toolchain_arch_flags(const char *goarch, const char *gomips, struct strv *flags)
{
	int soft = strcmp(gomips, "softfloat") == 0;

	if (str_has_prefix(goarch, "mips64")) {
		strv_push(flags, "-mabi=64");
		strv_push(flags, soft ? "-msoft-float" : "-mhard-float");
		return;
	}
	strv_push(flags, "-mabi=32");
	strv_push(flags, "-march=mips32");
	if (soft) {
		strv_push(flags, "-msoft-float");
	} else {
		strv_push(flags, "-mhard-float");
		strv_push(flags, "-mfp32");
		strv_push(flags, "-mno-odd-spreg");
	}
}
