/* pkgsizes.c: a binary's symbols read with libelf and attributed to Go packages, the C
 * library and libgo; what no symbol covers gets rows of its own, so the rows add up */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gelf.h>

#include "check/pkgsizes.h"
#include "lib/builddir.h"
#include "lib/map.h"
#include "lib/os.h"
#include "lib/banned.h"

/* a loaded section that occupies the file */
struct section {
	uint64_t addr, size;
	char *name;
	uint64_t covered;        /* its bytes some symbol covers */
};

/* a symbol with bytes in a loaded section, and who owns them */
struct sym {
	uint64_t addr, size;
	size_t sec;              /* index into the sections */
	char *owner;             /* NULL: not known yet */
	enum pkg_kind kind;
};

/* what was read from one ELF file */
struct image {
	struct section *secs;
	size_t nsecs;
	size_t *secmap;          /* ELF section index -> index into secs, or (size_t)-1 */
	size_t nsecmap;
	struct sym *syms;
	size_t nsyms, cap;
	int gccgo;
};

const char *pkg_kind_name(enum pkg_kind k)
{
	static const char *const names[] = { "package", "libgo", "libc", "nopkg", "section", "file" };

	return names[k];
}

/* symbol names to packages */

/* the package of a gc symbol name (without a prefix such as "type."): the text up to the
 * first '.' after the last '/', as debug/gosym's PackageName; NULL when there is none */
static char *gc_path_of(const char *name)
{
	/* a generic instantiation's arguments, an itab's interface, are not its path */
	size_t n = strcspn(name, "[,");
	const char *slash = NULL, *dot;

	for (const char *s = name; s < name + n; s++)
		if (*s == '/')
			slash = s;
	dot = memchr(slash ? slash : name, '.', n - (size_t)((slash ? slash : name) - name));
	if (!dot || dot == name || name[0] == '$')
		return NULL;
	return xstrndup(name, (size_t)(dot - name));
}

/* gc: "pkg.F", "pkg.(*T).M", "type..eq.pkg.T", "go.itab.*pkg.T,iface" -> "pkg"; NULL: none */
static char *gc_package(const char *name)
{
	static const char *const prefixes[] = { "go.itab.", "go:itab.", "type..eq.", "type..hash.",
						"type:.eq.", "type:.hash.", "type..", "type.", "type:" };
	char *p;

	for (size_t i = 0; i < ARRAY_LEN(prefixes); i++) {
		if (str_has_prefix(name, prefixes[i])) {
			name += strlen(prefixes[i]);
			break;
		}
	}
	while (*name == '*' || *name == '[') {
		const char *close = *name == '[' ? strchr(name, ']') : name;

		if (!close)
			return NULL;
		name = close + 1;
	}
	p = gc_path_of(name);
	if (p && (strcmp(p, "go") == 0 || strcmp(p, "type") == 0)) {
		free(p);
		return NULL;
	}
	return p;
}

/* the byte a gccgo escape "_c" stands for (cmd/internal/pkgpath's v3 mangling), 0: none */
static int gccgo_unescape(char c)
{
	static const char codes[] = "__0.1/2*3,4{5}6[7]8(9)a\"b c;";

	for (size_t i = 0; codes[i]; i += 2)
		if (codes[i] == c)
			return codes[i + 1];
	return 0;
}

/* the value of n hex digits at s, -1 when they are not all hex digits */
static long hex_value(const char *s, size_t n)
{
	long v = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;

		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* append code point cp as UTF-8 */
static void put_utf8(struct buf *b, long cp)
{
	if (cp < 0x80) {
		buf_putc(b, (int)cp);
	} else if (cp < 0x800) {
		buf_putc(b, (int)(0xc0 | cp >> 6));
		buf_putc(b, (int)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		buf_putc(b, (int)(0xe0 | cp >> 12));
		buf_putc(b, (int)(0x80 | (cp >> 6 & 0x3f)));
		buf_putc(b, (int)(0x80 | (cp & 0x3f)));
	} else {
		buf_putc(b, (int)(0xf0 | cp >> 18));
		buf_putc(b, (int)(0x80 | (cp >> 12 & 0x3f)));
		buf_putc(b, (int)(0x80 | (cp >> 6 & 0x3f)));
		buf_putc(b, (int)(0x80 | (cp & 0x3f)));
	}
}

/* the escape at s ("_x2d", "_u00e9", "_1"): appended to b, its length returned; 0: invalid */
static size_t gccgo_escape(const char *s, size_t n, struct buf *b)
{
	size_t len = n < 2 ? 0 : s[1] == 'x' ? 4 : s[1] == 'u' ? 6 : s[1] == 'U' ? 10 : 2;
	long v;

	if (len == 0 || len > n)
		return 0;
	if (len == 2) {
		int c = gccgo_unescape(s[1]);

		if (c)
			buf_putc(b, c);
		return c ? 2 : 0;
	}
	if ((v = hex_value(s + 2, len - 2)) < 0)
		return 0;
	put_utf8(b, v);
	return len;
}

/* gccgo's mangled package path (s, n bytes) as the import path; NULL when it is not one */
static char *gccgo_demangle(const char *s, size_t n)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < n;) {
		char c = s[i];
		size_t len;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			buf_putc(&b, c);
			i++;
		} else if (c == '_' && (len = gccgo_escape(s + i, n - i, &b)) > 0) {
			i += len;
		} else {
			buf_release(&b);
			return NULL;
		}
	}
	return buf_detach(&b);
}

