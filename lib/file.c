/* SPDX-License-Identifier: MIT */
/* Whole files; see file.h. */
#include "file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *hb_file_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t used = 0, cap = 0, n;
    char chunk[8192];
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (used + n + 1 > cap) {
            cap = 2 * (used + n + 1);
            char *grown = realloc(buf, cap);
            if (!grown)
                goto fail;
            buf = grown;
        }
        memcpy(buf + used, chunk, n);
        used += n;
    }
    if (ferror(f))
        goto fail;
    fclose(f);
    if (!buf && !(buf = malloc(1)))
        return NULL;
    buf[used] = '\0';
    if (len)
        *len = used;
    return buf;
fail:
    {
        int saved = errno ? errno : ENOMEM;
        free(buf);
        fclose(f);
        errno = saved;
        return NULL;
    }
}

int hb_file_write(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    int failed = fputs(text, f) < 0;
    failed |= fclose(f) != 0;
    return failed ? -1 : 0;
}
