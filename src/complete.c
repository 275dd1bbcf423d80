/* complete.c: 'mipsbake __complete': the candidates the shell completions offer, from the
 * command line's grammar (the tables below) and the names of the manifest */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "commands.h"
#include "complete.h"
#include "lib/os.h"
#include "manifest/manifest.h"
#include "lib/banned.h"

/* the manifest a command reads when none is named (main.c's default) */
#define COMPLETE_MANIFEST "mipsbake.yaml"
#define GOARCHES "mips mipsle mips64 mips64le"

/* what a word is completed to */
enum kind {
	K_FLAG,                  /* an option without a value */
	K_TEXT,                  /* free text, a number, a pattern: nothing is offered */
	K_DIR,                   /* a directory */
	K_FILE,                  /* any file */
	K_GOFILE,                /* a .go file */
	K_MANIFEST,              /* a .yaml or .yml file */
	K_BOARD,                 /* a board the manifest's targets build for (run: BOARD[/TOOLCHAIN]) */
	K_TARGET,                /* a target (run: one that builds for the board given) */
	K_SUBSET,                /* TARGET[/BOARD[/TOOLCHAIN]] */
	K_DEP,                   /* a dependency (--update DEP...) */
	K_CHOICE,                /* one of a fixed list */
};

/* an option and its value */
struct opt {
	const char *name;        /* as typed: "-B", "--cache-dir", "--count=1" */
	enum kind value;         /* K_FLAG when it takes no value */
	const char *choices;     /* K_CHOICE: the values, space-separated */
	const char *commands;    /* the build commands it is for, space-separated; NULL: all of
				    them; "": only before any command */
};

/* what the operands after a build command's manifest are */
enum operands { OPS_DEPS, OPS_SUBSETS, OPS_RUN };

/* the options of the build commands: commands.c's, spelt out by build_options_load */
static struct opt build_options[64];

