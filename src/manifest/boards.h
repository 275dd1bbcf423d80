/* boards.h: 'mipsbake boards': the board library that comes with mipsbake */
#ifndef MIPSBAKE_BOARDS_H
#define MIPSBAKE_BOARDS_H

/*
 * List every board of the .yaml files in <datadir>/manifests/boards (each loaded as a
 * manifest, its includes searched in the data directory) as a table, or as a JSON array
 * of objects with json set. Returns 0, or 1 when a file does not load (its errors reported).
 */
int cmd_boards(const char *datadir, int json);

#endif
