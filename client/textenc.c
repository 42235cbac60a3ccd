/* SPDX-License-Identifier: MIT */
/* Content-Type charset selection (requests.utils.get_encoding_from_headers)
 * and body decoding by Python's codec names with errors='replace'. Latin-1
 * and the UTF codecs are decoded here, to get Python's exact replacements;
 * Python's other codecs go through glibc's iconv. */
#include "textenc.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A [b, e) slice of a string. */
struct span {
    const char *b, *e;
};

/* ---- Content-Type ------------------------------------------------------ */

/* requests' items_to_strip for parameter keys and values. */
static const char PARAM_STRIP[] = "\"' ";

/* str.isspace() of a header byte. http.client decodes header lines as
 * Latin-1, so Python's bare str.strip() also drops U+0085 and U+00A0. */
static bool py_isspace(unsigned char c)
{
    return (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= ' ') || c == 0x85 || c == 0xa0;
}

static struct span strip_space(struct span s)
{
    while (s.b < s.e && py_isspace((unsigned char)*s.b))
        s.b++;
    while (s.e > s.b && py_isspace((unsigned char)s.e[-1]))
        s.e--;
    return s;
}

static struct span strip_chars(struct span s, const char *chars)
{
    while (s.b < s.e && strchr(chars, *s.b) != NULL)
        s.b++;
    while (s.e > s.b && strchr(chars, s.e[-1]) != NULL)
        s.e--;
    return s;
}

static const char *find_char(struct span s, char c)
{
    const char *p = memchr(s.b, c, (size_t)(s.e - s.b));
    return p ? p : s.e;
}

/* Python's `word in s`: case-sensitive, anywhere. */
static bool span_contains(struct span s, const char *word)
{
    return memmem(s.b, (size_t)(s.e - s.b), word, strlen(word)) != NULL;
}

/* key.lower() == word, for an all-lower-case ASCII word. */
static bool span_is_lower(struct span s, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(s.e - s.b) != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s.b[i];
        if ((c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c) != (unsigned char)word[i])
            return false;
    }
    return true;
}

/* The charset parameter among the ';'-separated params. requests keeps them
 * in a dict, so the last "charset" wins. A bare "charset" (no '=') becomes
 * True in that dict and requests then fails with AttributeError on
 * True.strip(); here it simply leaves no charset. */
static bool find_charset(struct span params, struct span *value)
{
    bool found = false;
    const char *p = params.b;
    while (p < params.e) {
        struct span param = { p, find_char((struct span){ p, params.e }, ';') };
        p = param.e + 1;
        param = strip_space(param);
        if (param.b == param.e)
            continue;
        const char *eq = find_char(param, '=');
        /* Only a key=value pair has its key stripped of quotes. */
        struct span key = param;
        if (eq != param.e)
            key = strip_chars((struct span){ param.b, eq }, PARAM_STRIP);
        if (!span_is_lower(key, "charset"))
            continue;
        found = eq != param.e;
        if (found)
            *value = strip_chars((struct span){ eq + 1, param.e }, PARAM_STRIP);
    }
    return found;
}

static char *span_dup(struct span s)
{
    size_t n = (size_t)(s.e - s.b);
    char *copy = malloc(n + 1);
    if (copy != NULL) {
        memcpy(copy, s.b, n);
        copy[n] = '\0';
    }
    return copy;
}

char *creq__encoding_from_content_type(const char *content_type)
{
    if (content_type == NULL || *content_type == '\0')
        return NULL;
    struct span all = { content_type, content_type + strlen(content_type) };
    const char *semi = find_char(all, ';');
    struct span type = strip_space((struct span){ all.b, semi });

    struct span charset;
    if (semi != all.e && find_charset((struct span){ semi + 1, all.e }, &charset))
        return span_dup(strip_chars(charset, "'\""));
    /* Substring tests, as requests does: "TEXT/html" gets nothing and
     * "application/json-seq" gets utf-8. */
    if (span_contains(type, "text"))
        return strdup("ISO-8859-1");
    if (span_contains(type, "application/json"))
        return strdup("utf-8");
    return NULL;
}

/* ---- charset names ------------------------------------------------------- */

struct charset {
    const char *name;  /* normalised as Python's codec lookup normalises */
    const char *codec; /* our decoder or glibc iconv's name for it */
    bool alias;        /* from encodings.aliases (else an encodings module) */
};

