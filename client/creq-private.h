/* SPDX-License-Identifier: MIT */
/* libcreq's insides, shared between its files (creq__ prefix). Nothing here
 * is installed. */
#ifndef CREQ_PRIVATE_H
#define CREQ_PRIVATE_H

#include <curl/curl.h>
#include <stdarg.h>
#include <strings.h>

#include "creq.h"
#include "digest.h"

#define CREQ__DEFAULT_MAX_REDIRECTS 30
#define CREQ__USER_AGENT "libcreq/" CREQ_VERSION

/* ---- arenas: many small strings that are freed together ----------------- */
struct creq__arena_block;
struct creq__arena {
    struct creq__arena_block *head; /* the block being filled, then older ones */
    size_t used, cap;               /* of head */
};
/* n bytes that live until creq__arena_free(), or NULL. */
char *creq__arena_alloc(struct creq__arena *a, size_t n);
/* A NUL-terminated copy of n bytes of s, or NULL. */
char *creq__arena_strndup(struct creq__arena *a, const char *s, size_t n);
void creq__arena_free(struct creq__arena *a);

/* ---- header lists: ordered, repeats kept, malloc'd copies or borrowed ---- */
struct creq__header {
    char *name, *value;
    size_t name_len;
    bool borrowed; /* the strings belong to something else: never freed here */
};
struct creq__headers {
    struct creq__header *items;
    size_t count, cap;
};
int creq__headers_add(struct creq__headers *h, const char *name, const char *value);
int creq__headers_addn(struct creq__headers *h, const char *name, size_t name_len,
                       const char *value, size_t value_len);
/* The same, the strings copied into 'a' (which must outlive the list). */
int creq__headers_addn_arena(struct creq__headers *h, struct creq__arena *a, const char *name,
                             size_t name_len, const char *value, size_t value_len);
/* Adds strings that outlive the list (string literals) without copying. */
int creq__headers_add_static(struct creq__headers *h, const char *name, const char *value);
/* Whether h is named name (any case), name_len being strlen(name): names
 * of other lengths never match, so most strcasecmp() calls are spared. */
static inline bool creq__header_named(const struct creq__header *h, const char *name,
                                      size_t name_len)
{
    return h->name_len == name_len && !strcasecmp(h->name, name);
}
/* Replaces every header of that name (any case) by one, or removes them
 * when value is NULL. */
int creq__headers_set(struct creq__headers *h, const char *name, const char *value);
const char *creq__headers_get(const struct creq__headers *h, const char *name);
int creq__headers_copy(struct creq__headers *dst, const struct creq__headers *src);
void creq__headers_free(struct creq__headers *h);
/* True when a header name or value is safe to send (no CR, LF or NUL;
 * names also need at least one character and no ':' or space). */
bool creq__header_name_ok(const char *name);
bool creq__header_value_ok(const char *value);

