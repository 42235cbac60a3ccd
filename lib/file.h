/* SPDX-License-Identifier: MIT */
/* Whole files in and out of memory: certificates, keys, the README. */
#ifndef HB_FILE_H
#define HB_FILE_H

#include <stddef.h>

/* The file at 'path', NUL-terminated (the NUL not counted in *len; len may
 * be NULL). The caller frees it with free(). NULL with errno set when it
 * cannot be read or memory runs out. */
char *hb_file_read(const char *path, size_t *len);

/* Writes 'text' to 'path', created or truncated. 0, or -1 with errno set. */
int hb_file_write(const char *path, const char *text);

#endif
