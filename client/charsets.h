/* SPDX-License-Identifier: MIT */
/* Charset names to decoders, the way Python's codecs.lookup() resolves them:
 * which decoder textenc.c uses for the charset a response names. */
#ifndef CREQ_CHARSETS_H
#define CREQ_CHARSETS_H

/* The decoder for a charset name ("UTF-8", "ISO-8859-1", an iconv name), or
 * NULL when Python would not know the name. */
const char *creq__codec_for(const char *charset);

#endif
