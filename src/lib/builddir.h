/* builddir.h: the names of the files in a build directory that more than one stage uses */
#ifndef MIPSBAKE_BUILDDIR_H
#define MIPSBAKE_BUILDDIR_H

/* what generation tells the commands that follow a build (written by check/artifacts.c) */
#define ARTIFACTS_FILE "artifacts.yaml"
/* which Ninja outputs are which package's and binary's (written by emit/steps.c, read by
 * check/explain.c) */
#define STEPS_FILE "steps.json"
/* written by 'mipsbake sizes-check' when every binary fits; the build's default target */
#define SIZES_STAMP ".sizes-ok"
/* the digest stamps of the scanned directories (mipsbake dirlist), which build.ninja depends on */
#define DIRS_DIR "dirs"
/* for people: which configuration each short directory name (pkg/<dir>/ ...) stands for
 * (written by emit/generate.c) */
#define CONFIGS_FILE "configs.txt"
/* where the paths compiles name files by map to the user's (emit/diagmap.c writes it,
 * 'mipsbake diag-paths' reads it) */
#define DIAG_MAP_FILE "diag.map"
/* a stripped binary's unstripped twin is UNSTRIPPED_DIR + its path, linked only for the
 * phony target SYMBOLS_TARGET ('sizes --packages'), never by default */
#define UNSTRIPPED_DIR "unstripped/"
#define SYMBOLS_TARGET "symbols"
/* cfg/<configuration directory> + ACTIONS_SUFFIX: the descriptions of a configuration's
 * cached actions (written by emit/action.c, read by 'mipsbake act', cache/act.c): the line
 * ACTIONS_MAGIC, then per action "@ <key>" (its first output) and its description's
 * lines, the actions sorted by key (bytewise), so that one is found without reading all */
#define ACTIONS_SUFFIX ".actions"
#define ACTIONS_MAGIC "mipsbake-actions 1"
/* written by a build edge whose output was wrong because of an input it rewrote (the check
 * of an early compile's export data, emit/gccgo.c): the build failed, and the next Ninja
 * run sets it right; mipsbake (run.c) runs Ninja once more when it is there */
#define RERUN_FILE ".mipsbake-rerun"

#endif
