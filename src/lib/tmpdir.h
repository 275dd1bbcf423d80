/* tmpdir.h: temporary directories renamed into place, and sweeping those of dead runs */
#ifndef MIPSBAKE_TMPDIR_H
#define MIPSBAKE_TMPDIR_H

/* create "<parent>/.tmp-<pid>-XXXXXX"; newly allocated path, or NULL after reporting */
char *tmpdir_create(const char *parent);
/* remove the ".tmp-<pid>-*" entries of parent whose process is gone */
void tmpdir_sweep(const char *parent);
/*
 * Rename the directory tmp (made by tmpdir_create) to dir. When dir exists it is first renamed
 * to "<tmp>.old" and removed afterwards, so dir is at every moment complete or absent, and
 * what a killed run leaves behind is swept by tmpdir_sweep. -1 after reporting.
 */
int tmpdir_install(const char *tmp, const char *dir);

#endif