/* Generated from Python 3.11's encodings.aliases and encodings modules: every
 * name of a text codec that glibc's iconv (or this file) can decode, sorted
 * by strcmp. Python codecs with no glibc counterpart are left out, so they
 * fall back to UTF-8: cp720, cp1006, hz, iso2022_jp_1, iso2022_jp_ext,
 * mac_arabic, mac_croatian, mac_farsi, mac_greek, mac_romanian, mac_turkish,
 * palmos and Python's own idna, punycode, raw_unicode_escape, unicode_escape
 * and undefined. glibc's tables differ from Python's in a few bytes of rare
 * code pages (cp273, cp424, cp856, cp875, cp1026, mac_iceland, mac_roman,
 * mac_cyrillic, tis_620), and glibc composes combining marks in cp1255 and
 * cp1258 where Python does not. */
static const struct charset charsets[] = {
    { "037", "CP037", true },
    { "1026", "CP1026", true },
    { "1125", "CP1125", true },
    { "1140", "CP1140", true },
    { "1250", "CP1250", true },
    { "1251", "CP1251", true },
    { "1252", "CP1252", true },
    { "1253", "CP1253", true },
    { "1254", "CP1254", true },
    { "1255", "CP1255", true },
    { "1256", "CP1256", true },
    { "1257", "CP1257", true },
    { "1258", "CP1258", true },
    { "273", "CP273", true },
    { "424", "CP424", true },
    { "437", "CP437", true },
    { "500", "CP500", true },
    { "646", "ASCII", true },
    { "775", "CP775", true },
    { "850", "CP850", true },
    { "852", "CP852", true },
    { "855", "CP855", true },
    { "857", "CP857", true },
    { "858", "CP858", true },
    { "860", "CP860", true },
    { "861", "CP861", true },
    { "862", "CP862", true },
    { "863", "CP863", true },
    { "864", "CP864", true },
    { "865", "CP865", true },
    { "866", "CP866", true },
    { "869", "CP869", true },
    { "8859", "ISO-8859-1", true },
    { "932", "CP932", true },
    { "936", "GBK", true },
    { "949", "CP949", true },
    { "950", "CP950", true },
    { "ansi_x3.4_1968", "ASCII", true },
    { "ansi_x3.4_1986", "ASCII", true },
    { "ansi_x3_4_1968", "ASCII", true },
    { "arabic", "ISO-8859-6", true },
    { "ascii", "ASCII", false },
    { "asmo_708", "ISO-8859-6", true },
    { "big5", "BIG5", false },
    { "big5_hkscs", "BIG5HKSCS", true },
    { "big5_tw", "BIG5", true },
    { "big5hkscs", "BIG5HKSCS", false },
    { "charmap", "ISO-8859-1", false },
    { "chinese", "GB2312", true },
    { "cp037", "CP037", false },
    { "cp1026", "CP1026", false },
    { "cp1051", "HP-ROMAN8", true },
    { "cp1125", "CP1125", false },
    { "cp1140", "CP1140", false },
    { "cp1250", "CP1250", false },
    { "cp1251", "CP1251", false },
    { "cp1252", "CP1252", false },
    { "cp1253", "CP1253", false },
    { "cp1254", "CP1254", false },
    { "cp1255", "CP1255", false },
    { "cp1256", "CP1256", false },
    { "cp1257", "CP1257", false },
    { "cp1258", "CP1258", false },
    { "cp1361", "JOHAB", true },
    { "cp154", "PT154", true },
    { "cp273", "CP273", false },
    { "cp367", "ASCII", true },
    { "cp424", "CP424", false },
    { "cp437", "CP437", false },
    { "cp500", "CP500", false },
    { "cp65001", "UTF-8", true },
    { "cp737", "CP737", false },
    { "cp775", "CP775", false },
    { "cp819", "ISO-8859-1", true },
    { "cp850", "CP850", false },
    { "cp852", "CP852", false },
    { "cp855", "CP855", false },
    { "cp856", "CP856", false },
    { "cp857", "CP857", false },
    { "cp858", "CP858", false },
    { "cp860", "CP860", false },
    { "cp861", "CP861", false },
    { "cp862", "CP862", false },
    { "cp863", "CP863", false },
    { "cp864", "CP864", false },
    { "cp865", "CP865", false },
    { "cp866", "CP866", false },
    { "cp866u", "CP1125", true },
    { "cp869", "CP869", false },
    { "cp874", "CP874", false },
    { "cp875", "CP875", false },
    { "cp932", "CP932", false },
    { "cp936", "GBK", true },
    { "cp949", "CP949", false },
    { "cp950", "CP950", false },
    { "cp_gr", "CP869", true },
    { "cp_is", "CP861", true },
    { "csascii", "ASCII", true },
    { "csbig5", "BIG5", true },
    { "csibm037", "CP037", true },
    { "csibm1026", "CP1026", true },
    { "csibm273", "CP273", true },
    { "csibm424", "CP424", true },
    { "csibm500", "CP500", true },
    { "csibm855", "CP855", true },
    { "csibm857", "CP857", true },
    { "csibm858", "CP858", true },
    { "csibm860", "CP860", true },
    { "csibm861", "CP861", true },
    { "csibm863", "CP863", true },
    { "csibm864", "CP864", true },
    { "csibm865", "CP865", true },
    { "csibm866", "CP866", true },
    { "csibm869", "CP869", true },
    { "csiso2022jp", "ISO-2022-JP", true },
    { "csiso2022kr", "ISO-2022-KR", true },
    { "csiso58gb231280", "GB2312", true },
    { "csisolatin1", "ISO-8859-1", true },
    { "csisolatin2", "ISO-8859-2", true },
    { "csisolatin3", "ISO-8859-3", true },
    { "csisolatin4", "ISO-8859-4", true },
    { "csisolatin5", "ISO-8859-9", true },
    { "csisolatin6", "ISO-8859-10", true },
    { "csisolatinarabic", "ISO-8859-6", true },
    { "csisolatincyrillic", "ISO-8859-5", true },
    { "csisolatingreek", "ISO-8859-7", true },
    { "csisolatinhebrew", "ISO-8859-8", true },
    { "cskoi8r", "KOI8-R", true },
    { "cspc775baltic", "CP775", true },
    { "cspc850multilingual", "CP850", true },
    { "cspc862latinhebrew", "CP862", true },
    { "cspc8codepage437", "CP437", true },
    { "cspcp852", "CP852", true },
    { "csptcp154", "PT154", true },
    { "csshiftjis", "SHIFT_JIS", true },
    { "cyrillic", "ISO-8859-5", true },
    { "cyrillic_asian", "PT154", true },
    { "ebcdic_cp_be", "CP500", true },
    { "ebcdic_cp_ca", "CP037", true },
    { "ebcdic_cp_ch", "CP500", true },
    { "ebcdic_cp_he", "CP424", true },
    { "ebcdic_cp_nl", "CP037", true },
    { "ebcdic_cp_us", "CP037", true },
    { "ebcdic_cp_wt", "CP037", true },
    { "ecma_114", "ISO-8859-6", true },
    { "ecma_118", "ISO-8859-7", true },
    { "elot_928", "ISO-8859-7", true },
    { "euc_cn", "GB2312", true },
    { "euc_jis2004", "EUC-JISX0213", true },
    { "euc_jis_2004", "EUC-JISX0213", false },
    { "euc_jisx0213", "EUC-JISX0213", false },
    { "euc_jp", "EUC-JP", false },
    { "euc_kr", "EUC-KR", false },
    { "euccn", "GB2312", true },
    { "eucgb2312_cn", "GB2312", true },
    { "eucjis2004", "EUC-JISX0213", true },
    { "eucjisx0213", "EUC-JISX0213", true },
    { "eucjp", "EUC-JP", true },
    { "euckr", "EUC-KR", true },
    { "gb18030", "GB18030", false },
    { "gb18030_2000", "GB18030", true },
    { "gb2312", "GB2312", false },
    { "gb2312_1980", "GB2312", true },
    { "gb2312_80", "GB2312", true },
    { "gbk", "GBK", false },
    { "greek", "ISO-8859-7", true },
    { "greek8", "ISO-8859-7", true },
    { "hebrew", "ISO-8859-8", true },
    { "hkscs", "BIG5HKSCS", true },
    { "hp_roman8", "HP-ROMAN8", false },
    { "ibm037", "CP037", true },
    { "ibm039", "CP037", true },
    { "ibm1026", "CP1026", true },
    { "ibm1051", "HP-ROMAN8", true },
    { "ibm1125", "CP1125", true },
    { "ibm1140", "CP1140", true },
    { "ibm273", "CP273", true },
    { "ibm367", "ASCII", true },
    { "ibm424", "CP424", true },
    { "ibm437", "CP437", true },
    { "ibm500", "CP500", true },
    { "ibm775", "CP775", true },
    { "ibm819", "ISO-8859-1", true },
    { "ibm850", "CP850", true },
    { "ibm852", "CP852", true },
    { "ibm855", "CP855", true },
    { "ibm857", "CP857", true },
    { "ibm858", "CP858", true },
    { "ibm860", "CP860", true },
    { "ibm861", "CP861", true },
    { "ibm862", "CP862", true },
    { "ibm863", "CP863", true },
    { "ibm864", "CP864", true },
    { "ibm865", "CP865", true },
    { "ibm866", "CP866", true },
    { "ibm869", "CP869", true },
    { "iso2022_jp", "ISO-2022-JP", false },
    { "iso2022_jp_2", "ISO-2022-JP-2", false },
    { "iso2022_jp_2004", "ISO-2022-JP-3", false },
    { "iso2022_jp_3", "ISO-2022-JP-3", false },
    { "iso2022_kr", "ISO-2022-KR", false },
    { "iso2022jp", "ISO-2022-JP", true },
    { "iso2022jp_2", "ISO-2022-JP-2", true },
    { "iso2022jp_2004", "ISO-2022-JP-3", true },
    { "iso2022jp_3", "ISO-2022-JP-3", true },
    { "iso2022kr", "ISO-2022-KR", true },
    { "iso646_us", "ASCII", true },
    { "iso8859", "ISO-8859-1", true },
    { "iso8859_1", "ISO-8859-1", true },
    { "iso8859_10", "ISO-8859-10", false },
    { "iso8859_11", "ISO-8859-11", false },
    { "iso8859_13", "ISO-8859-13", false },
    { "iso8859_14", "ISO-8859-14", false },
    { "iso8859_15", "ISO-8859-15", false },
    { "iso8859_16", "ISO-8859-16", false },
    { "iso8859_2", "ISO-8859-2", false },
    { "iso8859_3", "ISO-8859-3", false },
    { "iso8859_4", "ISO-8859-4", false },
    { "iso8859_5", "ISO-8859-5", false },
    { "iso8859_6", "ISO-8859-6", false },
    { "iso8859_7", "ISO-8859-7", false },
    { "iso8859_8", "ISO-8859-8", false },
    { "iso8859_9", "ISO-8859-9", false },
    { "iso_2022_jp", "ISO-2022-JP", true },
    { "iso_2022_jp_2", "ISO-2022-JP-2", true },
    { "iso_2022_jp_2004", "ISO-2022-JP-3", true },
    { "iso_2022_jp_3", "ISO-2022-JP-3", true },
    { "iso_2022_kr", "ISO-2022-KR", true },
    { "iso_646.irv_1991", "ASCII", true },
    { "iso_8859_1", "ISO-8859-1", true },
    { "iso_8859_10", "ISO-8859-10", true },
    { "iso_8859_10_1992", "ISO-8859-10", true },
    { "iso_8859_11", "ISO-8859-11", true },
    { "iso_8859_11_2001", "ISO-8859-11", true },
    { "iso_8859_13", "ISO-8859-13", true },
    { "iso_8859_14", "ISO-8859-14", true },
    { "iso_8859_14_1998", "ISO-8859-14", true },
    { "iso_8859_15", "ISO-8859-15", true },
    { "iso_8859_16", "ISO-8859-16", true },
    { "iso_8859_16_2001", "ISO-8859-16", true },
    { "iso_8859_1_1987", "ISO-8859-1", true },
    { "iso_8859_2", "ISO-8859-2", true },
    { "iso_8859_2_1987", "ISO-8859-2", true },
    { "iso_8859_3", "ISO-8859-3", true },
    { "iso_8859_3_1988", "ISO-8859-3", true },
    { "iso_8859_4", "ISO-8859-4", true },
    { "iso_8859_4_1988", "ISO-8859-4", true },
    { "iso_8859_5", "ISO-8859-5", true },
    { "iso_8859_5_1988", "ISO-8859-5", true },
    { "iso_8859_6", "ISO-8859-6", true },
    { "iso_8859_6_1987", "ISO-8859-6", true },
    { "iso_8859_7", "ISO-8859-7", true },
    { "iso_8859_7_1987", "ISO-8859-7", true },
    { "iso_8859_8", "ISO-8859-8", true },
    { "iso_8859_8_1988", "ISO-8859-8", true },
    { "iso_8859_9", "ISO-8859-9", true },
    { "iso_8859_9_1989", "ISO-8859-9", true },
    { "iso_celtic", "ISO-8859-14", true },
    { "iso_ir_100", "ISO-8859-1", true },
    { "iso_ir_101", "ISO-8859-2", true },
    { "iso_ir_109", "ISO-8859-3", true },
    { "iso_ir_110", "ISO-8859-4", true },
    { "iso_ir_126", "ISO-8859-7", true },
    { "iso_ir_127", "ISO-8859-6", true },
    { "iso_ir_138", "ISO-8859-8", true },
    { "iso_ir_144", "ISO-8859-5", true },
    { "iso_ir_148", "ISO-8859-9", true },
    { "iso_ir_157", "ISO-8859-10", true },
    { "iso_ir_166", "TIS-620", true },
    { "iso_ir_199", "ISO-8859-14", true },
    { "iso_ir_226", "ISO-8859-16", true },
    { "iso_ir_58", "GB2312", true },
    { "iso_ir_6", "ASCII", true },
    { "jisx0213", "EUC-JISX0213", true },
    { "johab", "JOHAB", false },
    { "koi8_r", "KOI8-R", false },
    { "koi8_t", "KOI8-T", false },
    { "koi8_u", "KOI8-U", false },
    { "korean", "EUC-KR", true },
    { "ks_c_5601", "EUC-KR", true },
    { "ks_c_5601_1987", "EUC-KR", true },
    { "ks_x_1001", "EUC-KR", true },
    { "ksc5601", "EUC-KR", true },
    { "ksx1001", "EUC-KR", true },
    { "kz1048", "RK1048", false },
    { "kz_1048", "RK1048", true },
    { "l1", "ISO-8859-1", true },
    { "l10", "ISO-8859-16", true },
    { "l2", "ISO-8859-2", true },
    { "l3", "ISO-8859-3", true },
    { "l4", "ISO-8859-4", true },
    { "l5", "ISO-8859-9", true },
    { "l6", "ISO-8859-10", true },
    { "l7", "ISO-8859-13", true },
    { "l8", "ISO-8859-14", true },
    { "l9", "ISO-8859-15", true },
    { "latin", "ISO-8859-1", true },
    { "latin1", "ISO-8859-1", true },
    { "latin10", "ISO-8859-16", true },
    { "latin2", "ISO-8859-2", true },
    { "latin3", "ISO-8859-3", true },
    { "latin4", "ISO-8859-4", true },
    { "latin5", "ISO-8859-9", true },
    { "latin6", "ISO-8859-10", true },
    { "latin7", "ISO-8859-13", true },
    { "latin8", "ISO-8859-14", true },
    { "latin9", "ISO-8859-15", true },
    { "latin_1", "ISO-8859-1", false },
    { "mac_centeuro", "MAC-CENTRALEUROPE", true },
    { "mac_cyrillic", "MAC-CYRILLIC", false },
    { "mac_iceland", "MAC-IS", false },
    { "mac_latin2", "MAC-CENTRALEUROPE", false },
    { "mac_roman", "MACINTOSH", false },
    { "maccentraleurope", "MAC-CENTRALEUROPE", true },
    { "maccyrillic", "MAC-CYRILLIC", true },
    { "maciceland", "MAC-IS", true },
    { "macintosh", "MACINTOSH", true },
    { "maclatin2", "MAC-CENTRALEUROPE", true },
    { "macroman", "MACINTOSH", true },
    { "ms1361", "JOHAB", true },
    { "ms932", "CP932", true },
    { "ms936", "GBK", true },
    { "ms949", "CP949", true },
    { "ms950", "CP950", true },
    { "ms_kanji", "CP932", true },
    { "mskanji", "CP932", true },
    { "pt154", "PT154", true },
    { "ptcp154", "PT154", false },
    { "r8", "HP-ROMAN8", true },
    { "rk1048", "RK1048", true },
    { "roman8", "HP-ROMAN8", true },
    { "ruscii", "CP1125", true },
    { "s_jis", "SHIFT_JIS", true },
    { "s_jis_2004", "SHIFT_JISX0213", true },
    { "s_jisx0213", "SHIFT_JISX0213", true },
    { "shift_jis", "SHIFT_JIS", false },
    { "shift_jis_2004", "SHIFT_JISX0213", false },
    { "shift_jisx0213", "SHIFT_JISX0213", false },
    { "shiftjis", "SHIFT_JIS", true },
    { "shiftjis2004", "SHIFT_JISX0213", true },
    { "shiftjisx0213", "SHIFT_JISX0213", true },
    { "sjis", "SHIFT_JIS", true },
    { "sjis_2004", "SHIFT_JISX0213", true },
    { "sjisx0213", "SHIFT_JISX0213", true },
    { "strk1048_2002", "RK1048", true },
    { "thai", "ISO-8859-11", true },
    { "tis620", "TIS-620", true },
    { "tis_620", "TIS-620", false },
    { "tis_620_0", "TIS-620", true },
    { "tis_620_2529_0", "TIS-620", true },
    { "tis_620_2529_1", "TIS-620", true },
    { "u16", "UTF-16", true },
    { "u32", "UTF-32", true },
    { "u7", "UTF-7", true },
    { "u8", "UTF-8", true },
    { "u_jis", "EUC-JP", true },
    { "uhc", "CP949", true },
    { "ujis", "EUC-JP", true },
    { "unicode_1_1_utf_7", "UTF-7", true },
    { "unicodebigunmarked", "UTF-16BE", true },
    { "unicodelittleunmarked", "UTF-16LE", true },
    { "us", "ASCII", true },
    { "us_ascii", "ASCII", true },
    { "utf", "UTF-8", true },
    { "utf16", "UTF-16", true },
    { "utf32", "UTF-32", true },
    { "utf7", "UTF-7", true },
    { "utf8", "UTF-8", true },
    { "utf8_ucs2", "UTF-8", true },
    { "utf8_ucs4", "UTF-8", true },
    { "utf_16", "UTF-16", false },
    { "utf_16_be", "UTF-16BE", false },
    { "utf_16_le", "UTF-16LE", false },
    { "utf_16be", "UTF-16BE", true },
    { "utf_16le", "UTF-16LE", true },
    { "utf_32", "UTF-32", false },
    { "utf_32_be", "UTF-32BE", false },
    { "utf_32_le", "UTF-32LE", false },
    { "utf_32be", "UTF-32BE", true },
    { "utf_32le", "UTF-32LE", true },
    { "utf_7", "UTF-7", false },
    { "utf_8", "UTF-8", false },
    { "utf_8_sig", "UTF-8-SIG", false },
    { "windows_1250", "CP1250", true },
    { "windows_1251", "CP1251", true },
    { "windows_1252", "CP1252", true },
    { "windows_1253", "CP1253", true },
    { "windows_1254", "CP1254", true },
    { "windows_1255", "CP1255", true },
    { "windows_1256", "CP1256", true },
    { "windows_1257", "CP1257", true },
    { "windows_1258", "CP1258", true },
    { "x_mac_japanese", "SHIFT_JIS", true },
    { "x_mac_korean", "EUC-KR", true },
    { "x_mac_simp_chinese", "GB2312", true },
    { "x_mac_trad_chinese", "BIG5", true },
};

