/* SPDX-License-Identifier: MIT */
/* What is library-wide: libcurl's one-time global setup (done by the first
 * session, or by creq_global_init), its cleanup, and creq_free(). */
#include "global.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdlib.h>

#include "creq.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static CURLcode init_result;
static struct creq__libcurl libcurl;

static void init_once(void)
{
    init_result = curl_global_init(CURL_GLOBAL_DEFAULT);
    const curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);
    libcurl.http2 = v->features & CURL_VERSION_HTTP2;
    libcurl.h2c_no_reuse = v->version_num >= 0x075800 && v->version_num < 0x080000;
}

const struct creq__libcurl *creq__libcurl(void)
{
    return &libcurl;
}

int creq__global_init(void)
{
    pthread_once(&once, init_once);
    return init_result == CURLE_OK ? CREQ_OK : CREQ_ENOMEM;
}

int creq_global_init(void)
{
    return creq__global_init();
}

void creq_global_cleanup(void)
{
    curl_global_cleanup();
}

void creq_free(void *p)
{
    free(p);
}
