/* SPDX-License-Identifier: MIT */
/* Numbers from paths and query arguments (lib/params.h) and /bytes'
 * ?seed= (lib/pyrandom.h hb_pyrandom_seed_textn). Input: the text (with
 * any NULs: seed_textn takes a length). Asserts, against libc as the
 * reference: hb_param_digits agrees with strtoull (saturating); without
 * '_', hb_param_pyint agrees with strtoll and hb_param_pyfloat with strtod;
 * a duration is finite; a seed text holding a NUL is refused, and a seed of
 * at most 19 digits seeds exactly as its value as words does, and a
 * refused one leaves the generator untouched. */
#include "fuzz.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>

#include "lib/params.h"
#include "lib/pyrandom.h"

/* strtoll/strtod consumed the whole text but trailing whitespace. */
static int only_space(const char *p)
{
    while (isspace((unsigned char)*p))
        p++;
    return *p == '\0';
}

static void check_numbers(const char *s)
{
    uint64_t u;
    int all_digits = *s && strspn(s, "0123456789") == strlen(s);
    FUZZ_CHECK((hb_param_digits(s, &u) == 0) == all_digits);
    if (all_digits) {
        errno = 0;
        unsigned long long ref = strtoull(s, NULL, 10);
        FUZZ_CHECK(u == (errno == ERANGE ? UINT64_MAX : ref));
    }
    if (strchr(s, '_'))
        return;
    int64_t i;
    char *end;
    errno = 0;
    long long ref = strtoll(s, &end, 10);
    int ref_ok = end != s && only_space(end);
    FUZZ_CHECK((hb_param_pyint(s, &i) == 0) == ref_ok);
    if (ref_ok)
        FUZZ_CHECK(i == ref);

    double d;
    if (hb_param_pyfloat(s, &d) == 0) {
        double r = strtod(s, &end);
        FUZZ_CHECK(only_space(end));
        FUZZ_CHECK((isnan(d) && isnan(r)) || memcmp(&d, &r, sizeof(d)) == 0);
    }
    if (hb_param_duration(s, &d) == 0)
        FUZZ_CHECK(isfinite(d));
}

static void check_seed(const char *text, size_t len)
{
    struct hb_pyrandom *r = malloc(sizeof(*r)), *ref = malloc(sizeof(*ref));
    if (!r || !ref)
        abort();
    memset(r, 0xa5, sizeof(*r));
    int rc = hb_pyrandom_seed_textn(r, text, len);
    if (memchr(text, '\0', len))
        FUZZ_CHECK(rc == -1);
    if (rc == 0) {
        /* The digits alone: signs, spaces and '_' do not change the seed. */
        char digits[21];
        size_t n = 0;
        for (size_t i = 0; i < len && n < sizeof(digits) - 1; i++)
            if (text[i] >= '0' && text[i] <= '9')
                digits[n++] = text[i];
        digits[n] = '\0';
        if (n <= 19) {
            uint64_t v = strtoull(digits, NULL, 10);
            uint32_t words[2] = { (uint32_t)v, (uint32_t)(v >> 32) };
            hb_pyrandom_seed_words(ref, words, 2);
            FUZZ_CHECK(!memcmp(r, ref, sizeof(*r)));
        }
    } else {
        FUZZ_CHECK(rc == -1);
        memset(ref, 0xa5, sizeof(*ref));
        FUZZ_CHECK(!memcmp(r, ref, sizeof(*r))); /* 'r untouched' on a refusal */
    }
    free(r);
    free(ref);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    check_numbers(s);
    check_seed(s, size);
    free(s);
    return 0;
}