#define N_OF(t) (sizeof(t) / sizeof((t)[0]))
#define MAX_NAME 64

/* What codecs.lookup() does to a name before searching: ASCII letters are
 * lower-cased, ASCII letters, digits and '.' are kept, and every run of
 * other bytes (non-ASCII included) becomes one '_' between kept
 * characters. False when the result would not fit: no codec is that long. */
static bool py_normalize(const char *name, char *out, size_t cap)
{
    size_t n = 0;
    bool punct = false;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        unsigned char c = *p;
        bool keep = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                    (c >= 'A' && c <= 'Z') || c == '.';
        if (!keep) {
            punct = true;
            continue;
        }
        if (n + 2 >= cap)
            return false;
        if (punct && n > 0)
            out[n++] = '_';
        out[n++] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
        punct = false;
    }
    out[n] = '\0';
    return true;
}

static int charset_cmp(const void *key, const void *elem)
{
    const struct charset *c = elem;
    return strcmp(key, c->name);
}

static const struct charset *find_charset_name(const char *norm)
{
    return bsearch(norm, charsets, N_OF(charsets), sizeof(charsets[0]), charset_cmp);
}

/* The decoder for a charset name, or NULL when Python would not know it.
 * encodings.search_function() tries the name as an alias, then as an alias
 * with '.' turned into '_', then as a module name (never with a '.'). */