/* ---- errors --------------------------------------------------------------- */
/* Fills err (if any) and returns code. */
creq_code creq__fail(creq_error *err, creq_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* CURLcode -> creq_code by requests' rules (section 3.4 of the research). */
creq_code creq__map_curl(CURLcode rc, bool connected, bool proxied);
int creq__global_init(void);

/* ---- the request as sent -------------------------------------------------- */
struct creq_prepared {
    const char *method;    /* both in text[], allocated with the request */
    const char *url;
    struct creq__headers headers;
    char *body;            /* owned copy; NULL when none or streamed */
    size_t body_len;
    bool streamed;         /* body comes from files= or body_reader */
    char text[];           /* method and URL, each NUL-terminated */
};
creq_prepared *creq__prepared_new(const char *method, const char *url);
creq_prepared *creq__prepared_copy(const creq_prepared *p);
void creq__prepared_free(creq_prepared *p);
int creq__prepared_set_body(creq_prepared *p, const void *body, size_t len);

/* ---- settings: request options over session defaults ---------------------- */
struct creq__mount {
    char *prefix;
    creq_retry retry;      /* deep copy */
    int *forcelist;        /* owned copy of retry.status_forcelist */
    char **methods;        /* owned copy of retry.allowed_methods */
    bool has_retry;
    int pool_maxsize;
};

struct creq_session {
    CURLM *multi;          /* the connection cache */
    CURLSH *share;         /* cookies, DNS, TLS sessions */
    struct creq__transfer **idle; /* finished transfers, their easy handles kept */
    size_t idle_count, idle_cap;
    creq_opts defaults;    /* deep copy, see opts.c */
    void *defaults_mem;    /* everything defaults points into */
    struct creq__mount *mounts;
    size_t mount_count;
    struct { creq_hook_fn fn; void *userdata; } *hooks;
    size_t hook_count;
    struct creq__digest digest; /* nonce state, as requests' HTTPDigestAuth */
    char *cookie_value;    /* buffer behind creq_session_cookie() */
    long connects;         /* connections opened, for the reuse test */
    bool env_proxy[2];     /* http_proxy (0) / https_proxy (1) set at creation */
};

/* Deep copy of opts, every piece on the list *mem. 0, or a creq_code. */
int creq__opts_copy(const creq_opts *src, creq_opts *dst, void **mem);
/* Frees what creq__opts_copy put on *mem (NULL is fine). */
void creq__blobs_free(void *mem);

/* The settings of one call, resolved. Borrowed from opts and defaults. */
struct creq__settings {
    unsigned flags;
    const creq_opts *req;        /* the caller's options (never NULL) */
    const creq_opts *def;        /* the session's defaults (never NULL) */
    const creq_auth *auth, *proxy_auth;
    double connect_timeout, read_timeout, total_timeout; /* <= 0: none */
    int max_redirects;
    const char *ca_bundle, *cert, *key;
    const creq_kv *proxies;
    const struct creq__mount *mount;
    bool follow;
    bool verify;
};
void creq__settings_resolve(struct creq__settings *st, creq_session *s, const char *method,
                            const char *url, const creq_opts *opts);
/* Builds the first prepared request: URL with params, headers, body, auth. */
creq_prepared *creq__prepare(creq_session *s, const struct creq__settings *st,
                             const char *method, const char *url, creq_error *err);

/* ---- one HTTP exchange on the session's multi handle ---------------------- */
struct creq__transfer;
creq_session *creq__session_get(creq_session *s); /* NULL: a new one-shot */
/* The session's pool of finished transfers, each with its easy handle (and
 * its connections, DNS, TLS sessions and cookies on the session), for the
 * next transfer to start from: take gives NULL when empty; give keeps t,
 * or destroys it when the pool is full. */
struct creq__transfer *creq__idle_take(creq_session *s);
void creq__idle_give(creq_session *s, struct creq__transfer *t);
void creq__transfer_destroy(struct creq__transfer *t);

/* Runs 'p' to completion (or, with stream, until the headers are in) and
 * returns its response, or NULL with err set. */
creq_response *creq__transfer_run(creq_session *s, const struct creq__settings *st,
                                  const creq_prepared *p, bool stream, double deadline,
                                  creq_error *err);
/* The same in steps, for running many at once (multi.c): start adds it to
 * the session's multi handle; check enforces its timeouts (lowering *wait
 * to the next deadline); finish turns a done transfer into its response
 * (or NULL with err) and frees it; abort drops it. */
struct creq__transfer *creq__transfer_start(creq_session *s, const struct creq__settings *st,
                                            const creq_prepared *p, bool stream,
                                            double deadline, creq_error *err);
bool creq__transfer_done(const struct creq__transfer *t);
int creq__transfer_check(struct creq__transfer *t, double now, double *wait, creq_error *err);
creq_response *creq__transfer_finish(struct creq__transfer *t, creq_error *err);
void creq__transfer_abort(struct creq__transfer *t);
/* One round of the session's multi handle: perform, wait up to 'wait'
 * seconds for activity, mark finished transfers. */
int creq__session_pump(creq_session *s, double wait, creq_error *err);
/* For streaming responses: pulls more body into r's buffer. 1 = more data,
 * 0 = the body is complete, -1 = error (err set). */
int creq__transfer_pump(creq_response *r, creq_error *err);
/* Ends t (in any state) and gives it back to its session's pool. */
void creq__transfer_free(struct creq__transfer *t);
double creq__now(void);

/* ---- responses --------------------------------------------------------------- */
struct creq_response {
    int status;
    char *reason;                /* in arena */
    char *url;                   /* in arena */
    struct creq__arena arena;    /* reason, url and the headers' strings */
    struct creq__headers headers;
    char *content;               /* malloc'd, or no_content while empty */
    char no_content[1];
    size_t len, cap;
    char *text;                  /* decoded lazily */
    char *encoding;
    creq_prepared *request;
    creq_response **history;
    size_t history_len;
    creq_prepared *next;         /* an unfollowed redirect */
    struct creq__headers joined; /* storage behind creq_response_header() */
    struct creq__headers cookies;/* name/value pairs of Set-Cookie */
    double elapsed;
    creq_timing timing;
    struct creq__transfer *stream; /* open while a CREQ_STREAM body is read */
    size_t read_pos;             /* how much of content creq_response_read gave */
    char *line;                  /* readline's buffer */
    size_t line_cap;
    bool consumed;               /* read() used: content is not whole */
    creq_session *owned_session; /* the one-shot session a stream runs on */
};
creq_response *creq__response_new(void);
int creq__response_append(creq_response *r, const char *data, size_t len);
/* Parses the Set-Cookie headers into r->cookies. */
void creq__response_collect_cookies(creq_response *r);

/* ---- retries (urllib3's Retry) ------------------------------------------- */
enum creq__failure { CREQ__FAIL_CONNECT, CREQ__FAIL_READ, CREQ__FAIL_STATUS };
struct creq__retry_state {
    const creq_retry *policy; /* NULL: never retry */
    int total, connect, read, status; /* left; -1 = unbounded */
    int done;                 /* retries made so far */
};
void creq__retry_start(struct creq__retry_state *rs, const creq_retry *policy);
/* Whether this status may be retried for this method (forcelist). */
bool creq__retry_status_wanted(const struct creq__retry_state *rs, const char *method, int status);
/* Seconds to wait before the next try, or -1 when retries ran out or this
 * failure is not retried. 'r' (may be NULL) gives Retry-After. */
double creq__retry_next(struct creq__retry_state *rs, enum creq__failure kind,
                        const char *method, const creq_response *r);

/* ---- one call: the hops of one creq_request (request.c) -------------------- */
struct creq__call {
    creq_session *s;
    const struct creq__settings *st;
    creq_prepared *p;             /* the hop to send next (owned) */
    creq_response **history;      /* owned */
    size_t history_len;
    struct creq__retry_state retry;
    int digest_tries;
    double deadline;              /* total_timeout, as creq__now() time; 0: none */
    double wait;                  /* seconds to wait before sending p (a retry) */
    bool stream;
};
enum creq__step { CREQ__STEP_DONE, CREQ__STEP_AGAIN, CREQ__STEP_FAIL };
void creq__call_init(struct creq__call *c, creq_session *s, const struct creq__settings *st,
                     creq_prepared *p);
/* Judges the outcome of sending c->p: r, or NULL with err set by the
 * transfer. DONE: *out is the final response (history attached). AGAIN:
 * send c->p after c->wait seconds. FAIL: err says why. The call owns and
 * frees what it no longer needs; cleanup frees the rest. */
enum creq__step creq__call_step(struct creq__call *c, creq_response *r, creq_response **out,
                                creq_error *err);
void creq__call_cleanup(struct creq__call *c);
/* Response hooks of the session; false when one stopped (r is freed). */
bool creq__run_hooks(creq_session *s, creq_response *r, creq_error *err);

/* ---- redirects (requests' sessions.py) -------------------------------------- */
bool creq__is_redirect_status(int status);
/* The path and query of a URL as sent in the request line (malloc'd). */
char *creq__request_target(const char *url);
/* The absolute URL a Location leads to from 'base' (malloc'd), or NULL. */
char *creq__resolve_location(const char *base, const char *location);
/* The next hop: method rewritten, body dropped, Authorization stripped as
 * requests does. NULL when out of memory. */
creq_prepared *creq__redirect_next(const creq_prepared *p, const creq_response *r,
                                   const char *new_url);

#endif
