/* SPDX-License-Identifier: MIT */
/* THE route table: every endpoint, in matching order, grouped by family. The
 * index page and /spec.json are generated from it, so docs follow code. */
#include "route.h"

#define BODY HB_READS_BODY

const struct hb_route hb_routes[] = {
    /* inspect.c: the request, echoed back as JSON */
    { "/get", HB_GET, handle_get, 0, "The request's query, headers, origin and URL." },
    { "/post", HB_POST, handle_body_method, BODY, "The request with its body: form, files, data, json." },
    { "/put", HB_PUT, handle_body_method, BODY, "The PUT request with its body." },
    { "/patch", HB_PATCH, handle_body_method, BODY, "The PATCH request with its body." },
    { "/delete", HB_DELETE, handle_body_method, BODY, "The DELETE request with its body." },
    { "/anything", HB_ANY_METHOD, handle_anything, BODY, "Any method: the whole request, method included." },
    { "/anything/{*}", HB_ANY_METHOD, handle_anything, BODY, "Same as /anything, under any path." },
    { "/headers", HB_GET, handle_headers, 0, "The request's headers." },
    { "/ip", HB_GET, handle_ip, 0, "The client's address (X-Forwarded-For if present)." },
    { "/user-agent", HB_GET, handle_user_agent, 0, "The User-Agent header." },
    { "/uuid", HB_GET, handle_uuid, 0, "A random UUID (version 4)." },

    /* status.c */
    { "/status/{codes}", HB_HTTPBIN_METHODS, handle_status, 0,
      "Answers with the code, or one picked from a list such as 200,500 or 200:0.9,500:0.1." },

    /* cookies.c */
    { "/cookies", HB_GET, handle_cookies, 0, "The cookies the client sent." },
    { "/cookies/set", HB_GET, handle_cookies_set, 0, "Sets each query argument as a cookie, then redirects to /cookies." },
    { "/cookies/set/{name}/{value}", HB_GET, handle_cookies_set_path, 0, "Sets one cookie, then redirects to /cookies." },
    { "/cookies/delete", HB_GET, handle_cookies_delete, 0, "Expires each cookie named in the query, then redirects to /cookies." },

    /* auth.c */
    { "/basic-auth/{user}/{passwd}", HB_GET, handle_basic_auth, 0, "Basic auth: 200 with the right credentials, else 401." },
    { "/hidden-basic-auth/{user}/{passwd}", HB_GET, handle_hidden_basic_auth, 0, "Basic auth that answers 404 instead of 401." },
    { "/bearer", HB_GET, handle_bearer, 0, "Bearer auth: any token is accepted and echoed." },

    /* digest.c: auth-int hashes the body, so the body is collected */
    { "/digest-auth/{qop}/{user}/{passwd}", HB_GET, handle_digest_auth, BODY,
      "Digest auth (qop auth, auth-int or both; MD5): 200 with the right credentials, else 401." },
    { "/digest-auth/{qop}/{user}/{passwd}/{algorithm}", HB_GET, handle_digest_auth, BODY,
      "Digest auth with algorithm MD5, SHA-256 or SHA-512." },
    { "/digest-auth/{qop}/{user}/{passwd}/{algorithm}/{stale_after}", HB_GET, handle_digest_auth, BODY,
      "Digest auth whose nonce goes stale after stale_after uses (or never)." },

    /* redirect.c */
    { "/redirect/{n}", HB_GET, handle_redirect, 0, "n 302 redirects, relative unless ?absolute=true, ending at /get." },
    { "/relative-redirect/{n}", HB_GET, handle_relative_redirect, 0, "n 302 redirects with relative Locations." },
    { "/absolute-redirect/{n}", HB_GET, handle_absolute_redirect, 0, "n 302 redirects with absolute Locations." },
    { "/redirect-to", HB_HTTPBIN_METHODS, handle_redirect_to, BODY, "Redirects to ?url= with ?status_code= (3xx, else 302)." },

    /* tls.c */
    { "/client-cert", HB_GET, handle_client_cert, 0,
      "The certificate the HTTPS client presented (ask for one with --tls-client-ca)." },

    /* delay.c */
    { "/delay/{n}", HB_HTTPBIN_METHODS, handle_delay, BODY, "The echo, after n seconds (at most --max-delay)." },
};

const size_t hb_route_count = sizeof(hb_routes) / sizeof(hb_routes[0]);

const struct hb_route hb_merge_slashes_route = {
    "/{*}", HB_ANY_METHOD, handle_merge_slashes, 0,
    "A path with doubled slashes that matches once they are collapsed: 308 there.",
};