static const char *codec_for(const char *charset)
{
    char norm[MAX_NAME];
    if (charset == NULL || !py_normalize(charset, norm, sizeof(norm)))
        return NULL;
    const struct charset *c = find_charset_name(norm);
    if (c != NULL)
        return c->codec;
    char *dot = strchr(norm, '.');
    if (dot == NULL)
        return NULL;
    for (; dot != NULL; dot = strchr(dot, '.'))
        *dot = '_';
    c = find_charset_name(norm);
    return c != NULL && c->alias ? c->codec : NULL;
}

/* ---- output ---------------------------------------------------------------- */

#define REPLACEMENT 0xFFFDu

/* The decoded text; one byte is always kept free for the final NUL. */
struct out {
    char *p;
    size_t len, cap;
};

static bool out_reserve(struct out *o, size_t extra)
{
    if (o->cap > o->len && o->cap - o->len > extra)
        return true;
    size_t cap = o->cap ? o->cap : 64;
    while (cap - o->len <= extra) {
        if (cap > SIZE_MAX / 2)
            return false;
        cap *= 2;
    }
    char *p = realloc(o->p, cap);
    if (p == NULL)
        return false;
    o->p = p;
    o->cap = cap;
    return true;
}

static bool out_bytes(struct out *o, const void *b, size_t n)
{
    if (!out_reserve(o, n))
        return false;
    memcpy(o->p + o->len, b, n);
    o->len += n;
    return true;
}

