/* SPDX-License-Identifier: MIT */
/* handshakes: TLS handshakes per second for bench/h2/run.sh. A new
 * connection per request, each with a full handshake (GnuTLS, a fresh
 * session: no resumption data is ever given, so no session is resumed),
 * then one HTTP/1.1 GET with "Connection: close", read to the end of its
 * body.
 *
 *   handshakes --port P [--conns C] [--duration S] [--count N] [--path /get]
 *              [--alpn http/1.1] [--priority STRING]
 *
 * C threads (default 16) each loop connect, handshake, GET, close, until S
 * seconds (default 10) have passed or, with --count, N requests in all are
 * done. The ALPN list offered is --alpn ("none": no ALPN extension); the
 * GnuTLS priority string is --priority (default: GnuTLS's own, with X25519
 * first among the groups, as OpenSSL and the browsers offer it). The
 * certificate is not checked against a CA (the handshake still verifies
 * the server's signature). Prints one line,
 *   HS ok=N errors=N secs=S rate=R tls=TLS1.3 group=X25519 alpn=http/1.1 bytes=B
 * (rate: ok per second; bytes: the last answer's body) and exits 0, or 1
 * when no request succeeded. 127.0.0.1 only. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <gnutls/gnutls.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static unsigned port;
static const char *path = "/get";
static const char *alpn = "http/1.1";
static const char *priority =
    "NORMAL:-GROUP-ALL:+GROUP-X25519:+GROUP-SECP256R1:+GROUP-SECP384R1:+GROUP-SECP521R1";
static double deadline;
static long count_max;
static atomic_long started, ok, errors;
static gnutls_certificate_credentials_t creds;
static gnutls_priority_t prio;
static pthread_mutex_t info_lock = PTHREAD_MUTEX_INITIALIZER;
static char info_tls[32] = "-", info_group[32] = "-", info_alpn[32] = "-";
static long info_bytes = -1;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int tcp_connect(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct timeval tv = { .tv_sec = 5 };
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                              .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* The body length of a complete answer in buf, -1 while the head or the
 * body is still incomplete, -2 when it is not a 200 with Content-Length. */
static long answer_done(const char *buf, size_t len)
{
    const char *end = memmem(buf, len, "\r\n\r\n", 4);
    if (!end)
        return -1;
    if (len < 12 || memcmp(buf + 9, "200", 3) != 0)
        return -2;
    size_t head = (size_t)(end - buf) + 4;
    long clen = -2;
    for (const char *p = buf; p < end; p++) {
        if ((p == buf || p[-1] == '\n') && strncasecmp(p, "content-length:", 15) == 0) {
            clen = strtol(p + 15, NULL, 10);
            break;
        }
    }
    if (clen < 0)
        return -2;
    return len - head >= (size_t)clen ? clen : -1;
}

/* One connection, one handshake, one GET: 0 when a 200 came whole. */
static int one_request(int first)
{
    int fd = tcp_connect();
    if (fd < 0)
        return -1;
    gnutls_session_t s;
    int rc = -1;
    if (gnutls_init(&s, GNUTLS_CLIENT) < 0) {
        close(fd);
        return -1;
    }
    gnutls_priority_set(s, prio);
    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, creds);
    if (strcmp(alpn, "none") != 0) {
        gnutls_datum_t p = { (unsigned char *)alpn, (unsigned)strlen(alpn) };
        gnutls_alpn_set_protocols(s, &p, 1, 0);
    }
    gnutls_transport_set_int(s, fd);
    gnutls_handshake_set_timeout(s, 5000);
    int r;
    do
        r = gnutls_handshake(s);
    while (r < 0 && !gnutls_error_is_fatal(r));
    if (r < 0)
        goto out;
    char req[256];
    int n = snprintf(req, sizeof(req),
                     "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nUser-Agent: handshakes\r\n"
                     "Accept: */*\r\nConnection: close\r\n\r\n",
                     path, port);
    if (gnutls_record_send(s, req, (size_t)n) != n)
        goto out;
    char buf[16384];
    size_t len = 0;
    long body = -1;
    while (len < sizeof(buf)) {
        ssize_t got = gnutls_record_recv(s, buf + len, sizeof(buf) - len);
        if (got == GNUTLS_E_AGAIN || got == GNUTLS_E_INTERRUPTED)
            continue;
        if (got <= 0)
            break;
        len += (size_t)got;
        if ((body = answer_done(buf, len)) != -1)
            break;
    }
    if (body < 0)
        goto out;
    rc = 0;
    if (first) {
        gnutls_datum_t sel;
        pthread_mutex_lock(&info_lock);
        snprintf(info_tls, sizeof(info_tls), "%s",
                 gnutls_protocol_get_name(gnutls_protocol_get_version(s)));
        const char *g = gnutls_group_get_name(gnutls_group_get(s));
        snprintf(info_group, sizeof(info_group), "%s", g ? g : "-");
        if (gnutls_alpn_get_selected_protocol(s, &sel) == 0)
            snprintf(info_alpn, sizeof(info_alpn), "%.*s", (int)sel.size, sel.data);
        info_bytes = body;
        pthread_mutex_unlock(&info_lock);
    }
    gnutls_bye(s, GNUTLS_SHUT_WR);
