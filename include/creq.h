/* SPDX-License-Identifier: MIT */
/* libcreq: HTTP for C in the spirit of Python's requests, on libcurl and
 * jansson. The one installed header.
 *
 * Ownership: a function that returns a pointer you must free says which
 * function frees it (creq_response_free, creq_session_free, creq_free).
 * Every other returned pointer is borrowed from the object it came from and
 * lives as long as that object. Options (creq_opts and what it points to)
 * are read during the call only; session defaults are deep-copied.
 *
 * Errors: functions that can fail return NULL or a creq_code and, when the
 * caller passes one, fill a caller-owned creq_error (like jansson's
 * json_error_t). Transport failures are errors; HTTP 4xx/5xx are responses
 * (creq_raise_for_status turns them into CREQ_EHTTP).
 *
 * Threads: libcreq is thread-safe the way libcurl is. A creq_session,
 * creq_response or creq_multi is used by one thread at a time; distinct
 * objects may be used from distinct threads at once. Use one session per
 * thread: it owns one connection cache, and libcurl cannot share connection
 * caches across threads. Global initialisation happens once, on first use,
 * and is itself thread-safe; creq_global_cleanup() may be called once at
 * exit when no object is alive. Callbacks run on the calling thread. */
#ifndef CREQ_H
#define CREQ_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CREQ_VERSION "0.1.0"

typedef struct creq_session creq_session;   /* defaults, cookie jar, connections */
typedef struct creq_response creq_response; /* one response; owns its history */
typedef struct creq_prepared creq_prepared; /* the request as sent */

/* ---- errors: requests' exceptions, flattened ----------------------------- */
typedef enum creq_code {
    CREQ_OK = 0,
    CREQ_ECONNECTION,         /* ConnectionError: DNS, refused, reset, EOF */
    CREQ_EPROXY,              /* ProxyError (a ConnectionError) */
    CREQ_ESSL,                /* SSLError (a ConnectionError) */
    CREQ_ECONNECT_TIMEOUT,    /* ConnectTimeout (a ConnectionError and a Timeout) */
    CREQ_EREAD_TIMEOUT,       /* ReadTimeout (a Timeout) */
    CREQ_EHTTP,               /* HTTPError: only from creq_raise_for_status */
    CREQ_ETOO_MANY_REDIRECTS, /* TooManyRedirects */
    CREQ_EURL_REQUIRED,       /* URLRequired */
    CREQ_EMISSING_SCHEMA,     /* MissingSchema: "example.com/x" */
    CREQ_EINVALID_SCHEMA,     /* InvalidSchema: "ftp://..." */
    CREQ_EINVALID_URL,        /* InvalidURL */
    CREQ_EINVALID_HEADER,     /* InvalidHeader: CR, LF or NUL in a header */
    CREQ_ECHUNKED,            /* ChunkedEncodingError */
    CREQ_EDECODING,           /* ContentDecodingError */
    CREQ_ESTREAM_CONSUMED,    /* StreamConsumedError */
    CREQ_ERETRY,              /* RetryError: retries ran out */
    CREQ_EINVALID_JSON,       /* InvalidJSONError: json= cannot be encoded */
    CREQ_EJSON_DECODE,        /* JSONDecodeError: the body is not JSON */
    CREQ_EABORTED,            /* a callback, hook or custom auth asked to stop */
    CREQ_ENOMEM,              /* out of memory */
    CREQ_EINVAL,              /* misuse: a bad argument */
} creq_code;

typedef struct creq_error {
    creq_code code;
    int status;        /* the HTTP status for CREQ_EHTTP and CREQ_ERETRY, else 0 */
    int curl_code;     /* the underlying CURLcode, 0 when none */
    char message[256]; /* "404 Client Error: NOT FOUND for url: http://..." */
} creq_error;

/* The requests exception name: "ReadTimeout". Never NULL. */
const char *creq_strerror(creq_code code);
/* requests' ConnectionError family: ECONNECTION, EPROXY, ESSL, ECONNECT_TIMEOUT. */
bool creq_is_connection_error(creq_code code);
/* requests' Timeout family: ECONNECT_TIMEOUT and EREAD_TIMEOUT. */
bool creq_is_timeout(creq_code code);

/* ---- values for options --------------------------------------------------- */
/* Name/value pairs: order and repeats kept; a list ends with { 0 }. */
typedef struct creq_kv {
    const char *name, *value;
} creq_kv;
#define CREQ_KV(...) ((const creq_kv[]){ __VA_ARGS__, { 0 } })

/* Custom auth (requests.AuthBase): edit the prepared request. 0 = go on. */
typedef int (*creq_auth_fn)(creq_prepared *req, void *userdata);