/* the commands that take option bit, space-separated (newly allocated); NULL: all do */
static char *takers(unsigned bit)
{
	struct buf b = BUF_INIT;
	size_t n = 0;

	for (size_t i = 0; i < cli_ncommands; i++)
		if (cli_commands[i].opts & bit && ++n)
			buf_printf(&b, "%s%s", b.len ? " " : "", cli_commands[i].name);
	if (n == cli_ncommands) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

static enum kind kind_of(enum cli_value v)
{
	static const enum kind kinds[] = { K_FLAG, K_TEXT, K_DIR, K_FILE, K_BOARD, K_TARGET };

	return kinds[v];
}

/* fill build_options from cli_options, each spelling an entry, then -h, --help and
 * --version (before any command only) */
static void build_options_load(void)
{
	static const struct opt always[] = { { "-h", K_FLAG, NULL, NULL }, { "--help", K_FLAG, NULL, NULL },
					     { "--version", K_FLAG, NULL, "" } };
	size_t n = 0;

	for (size_t i = 0; i < cli_noptions; i++) {
		for (const char *p = cli_options[i].names; *p && n + 4 < ARRAY_LEN(build_options);) {
			size_t len = strcspn(p, " ");

			build_options[n++] = (struct opt){ xstrndup(p, len), kind_of(cli_options[i].value), NULL,
							   takers(cli_options[i].bit) };
			p += len + (p[len] == ' ');
		}
	}
	for (size_t i = 0; i < ARRAY_LEN(always); i++) {
		build_options[n] = always[i];
		build_options[n].name = xstrdup(always[i].name);
		build_options[n].commands = always[i].commands ? xstrdup(always[i].commands) : NULL;
		n++;
	}
	build_options[n] = (struct opt){ NULL, K_FLAG, NULL, NULL };
}

static void build_options_release(void)
{
	for (struct opt *op = build_options; op->name; op++) {
		free((char *)op->name);
		free((char *)op->commands);
	}
}

static const struct opt boards_options[] = { { "--json", K_FLAG, NULL, NULL }, { NULL, K_FLAG, NULL, NULL } };
static const struct opt init_options[] = {
	{ "--board", K_TEXT, NULL, NULL }, { "--help", K_FLAG, NULL, NULL }, { NULL, K_FLAG, NULL, NULL },
};
static const struct opt files_options[] = {
	{ "--goarch", K_CHOICE, GOARCHES, NULL }, { "--compiler", K_CHOICE, "gccgo gc", NULL },
	{ "--go-version", K_TEXT, NULL, NULL },   { "--cgo", K_FLAG, NULL, NULL },
	{ "--no-cgo", K_FLAG, NULL, NULL },       { "--tags", K_TEXT, NULL, NULL },
	{ "--imports", K_FLAG, NULL, NULL },      { "--test", K_FLAG, NULL, NULL },
	{ "--help", K_FLAG, NULL, NULL },         { NULL, K_FLAG, NULL, NULL },
};
static const struct opt goimport_options[] = { { "--html", K_FILE, NULL, NULL }, { NULL, K_FLAG, NULL, NULL } };
static const struct opt vendorcheck_options[] = {
	{ "-mod=vendor", K_FLAG, NULL, NULL }, { "--help", K_FLAG, NULL, NULL }, { NULL, K_FLAG, NULL, NULL },
};
static const struct opt cgoflags_options[] = {
	{ "--goarch", K_CHOICE, GOARCHES, NULL }, { "--help", K_FLAG, NULL, NULL }, { NULL, K_FLAG, NULL, NULL },
};
static const struct opt testmain_options[] = {
	{ "--importpath", K_TEXT, NULL, NULL }, { "--no-go-files", K_FLAG, NULL, NULL },
	{ "--test", K_GOFILE, NULL, NULL },     { "--xtest", K_GOFILE, NULL, NULL },
	{ "--help", K_FLAG, NULL, NULL },       { NULL, K_FLAG, NULL, NULL },
};
static const struct opt remote_cache_options[] = {
	{ "--header", K_TEXT, NULL, NULL }, { "--timeout", K_TEXT, NULL, NULL },
	{ "--help", K_FLAG, NULL, NULL },   { NULL, K_FLAG, NULL, NULL },
};
static const struct opt cache_options[] = {
	{ "--cache-dir", K_DIR, NULL, NULL }, { "--max-size", K_TEXT, NULL, NULL },
	{ "--help", K_FLAG, NULL, NULL },     { NULL, K_FLAG, NULL, NULL },
};
static const struct opt no_options[] = { { NULL, K_FLAG, NULL, NULL } };

/* the commands with their own arguments (main.c's tools), but the hidden ones */
struct tool {
	const char *name;
	const struct opt *options;
	enum kind operand;       /* what each operand is */
};
static const struct tool tools[] = {
	{ "boards", boards_options, K_TEXT },       { "init", init_options, K_TEXT },
	{ "files", files_options, K_DIR },          { "gomod", no_options, K_FILE },
	{ "modhash", no_options, K_TEXT },          { "modver", no_options, K_TEXT },
	{ "modsrc", no_options, K_TEXT },           { "goimport", goimport_options, K_TEXT },
	{ "vendorcheck", vendorcheck_options, K_DIR }, { "cgoflags", cgoflags_options, K_GOFILE },
	{ "testmain", testmain_options, K_TEXT },   { "patches", no_options, K_TEXT },
	{ "remote-cache", remote_cache_options, K_TEXT }, { "cache", cache_options, K_TEXT },
};

/* the words before the one being completed, read as main.c reads them */
struct line {
	const struct tool *tool; /* a tool's command line; NULL: a build command's */
	const char *command;     /* the build command, NULL: none given yet */
	const char **ops;        /* the operands (the command's name not one of them) */
	size_t nops;
	const struct opt *pending; /* the option the word being completed is the value of */
	int update;              /* --update was given */
	int dashdash;            /* "--" was given: the words after it are a program's */
	struct manifest m;       /* the manifest, once loaded */
	int loaded;              /* 0 not tried, 1 loaded, -1 does not load */
};

/* the candidates printed so far, for the word being completed */
struct out {
	const char *cur;         /* the word */
	struct strv seen;
};

/* print s when it completes the word and was not printed yet */
static void offer(struct out *o, const char *s)
{
	if (!str_has_prefix(s, o->cur) || strchr(s, '\n') || strv_has(&o->seen, s))
		return;
	strv_push(&o->seen, s);
	puts(s);
}

/* offer a + b + c */
static void offer3(struct out *o, const char *a, const char *b, const char *c)
{
	char *full = xasprintf("%s%s%s", a, b, c);

	offer(o, full);
	free(full);
}

/* offer prefix + s */
static void offer2(struct out *o, const char *prefix, const char *s)
{
	offer3(o, prefix, s, "");
}

/* 1 when word is one of the space-separated words of list */
static int in_list(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

/* offer prefix + each space-separated word of list */
static void offer_words(struct out *o, const char *prefix, const char *list)
{
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, " ");
		char *w = xstrndup(p, n);

		offer2(o, prefix, w);
		free(w);
		p += n + (p[n] == ' ');
	}
}

