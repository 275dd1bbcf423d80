/* graph.h: 'mipsbake graph': the package graph of one variant, as DOT or JSON */
#ifndef MIPSBAKE_GRAPH_H
#define MIPSBAKE_GRAPH_H

#include "lib/util.h"
#include "plan/plan.h"

/* what 'graph' was asked */
struct graph_opts {
	const char *format;      /* "dot" (NULL: dot) or "json" */
	const struct strv *specs; /* at most one TARGET[/BOARD][/TOOLCHAIN]; none: the only variant */
};

/* 1 when format is one graph prints (NULL: the default), else 0 after reporting */
int graph_format_ok(const char *format);
/*
 * Print the import graph of the variant o (a struct graph_opts) names: its packages outside
 * the standard library, each with its module, and their imports; the standard library
 * collapsed into each package's list of what it imports from it. 0, or 1 after reporting.
 */
int graph_print(const struct plan *p, void *o);

#endif
