/* xml.c: text for XML and HTML documents */
#include "lib/xml.h"
#include "lib/banned.h"

void xml_escape(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '<')
			buf_puts(b, "&lt;");
		else if (c == '>')
			buf_puts(b, "&gt;");
		else if (c == '&')
			buf_puts(b, "&amp;");
		else if (c == '"')
			buf_puts(b, "&quot;");
		else if (c < 0x20 && c != '\n' && c != '\t')
			buf_puts(b, "&#xFFFD;");
		else
			buf_putc(b, c);
	}
}