/* gccgo: "github_0com_1miekg_1dns.Msg.Pack" -> "github.com/miekg/dns"; an interface method
 * table "imt..<interface>..pkg.T" is T's package's; "go..C5", "type..<unnamed type>" and C
 * names have none (NULL) */
static char *gccgo_package(const char *name)
{
	const char *dot;

	if (str_has_prefix(name, "imt..") || str_has_prefix(name, "pimt..")) {
		const char *last = NULL;

		for (const char *s = strstr(name, ".."); s; s = strstr(s + 1, ".."))
			last = s;
		name = last + 2;
	}
	dot = strchr(name, '.');
	if (!dot || dot == name || dot[1] == '.' || dot[1] == '\0')
		return NULL;
	return gccgo_demangle(name, (size_t)(dot - name));
}

/* the owner of a local symbol from the source file its object was compiled from (the
 * symbol table's FILE entry): a Go package's directory, libgo, or the C library */
static char *file_owner(const char *file, enum pkg_kind *kind)
{
	const char *libgo = strstr(file, "/src/libgo/go/");
	const char *slash = strrchr(file, '/');

	if (libgo) {
		libgo += strlen("/src/libgo/go/");
		slash = strrchr(libgo, '/');
		if (slash) {
			*kind = PK_PACKAGE;
			return xstrndup(libgo, (size_t)(slash - libgo));
		}
	}
	if (strstr(file, "/src/libgo/") || strstr(file, "/src/libffi/") || strstr(file, "/src/libbacktrace/")) {
		*kind = PK_LIBGO;
		return NULL;
	}
	/* a Go file, or a C file of a Go package, named by import path (-ffile-prefix-map) */
	if (slash && file[0] != '.' && file[0] != '/') {
		*kind = PK_PACKAGE;
		return xstrndup(file, (size_t)(slash - file));
	}
	*kind = PK_CLIB;
	return NULL;
}

/* reading the ELF file */

static void add_section(struct image *im, size_t index, const GElf_Shdr *sh, const char *name)
{
	struct section *s;

	if (!(sh->sh_flags & SHF_ALLOC) || sh->sh_type == SHT_NOBITS || sh->sh_size == 0)
		return;
	im->secs = xrealloc(im->secs, (im->nsecs + 1) * sizeof(*im->secs));
	s = &im->secs[im->nsecs];
	s->addr = sh->sh_addr;
	s->size = sh->sh_size;
	s->name = xstrdup(name ? name : "(unnamed)");
	s->covered = 0;
	if (index < im->nsecmap)
		im->secmap[index] = im->nsecs;
	im->nsecs++;
}

/* the loaded sections that occupy the file; the symbol table's section, or NULL */
static Elf_Scn *read_sections(Elf *e, struct image *im)
{
	Elf_Scn *scn = NULL, *symtab = NULL;
	size_t shstrndx, nscn;
	GElf_Shdr sh;

	if (elf_getshdrstrndx(e, &shstrndx) != 0 || elf_getshdrnum(e, &nscn) != 0)
		return NULL;
	im->nsecmap = nscn;
	im->secmap = xmalloc((nscn ? nscn : 1) * sizeof(*im->secmap));
	memset(im->secmap, 0xff, (nscn ? nscn : 1) * sizeof(*im->secmap));
	while ((scn = elf_nextscn(e, scn)) != NULL) {
		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_SYMTAB)
			symtab = scn;
		add_section(im, elf_ndxscn(scn), &sh, elf_strptr(e, shstrndx, sh.sh_name));
	}
	return symtab;
}

/* the owner of a symbol from its name and, for a local one, the file it came from (gc's
 * one FILE entry, "go.go", says nothing) */