/* Appends one code point (never a surrogate) as UTF-8. */
static bool out_cp(struct out *o, uint32_t cp)
{
    unsigned char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (unsigned char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (unsigned char)(0xC0 | cp >> 6);
        b[1] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (unsigned char)(0xE0 | cp >> 12);
        b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (unsigned char)(0xF0 | cp >> 18);
        b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        b[3] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return out_bytes(o, b, n);
}

/* ---- built-in decoders ------------------------------------------------------ */

enum {
    CONSUME_BOM = 1, /* a leading BOM is dropped (and picks UTF-16/32's order) */
    UNITS_BIG_ENDIAN = 2,
};

/* The length of the valid UTF-8 sequence at s, or 0 with *bad set to the
 * maximal subpart Python replaces with one U+FFFD: an invalid lead byte
 * alone, else the lead byte and the continuation bytes that fit it. The
 * narrowed second-byte ranges rule out overlongs, surrogates and > U+10FFFF. */
static size_t utf8_seq(const unsigned char *s, size_t avail, size_t *bad)
{
    unsigned char c = s[0], lo = 0x80, hi = 0xBF;
    size_t need;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
        *bad = 1;
        return 0;
    }
    for (size_t i = 1; i < need; i++) {
        if (i >= avail || s[i] < lo || s[i] > hi) {
            *bad = i;
            return 0;
        }
        lo = 0x80;
        hi = 0xBF;
    }
    return need;
}