enum creq_auth_kind { CREQ_AUTH_BASIC = 1, CREQ_AUTH_DIGEST, CREQ_AUTH_BEARER, CREQ_AUTH_CUSTOM };
typedef struct creq_auth {
    enum creq_auth_kind kind;
    const char *user, *password; /* BEARER: password is the token */
    creq_auth_fn fn;             /* CUSTOM */
    void *userdata;
} creq_auth;
/* These macros and CREQ_OPTS / CREQ_KV make compound literals: they live
 * until the end of the enclosing block, so use them in the call itself. */
#define CREQ_BASIC(u, p) (&(const creq_auth){ CREQ_AUTH_BASIC, (u), (p), 0, 0 })
#define CREQ_DIGEST(u, p) (&(const creq_auth){ CREQ_AUTH_DIGEST, (u), (p), 0, 0 })
#define CREQ_BEARER(t) (&(const creq_auth){ CREQ_AUTH_BEARER, 0, (t), 0, 0 })
#define CREQ_AUTH_FN(f, d) (&(const creq_auth){ CREQ_AUTH_CUSTOM, 0, 0, (f), (d) })

/* One multipart part: requests' (filename, data, type, headers) tuple. */
typedef struct creq_file {
    const char *field;
    const char *filename;     /* NULL: the basename of path */
    const char *path;         /* streamed from disk, or ... */
    const void *data;         /* ... taken from memory (len bytes) */
    size_t len;
    const char *content_type; /* NULL: none, as requests */
    const creq_kv *headers;   /* extra part headers */
} creq_file;

/* Upload reader: fill buf, return bytes, 0 at the end, -1 to abort. */
typedef ssize_t (*creq_read_fn)(void *userdata, char *buf, size_t len);
/* Push streaming: each body chunk as it arrives. 0 = go on. */
typedef int (*creq_data_fn)(void *userdata, const char *chunk, size_t len);
/* Progress: bytes so far and totals (0 when unknown). 0 = go on. */
typedef int (*creq_progress_fn)(void *userdata, long long down, long long down_total,
                                long long up, long long up_total);

enum creq_flags {                /* creq_opts.flags; 0 = requests' defaults */
    CREQ_NO_REDIRECTS = 1u << 0, /* allow_redirects=False (HEAD's default) */
    CREQ_REDIRECTS = 1u << 1,    /* allow_redirects=True, e.g. for HEAD */
    CREQ_STREAM = 1u << 2,       /* stream=True: read with creq_response_read */
    CREQ_NO_VERIFY = 1u << 3,    /* verify=False */
    CREQ_NO_ENV = 1u << 4,       /* trust_env=False: no proxies from the environment */
    CREQ_VERIFY = 1u << 5,       /* verify=True even where the session says no */
};
#define CREQ_NO_TIMEOUT (-1.0) /* timeout=None where the session sets one */

/* creq_opts.http_version. requests speaks HTTP/1.1 only, and so does
 * libcreq unless asked: an HTTPS server that offers h2 still gets 1.1. */
typedef enum creq_http_version {
    CREQ_HTTP_DEFAULT = 0,       /* the session's, else CREQ_HTTP_1_1 */
    CREQ_HTTP_1_0,
    CREQ_HTTP_1_1,
    CREQ_HTTP_2,                 /* h2 if TLS (ALPN) agrees on it; http:// stays 1.1 */
    CREQ_HTTP_2_PRIOR_KNOWLEDGE, /* h2 at once, h2c on http://: the server must speak it */
} creq_http_version;

typedef struct creq_opts {     /* every field optional: zero = default */
    unsigned flags;            /* enum creq_flags */
    const creq_kv *params;     /* query arguments, appended to the URL's own */
    const char *params_raw;    /* an already-encoded query */
    const creq_kv *headers;    /* any case; a NULL value drops a session header */
    const creq_kv *cookies;    /* sent with this request only */
    const creq_kv *data;       /* application/x-www-form-urlencoded body */
    const void *body;          /* raw body bytes ... */
    size_t body_len;
    creq_read_fn body_reader;  /* ... or streamed; body_size -1 = chunked */
    long long body_size;
    json_t *json;              /* dumped like json.dumps(); borrowed */
    const creq_file *files;    /* multipart/form-data parts, end with { 0 } */
    const creq_auth *auth;
    const creq_auth *proxy_auth;
    double timeout;            /* seconds, for connect and for each read */
    double connect_timeout;    /* the (connect, read) tuple, if given */
    double read_timeout;
    double total_timeout;      /* a deadline for the whole exchange */
    int max_redirects;         /* 0: the session's (30) */
    creq_http_version http_version; /* 0: the session's, else HTTP/1.1 */
    const creq_kv *proxies;    /* {"http", "http://p:3128"}, {"no_proxy", "a,b"} */
    const char *ca_bundle;     /* verify="/path/ca.pem" */
    const char *cert, *key;    /* a client certificate, and its key if separate */
    creq_data_fn on_data;      /* push streaming: the body is not kept */
    creq_progress_fn on_progress;
    void *userdata;            /* for body_reader, on_data, on_progress */
} creq_opts;
#define CREQ_OPTS(...) (&(const creq_opts){ __VA_ARGS__ })