/* the option word names (exactly, "--name=value" or "-Xvalue"); *attached: its value is in word */
static const struct opt *find_option(const struct opt *opts, const char *word, int *attached)
{
	for (const struct opt *op = opts; op->name; op++) {
		size_t n = strlen(op->name);

		if (strncmp(word, op->name, n) != 0)
			continue;
		*attached = word[n] != '\0';
		if (word[n] == '\0' || (op->value != K_FLAG && (word[n] == '=' || op->name[1] != '-')))
			return op;
	}
	return NULL;
}

static const struct tool *find_tool(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(tools); i++)
		if (strcmp(name, tools[i].name) == 0)
			return &tools[i];
	return NULL;
}

static int is_build_command(const char *name)
{
	return cli_command(name) != NULL;
}

/* read one word before the one being completed */
static void read_word(struct line *l, const char *w)
{
	const struct opt *op;
	int attached;

	if (l->pending) {
		l->pending = NULL;
	} else if (l->dashdash) {
		if (l->tool)
			l->ops[l->nops++] = w;
	} else if (strcmp(w, "--") == 0) {
		l->dashdash = 1;
	} else if (w[0] == '-' && w[1] != '\0') {
		op = find_option(l->tool ? l->tool->options : build_options, w, &attached);
		if (op && op->value != K_FLAG && !attached)
			l->pending = op;
		l->update |= op && strcmp(op->name, "--update") == 0;
	} else if (!l->tool && !l->command && l->nops == 0 && is_build_command(w)) {
		l->command = w;
	} else {
		l->ops[l->nops++] = w;
	}
}

/* the manifest the words name, else the default */
static const char *manifest_path(const struct line *l)
{
	size_t at = l->command && strcmp(l->command, "run") == 0 ? 2 : 0;

	return l->nops > at ? l->ops[at] : COMPLETE_MANIFEST;
}

/* the manifest, loaded on first use as a build loads it; NULL when it does not load */
static const struct manifest *manifest_of(struct line *l)
{
	struct build_opts o;

	if (l->loaded == 0) {
		memset(&o, 0, sizeof(o));
		build_opts_init(&o, manifest_path(l), "build");
		l->loaded = build_load(&o, &l->m) == 0 ? 1 : -1;
		build_opts_release(&o);
	}
	return l->loaded > 0 ? &l->m : NULL;
}

/* 1 when file name is of kind k (K_FILE: any) */
static int file_fits(const char *name, enum kind k)
{
	if (k == K_GOFILE)
		return str_has_suffix(name, ".go");
	if (k == K_MANIFEST)
		return str_has_suffix(name, ".yaml") || str_has_suffix(name, ".yml");
	return k == K_FILE;
}

/* offer prefix + the entries of the directory val names (up to its last '/') that start as
 * it does: directories with a '/' after them, files when they are of kind k; dot files only
 * when val's last element starts with '.' */
static void offer_files(struct out *o, const char *prefix, const char *val, enum kind k)
{
	const char *slash = strrchr(val, '/'), *base = slash ? slash + 1 : val;
	char *dir = xstrndup(val, slash ? (size_t)(slash - val + 1) : 0);
	struct strv names = STRV_INIT;

	if (fs_list_dir(*dir ? dir : ".", &names) < 0)
		names.n = 0;
	for (size_t i = 0; i < names.n; i++) {
		const char *name = names.v[i];
		char *path;

		if (!str_has_prefix(name, base) || (name[0] == '.' && base[0] != '.'))
			continue;
		path = xasprintf("%s%s", dir, name);
		if (fs_is_dir(path))
			offer3(o, prefix, path, "/");
		else if (file_fits(name, k))
			offer3(o, prefix, path, "");
		free(path);
	}
	strv_release(&names);
	free(dir);
}