static bool decode_utf8(const unsigned char *s, size_t n, unsigned flags, struct out *o)
{
    size_t i = 0;
    if ((flags & CONSUME_BOM) && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n) {
        size_t run = i, bad = 0, k;
        while (run < n && (k = utf8_seq(s + run, n - run, &bad)) != 0)
            run += k;
        if (!out_bytes(o, s + i, run - i))
            return false;
        if (run == n)
            break;
        if (!out_cp(o, REPLACEMENT))
            return false;
        i = run + bad;
    }
    return true;
}

static bool decode_latin1(const unsigned char *s, size_t n, unsigned flags, struct out *o)
{
    (void)flags;
    for (size_t i = 0; i < n; i++)
        if (!out_cp(o, s[i]))
            return false;
    return true;
}

static uint32_t read_unit(const unsigned char *p, size_t width, bool big_endian)
{
    uint32_t u = 0;
    for (size_t i = 0; i < width; i++)
        u |= (uint32_t)p[big_endian ? width - 1 - i : i] << (8 * i);
    return u;
}

/* With CONSUME_BOM, a BOM picks the byte order and is dropped; without one
 * Python uses the native order, little-endian here as on every target. */
static size_t sniff_bom(const unsigned char *s, size_t n, size_t width, unsigned flags,
                        bool *big_endian)
{
    *big_endian = flags & UNITS_BIG_ENDIAN;
    if (!(flags & CONSUME_BOM) || n < width)
        return 0;
    uint32_t first = read_unit(s, width, false);
    if (first == 0xFEFF)
        return width;
    if (first == (width == 2 ? 0xFFFEu : 0xFFFE0000u)) {
        *big_endian = true;
        return width;
    }
    return 0;
}