/* ---- requests: s NULL = a one-shot session; opts may be NULL ------------- */
/* A response the caller frees with creq_response_free, or NULL with *err set. */
creq_response *creq_request(creq_session *s, const char *method, const char *url,
                            const creq_opts *opts, creq_error *err);
#define creq_get(s, u, o, e) creq_request((s), "GET", (u), (o), (e))
#define creq_head(s, u, o, e) creq_request((s), "HEAD", (u), (o), (e))
#define creq_options(s, u, o, e) creq_request((s), "OPTIONS", (u), (o), (e))
#define creq_post(s, u, o, e) creq_request((s), "POST", (u), (o), (e))
#define creq_put(s, u, o, e) creq_request((s), "PUT", (u), (o), (e))
#define creq_patch(s, u, o, e) creq_request((s), "PATCH", (u), (o), (e))
#define creq_delete(s, u, o, e) creq_request((s), "DELETE", (u), (o), (e))

/* ---- response ------------------------------------------------------------- */
void creq_response_free(creq_response *r); /* NULL is fine; frees the history */
int creq_response_status(const creq_response *r);
bool creq_response_ok(const creq_response *r);            /* status not 400..599 */
const char *creq_response_reason(const creq_response *r); /* "" when none was sent */
const char *creq_response_url(const creq_response *r);    /* after redirects */
/* The version the server answered in: "HTTP/1.0", "HTTP/1.1" or "HTTP/2"
 * (static; "" should libcurl not say). HTTP/2 answers have no reason. */
const char *creq_response_http_version(const creq_response *r);
/* Case-insensitive; repeated headers joined with ", ". NULL when absent. */
const char *creq_response_header(const creq_response *r, const char *name);
size_t creq_response_header_count(const creq_response *r);
/* The i-th header as received (order and repeats kept); false past the end. */
bool creq_response_header_at(const creq_response *r, size_t i, const char **name,
                             const char **value);
/* The body (NUL-terminated for convenience; may hold NULs), length in *len. */
const char *creq_response_content(const creq_response *r, size_t *len);
/* The body decoded to UTF-8 with requests' rules (charset parameter, else
 * ISO-8859-1 for text types, UTF-8 for JSON). Lives as long as r. */
const char *creq_response_text(creq_response *r);
const char *creq_response_encoding(const creq_response *r); /* NULL: unknown */
int creq_response_set_encoding(creq_response *r, const char *charset);
/* A new reference the caller decrefs, or NULL with *err: CREQ_EJSON_DECODE,
 * or CREQ_ESTREAM_CONSUMED after creq_response_read/readline took the body. */
json_t *creq_response_json(const creq_response *r, creq_error *err);
/* CREQ_OK, or CREQ_EHTTP with requests' message for 4xx and 5xx. */
creq_code creq_raise_for_status(const creq_response *r, creq_error *err);
size_t creq_response_history_len(const creq_response *r);
const creq_response *creq_response_history(const creq_response *r, size_t i);
bool creq_response_is_redirect(const creq_response *r);
bool creq_response_is_permanent_redirect(const creq_response *r);
/* The request a redirect that was not followed would make next, or NULL. */
const creq_prepared *creq_response_next(const creq_response *r);
/* The URL of the Link header entry with this rel, or NULL. */
const char *creq_response_link(const creq_response *r, const char *rel);
/* A cookie this response set (Set-Cookie), or NULL. */
const char *creq_response_cookie(const creq_response *r, const char *name);
double creq_response_elapsed(const creq_response *r); /* seconds, to the headers */
typedef struct creq_timing {
    double dns, connect, tls, ttfb, total; /* seconds from the start */
    long new_conns;                        /* connections opened for it */
} creq_timing;
void creq_response_timing(const creq_response *r, creq_timing *out);
const creq_prepared *creq_response_request(const creq_response *r);
/* CREQ_STREAM: pull the body. Bytes read, 0 at the end, -1 with *err. */
ssize_t creq_response_read(creq_response *r, void *buf, size_t len, creq_error *err);
/* CREQ_STREAM: the next line without its "\n" or "\r\n"; *line is valid
 * until the next call. Length, 0 at the end (an empty line is length 0 with
 * *line non-NULL), -1 with *err. */
ssize_t creq_response_readline(creq_response *r, const char **line, creq_error *err);

