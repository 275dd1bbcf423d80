/* cmd_files.h: "mipsbake files": the files of package directories, printed as go list does */
#ifndef MIPSBAKE_CMD_FILES_H
#define MIPSBAKE_CMD_FILES_H

/* run "mipsbake files [options] DIR..." (argv[0] is "files"); returns the exit status */
int cmd_files(int argc, char **argv);

#endif