/* Python's UTF-16 errors: an odd last byte, a lone low surrogate, or a high
 * surrogate not followed by a low one is one U+FFFD each; a high surrogate
 * cut off by the end takes the rest of the input with it. */
static bool decode_utf16(const unsigned char *s, size_t n, unsigned flags, struct out *o)
{
    bool be;
    size_t i = sniff_bom(s, n, 2, flags, &be);
    while (i < n) {
        if (n - i < 2)
            return out_cp(o, REPLACEMENT);
        uint32_t u = read_unit(s + i, 2, be), cp = u;
        size_t used = 2;
        if (u >= 0xD800 && u <= 0xDFFF) {
            if (u >= 0xDC00) {
                cp = REPLACEMENT;
            } else if (n - i < 4) {
                return out_cp(o, REPLACEMENT);
            } else {
                uint32_t low = read_unit(s + i + 2, 2, be);
                if (low >= 0xDC00 && low <= 0xDFFF) {
                    cp = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
                    used = 4;
                } else {
                    cp = REPLACEMENT;
                }
            }
        }
        if (!out_cp(o, cp))
            return false;
        i += used;
    }
    return true;
}

/* Python's UTF-32 errors: a surrogate or a value past U+10FFFF is one U+FFFD
 * for its 4 bytes; 1 to 3 bytes left at the end are one U+FFFD. */
