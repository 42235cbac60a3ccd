/* SPDX-License-Identifier: MIT */
/* /status/{codes} lists (lib/statuslist.h): "418", "200,500",
 * "200:0.9,500:0.1". Input: the text. Asserts: a count from 1 to
 * HB_STATUS_MAX_CHOICES, each code 200-999, each weight finite and >= 0,
 * and picking (at u = 0, 0.5 and just under 1) returns one of the codes. */
#include "fuzz.h"

#include <math.h>

#include "lib/statuslist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstr(data, size);
    struct hb_status_choice c[HB_STATUS_MAX_CHOICES];
    int n = hb_status_list_parse(text, c);
    FUZZ_CHECK(n == -1 || (n >= 1 && n <= HB_STATUS_MAX_CHOICES));
    for (int i = 0; i < n; i++)
        FUZZ_CHECK(c[i].code >= 200 && c[i].code <= 999 && isfinite(c[i].weight) &&
                   c[i].weight >= 0);
    const double us[] = { 0, 0.5, nextafter(1, 0) };
    for (size_t k = 0; n > 0 && k < sizeof(us) / sizeof(us[0]); k++) {
        int code = hb_status_list_pick(c, n, us[k]);
        int found = 0;
        for (int i = 0; i < n; i++)
            found |= c[i].code == code;
        FUZZ_CHECK(found);
    }
    free(text);
    return 0;
}
