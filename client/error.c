/* SPDX-License-Identifier: MIT */
/* Error codes: names, families, filling creq_error, and libcurl's codes
 * mapped onto requests' exceptions. */
#include <stdarg.h>
#include <stdio.h>

#include "error.h"

static const char *const names[] = {
    [CREQ_OK] = "OK",
    [CREQ_ECONNECTION] = "ConnectionError",
    [CREQ_EPROXY] = "ProxyError",
    [CREQ_ESSL] = "SSLError",
    [CREQ_ECONNECT_TIMEOUT] = "ConnectTimeout",
    [CREQ_EREAD_TIMEOUT] = "ReadTimeout",
    [CREQ_EHTTP] = "HTTPError",
    [CREQ_ETOO_MANY_REDIRECTS] = "TooManyRedirects",
    [CREQ_EURL_REQUIRED] = "URLRequired",
    [CREQ_EMISSING_SCHEMA] = "MissingSchema",
    [CREQ_EINVALID_SCHEMA] = "InvalidSchema",
    [CREQ_EINVALID_URL] = "InvalidURL",
    [CREQ_EINVALID_HEADER] = "InvalidHeader",
    [CREQ_ECHUNKED] = "ChunkedEncodingError",
    [CREQ_EDECODING] = "ContentDecodingError",
    [CREQ_ESTREAM_CONSUMED] = "StreamConsumedError",
    [CREQ_ERETRY] = "RetryError",
    [CREQ_EINVALID_JSON] = "InvalidJSONError",
    [CREQ_EJSON_DECODE] = "JSONDecodeError",
    [CREQ_EABORTED] = "Aborted",
    [CREQ_ENOMEM] = "MemoryError",
    [CREQ_EINVAL] = "InvalidArgument",
};

const char *creq_strerror(creq_code code)
{
    if ((unsigned)code < sizeof(names) / sizeof(names[0]) && names[code])
        return names[code];
    return "UnknownError";
}

bool creq_is_connection_error(creq_code code)
{
    return code == CREQ_ECONNECTION || code == CREQ_EPROXY || code == CREQ_ESSL ||
           code == CREQ_ECONNECT_TIMEOUT;
}

bool creq_is_timeout(creq_code code)
{
    return code == CREQ_ECONNECT_TIMEOUT || code == CREQ_EREAD_TIMEOUT;
}

creq_code creq__fail(creq_error *err, creq_code code, const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    err->status = 0;
    err->curl_code = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
    return code;
}

creq_code creq__map_curl(CURLcode rc, bool connected, bool proxied)
{
    switch (rc) {
    case CURLE_OK:
        return CREQ_OK;
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_PROXY:
        return CREQ_EPROXY;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
        return proxied ? CREQ_EPROXY : CREQ_ECONNECTION;
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_WEIRD_SERVER_REPLY:
        return CREQ_ECONNECTION;
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
        /* Mid-body breaks are requests' ChunkedEncodingError. */
        return connected ? CREQ_ECHUNKED : CREQ_ECONNECTION;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
        return CREQ_ESSL;
    case CURLE_OPERATION_TIMEDOUT:
        return connected ? CREQ_EREAD_TIMEOUT : CREQ_ECONNECT_TIMEOUT;
    case CURLE_URL_MALFORMAT:
        return CREQ_EINVALID_URL;
    case CURLE_UNSUPPORTED_PROTOCOL:
        /* Schemes are checked before sending, so this is a reply libcurl
         * cannot read (an HTTP/0.9 answer): requests says ConnectionError. */
        return CREQ_ECONNECTION;
    case CURLE_BAD_CONTENT_ENCODING:
        return CREQ_EDECODING;
    case CURLE_ABORTED_BY_CALLBACK:
    case CURLE_WRITE_ERROR:
    case CURLE_READ_ERROR:
        return CREQ_EABORTED;
    case CURLE_OUT_OF_MEMORY:
        return CREQ_ENOMEM;
    default:
        return CREQ_ECONNECTION;
    }
}