static bool decode_utf32(const unsigned char *s, size_t n, unsigned flags, struct out *o)
{
    bool be;
    size_t i = sniff_bom(s, n, 4, flags, &be);
    for (; i < n; i += 4) {
        if (n - i < 4)
            return out_cp(o, REPLACEMENT);
        uint32_t cp = read_unit(s + i, 4, be);
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            cp = REPLACEMENT;
        if (!out_cp(o, cp))
            return false;
    }
    return true;
}

struct builtin {
    const char *codec;
    bool (*fn)(const unsigned char *s, size_t n, unsigned flags, struct out *o);
    unsigned flags;
};

static const struct builtin builtins[] = {
    { "ISO-8859-1", decode_latin1, 0 },
    { "UTF-16", decode_utf16, CONSUME_BOM },
    { "UTF-16BE", decode_utf16, UNITS_BIG_ENDIAN },
    { "UTF-16LE", decode_utf16, 0 },
    { "UTF-32", decode_utf32, CONSUME_BOM },
    { "UTF-32BE", decode_utf32, UNITS_BIG_ENDIAN },
    { "UTF-32LE", decode_utf32, 0 },
    { "UTF-8", decode_utf8, 0 },
    { "UTF-8-SIG", decode_utf8, CONSUME_BOM },
};

/* ---- iconv --------------------------------------------------------------- */

/* One iconv() call into the free space of o; updates o->len. */
static size_t iconv_into(iconv_t cd, char **in, size_t *inleft, struct out *o)
{
    char *dst = o->p + o->len;
    size_t room = o->cap - o->len - 1;
    size_t r = iconv(cd, in, inleft, &dst, &room);
    o->len = (size_t)(dst - o->p);
    return r;
}

/* Decodes through glibc. A byte iconv rejects becomes U+FFFD and is skipped
 * (Python's multibyte codecs may swallow a little more; the text around is
 * the same). -1 when iconv does not know the codec, 0 when out of memory. */
static int decode_iconv(const char *codec, const char *data, size_t n, struct out *o)
{
    iconv_t cd = iconv_open("UTF-8", codec);
    if (cd == (iconv_t)-1)
        return -1;
    char *in = (char *)data; /* iconv's prototype is not const-correct */
    size_t inleft = n;
    bool ok = out_reserve(o, n + 16);
    while (ok) {
        if (iconv_into(cd, &in, &inleft, o) != (size_t)-1)
            break;
        if (errno == E2BIG) {
            ok = out_reserve(o, o->cap);
        } else if (errno == EILSEQ) {
            ok = out_cp(o, REPLACEMENT);
            in++;
            inleft--;
        } else {
            /* EINVAL: the input ends inside a sequence, one U+FFFD as Python. */
            ok = out_cp(o, REPLACEMENT);
            break;
        }
    }
    /* Flush what a stateful or composing converter (cp1255) still holds. */
    while (ok && iconv_into(cd, NULL, NULL, o) == (size_t)-1 && errno == E2BIG)
        ok = out_reserve(o, o->cap);
    iconv_close(cd);
    return ok;
}

static bool decode_with(const char *codec, const char *data, size_t n, struct out *o)
{
    for (size_t i = 0; i < N_OF(builtins); i++)
        if (strcmp(builtins[i].codec, codec) == 0)
            return builtins[i].fn((const unsigned char *)data, n, builtins[i].flags, o);
    int r = decode_iconv(codec, data, n, o);
    if (r >= 0)
        return r;
    o->len = 0;
    return decode_utf8((const unsigned char *)data, n, 0, o);
}

char *creq__decode_text(const char *data, size_t len, const char *charset, size_t *out_len)
{
    const char *codec = codec_for(charset);
    struct out o = { NULL, 0, 0 };
    bool ok = len == 0 || decode_with(codec ? codec : "UTF-8", data, len, &o);
    if (!ok || !out_reserve(&o, 0)) {
        free(o.p);
        return NULL;
    }
    o.p[o.len] = '\0';
    if (out_len != NULL)
        *out_len = o.len;
    return o.p;
}