/* the toolchains target t builds with on board b: its own, else the board's default */
static void offer_toolchains(struct out *o, const char *prefix, const struct manifest *m,
			     const struct mf_target *t, const char *board)
{
	const struct mf_board *b = manifest_board(m, board);

	for (size_t i = 0; i < t->toolchains.n; i++)
		offer2(o, prefix, t->toolchains.v[i]);
	if (t->toolchains.n == 0 && b && b->toolchain)
		offer2(o, prefix, b->toolchain);
}

/* run's BOARD[/TOOLCHAIN], --board's BOARD: the boards of the targets, in their order */
static void offer_boards(struct out *o, const char *prefix, const struct manifest *m, const char *val,
			 int with_toolchain)
{
	const char *slash = with_toolchain ? strchr(val, '/') : NULL;
	char *board = slash ? xstrndup(val, (size_t)(slash - val)) : NULL;
	char *before = slash ? xasprintf("%s%s/", prefix, board) : NULL;

	for (size_t i = 0; i < m->ntargets; i++) {
		const struct mf_target *t = &m->targets[i];

		for (size_t j = 0; !slash && j < t->boards.n; j++)
			offer2(o, prefix, t->boards.v[j]);
		if (slash && strv_has(&t->boards, board))
			offer_toolchains(o, before, m, t, board);
	}
	free(board);
	free(before);
}

/* the targets; with board set, only those built for it ("BOARD" or "BOARD/TOOLCHAIN") */
static void offer_targets(struct out *o, const char *prefix, const struct manifest *m, const char *board)
{
	char *name = board ? xstrndup(board, strcspn(board, "/")) : NULL;

	for (size_t i = 0; i < m->ntargets; i++)
		if (!name || strv_has(&m->targets[i].boards, name))
			offer2(o, prefix, m->targets[i].name);
	free(name);
}

/* TARGET[/BOARD[/TOOLCHAIN]] */
static void offer_subsets(struct out *o, const struct manifest *m, const char *val)
{
	const char *s1 = strchr(val, '/'), *s2 = s1 ? strchr(s1 + 1, '/') : NULL;
	char *tname = s1 ? xstrndup(val, (size_t)(s1 - val)) : NULL;
	char *board = s2 ? xstrndup(s1 + 1, (size_t)(s2 - s1 - 1)) : NULL;
	const struct mf_target *t = tname ? manifest_target(m, tname) : NULL;
	char *before = s1 ? xstrndup(val, (size_t)((s2 ? s2 : s1) - val + 1)) : NULL;

	if (!s1)
		offer_targets(o, "", m, NULL);
	for (size_t j = 0; t && !s2 && j < t->boards.n; j++)
		offer2(o, before, t->boards.v[j]);
	if (t && s2 && strv_has(&t->boards, board))
		offer_toolchains(o, before, m, t, board);
	free(tname);
	free(board);
	free(before);
}

/* how offer_value completes a word */
struct value {
	enum kind kind;
	const char *choices;     /* K_CHOICE: the values, space-separated */
	const char *prefix;      /* what comes before the value in the word: "--dist=", "" */
	int operand;             /* an operand of run: BOARD/TOOLCHAIN, TARGET of that BOARD */
};

/* offer v->prefix + the values of v's kind that complete val */
static void offer_value(struct out *o, struct line *l, const struct value *v, const char *val)
{
	const char *prefix = v->prefix, *choices = v->choices;
	enum kind k = v->kind;
	const struct manifest *m;

	if (k == K_DIR || k == K_FILE || k == K_GOFILE || k == K_MANIFEST)
		offer_files(o, prefix, val, k);
	else if (k == K_CHOICE)
		offer_words(o, prefix, choices);
	else if (k == K_FLAG || k == K_TEXT || !(m = manifest_of(l)))
		return;
	else if (k == K_BOARD)
		offer_boards(o, prefix, m, val, v->operand);
	else if (k == K_TARGET)
		offer_targets(o, prefix, m, v->operand ? l->ops[0] : NULL);
	else if (k == K_SUBSET)
		offer_subsets(o, m, val);
	else if (k == K_DEP)
		for (size_t i = 0; i < m->ndeps; i++)
			offer2(o, prefix, m->deps[i].importpath);
}

