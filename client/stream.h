/* SPDX-License-Identifier: MIT */
/* A CREQ_STREAM response's body, still arriving: pulled by read() and
 * readline(), and what it holds open meanwhile (its transfer and, for a
 * one-shot request, its session), which this module alone ends. */
#ifndef CREQ_STREAM_H
#define CREQ_STREAM_H

#include "creq.h"

/* Hands over s, the one-shot session r is still streaming on: it is freed
 * after r's transfer, when r is. */
void creq__stream_own_session(creq_response *r, creq_session *s);
/* Ends what r holds open: the transfer (back to its session's pool), then
 * the one-shot session. Nothing when r holds none. */
void creq__stream_close(creq_response *r);

#endif
