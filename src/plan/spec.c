/* spec.c: TARGET[/BOARD][/TOOLCHAIN] against a variant's names */
#include <string.h>

#include "plan/spec.h"
#include "lib/banned.h"

/* 1 when the element of spec at *s (up to '/' or its end) is name, is empty, or name is
 * NULL; *s moves past it */
static int element_is(const char **s, const char *name)
{
	size_t n = strcspn(*s, "/");
	int same = n == 0 || !name || (strlen(name) == n && strncmp(*s, name, n) == 0);

	*s += n;
	if (**s == '/')
		(*s)++;
	return same;
}

int select_matches(const char *spec, const char *target, const char *board, const char *toolchain)
{
	const char *names[3] = { target, board, toolchain };
	const char *s = spec;

	for (size_t i = 0; i < 3 && (i == 0 || *s); i++)
		if (!element_is(&s, names[i]))
			return 0;
	return *s == '\0';
}
