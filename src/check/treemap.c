/* treemap.c: squarified treemap layout and its SVG */
#include <stdlib.h>
#include <string.h>

#include "check/treemap.h"
#include "lib/xml.h"
#include "lib/banned.h"

/* the worst aspect ratio of a row of areas summing to sum, min and max, along side */
static double worst(double sum, double min, double max, double side)
{
	double s2 = sum * sum, w2 = side * side;
	double a = w2 * max / s2, b = s2 / (w2 * min);

	return a > b ? a : b;
}

/* place items [from, to) as one row along the shorter side of the free rectangle *r */
static void place_row(const double *areas, size_t from, size_t to, struct tm_rect *r, struct tm_rect *out)
{
	double sum = 0, pos;
	int vertical = r->w >= r->h;     /* a column at the left, else a row at the top */
	double side = vertical ? r->h : r->w, thick;

	for (size_t i = from; i < to; i++)
		sum += areas[i];
	thick = side > 0 ? sum / side : 0;
	pos = vertical ? r->y : r->x;
	for (size_t i = from; i < to; i++) {
		double len = thick > 0 ? areas[i] / thick : 0;

		out[i] = vertical ? (struct tm_rect){ r->x, pos, thick, len } : (struct tm_rect){ pos, r->y, len, thick };
		pos += len;
	}
	if (vertical) {
		r->x += thick;
		r->w -= thick;
	} else {
		r->y += thick;
		r->h -= thick;
	}
}

void treemap_layout(const struct tm_item *items, size_t n, double w, double h, struct tm_rect *rects)
{
	double total = 0, *areas = xcalloc(n ? n : 1, sizeof(*areas));
	struct tm_rect free_r = { 0, 0, w, h };
	size_t start = 0;

	for (size_t i = 0; i < n; i++)
		total += (double)items[i].value;
	for (size_t i = 0; i < n; i++)
		areas[i] = total > 0 ? (double)items[i].value * w * h / total : 0;
	while (start < n) {
		double side = free_r.w < free_r.h ? free_r.w : free_r.h;
		double sum = areas[start], min = areas[start], max = areas[start];
		size_t end = start + 1;

		/* grow the row while that makes its worst rectangle squarer */
		while (end < n && areas[end] > 0 &&
		       worst(sum + areas[end], areas[end] < min ? areas[end] : min, max, side) <=
			       worst(sum, min, max, side)) {
			sum += areas[end];
			min = areas[end] < min ? areas[end] : min;
			end++;
		}
		place_row(areas, start, end, &free_r, rects);
		start = end;
	}
	free(areas);
}

/* a colour per rectangle, hues apart by the golden angle so that neighbours differ */
static void put_fill(struct buf *b, size_t i, int muted)
{
	unsigned hue = (unsigned)(i * 137.508) % 360;

	if (muted) {
		buf_printf(b, "hsl(0,0%%,%u%%)", 70 + (unsigned)(i % 3) * 5);
		return;
	}
	buf_printf(b, "hsl(%u,%u%%,%u%%)", hue, 55 + (unsigned)(i % 3) * 10, 62 + (unsigned)(i % 2) * 8);
}

/* the label inside rectangle r, cut to what fits (about 7 pixels a character) */
static void put_label(struct buf *b, const struct tm_item *it, const struct tm_rect *r)
{
	size_t fit = (size_t)((r->w - 6) / 7), len = strlen(it->label);
	struct buf text = BUF_INIT;

	if (r->h < 16 || fit < 3)
		return;
	if (len > fit) {
		buf_add(&text, it->label, fit - 1);
		buf_puts(&text, "\xe2\x80\xa6");
	} else {
		buf_puts(&text, it->label);
	}
	buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">", r->x + 3, r->y + 13);
	xml_escape(b, buf_str(&text));
	buf_puts(b, "</text>");
	buf_release(&text);
}

void treemap_svg(struct buf *b, const struct tm_item *items, size_t n, int w, int h)
{
	struct tm_rect *rects = xcalloc(n ? n : 1, sizeof(*rects));

	treemap_layout(items, n, w, h, rects);
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"treemap\" width=\"%d\" height=\"%d\" "
		   "viewBox=\"0 0 %d %d\">\n", w, h, w, h);
	for (size_t i = 0; i < n; i++) {
		const struct tm_rect *r = &rects[i];

		if (r->w <= 0 || r->h <= 0)
			continue;
		buf_puts(b, "<g><title>");
		xml_escape(b, items[i].tooltip);
		buf_printf(b, "</title><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"", r->x, r->y,
			   r->w, r->h);
		put_fill(b, i, items[i].muted);
		buf_puts(b, "\"/>");
		put_label(b, &items[i], r);
		buf_puts(b, "</g>\n");
	}
	buf_puts(b, "</svg>\n");
	free(rects);
}