/* the options of the command line so far; "--name=..." completes the value */
static void offer_options(struct out *o, struct line *l, const char *cur)
{
	const struct opt *opts = l->tool ? l->tool->options : build_options, *op;
	const char *cmd = l->command ? l->command : l->nops ? "build" : NULL;
	const char *eq = strchr(cur, '=');
	int attached;

	if (eq && (op = find_option(opts, cur, &attached)) && op->value != K_FLAG) {
		char *prefix = xstrndup(cur, (size_t)(eq - cur + 1));
		struct value v = { op->value, op->choices, prefix, 0 };

		offer_value(o, l, &v, eq + 1);
		free(prefix);
		return;
	}
	for (op = opts; op->name; op++)
		if (l->tool || !cmd || !op->commands || in_list(op->commands, cmd))
			offer(o, op->name);
}

static enum operands operands_of(const char *cmd)
{
	const struct cli_command *c = cli_command(cmd);
	enum cli_operands ops = c ? c->operands : CLI_DEPS;

	return ops == CLI_VARIANTS ? OPS_SUBSETS : ops == CLI_RUN ? OPS_RUN : OPS_DEPS;
}

/* the commands and the manifests: the first operand of a build command line */
static void offer_commands(struct out *o, const char *cur)
{
	for (size_t i = 0; i < cli_ncommands; i++)
		offer(o, cli_commands[i].name);
	for (size_t i = 0; i < ARRAY_LEN(tools); i++)
		offer(o, tools[i].name);
	offer_files(o, "", cur, K_MANIFEST);
}

/* what the next operand of the build command line is */
static enum kind next_operand(const struct line *l)
{
	const char *cmd = l->command ? l->command : "build";
	enum operands ops = operands_of(cmd);

	if (ops == OPS_RUN)
		return l->nops == 0 ? K_BOARD : l->nops == 1 ? K_TARGET : l->nops == 2 ? K_MANIFEST : K_TEXT;
	if (l->nops == 0)
		return K_MANIFEST;
	return l->update ? K_DEP : ops == OPS_SUBSETS ? K_SUBSET : K_TEXT;
}

static void complete_word(struct out *o, struct line *l, const char *cur)
{
	struct value v = { K_TEXT, NULL, "", 0 };

	if (l->pending) {
		v.kind = l->pending->value;
		v.choices = l->pending->choices;
	} else if (cur[0] == '-' && !l->dashdash) {
		offer_options(o, l, cur);
		return;
	} else if (l->tool) {
		v.kind = l->tool->operand;
	} else if (l->dashdash) {
		return;
	} else if (!l->command && l->nops == 0) {
		offer_commands(o, cur);
		return;
	} else {
		v.kind = next_operand(l);
		v.operand = l->command && strcmp(l->command, "run") == 0;
	}
	offer_value(o, l, &v, cur);
}

int cmd_complete(int argc, char **argv)
{
	struct line l;
	struct out o = { argc > 1 ? argv[argc - 1] : "", STRV_INIT };
	int first = 1;

	/* a completion speaks only through its candidates */
	diag_silent = 1;
	if (!freopen("/dev/null", "w", stderr))
		return 0;
	memset(&l, 0, sizeof(l));
	build_options_load();
	l.ops = xcalloc((size_t)argc + 1, sizeof(*l.ops));
	if (argc > 2 && (l.tool = find_tool(argv[1])))
		first = 2;
	for (int i = first; i < argc - 1; i++)
		read_word(&l, argv[i]);
	complete_word(&o, &l, o.cur);
	if (l.loaded > 0)
		manifest_release(&l.m);
	free(l.ops);
	strv_release(&o.seen);
	build_options_release();
	return 0;
}
