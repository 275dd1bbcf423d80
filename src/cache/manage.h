/* manage.h: the local action cache as a whole: what it holds, trimming it, clearing it */
#ifndef MIPSBAKE_MANAGE_H
#define MIPSBAKE_MANAGE_H

/* verb "stats", "trim" (max: "500M", "2G": remove the least recently used entries until the
 * store under dir holds at most that) or "clear" on the store under dir; an exit code */
int cache_manage(const char *dir, const char *verb, const char *max);

#endif
