/* SPDX-License-Identifier: MIT */
/* From a call's settings to its first request, as requests'
 * PreparedRequest.prepare(): URL and params, headers, body, auth. */
#ifndef CREQ_PREPARE_H
#define CREQ_PREPARE_H

#include "creq.h"
#include "settings.h"

/* Builds the first prepared request: URL with params, headers, body, auth.
 * NULL with err set when the options cannot make one. */
creq_prepared *creq__prepare(creq_session *s, const struct creq__settings *st,
                             const char *method, const char *url, creq_error *err);

#endif
