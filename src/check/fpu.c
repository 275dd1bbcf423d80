/* fpu.c: which variants hold FPU instructions, and the warning for FPU-less boards */
#include <stdlib.h>
#include <string.h>

#include "check/fpu.h"
#include "lib/os.h"
#include "lib/banned.h"

int fpu_variant_hardfloat(const struct variant *v)
{
	return strcmp(v->cfg->gomips, "hardfloat") == 0;
}

/* why the variant is hard-float, for the message */
static char *hard_reason(const struct variant *v)
{
	const struct mf_toolchain *tc = v->cfg->tc;

	if (tc->compiler == COMPILER_GC) {
		char *env = toolchain_gomips_env(v->board->goarch, v->cfg->gomips);
		char *why = xasprintf("gc with %s", env);

		free(env);
		return why;
	}
	if (strcmp(v->board->gomips, "softfloat") == 0)
		return xasprintf("gccgo toolchain '%s' links its hard-float libgo, whatever the board's "
				 "gomips", tc->name);
	return xasprintf("gccgo toolchain '%s' compiles hard-float", tc->name);
}

/* "MIPS 24KEc, no FPU" */
static char *board_desc(const struct mf_board *b)
{
	const char *core = b->core ? b->core : b->cpu ? b->cpu : "core not stated";

	return xasprintf("%s, no FPU%s", core, b->fpu_emulation ? ", kernel FPU emulation" : "");
}

static void report_variant(const struct variant *v)
{
	const struct mf_board *b = v->board;
	char *desc = board_desc(b), *why = hard_reason(v);

	if (b->fpu_emulation)
		note_at(&b->pos, "board '%s' (%s): variant %s/%s/%s uses hard-float instructions (%s); "
			"the kernel emulates them, slowly, and smoke tests under qemu-user die with SIGILL",
			b->name, desc, v->target->name, b->name, v->cfg->tc->name, why);
	else
		warn_at(&b->pos, "board '%s' (%s): variant %s/%s/%s uses hard-float instructions (%s); "
			"it dies with SIGILL (illegal instruction) there; build it with GOMIPS=softfloat "
			"(a gc toolchain and 'gomips: softfloat') or a soft-float toolchain, or declare "
			"'fpu_emulation: kernel' if the board's kernel emulates the FPU",
			b->name, desc, v->target->name, b->name, v->cfg->tc->name, why);
	free(desc);
	free(why);
}

void check_fpu(const struct plan *p)
{
	for (size_t i = 0; i < p->nvars; i++) {
		const struct variant *v = &p->vars[i];

		if (v->board->fpu == 0 && fpu_variant_hardfloat(v))
			report_variant(v);
	}
}

