/* SPDX-License-Identifier: MIT */
/* /status/{codes}: "418", "200,500" or weighted "200:0.9,500:0.1". */
#ifndef HB_STATUSLIST_H
#define HB_STATUSLIST_H

#include <stddef.h>

#define HB_STATUS_MAX_CHOICES 64

struct hb_status_choice {
    int code;
    double weight;
};

/* Parses 'text' into at most HB_STATUS_MAX_CHOICES choices (weights default
 * to 1). Returns the count, or -1 when a code is not a whole number from 200
 * to 999 (1xx are interim answers, never a final one), a weight not a finite number >= 0, or the weights sum to 0. */
int hb_status_list_parse(const char *text, struct hb_status_choice *out);
/* Picks a code as httpbin's weighted_choice does; 'u' is uniform in [0, 1). */
int hb_status_list_pick(const struct hb_status_choice *c, int n, double u);

#endif
