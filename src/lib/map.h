/* map.h: a string-keyed hash map (open addressing); keys are copied, values are borrowed */
#ifndef MIPSBAKE_MAP_H
#define MIPSBAKE_MAP_H

#include <stddef.h>

struct strmap {
	char **keys;
	void **vals;
	size_t n, cap;
};
#define STRMAP_INIT { NULL, NULL, 0, 0 }

/* the value stored under key, NULL when absent */
void *strmap_get(const struct strmap *m, const char *key);
/* store val under key, replacing any earlier value */
void strmap_put(struct strmap *m, const char *key, void *val);
/* free the keys and tables (not the values) */
void strmap_release(struct strmap *m);

#endif
