/* SPDX-License-Identifier: MIT */
/* Deep copies of creq_opts, for the defaults a session keeps beyond the
 * caller's strings: every allocation on one list, freed together. */
#ifndef CREQ_OPTS_H
#define CREQ_OPTS_H

#include "creq.h"

/* Deep copy of opts, every piece on the list *mem. 0, or a creq_code. */
int creq__opts_copy(const creq_opts *src, creq_opts *dst, void **mem);
/* Frees what creq__opts_copy put on *mem (NULL is fine). */
void creq__blobs_free(void *mem);

#endif
