/* SPDX-License-Identifier: MIT */
/* One thread that runs callbacks at deadlines: it resumes suspended
 * connections (/delay, paced streams) so no worker thread ever sleeps. */
#ifndef HB_TIMER_H
#define HB_TIMER_H

struct hb_timer;

typedef void hb_timer_fn(void *arg);

/* NULL when the thread cannot be started. */
struct hb_timer *hb_timer_new(void);
/* Runs fn(arg) on the timer thread after 'seconds'. 0, or -1 when out of
 * memory or stopped: then fn will not run and the caller goes on at once. */
int hb_timer_add(struct hb_timer *t, double seconds, hb_timer_fn *fn, void *arg);
/* Runs every pending callback now and stops the thread; later adds fail.
 * 't' stays valid (callers racing with the stop may still call add). */
void hb_timer_stop(struct hb_timer *t);
/* Stops 't' if needed and frees it. */
void hb_timer_free(struct hb_timer *t);

#endif
