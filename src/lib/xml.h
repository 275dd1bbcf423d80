/* xml.h: text for XML and HTML documents (JUnit reports, the sizes treemap) */
#ifndef MIPSBAKE_XML_H
#define MIPSBAKE_XML_H

#include "lib/util.h"

/* append s escaped for XML text and attribute values: < > & " as entities, other control
 * characters but newline and tab as U+FFFD */
void xml_escape(struct buf *b, const char *s);

#endif