/* ---- prepared request: Response.request, and custom auth ----------------- */
const char *creq_prepared_method(const creq_prepared *p);
const char *creq_prepared_url(const creq_prepared *p);
const char *creq_prepared_header(const creq_prepared *p, const char *name);
size_t creq_prepared_header_count(const creq_prepared *p);
bool creq_prepared_header_at(const creq_prepared *p, size_t i, const char **name,
                             const char **value);
/* Sets (or with NULL removes) a header. CREQ_OK, or CREQ_EINVALID_HEADER. */
int creq_prepared_set_header(creq_prepared *p, const char *name, const char *value);
/* The body, or NULL when it is streamed. */
const void *creq_prepared_body(const creq_prepared *p, size_t *len);

/* ---- session: settings, cookies and connections that persist ------------- */
creq_session *creq_session_new(void); /* free with creq_session_free */
void creq_session_free(creq_session *s); /* NULL is fine */
/* Deep-copies the defaults every request starts from. Body fields (data,
 * body, json, files) are refused with CREQ_EINVAL. */
int creq_session_defaults(creq_session *s, const creq_opts *defaults);
/* Puts a cookie in the jar for 'domain' (required: a leading '.' takes
 * subdomains too) and 'path' (NULL: "/"). CREQ_OK or CREQ_EINVAL. */
int creq_session_set_cookie(creq_session *s, const char *name, const char *value,
                            const char *domain, const char *path);
/* The value of a cookie in the jar (domain NULL: any), valid until the next
 * call on s; NULL when absent. */
const char *creq_session_cookie(creq_session *s, const char *name, const char *domain);
int creq_session_clear_cookies(creq_session *s); /* the whole jar */
int creq_session_save_cookies(creq_session *s, const char *path); /* Netscape format */
int creq_session_load_cookies(creq_session *s, const char *path);

/* urllib3's Retry. All zero = no retries, as requests. total caps all
 * retries (0: no cap, when a kind below is set); connect, read and status cap
 * their kind (0: only total caps it; -1: never retry that kind). */
typedef struct creq_retry {
    int total, connect, read, status;
    double backoff_factor, backoff_max; /* factor * 2^(n-1), capped (0: 120 s) */
    const int *status_forcelist;        /* (const int[]){ 500, 503, 0 } */
    const char *const *allowed_methods; /* NULL: HEAD GET PUT DELETE OPTIONS TRACE */
    bool ignore_retry_after;            /* default: honour it on 413, 429, 503 */
} creq_retry;
typedef struct creq_adapter {
    const creq_retry *max_retries;
    int pool_maxsize; /* connections kept open (0: 10) */
} creq_adapter;
/* Requests to URLs starting with prefix (longest wins) use this adapter. */
int creq_session_mount(creq_session *s, const char *prefix, const creq_adapter *a);
/* Response hooks, run in order on every final response. 0 = go on. */
typedef int (*creq_hook_fn)(creq_response *r, void *userdata);
int creq_session_add_hook(creq_session *s, creq_hook_fn fn, void *userdata);

/* ---- many requests at once over one session's connections --------------- */
typedef struct creq_multi creq_multi;
/* Called once per request as it completes: a response the callee owns (free
 * it with creq_response_free), or NULL and the error. */
typedef void (*creq_done_fn)(void *tag, creq_response *r, const creq_error *err);
creq_multi *creq_multi_new(creq_session *s); /* free with creq_multi_free */
/* Queues a request. opts (and what it points to) must stay valid until
 * creq_multi_run returns; CREQ_STREAM is not available here (CREQ_EINVAL). */
int creq_multi_add(creq_multi *m, const char *method, const char *url, const creq_opts *opts,
                   void *tag);
/* Runs every queued request at once (redirects, digest and retries
 * included) and calls done for each; those in HTTP/2 to one server share
 * one connection. CREQ_OK, or CREQ_EINVAL on misuse. */
int creq_multi_run(creq_multi *m, creq_done_fn done);
void creq_multi_free(creq_multi *m);

/* ---- helpers ---------------------------------------------------------------- */
int creq_code_of(const char *name);   /* requests.codes: "teapot" -> 418; -1 */
const char *creq_code_name(int code); /* 418 -> "im_a_teapot"; NULL */
const char *creq_reason(int code);    /* 418 -> "I'm a Teapot"; "" when unknown */
char *creq_urlencode(const creq_kv *pairs); /* "a=1&b=x+y"; free with creq_free */
char *creq_quote(const char *s);            /* percent-encodes all but A-Za-z0-9-._~ */
void creq_free(void *p);
int creq_global_init(void);      /* optional: the first session does it */
void creq_global_cleanup(void);  /* optional, at exit, after the last free */

#ifdef __cplusplus
}
#endif
#endif /* CREQ_H */
