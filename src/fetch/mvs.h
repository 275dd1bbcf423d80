/* mvs.h: minimal version selection over the go.mod files of a module's dependencies, for a
 * main go.mod older than go 1.17, whose requirements are not complete */
#ifndef MIPSBAKE_MVS_H
#define MIPSBAKE_MVS_H

#include "fetch/fetch.h"
#include "manifest/manifest.h"

/* 1 when m's go.mod needs minimal version selection: it says go 1.16 or older (or nothing),
 * and its packages are not vendored */
int mvs_needed(const struct manifest *m);

/*
 * Select the version of every module in m's requirement graph as cmd/go does for an
 * unpruned module graph: the highest version any reachable go.mod requires (main's
 * replacements and exclusions applied). Each module version's go.mod is read from its git
 * repository (fetched into the cache as needed; with o->offline only the cache). Modules
 * the graph adds become lazy dependencies of m, and required ones move to their selected
 * versions, so only what the build imports is checked out. -1 after reporting.
 */
int mvs_select(struct manifest *m, const struct fetch_opts *o);

#endif
