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

    /* pages.c, images.c, spec.c: static/ files, and pages made from this table */
    { "/", HB_GET, handle_index, 0, "This page: every endpoint, generated from the route table." },
    { "/spec.json", HB_GET, handle_spec_json, 0, "An OpenAPI 3 description of every endpoint." },
    { "/forms/post", HB_GET, handle_forms_post, 0, "An HTML form that posts to /post." },
    { "/html", HB_GET, handle_html, 0, "An HTML page: the opening of Moby-Dick." },
    { "/xml", HB_GET, handle_xml, 0, "An XML document: a sample slide show." },
    { "/json", HB_GET, handle_json, 0,
      "A JSON document: the same slide show, as later httpbin releases serve it." },
    { "/robots.txt", HB_GET, handle_robots_txt, 0, "A robots.txt that disallows /deny." },
    { "/deny", HB_GET, handle_deny, 0, "The page robots.txt disallows." },
    { "/encoding/utf8", HB_GET, handle_encoding_utf8, 0,
      "A page of UTF-8 text in many scripts, as text/html." },
    { "/image", HB_GET, handle_image, 0,
      "An image chosen by Accept: webp, svg, jpeg, then png (also image/* or no Accept); else 406." },
    { "/image/png", HB_GET, handle_image_file, 0, "A PNG image." },
    { "/image/jpeg", HB_GET, handle_image_file, 0, "A JPEG image." },
    { "/image/webp", HB_GET, handle_image_file, 0, "A WebP image." },
    { "/image/svg", HB_GET, handle_image_file, 0, "An SVG image." },

    /* cache.c, response_headers.c */
    { "/cache", HB_GET, handle_cache, 0,
      "304 if If-Modified-Since or If-None-Match is sent, else the /get echo." },
    { "/cache/{n}", HB_GET, handle_cache_n, 0, "The /get echo with Cache-Control: public, max-age=n." },
    { "/etag/{etag}", HB_GET, handle_etag, 0,
      "The /get echo with an ETag; If-None-Match gives 304, a failed If-Match 412." },
    { "/response-headers", HB_GET | HB_POST, handle_response_headers, 0,
      "Each query argument as a response header; the body lists the response's headers." },

    /* encodings.c */
    { "/gzip", HB_GET, handle_gzip, 0, "The request echo, gzip-encoded." },
    { "/deflate", HB_GET, handle_deflate, 0, "The request echo, deflate-encoded." },
    { "/brotli", HB_GET, handle_brotli, 0, "The request echo, brotli-encoded." },

    /* base64_decode.c, links.c */
    { "/base64/{value}", HB_GET, handle_base64, 0, "The URL-safe base64 value, decoded, as text." },
    { "/links/{n}", HB_GET, handle_links, 0, "Redirects to /links/{n}/0." },
    { "/links/{n}/{offset}", HB_GET, handle_links_page, 0, "A page of n links to the others." },

    /* bytes.c, stream.c, range.c, drip.c, sse.c: made while they are sent */
    { "/bytes/{n}", HB_GET, handle_bytes, 0, "n random bytes; ?seed= makes them Python httpbin's." },
    { "/stream-bytes/{n}", HB_GET, handle_stream_bytes, 0,
      "n random bytes, chunked (?chunk_size=, ?seed=)." },
    { "/stream/{n}", HB_GET, handle_stream, 0, "n lines of JSON, one /get echo each." },
    { "/range/{n}", HB_GET, handle_range, 0,
      "n bytes a-z that honour Range (206, 416); ?chunk_size=, ?duration=." },
    { "/drip", HB_GET, handle_drip, 0,
      "numbytes bytes over duration seconds, after delay, with status code." },
    { "/sse", HB_GET, handle_sse, 0, "Server-sent events: count pings over duration, after delay." },

    /* dump.c, hostname.c, unstable.c: from go-httpbin */
    { "/dump/request", HB_ANY_METHOD, handle_dump_request, BODY, "The request as it came, as text." },
    { "/hostname", HB_GET, handle_hostname, 0,
      "A fixed host name (httpbin-c), or the real one with --use-real-hostname." },
    { "/unstable", HB_ANY_METHOD, handle_unstable, 0,
      "200, or 500 at ?failure_rate= (default 0.5); ?seed= repeats the draw." },
};
const size_t hb_route_count = sizeof(hb_routes) / sizeof(hb_routes[0]);

const struct hb_route hb_merge_slashes_route = {
    "/{*}", HB_ANY_METHOD, handle_merge_slashes, 0,
    "A path with doubled slashes that matches once they are collapsed: 308 there.",
};
