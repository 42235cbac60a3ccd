/* SPDX-License-Identifier: MIT */
/* The Range header of /range/{n} (lib/range_header.h). Input: 8 bytes
 * of n (big-endian, taken modulo 2^40, plus 1), then the header value (an
 * empty one also stands for "no Range header"). Asserts: a success lies
 * inside [0, n), first <= last, and without "bytes" it is the whole
 * resource; a refusal only happens when a Range was given. */
#include "fuzz.h"

#include "lib/range_header.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 8)
        return 0;
    uint64_t n = 0;
    for (int i = 0; i < 8; i++)
        n = n << 8 | data[i];
    n = (n & ((UINT64_C(1) << 40) - 1)) + 1; /* /range's n: 1 up to --max-bytes */
    char *header = fuzz_cstr(data + 8, size - 8);
    const char *h = size == 8 ? NULL : header;
    uint64_t first = UINT64_MAX, last = UINT64_MAX;
    int rc = hb_range_parse(h, n, &first, &last);
    FUZZ_CHECK(rc == 0 || rc == -1);
    if (rc == 0)
        FUZZ_CHECK(first <= last && last < n);
    if (!h || !strstr(h, "bytes"))
        FUZZ_CHECK(rc == 0 && first == 0 && last == n - 1);
    free(header);
    return 0;
}
