/* builddir.h: the names of the files in a build directory that more than one stage uses */
#ifndef MIPSBAKE_BUILDDIR_H
#define MIPSBAKE_BUILDDIR_H

/* what generation tells the commands that follow a build (written by check/artifacts.c) */
#define ARTIFACTS_FILE "artifacts.yaml"
/* written by 'mipsbake sizes-check' when every binary fits; the build's default target */
#define SIZES_STAMP ".sizes-ok"
/* where the paths compiles name files by map to the user's (emit/diagmap.c writes it,
 * 'mipsbake diag-paths' reads it) */
#define DIAG_MAP_FILE "diag.map"

#endif