static void resolve(struct sym *y, const char *name, const char *file, int gccgo)
{
	enum pkg_kind kind = PK_PACKAGE;
	char *from_file;

	if (file && strcmp(file, "go.go") == 0)
		file = NULL;
	from_file = file ? file_owner(file, &kind) : NULL;
	/* in a C file's object, a static "x.1" or "f.isra.0" is no Go name: the file decides */
	if (file && (kind != PK_PACKAGE || !str_has_suffix(file, ".go"))) {
		y->owner = from_file;
		y->kind = kind;
		return;
	}
	y->owner = gccgo ? gccgo_package(name) : gc_package(name);
	y->kind = PK_PACKAGE;
	if (y->owner)
		free(from_file);
	else
		y->owner = from_file;
}

static void add_symbol(struct image *im, const GElf_Sym *s, const char *name, const char *file)
{
	struct sym *y;
	size_t sec = s->st_shndx < im->nsecmap ? im->secmap[s->st_shndx] : (size_t)-1;

	if (s->st_size == 0 || sec == (size_t)-1 || GELF_ST_TYPE(s->st_info) == STT_SECTION)
		return;
	xgrow(&im->syms, &im->cap, im->nsyms + 1, sizeof(*im->syms));
	y = &im->syms[im->nsyms++];
	y->addr = s->st_value;
	y->size = s->st_size;
	y->sec = sec;
	resolve(y, name ? name : "", file, im->gccgo);
	/* resolve() leaves a C-file symbol's owner NULL with kind LIBGO or CLIB: known */
	if (!y->owner && y->kind == PK_PACKAGE && !im->gccgo)
		y->kind = PK_NOPKG;
}

/* every symbol of the table with bytes in a loaded section */
static void read_symbols(Elf *e, Elf_Scn *symtab, struct image *im)
{
	Elf_Data *data = elf_getdata(symtab, NULL);
	GElf_Shdr sh;
	const char *file = NULL;

	if (!data || !gelf_getshdr(symtab, &sh) || sh.sh_entsize == 0)
		return;
	for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
		GElf_Sym s;
		const char *name;

		if (!gelf_getsym(data, (int)i, &s))
			continue;
		name = elf_strptr(e, sh.sh_link, s.st_name);
		/* the locals of each object follow its FILE entry; globals belong to no file */
		if (GELF_ST_TYPE(s.st_info) == STT_FILE)
			file = name;
		else if (GELF_ST_BIND(s.st_info) != STB_LOCAL)
			file = NULL;
		if (GELF_ST_TYPE(s.st_info) != STT_FILE)
			add_symbol(im, &s, name, file);
	}
}

static int read_image(const char *path, struct image *im)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = -1;
	Elf *e = NULL;
	Elf_Scn *symtab;

	if (fd < 0)
		return error("cannot open '%s':", path);
	if (elf_version(EV_CURRENT) != EV_NONE)
		e = elf_begin(fd, ELF_C_READ, NULL);
	if (!e || elf_kind(e) != ELF_K_ELF)
		error("'%s' is not an ELF file: %s", path, elf_errmsg(-1));
	else if (!(symtab = read_sections(e, im)))
		error("'%s' has no symbol table (it is stripped)", path);
	else {
		read_symbols(e, symtab, im);
		rc = 0;
	}
	if (e)
		elf_end(e);
	close(fd);
	return rc;
}

/* attribution */

/* by section, then address, the larger of two at one address first */
static int sym_cmp(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->size > y->size ? -1 : x->size < y->size;
}

/* gccgo lays each object's sections out together, in link order: a symbol whose name says
 * nothing (a weak type descriptor, a constant) belongs with the symbol before it */
static void inherit_neighbours(struct image *im)
{
	const struct sym *prev = NULL;

	for (size_t pass = 0; pass < 2; pass++) {
		for (size_t k = 0; k < im->nsyms; k++) {
			size_t i = pass == 0 ? k : im->nsyms - 1 - k;
			struct sym *y = &im->syms[i];

			if (prev && prev->sec != y->sec)
				prev = NULL;
			if (y->owner || y->kind != PK_PACKAGE) {
				prev = y;
				continue;
			}
			if (prev) {
				y->kind = prev->kind;
				y->owner = prev->owner ? xstrdup(prev->owner) : NULL;
			}
		}
		prev = NULL;
	}
}

/* add bytes to the row named name (of kind); rows maps a name to its index + 1 */
static void add_bytes(struct pkgsizes *ps, struct strmap *rows, const char *name, enum pkg_kind kind,
		      uint64_t bytes)
{
	uintptr_t idx = (uintptr_t)strmap_get(rows, name);

	if (bytes == 0)
		return;
	if (!idx) {
		ps->v = xrealloc(ps->v, (ps->n + 1) * sizeof(*ps->v));
		ps->v[ps->n].name = xstrdup(name);
		ps->v[ps->n].kind = kind;
		ps->v[ps->n].bytes = 0;
		idx = ++ps->n;
		strmap_put(rows, name, (void *)idx);
	}
	ps->v[idx - 1].bytes += bytes;
}

