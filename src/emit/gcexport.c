/*
 * gcexport.c: gc's indexed export data (iexport version 2, written by Go 1.18 and 1.19)
 * decoded far enough to find every position and what it belongs to, so that two files can be
 * compared modulo the positions no importer's object depends on. The format is cmd/compile's
 * typecheck/iexport.go. Anything else (another version, a short file, a byte that belongs to
 * no object) is "not understood", which the caller takes as a change.
 *
 * Which positions reach an importer's object, found by compiling an importer against the
 * old and the new export data and comparing the objects (tests/t0505-gc-cutoff.sh checks the
 * cases on whole builds against clean ones):
 * - every position of an inline body, of a generic function or type: importers compile that
 *   code, and its lines reach their line tables (panics, runtime.Caller) and DWARF;
 * - those of a function with inline information (its parameters are the inlined copy's);
 * - every position of a method (its own, its receiver's, its parameters') and of an
 *   interface's methods, even without inline body: an importer whose struct embeds the type
 *   compiles the promoted method's wrapper with those parameters, and its DWARF has their lines;
 * - not the place of a var, const, alias, defined type or function without inline
 *   information, nor that function's parameters, nor a struct field's place, nor the
 *   parameters of a function type (func(x, y int) as a type: no importer compiles a body
 *   with them).
 * Positions that count are compared by value (file, line, column), not by their delta-coded
 * bytes; every other byte is compared as it is. The layout must be the same (every object at
 * the same offset, so equal bytes mean equal things): a moved line that makes an ignored
 * position a byte longer (an object's first line crossing 32 or 4096) counts as a change.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache/act.h"
#include "emit/gcexport.h"
#include "lib/os.h"
#include "lib/banned.h"

enum { IEXPORT_VERSION = 2, PREDECL = 32, FINGERPRINT = 8, MAX_DEPTH = 1000 };

/* the predeclared types (bexport.go's predeclared()) a constant's value depends on */
enum {
	T_ERROR = 19, T_UNTYPED_BOOL = 20, T_UNTYPED_FLOAT = 23, T_UNTYPED_COMPLEX = 24,
	T_UNTYPED_STRING = 25, T_COMPARABLE = 30, T_ANY = 31,
};

/* go/constant's kinds, as the value's kind is written */
enum { K_BOOL = 1, K_STRING, K_INT, K_FLOAT, K_COMPLEX };

/* the type descriptors' tags (iexport.go's itag) */
enum {
	I_DEFINED, I_POINTER, I_SLICE, I_ARRAY, I_CHAN, I_MAP, I_SIGNATURE, I_STRUCT, I_INTERFACE,
	I_TYPEPARAM, I_INSTANCE, I_UNION,
};

/* what a position means to an importer */
enum pos_class {
	POS_COUNTS,   /* it reaches importers' objects: compared by value */
	POS_IGNORED,  /* only the compiler's diagnostics read it */
	POS_PENDING,  /* a function's, until its extension says whether it has an inline body */
};

struct xpos {
	size_t off, len;       /* its bytes, from the start of the data section */
	uint64_t file;         /* a string offset; UINT64_MAX before an object's first file */
	int64_t line, col;
	enum pos_class cls;
};

/* one entry of the main index: a declaration by package and name (string offsets) */
struct decl {
	uint64_t pkg, name, off;
};

struct dec {
	const unsigned char *p;    /* the payload: after "$$B\n", up to "\n$$\n" */
	size_t size;               /* its length */
	size_t n, at;              /* the end of what is being read; the cursor */
	size_t str0, nstr;         /* the strings section */
	size_t data0, ndata;       /* the data section */
	size_t *end;               /* per data offset: the end of the object that starts there, or 0 */
	unsigned char *inl;        /* per data offset: 1 where an inline body starts */
	size_t nobj, ninl, ntypes;
	struct decl *decls;
	size_t ndecls;
	struct xpos *pos;
	size_t npos;
	uint64_t file;             /* the delta state of the object being read */
	int64_t line, col;
	int depth;
	const char *err;           /* the first reason it is not understood */
	size_t erroff;
};

