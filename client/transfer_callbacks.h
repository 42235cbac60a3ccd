/* SPDX-License-Identifier: MIT */
/* libcurl's callbacks of a transfer (the struct creq__transfer is their
 * argument): header lines and body chunks into its response, the upload
 * from its reader, and progress. Set on the easy handle at its setup. */
#ifndef CREQ_TRANSFER_CALLBACKS_H
#define CREQ_TRANSFER_CALLBACKS_H

#include <curl/curl.h>
#include <stddef.h>

/* CURLOPT_HEADERFUNCTION: every header block arrives (1xx interim answers
 * too); the last one is the response's status, reason and headers. */
size_t creq__transfer_on_header(char *data, size_t size, size_t n, void *arg);
/* CURLOPT_WRITEFUNCTION: the body into the response, or to on_data; a
 * stream pauses while too much of it is unread. */
size_t creq__transfer_on_body(char *data, size_t size, size_t n, void *arg);
/* CURLOPT_READFUNCTION: the upload, from body_reader. */
size_t creq__transfer_on_upload(char *buf, size_t size, size_t n, void *arg);
/* CURLOPT_XFERINFOFUNCTION: progress, to on_progress. */
int creq__transfer_on_progress(void *arg, curl_off_t down_total, curl_off_t down,
                               curl_off_t up_total, curl_off_t up);

#endif