/* the row a symbol's bytes go to, and its kind */
static const char *row_of(const struct sym *y, enum pkg_kind *kind)
{
	*kind = y->owner ? PK_PACKAGE : y->kind == PK_PACKAGE ? PK_NOPKG : y->kind;
	switch (*kind) {
	case PK_PACKAGE: return y->owner;
	case PK_LIBGO: return "(libgo, C)";
	case PK_CLIB: return "(C library)";
	default: return "(symbols of no package)";
	}
}

/* each byte of a section once: overlapping symbols (aliases) are clipped */
static void attribute(struct image *im, struct pkgsizes *ps, struct strmap *rows)
{
	uint64_t cursor = 0;
	size_t sec = (size_t)-1;

	for (size_t i = 0; i < im->nsyms; i++) {
		const struct sym *y = &im->syms[i];
		const struct section *s = &im->secs[y->sec];
		uint64_t start = y->addr, end = y->addr + y->size, send = s->addr + s->size;
		enum pkg_kind kind;
		const char *name;

		if (y->sec != sec) {
			sec = y->sec;
			cursor = s->addr;
		}
		start = start < cursor ? cursor : start;
		end = end > send ? send : end;
		if (end <= start)
			continue;
		name = row_of(y, &kind);
		add_bytes(ps, rows, name, kind, end - start);
		im->secs[y->sec].covered += end - start;
		cursor = end;
	}
}

/* the bytes no symbol covers: per section, then the rest of the file */
static void add_gaps(struct image *im, struct pkgsizes *ps, struct strmap *rows)
{
	uint64_t rest;

	for (size_t i = 0; i < im->nsecs; i++) {
		char *name = xasprintf("(section %s, no symbol)", im->secs[i].name);

		add_bytes(ps, rows, name, PK_SECTION, im->secs[i].size - im->secs[i].covered);
		ps->loaded += im->secs[i].size;
		free(name);
	}
	rest = ps->size > ps->loaded ? ps->size - ps->loaded : 0;
	add_bytes(ps, rows, "(not loaded: ELF headers, padding, symbols, debug info)", PK_FILE, rest);
}

/* largest first, then by name */
static int row_cmp(const void *a, const void *b)
{
	const struct pkgsize *x = a, *y = b;

	if (x->bytes != y->bytes)
		return x->bytes > y->bytes ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void image_release(struct image *im)
{
	for (size_t i = 0; i < im->nsecs; i++)
		free(im->secs[i].name);
	for (size_t i = 0; i < im->nsyms; i++)
		free(im->syms[i].owner);
	free(im->secs);
	free(im->secmap);
	free(im->syms);
}

int pkgsizes_read(const char *elf, uint64_t size, int gccgo, struct pkgsizes *ps)
{
	struct image im;
	struct strmap rows = STRMAP_INIT;

	memset(&im, 0, sizeof(im));
	memset(ps, 0, sizeof(*ps));
	im.gccgo = gccgo;
	ps->size = size;
	if (read_image(elf, &im) < 0) {
		image_release(&im);
		return -1;
	}
	qsort(im.syms, im.nsyms, sizeof(*im.syms), sym_cmp);
	if (gccgo)
		inherit_neighbours(&im);
	attribute(&im, ps, &rows);
	add_gaps(&im, ps, &rows);
	qsort(ps->v, ps->n, sizeof(*ps->v), row_cmp);
	strmap_release(&rows);
	image_release(&im);
	return 0;
}

/* the modification time of path; 0 when it does not exist */
static long long mtime_of(const char *path, uint64_t *size)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return 0;
	if (size)
		*size = (uint64_t)st.st_size;
	return (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
}

int pkgsizes_for(const char *builddir, const struct artifact *x, struct pkgsizes *ps)
{
	char *bin = path_join(builddir, x->out), *rel = xasprintf("%s%s", x->strip ? UNSTRIPPED_DIR : "", x->out);
	char *elf = path_join(builddir, rel);
	uint64_t size = 0;
	long long built = mtime_of(bin, &size), linked = mtime_of(elf, NULL);
	int rc = 0;

	memset(ps, 0, sizeof(*ps));
	/* a twin older than the binary was linked from older code */
	if (built && linked && linked >= built)
		rc = pkgsizes_read(elf, size, strcmp(x->compiler, "gccgo") == 0, ps) < 0 ? -1 : 1;
	if (rc == 1)
		ps->symbols = rel;
	else
		free(rel);
	free(bin);
	free(elf);
	return rc;
}

void pkgsizes_release(struct pkgsizes *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		free(ps->v[i].name);
	free(ps->v);
	free(ps->symbols);
	memset(ps, 0, sizeof(*ps));
}