static void fail(struct dec *d, const char *why)
{
	if (!d->err) {
		d->err = why;
		d->erroff = d->at;
	}
	d->at = d->n;
}

static uint64_t rd_uvarint(struct dec *d)
{
	uint64_t v = 0;

	for (int shift = 0; shift < 64 && d->at < d->n; shift += 7) {
		unsigned char c = d->p[d->at++];

		if (shift == 63 && c > 1)
			break;
		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return v;
	}
	fail(d, "a bad or truncated varint");
	return 0;
}

static int64_t rd_int64(struct dec *d)
{
	uint64_t u = rd_uvarint(d);

	return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

static int rd_bool(struct dec *d)
{
	uint64_t v = rd_uvarint(d);

	if (v > 1)
		fail(d, "a bool that is neither 0 nor 1");
	return (int)v;
}

static unsigned char rd_byte(struct dec *d)
{
	if (d->at >= d->n) {
		fail(d, "truncated data");
		return 0;
	}
	return d->p[d->at++];
}

/* a string offset, checked to name a whole string of the strings section */
static uint64_t rd_string(struct dec *d)
{
	uint64_t off = rd_uvarint(d), len;
	size_t at = d->at, lim = d->n;

	if (off >= d->nstr)
		return fail(d, "a string offset out of range"), 0;
	d->at = d->str0 + off;
	d->n = d->str0 + d->nstr;
	len = rd_uvarint(d);
	if (!d->err && len > d->n - d->at)
		fail(d, "a string longer than the strings section");
	d->n = lim;
	if (!d->err)
		d->at = at;
	return off;
}

/* a position's delta from the object's previous one: column, then line, then file */
static void rd_pos_delta(struct dec *d, int64_t *dcol, int64_t *dline)
{
	*dcol = rd_int64(d);
	*dline = 0;
	if (*dcol & 1) {
		*dline = rd_int64(d);
		if (*dline & 1)
			d->file = rd_string(d);
	}
}

/* a position, recorded with its value (file, line, column) and what it means */
static void rd_pos(struct dec *d, enum pos_class cls)
{
	size_t start = d->at;
	int64_t dcol, dline;
	struct xpos *p;

	rd_pos_delta(d, &dcol, &dline);
	d->col += (dcol - (dcol & 1)) / 2;
	d->line += (dline - (dline & 1)) / 2;
	if (d->err)
		return;
	d->pos = xappend(d->pos, d->npos, sizeof(*d->pos));
	p = &d->pos[d->npos++];
	p->off = start - d->data0;
	p->len = d->at - start;
	p->file = d->file;
	p->line = d->line;
	p->col = d->col;
	p->cls = cls;
}

static void decode_type_at(struct dec *d, size_t off);

/* a type offset: a predeclared type, or a descriptor in the data section, decoded once */
static uint64_t rd_type(struct dec *d)
{
	uint64_t t = rd_uvarint(d);

	if (t >= PREDECL && !d->err) {
		if (t - PREDECL >= d->ndata)
			fail(d, "a type offset out of range");
		else if (!d->end[t - PREDECL])
			decode_type_at(d, (size_t)(t - PREDECL));
	}
	return t;
}

static void rd_types(struct dec *d)
{
	for (uint64_t n = rd_uvarint(d); n > 0 && !d->err; n--)
		rd_type(d);
}

/* a parameter: position, name, type */
static void rd_param(struct dec *d, enum pos_class cls)
{
	rd_pos(d, cls);
	rd_string(d);
	rd_type(d);
}

/* parameters with positions of class cls; returns how many */
static uint64_t rd_params(struct dec *d, enum pos_class cls)
{
	uint64_t n = rd_uvarint(d);

	for (uint64_t i = 0; i < n && !d->err; i++)
		rd_param(d, cls);
	return n;
}

/* a signature; returns the number of its parameters */
static uint64_t rd_signature(struct dec *d, enum pos_class cls)
{
	uint64_t np = rd_params(d, cls);

	rd_params(d, cls);
	if (np > 0)
		rd_bool(d);
	return np;
}

static void rd_struct(struct dec *d)
{
	rd_string(d);
	for (uint64_t n = rd_uvarint(d); n > 0 && !d->err; n--) {
		rd_pos(d, POS_IGNORED);
		rd_string(d);
		rd_type(d);
		rd_bool(d);
		rd_string(d);
	}
}

static void rd_interface(struct dec *d)
{
	rd_string(d);
	for (uint64_t n = rd_uvarint(d); n > 0 && !d->err; n--) {
		rd_pos(d, POS_COUNTS);
		rd_type(d);
	}
	for (uint64_t n = rd_uvarint(d); n > 0 && !d->err; n--) {
		rd_pos(d, POS_COUNTS);
		rd_string(d);
		rd_signature(d, POS_COUNTS);
	}
}

static void rd_type_body(struct dec *d)
{
	switch (rd_uvarint(d)) {
	case I_DEFINED: case I_TYPEPARAM: rd_string(d); rd_string(d); break;
	case I_POINTER: case I_SLICE: rd_type(d); break;
	case I_ARRAY: rd_uvarint(d); rd_type(d); break;
	case I_CHAN:
		if (rd_uvarint(d) - 1 > 2)
			fail(d, "a channel direction that is not 1, 2 or 3");
		rd_type(d);
		break;
	case I_MAP: rd_type(d); rd_type(d); break;
	case I_SIGNATURE: rd_string(d); rd_signature(d, POS_IGNORED); break;
	case I_STRUCT: rd_struct(d); break;
	case I_INTERFACE: rd_interface(d); break;
	case I_INSTANCE: rd_pos(d, POS_COUNTS); rd_types(d); rd_type(d); break;
	case I_UNION:
		for (uint64_t n = rd_uvarint(d); n > 0 && !d->err; n--) {
			rd_bool(d);
			rd_type(d);
		}
		break;
	default: fail(d, "an unknown type tag");
	}
}

/* start an object at data offset off: each has its own delta state for positions */
static void begin_object(struct dec *d, size_t off)
{
	d->at = d->data0 + off;
	d->file = UINT64_MAX;
	d->line = d->col = 0;
}

/* record the object that began at off and ends at the cursor */
static void end_object(struct dec *d, size_t off)
{
	if (!d->err) {
		d->end[off] = d->at - d->data0;
		d->nobj++;
	}
}

/* the caller's cursor and delta state, kept while a type it names is decoded */
struct saved {
	size_t at, n;
	uint64_t file;
	int64_t line, col;
};

static struct saved save(const struct dec *d)
{
	struct saved s = { d->at, d->n, d->file, d->line, d->col };

	return s;
}

static void restore(struct dec *d, struct saved s)
{
	if (d->err)
		return;
	d->at = s.at;
	d->n = s.n;
	d->file = s.file;
	d->line = s.line;
	d->col = s.col;
}

static void decode_type_at(struct dec *d, size_t off)
{
	struct saved s = save(d);

	if (++d->depth > MAX_DEPTH) {
		fail(d, "types nested too deep");
		return;
	}
	/* marked before its parts, so that a malformed cycle ends */
	d->end[off] = off + 1;
	d->n = d->data0 + d->ndata;
	begin_object(d, off);
	rd_type_body(d);
	end_object(d, off);
	d->ntypes++;
	d->depth--;
	restore(d, s);
}

static int decl_cmp(const void *a, const void *b)
{
	const struct decl *x = a, *y = b;

	if (x->pkg != y->pkg)
		return x->pkg < y->pkg ? -1 : 1;
	return x->name < y->name ? -1 : x->name > y->name;
}

/* the predeclared type under type t (a predeclared index: a constant's type), or -1 */
static int basic_type(struct dec *d, uint64_t t, int depth)
{
	struct saved s = save(d);
	struct decl key, *e;
	int64_t dcol, dline;
	int r = -1;

	if (t < PREDECL)
		return (int)t;
	if (depth > 16 || t - PREDECL >= d->ndata)
		return -1;
	d->at = d->data0 + (size_t)(t - PREDECL);
	if (rd_uvarint(d) == I_DEFINED) {
		key.name = rd_string(d);
		key.pkg = rd_string(d);
		e = bsearch(&key, d->decls, d->ndecls, sizeof(*e), decl_cmp);
		if (e && !d->err) {
			begin_object(d, (size_t)e->off);
			if (rd_byte(d) == 'T') {
				rd_pos_delta(d, &dcol, &dline);
				r = basic_type(d, rd_uvarint(d), depth + 1);
			}
		}
	}
	restore(d, s);
	return r;
}

/* whether the integers of predeclared type b are signed, and their most bytes (intSize) */
static int int_size(int b, int *is_signed)
{
	/* bool, int, int8 ... uint64, uintptr, float32, float64, complex64, complex128, string, byte, rune */
	static const unsigned char size[] = { 0, 8, 1, 2, 4, 8, 8, 1, 2, 4, 8, 8, 3, 7, 3, 7, 0, 1, 4 };
	static const unsigned char sign[] = { 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 1 };

	*is_signed = 1;
	if (b >= T_UNTYPED_BOOL && b <= T_UNTYPED_STRING)
		return 512 / 8;
	if (b < 0 || (size_t)b >= sizeof(size))
		return 0;
	*is_signed = sign[b];
	return size[b];
}

/* an integer of at most max bytes (mpint); returns whether it is not zero */
static int rd_mpint(struct dec *d, int is_signed, int max)
{
	unsigned n = rd_byte(d), small = is_signed ? 256 - 2 * (unsigned)max : 256 - (unsigned)max;
	unsigned len;

	if (max == 1)
		small = 256;
	if (n < small)
		return n != 0;
	len = is_signed ? (256 - (n & ~1u)) / 2 : 256 - n;
	if (len < 1 || len > (unsigned)max || len > d->n - d->at)
		return fail(d, "a bad constant integer"), 0;
	d->at += len;
	return 1;
}

static void rd_mpfloat(struct dec *d, int is_signed, int max)
{
	if (rd_mpint(d, is_signed, max))
		rd_int64(d);
}

/* a constant's value: its type, its kind, then the value as that type holds it */
static uint64_t rd_value(struct dec *d)
{
	uint64_t t = rd_type(d);
	int64_t kind = rd_int64(d);
	int b = d->err ? -1 : basic_type(d, t, 0), is_signed, max = b < 0 ? 0 : int_size(b, &is_signed);

	if (kind == K_BOOL)
		rd_bool(d);
	else if (kind == K_STRING)
		rd_string(d);
	else if (max == 0)
		fail(d, "a constant of a type without numbers");
	else if (kind == K_INT)
		rd_mpint(d, is_signed, max);
	else if (kind == K_FLOAT || kind == K_COMPLEX)
		for (int i = 0; i < (kind == K_COMPLEX ? 2 : 1); i++)
			rd_mpfloat(d, is_signed, max);
	else
		fail(d, "an unknown constant kind");
	return t;
}

/* an untyped float's exact value, when it has one (mprat) */
static void rd_mprat(struct dec *d)
{
	if (rd_bool(d))
		rd_string(d);
}

static void rd_const_ext(struct dec *d, uint64_t t)
{
	for (int i = 0; i < (t == T_UNTYPED_COMPLEX ? 2 : t == T_UNTYPED_FLOAT); i++)
		rd_mprat(d);
}

/* the compiler's extension of a function with nnotes receivers and parameters; returns 1
 * when it has inline information (its body, if exported, is an object of the inline index) */
static int rd_func_ext(struct dec *d, uint64_t nnotes)
{
	int inl;

	rd_string(d);                   /* linkname */
	rd_int64(d);                    /* symbol index */
	rd_uvarint(d);                  /* ABI */
	rd_uvarint(d);                  /* pragmas */
	for (uint64_t i = 0; i < nnotes && !d->err; i++)
		rd_string(d);           /* escape analysis */
	inl = rd_uvarint(d) != 0;       /* 1 + inline cost, or 0 */
	if (inl) {
		rd_bool(d);
		rd_pos(d, POS_COUNTS);  /* the end line of the inlined body */
	}
	return inl;
}

static void rd_type_ext(struct dec *d)
{
	rd_bool(d);
	rd_int64(d);
	rd_int64(d);
}

/* whether type t is an interface: a defined type's methods follow unless it is */
static int is_interface(const struct dec *d, uint64_t t)
{
	if (t < PREDECL)
		return t == T_ERROR || t == T_COMPARABLE || t == T_ANY;
	return d->p[d->data0 + t - PREDECL] == I_INTERFACE;
}

/* a function declaration ('F', or 'G' with type parameters) */
static void rd_func(struct dec *d, int generic)
{
	size_t first = d->npos;
	uint64_t np;
	int inl;

	rd_pos(d, generic ? POS_COUNTS : POS_PENDING);
	if (generic)
		rd_types(d);
	np = rd_signature(d, generic ? POS_COUNTS : POS_PENDING);
	inl = rd_func_ext(d, np);
	for (size_t i = first; i < d->npos; i++)
		if (d->pos[i].cls == POS_PENDING)
			d->pos[i].cls = inl ? POS_COUNTS : POS_IGNORED;
}

/* a defined type ('T', or 'U' with type parameters) and its methods */
static void rd_defined(struct dec *d, int generic)
{
	uint64_t n, *np, u;

	rd_pos(d, generic ? POS_COUNTS : POS_IGNORED);
	if (generic)
		rd_types(d);
	u = rd_type(d);
	if (d->err || is_interface(d, u)) {
		rd_type_ext(d);
		return;
	}
	n = rd_uvarint(d);
	if (n > d->n - d->at) {
		fail(d, "more methods than bytes");
		return;
	}
	np = xcalloc(n + 1, sizeof(*np));
	for (uint64_t i = 0; i < n && !d->err; i++) {
		rd_pos(d, POS_COUNTS);
		rd_string(d);
		rd_param(d, POS_COUNTS);        /* the receiver */
		np[i] = rd_signature(d, POS_COUNTS);
	}
	rd_type_ext(d);
	for (uint64_t i = 0; i < n && !d->err; i++) {
		rd_bool(d);                     /* nointerface */
		rd_func_ext(d, 1 + np[i]);
	}
	free(np);
}

static void rd_decl_body(struct dec *d)
{
	uint64_t t;

	switch (rd_byte(d)) {
	case 'V':
		rd_pos(d, POS_IGNORED);
		rd_type(d);
		rd_string(d);
		rd_int64(d);
		break;
	case 'F': rd_func(d, 0); break;
	case 'G': rd_func(d, 1); break;
	case 'C':
		rd_pos(d, POS_IGNORED);
		t = rd_value(d);
		rd_const_ext(d, t);
		break;
	case 'A': rd_pos(d, POS_IGNORED); rd_type(d); break;
	case 'P': rd_pos(d, POS_COUNTS); rd_bool(d); rd_type(d); break;
	case 'T': rd_defined(d, 0); break;
	case 'U': rd_defined(d, 1); break;
	default: fail(d, "an unknown declaration tag");
	}
}

static void decode_decl_at(struct dec *d, size_t off)
{
	if (d->end[off]) {
		fail(d, "a declaration where another object starts");
		return;
	}
	d->n = d->data0 + d->ndata;
	begin_object(d, off);
	rd_decl_body(d);
	end_object(d, off);
}

/* the main index: every declaration, by package and name */
static void rd_main_index(struct dec *d)
{
	for (uint64_t np = rd_uvarint(d); np > 0 && !d->err; np--) {
		uint64_t pkg = rd_string(d);

		rd_string(d);           /* the package's name */
		rd_uvarint(d);          /* its height */
		for (uint64_t n = rd_uvarint(d); n > 0 && !d->err; n--) {
			struct decl e;

			e.pkg = pkg;
			e.name = rd_string(d);
			e.off = rd_uvarint(d);
			if (e.off >= d->ndata) {
				fail(d, "a declaration offset out of range");
				return;
			}
			d->decls = xappend(d->decls, d->ndecls, sizeof(*d->decls));
			d->decls[d->ndecls++] = e;
		}
	}
}

/* the compiler's second index: where each inline body starts */
static void rd_inline_index(struct dec *d)
{
	for (uint64_t np = rd_uvarint(d); np > 0 && !d->err; np--) {
		rd_string(d);
		for (uint64_t n = rd_uvarint(d); n > 0 && !d->err; n--) {
			uint64_t off;

			rd_string(d);
			off = rd_uvarint(d);
			if (off >= d->ndata) {
				fail(d, "an inline body offset out of range");
				return;
			}
			if (!d->err && !d->inl[off]) {
				d->inl[off] = 1;
				d->ninl++;
			}
		}
	}
}

/*
 * Every byte of the data section must belong to a declaration, a type or an inline body.
 * The types that only inline bodies name are written just before those bodies, so they are
 * decoded where they lie; a body (compared byte for byte) runs to the next object. The walk
 * repeats until it finds no new type, so that no object hides inside a body.
 */
static void walk(struct dec *d)
{
	size_t before, cur, seen, bodies;

	do {
		before = d->nobj;
		cur = seen = bodies = 0;
		while (cur < d->ndata && !d->err) {
			if (d->end[cur] && d->inl[cur]) {
				fail(d, "an inline body where another object starts");
			} else if (d->end[cur]) {
				cur = d->end[cur];
				seen++;
			} else if (d->inl[cur]) {
				bodies++;
				do
					cur++;
				while (cur < d->ndata && !d->end[cur] && !d->inl[cur]);
			} else {
				decode_type_at(d, cur);
			}
		}
	} while (!d->err && d->nobj != before);
	if (!d->err && (seen != d->nobj || bodies != d->ninl))
		fail(d, "an object inside another");
}

/* the strings section: lengths and bytes, to its end */
static void rd_strings(struct dec *d)
{
	size_t lim = d->n;

	d->n = d->str0 + d->nstr;
	for (d->at = d->str0; d->at < d->n && !d->err;) {
		uint64_t len = rd_uvarint(d);

		if (len > d->n - d->at)
			fail(d, "a string longer than the strings section");
		else
			d->at += (size_t)len;
	}
	d->n = lim;
}

static void dec_release(struct dec *d)
{
	free(d->end);
	free(d->inl);
	free(d->decls);
	free(d->pos);
}

/* decode the payload p[0, n): header, strings, data, indices, fingerprint; -1 if not understood */
static int decode(struct dec *d, const unsigned char *p, size_t n)
{
	memset(d, 0, sizeof(*d));
	d->p = p;
	d->size = d->n = n;
	if (rd_byte(d) != 'i')
		fail(d, "not indexed export data");
	if (rd_uvarint(d) != IEXPORT_VERSION)
		fail(d, "another version of the indexed export format");
	d->nstr = (size_t)rd_uvarint(d);
	d->ndata = (size_t)rd_uvarint(d);
	d->str0 = d->at;
	if (!d->err && (d->nstr > n - d->at || d->ndata > n - d->at - d->nstr))
		fail(d, "sections longer than the file");
	if (d->err)
		return -1;
	d->data0 = d->str0 + d->nstr;
	d->end = xcalloc(d->ndata + 1, sizeof(*d->end));
	d->inl = xcalloc(d->ndata + 1, 1);
	rd_strings(d);
	d->at = d->data0 + d->ndata;
	rd_main_index(d);
	rd_inline_index(d);
	if (!d->err && d->n - d->at != FINGERPRINT)
		fail(d, "bytes between the indices and the fingerprint");
	qsort(d->decls, d->ndecls, sizeof(*d->decls), decl_cmp);
	for (size_t i = 0; i < d->ndecls && !d->err; i++)
		decode_decl_at(d, (size_t)d->decls[i].off);
	walk(d);
	return d->err ? -1 : 0;
}

/* the export data of an archive's first member, __.PKGDEF: between "$$B\n" and "\n$$\n" */
static int find_payload(const unsigned char *p, size_t n, size_t *off, size_t *len)
{
	static const char bmark[] = "\n$$B\n", emark[] = "\n$$\n";
	char digits[11];
	size_t size, i;

	if (n < 68 || memcmp(p, "!<arch>\n__.PKGDEF       ", 24) != 0 || memcmp(p + 66, "`\n", 2) != 0)
		return -1;
	memcpy(digits, p + 56, 10);
	digits[10] = '\0';
	size = strtoul(digits, NULL, 10);
	if (size > n - 68 || size < 9)
		return -1;
	for (i = 68; i + 5 <= 68 + size && memcmp(p + i, bmark, 5) != 0; i++)
		;
	if (i + 5 + 4 > 68 + size || memcmp(p + 68 + size - 4, emark, 4) != 0)
		return -1;
	*off = i + 5;
	*len = 68 + size - 4 - *off;
	return 0;
}

/* whether the two decodings agree on every position that counts, and on where each one is */
static int same_positions(const struct dec *a, const struct dec *b)
{
	if (a->npos != b->npos || a->data0 != b->data0)
		return 0;
	for (size_t i = 0; i < a->npos; i++) {
		const struct xpos *x = &a->pos[i], *y = &b->pos[i];

		if (x->off != y->off || x->len != y->len || x->cls != y->cls)
			return 0;
		if (x->cls != POS_IGNORED && (x->file != y->file || x->line != y->line || x->col != y->col))
			return 0;
	}
	return 1;
}

/* whether a and b (of n bytes, payload at off) are equal but for positions and fingerprint */
static int same_bytes(const struct dec *d, const unsigned char *a, const unsigned char *b, size_t n, size_t off)
{
	unsigned char *skip = xcalloc(n, 1);
	int same = 1;

	for (size_t i = 0; i < d->npos; i++)
		memset(skip + off + d->data0 + d->pos[i].off, 1, d->pos[i].len);
	memset(skip + off + d->size - FINGERPRINT, 1, FINGERPRINT);
	for (size_t i = 0; i < n && same; i++)
		same = skip[i] || a[i] == b[i];
	free(skip);
	return same;
}

int gcexport_equivalent(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen)
{
	struct dec da, db;
	size_t aoff, alen2, boff, blen2;
	int same;

	memset(&da, 0, sizeof(da));
	memset(&db, 0, sizeof(db));
	if (alen != blen || find_payload(a, alen, &aoff, &alen2) < 0 || find_payload(b, blen, &boff, &blen2) < 0 ||
	    aoff != boff || alen2 != blen2)
		return 0;
	same = decode(&da, a + aoff, alen2) == 0 && decode(&db, b + boff, blen2) == 0 &&
	       same_positions(&da, &db) && same_bytes(&da, a, b, alen, aoff);
	dec_release(&da);
	dec_release(&db);
	return same;
}

/* the fingerprint at the end of export data that find_payload understands, or NULL */
static const unsigned char *fingerprint(const unsigned char *p, size_t n)
{
	size_t off, len;

	if (find_payload(p, n, &off, &len) < 0 || len < FINGERPRINT)
		return NULL;
	return p + off + len - FINGERPRINT;
}

/*
 * Give the link object lo the fingerprint to instead of from. The compiler writes the hash of
 * the export data into the object's header (after "\n!\n" and goobj's magic); every importer
 * records the one it read from the export data, and the linker checks that they match. When
 * the old export data is kept, its fingerprint is the one the importers hold. -1 when lo does
 * not have from where expected (another object format: the caller replaces the export data).
 */
static int give_fingerprint(const char *lo, const unsigned char *from, const unsigned char *to)
{
	static const char magic[] = "\n!\n\0go118ld";
	size_t mlen = sizeof(magic) - 1, i;
	struct buf b = BUF_INIT;
	int rc = -1;

	if (fs_read_file(lo, &b) < 0)
		return -1;
	for (i = 0; i < 4096 && i + mlen + FINGERPRINT <= b.len; i++)
		if (memcmp(b.data + i, magic, mlen) == 0)
			break;
	if (i + mlen + FINGERPRINT <= b.len && i < 4096 &&
	    memcmp(b.data + i + mlen, from, FINGERPRINT) == 0) {
		memcpy(b.data + i + mlen, to, FINGERPRINT);
		rc = fs_write_atomic(lo, b.data, b.len);
	}
	buf_release(&b);
	return rc;
}

/*
 * Keep old when new says the same to every importer: then the importers are not recompiled,
 * as Ninja sees old's mtime unchanged (restat). Kept, old's ignored positions grow stale;
 * that is sound because the only readers of the export data are the importers' compiles,
 * which use those positions for their diagnostics alone (see the top of this file), and the
 * fingerprint they record is old's, which lo then carries too.
 */
static int update(const char *new, const char *old, const char *lo)
{
	struct buf n = BUF_INIT, o = BUF_INIT;
	const unsigned char *nb, *ob;
	int keep = 0, rc = 0;

	if (fs_read_file(new, &n) < 0)
		return 1;
	if (fs_is_file(old) && fs_read_file(old, &o) == 0) {
		nb = (const unsigned char *)n.data;
		ob = (const unsigned char *)o.data;
		keep = n.len == o.len && memcmp(nb, ob, n.len) == 0;
		if (!keep && gcexport_equivalent(nb, n.len, ob, o.len))
			keep = give_fingerprint(lo, fingerprint(nb, n.len), fingerprint(ob, o.len)) == 0;
	}
	if (keep && unlink(new) < 0)
		rc = error("cannot remove '%s':", new);
	else if (!keep && rename(new, old) < 0)
		rc = error("cannot rename '%s' to '%s':", new, old);
	buf_release(&n);
	buf_release(&o);
	return rc == 0 ? 0 : 1;
}

/* decode each file wholly and say what it holds: the test of the decoder on real files */
static int check(char **files, int n)
{
	int rc = 0;

	for (int i = 0; i < n; i++) {
		struct buf b = BUF_INIT;
		struct dec d;
		size_t off, len, ign = 0;

		memset(&d, 0, sizeof(d));
		if (fs_read_file(files[i], &b) < 0) {
			rc = 1;
			continue;
		}
		if (find_payload((const unsigned char *)b.data, b.len, &off, &len) < 0) {
			rc = error("'%s': no export data ($$B in __.PKGDEF) found", files[i]);
		} else if (decode(&d, (const unsigned char *)b.data + off, len) < 0) {
			rc = error("'%s': export data not understood: %s at byte %zu", files[i], d.err, off + d.erroff);
		} else {
			for (size_t j = 0; j < d.npos; j++)
				ign += d.pos[j].cls == POS_IGNORED;
			printf("%s: %zu declarations, %zu types, %zu inline bodies, %zu positions (%zu ignored)\n",
			       files[i], d.ndecls, d.ntypes, d.ninl, d.npos, ign);
		}
		dec_release(&d);
		buf_release(&b);
	}
	return rc == 0 ? 0 : 1;
}

#define GC_EXPORT_USAGE "usage: mipsbake gc-export-update NEW OLD LINKOBJ [ACTIONS KEY] | --check FILE..."

int cmd_gc_export_update(int argc, char **argv)
{
	if (argc == 2 && is_help(argv[1]))
		return puts(GC_EXPORT_USAGE "\nreplace export data OLD with NEW unless they differ only in positions\n"
			    "no importer sees (run by the generated build), then store the compile's outputs\n"
			    "as act put ACTIONS KEY does; --check: decode each FILE"), 0;
	if (argc >= 3 && strcmp(argv[1], "--check") == 0)
		return check(argv + 2, argc - 2);
	if ((argc != 4 && argc != 6) || argv[1][0] == '-')
		return usage_error("gc-export-update", "expected NEW OLD LINKOBJ [ACTIONS KEY] or --check FILE...");
	if (update(argv[1], argv[2], argv[3]) != 0)
		return 1;
	/* the compile's last step, in this process rather than one more per compile */
	return argc == 6 ? act_put_file(argv[4], argv[5]) : 0;
}
