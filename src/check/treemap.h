/* treemap.h: squarified treemaps as SVG, in one self-contained HTML report */
#ifndef MIPSBAKE_TREEMAP_H
#define MIPSBAKE_TREEMAP_H

#include <stdint.h>

#include "lib/util.h"

/* one rectangle: its label, its size, and the text of its tooltip */
struct tm_item {
	const char *label;
	uint64_t value;
	const char *tooltip;
	int muted;               /* drawn grey: not a package (padding, headers) */
};

/* a rectangle placed */
struct tm_rect {
	double x, y, w, h;
};

/*
 * Lay items (value > 0, largest first) out in the w x h rectangle as a squarified treemap
 * (Bruls, Huizing, van Wijk): rects[i] gets item i's rectangle, its area proportional to
 * its value, rows added to while that keeps their aspect ratios nearer 1.
 */
void treemap_layout(const struct tm_item *items, size_t n, double w, double h, struct tm_rect *rects);
/* append an <svg> of the treemap of items, w x h pixels, with labels where they fit and each
 * tooltip in a <title> */
void treemap_svg(struct buf *b, const struct tm_item *items, size_t n, int w, int h);

#endif
