/* commands.h: the manifest commands and their options, for the command line and the shell
 * completions alike */
#ifndef MIPSBAKE_COMMANDS_H
#define MIPSBAKE_COMMANDS_H

#include <stddef.h>

/* the options of the manifest commands, each a bit of struct cli_command's opts */
enum cli_opt {
	OB = 1 << 0, OJ = 1 << 1, ON = 1 << 2, OV = 1 << 3, OCACHE = 1 << 4, OOFFLINE = 1 << 5,
	OFROZEN = 1 << 6, OUPDATE = 1 << 7, ODIST = 1 << 8, ODIRTY = 1 << 9, ORUN = 1 << 10,
	OJUNIT = 1 << 11, OCOUNT = 1 << 12, ONOWAIT = 1 << 13, OJSON = 1 << 14, OBOARD = 1 << 15,
	OTARGET = 1 << 16, OKEEP = 1 << 17, OREGEN = 1 << 18, OFORMAT = 1 << 19,
	OPACKAGES = 1 << 20, OHTML = 1 << 21, ONOCACHE = 1 << 22,
	/* what every command that builds takes */
	OBUILDING = OB | OJ | OV | OCACHE | OOFFLINE | OFROZEN | ONOWAIT | ONOCACHE,
	OSUBSET = OBOARD | OTARGET | OKEEP,
};

/* what an option's value is, for the completions */
enum cli_value { CLI_NONE, CLI_TEXT, CLI_DIR, CLI_FILE, CLI_BOARD, CLI_TARGET };

/* an option: its bit, its spellings, its value, its spelling in help and its help text */
struct cli_option {
	unsigned bit;
	const char *names;       /* space-separated: "-n --dry-run" */
	enum cli_value value;
	const char *flags, *text;
};

/* what the operands after a command's manifest are (with --update: dependencies) */
enum cli_operands { CLI_NOTHING, CLI_DEPS, CLI_VARIANTS, CLI_RUN };

/* a command that reads a manifest: its synopsis, what it does, the options it takes */
struct cli_command {
	const char *name;
	enum cli_operands operands;
	const char *synopsis;
	const char *brief;       /* a line for mipsbake --help */
	const char *detail;      /* what its own --help says it does */
	unsigned opts;
};

extern const struct cli_option cli_options[];
extern const size_t cli_noptions;
extern const struct cli_command cli_commands[];
extern const size_t cli_ncommands;

/* the command called name, NULL: none */
const struct cli_command *cli_command(const char *name);

#endif