out:
    gnutls_deinit(s);
    close(fd);
    return rc;
}

static void *worker(void *arg)
{
    int first = arg != NULL;
    while (now_s() < deadline) {
        if (count_max > 0 && atomic_fetch_add(&started, 1) >= count_max)
            break;
        if (one_request(first) == 0) {
            atomic_fetch_add(&ok, 1);
            first = 0;
        } else {
            atomic_fetch_add(&errors, 1);
        }
    }
    return NULL;
}

static void usage(const char *me)
{
    fprintf(stderr,
            "usage: %s --port P [--conns C] [--duration S] [--count N] [--path /get] "
            "[--alpn http/1.1|none] [--priority STRING]\n",
            me);
    exit(2);
}

int main(int argc, char **argv)
{
    long conns = 16;
    double duration = 10;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            usage(argv[0]);
        if (strcmp(a, "--port") == 0)
            port = (unsigned)atoi(v);
        else if (strcmp(a, "--conns") == 0)
            conns = atol(v);
        else if (strcmp(a, "--duration") == 0)
            duration = atof(v);
        else if (strcmp(a, "--count") == 0)
            count_max = atol(v);
        else if (strcmp(a, "--path") == 0)
            path = v;
        else if (strcmp(a, "--alpn") == 0)
            alpn = v;
        else if (strcmp(a, "--priority") == 0)
            priority = v;
        else
            usage(argv[0]);
        i++;
    }
    if (port == 0 || port > 65535 || conns < 1 || conns > 1024 || duration <= 0)
        usage(argv[0]);
    if (gnutls_global_init() < 0 || gnutls_certificate_allocate_credentials(&creds) < 0) {
        fprintf(stderr, "handshakes: GnuTLS does not start\n");
        return 2;
    }
    const char *bad = NULL;
    if (gnutls_priority_init(&prio, priority, &bad) < 0) {
        fprintf(stderr, "handshakes: bad --priority at '%s'\n", bad ? bad : priority);
        return 2;
    }
    pthread_t *t = calloc((size_t)conns, sizeof(*t));
    if (!t)
        return 2;
    double t0 = now_s();
    deadline = t0 + duration;
    long made = 0;
    for (long i = 0; i < conns; i++) {
        if (pthread_create(&t[i], NULL, worker, i == 0 ? (void *)1 : NULL) != 0)
            break;
        made++;
    }
    for (long i = 0; i < made; i++)
        pthread_join(t[i], NULL);
    double secs = now_s() - t0;
    long n_ok = atomic_load(&ok), n_err = atomic_load(&errors);
    printf("HS ok=%ld errors=%ld secs=%.3f rate=%.1f tls=%s group=%s alpn=%s bytes=%ld\n", n_ok,
           n_err, secs, (double)n_ok / secs, info_tls, info_group, info_alpn, info_bytes);
    free(t);
    gnutls_priority_deinit(prio);
    gnutls_certificate_free_credentials(creds);
    gnutls_global_deinit();
    return n_ok > 0 ? 0 : 1;
}
