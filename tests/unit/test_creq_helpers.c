/* SPDX-License-Identifier: MIT */
/* libcreq's pure helpers against Python: requests.codes and HTTPStatus
 * phrases (codes.c), parse_header_links (links.c), and the charset choice
 * and decoding behind Response.text (textenc.c). Every expected value was
 * printed by Debian's python3 3.11 with python3-requests 2.28.1. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "creq.h"
#include "client/links.h"
#include "client/textenc.h"

#define N_OF(t) ((int)(sizeof(t) / sizeof((t)[0])))

/* --- creq_code_of: requests.codes[name] ------------------------------------- */

struct code_of_case {
    const char *name;
    const char *alias;
    int code; /* -1: requests.codes gives None */
};

/* requests answers to each alias and its upper-case twin, nothing between
 * ("Ok" is None), and no twin for names starting with '\' or '/'. A name two
 * codes share ends up with the later code ("precondition": 428). */
static const struct code_of_case code_of_cases[] = {
    { "ok", "ok", 200 },
    { "OK", "OK", 200 },
    { "okay", "okay", 200 },
    { "all_ok", "all_ok", 200 },
    { "all_good", "all_good", 200 },
    { "backslash_o_slash", "\\o/", 200 },
    { "check_mark", "\342\234\223", 200 },
    { "created", "created", 201 },
    { "accepted", "accepted", 202 },
    { "non_authoritative_info", "non_authoritative_info", 203 },
    { "no_content", "no_content", 204 },
    { "reset", "reset", 205 },
    { "partial", "partial", 206 },
    { "multi_stati", "multi_stati", 207 },
    { "im_used", "im_used", 226 },
    { "moved", "moved", 301 },
    { "backslash_o_dash", "\\o-", 301 },
    { "found", "found", 302 },
    { "other", "other", 303 },
    { "temporary", "temporary", 307 },
    { "resume", "resume", 308 },
    { "permanent_redirect", "permanent_redirect", 308 },
    { "bad", "bad", 400 },
    { "BAD_REQUEST", "BAD_REQUEST", 400 },
    { "unauthorized", "unauthorized", 401 },
    { "payment", "payment", 402 },
    { "forbidden", "forbidden", 403 },
    { "not_found", "not_found", 404 },
    { "dash_o_dash", "-o-", 404 },
    { "dash_O_dash_upper_twin", "-O-", 404 },
    { "not_allowed", "not_allowed", 405 },
    { "proxy_auth", "proxy_auth", 407 },
    { "timeout", "timeout", 408 },
    { "gone", "gone", 410 },
    { "precondition", "precondition", 428 },
    { "PRECONDITION", "PRECONDITION", 428 },
    { "media_type", "media_type", 415 },
    { "range_not_satisfiable", "range_not_satisfiable", 416 },
    { "teapot", "teapot", 418 },
    { "TEAPOT", "TEAPOT", 418 },
    { "im_a_teapot", "im_a_teapot", 418 },
    { "i_am_a_teapot", "i_am_a_teapot", 418 },
    { "unprocessable", "unprocessable", 422 },
    { "too_many", "too_many", 429 },
    { "fields_too_large", "fields_too_large", 431 },
    { "none", "none", 444 },
    { "NONE", "NONE", 444 },
    { "retry", "retry", 449 },
    { "parental_controls", "parental_controls", 450 },
    { "legal_reasons", "legal_reasons", 451 },
    { "client_closed_request", "client_closed_request", 499 },
    { "server_error", "server_error", 500 },
    { "slash_o_backslash", "/o\\", 500 },
    { "ballot_x", "\342\234\227", 500 },
    { "unavailable", "unavailable", 503 },
    { "gateway_timeout", "gateway_timeout", 504 },
    { "http_version", "http_version", 505 },
    { "bandwidth", "bandwidth", 509 },
    { "network_auth", "network_auth", 511 },
    { "NETWORK_AUTHENTICATION_REQUIRED", "NETWORK_AUTHENTICATION_REQUIRED", 511 },
    { "processing", "processing", 102 },
    { "checkpoint", "checkpoint", 103 },
    { "uri_too_long", "uri_too_long", 122 },
    { "switching_protocols", "switching_protocols", 101 },
    { "continue", "continue", 100 },
    { "CONTINUE", "CONTINUE", 100 },
    { "mixed_case_Ok", "Ok", -1 },
    { "mixed_case_Teapot", "Teapot", -1 },
    { "backslash_O_slash_has_no_upper_twin", "\\O/", -1 },
    { "slash_O_backslash_has_no_upper_twin", "/O\\", -1 },
    { "lookupdict_name_attribute", "name", -1 },
    { "empty", "", -1 },
    { "trailing_space", "okay ", -1 },
    { "leading_space", " ok", -1 },
    { "ok_", "ok_", -1 },
    { "space_for_underscore", "not found", -1 },
    { "digits", "200", -1 },
    { "o", "o", -1 },
    { "two_check_marks", "\342\234\223\342\234\223", -1 },
};

START_TEST(test_code_of_answers_like_requests_codes)
{
    const struct code_of_case *c = &code_of_cases[_i];
    ck_assert_msg(creq_code_of(c->alias) == c->code, "%s: creq_code_of(\"%s\") = %d, want %d",
                  c->name, c->alias, creq_code_of(c->alias), c->code);
}
END_TEST

START_TEST(test_code_of_a_null_name_is_unknown)
{
    ck_assert_int_eq(creq_code_of(NULL), -1);
}
END_TEST

/* --- creq_code_name: requests' _codes[code][0] -------------------------------- */

struct code_name_case {
    const char *name;
    int code;
    const char *alias; /* NULL: not in requests' _codes */
};

static const struct code_name_case code_name_cases[] = {
    { "100", 100, "continue" },
    { "101", 101, "switching_protocols" },
    { "102", 102, "processing" },
    { "103", 103, "checkpoint" },
    { "122", 122, "uri_too_long" },
    { "200", 200, "ok" },
    { "201", 201, "created" },
    { "202", 202, "accepted" },
    { "203", 203, "non_authoritative_info" },
    { "204", 204, "no_content" },
    { "205", 205, "reset_content" },
    { "206", 206, "partial_content" },
    { "207", 207, "multi_status" },
    { "208", 208, "already_reported" },
    { "226", 226, "im_used" },
    { "300", 300, "multiple_choices" },
    { "301", 301, "moved_permanently" },
    { "302", 302, "found" },
    { "303", 303, "see_other" },
    { "304", 304, "not_modified" },
    { "305", 305, "use_proxy" },
    { "306", 306, "switch_proxy" },
    { "307", 307, "temporary_redirect" },
    { "308", 308, "permanent_redirect" },
    { "400", 400, "bad_request" },
    { "401", 401, "unauthorized" },
    { "402", 402, "payment_required" },
    { "403", 403, "forbidden" },
    { "404", 404, "not_found" },
    { "405", 405, "method_not_allowed" },
    { "406", 406, "not_acceptable" },
    { "407", 407, "proxy_authentication_required" },
    { "408", 408, "request_timeout" },
    { "409", 409, "conflict" },
    { "410", 410, "gone" },
    { "411", 411, "length_required" },
    { "412", 412, "precondition_failed" },
    { "413", 413, "request_entity_too_large" },
    { "414", 414, "request_uri_too_large" },
    { "415", 415, "unsupported_media_type" },
    { "416", 416, "requested_range_not_satisfiable" },
    { "417", 417, "expectation_failed" },
    { "418", 418, "im_a_teapot" },
    { "421", 421, "misdirected_request" },
    { "422", 422, "unprocessable_entity" },
    { "423", 423, "locked" },
    { "424", 424, "failed_dependency" },
    { "425", 425, "unordered_collection" },
    { "426", 426, "upgrade_required" },
    { "428", 428, "precondition_required" },
    { "429", 429, "too_many_requests" },
    { "431", 431, "header_fields_too_large" },
    { "444", 444, "no_response" },
    { "449", 449, "retry_with" },
    { "450", 450, "blocked_by_windows_parental_controls" },
    { "451", 451, "unavailable_for_legal_reasons" },
    { "499", 499, "client_closed_request" },
    { "500", 500, "internal_server_error" },
    { "501", 501, "not_implemented" },
    { "502", 502, "bad_gateway" },
    { "503", 503, "service_unavailable" },
    { "504", 504, "gateway_timeout" },
    { "505", 505, "http_version_not_supported" },
    { "506", 506, "variant_also_negotiates" },
    { "507", 507, "insufficient_storage" },
    { "509", 509, "bandwidth_limit_exceeded" },
    { "510", 510, "not_extended" },
    { "511", 511, "network_authentication_required" },
    { "0_unknown", 0, NULL },
    { "-1_unknown", -1, NULL },
    { "99_unknown", 99, NULL },
    { "199_unknown", 199, NULL },
    { "209_unknown", 209, NULL },
    { "419_unknown", 419, NULL },
    { "420_unknown", 420, NULL },
    { "508_unknown", 508, NULL },
    { "600_unknown", 600, NULL },
    { "1000_unknown", 1000, NULL },
};

START_TEST(test_code_name_is_the_first_alias_requests_lists)
{
    const struct code_name_case *c = &code_name_cases[_i];
    const char *got = creq_code_name(c->code);
    if (c->alias == NULL)
        ck_assert_msg(got == NULL, "%s: got \"%s\", want NULL", c->name, got);
    else
        ck_assert_msg(got != NULL && strcmp(got, c->alias) == 0, "%s: got \"%s\", want \"%s\"",
                      c->name, got ? got : "(null)", c->alias);
}
END_TEST

START_TEST(test_code_name_maps_back_to_its_code)
{
    const struct code_name_case *c = &code_name_cases[_i];
    if (c->alias != NULL)
        ck_assert_msg(creq_code_of(c->alias) == c->code, "%s: creq_code_of(\"%s\") = %d",
                      c->name, c->alias, creq_code_of(c->alias));
}
END_TEST

/* --- creq_reason: http.HTTPStatus(code).phrase ------------------------------ */

struct reason_case {
    const char *name;
    int code;
    const char *phrase;
};

/* Every member of Python 3.11's http.HTTPStatus. */
static const struct reason_case reason_cases[] = {
    { "100", 100, "Continue" },
    { "101", 101, "Switching Protocols" },
    { "102", 102, "Processing" },
    { "103", 103, "Early Hints" },
    { "200", 200, "OK" },
    { "201", 201, "Created" },
    { "202", 202, "Accepted" },
    { "203", 203, "Non-Authoritative Information" },
    { "204", 204, "No Content" },
    { "205", 205, "Reset Content" },
    { "206", 206, "Partial Content" },
    { "207", 207, "Multi-Status" },
    { "208", 208, "Already Reported" },
    { "226", 226, "IM Used" },
    { "300", 300, "Multiple Choices" },
    { "301", 301, "Moved Permanently" },
    { "302", 302, "Found" },
    { "303", 303, "See Other" },
    { "304", 304, "Not Modified" },
    { "305", 305, "Use Proxy" },
    { "307", 307, "Temporary Redirect" },
    { "308", 308, "Permanent Redirect" },
    { "400", 400, "Bad Request" },
    { "401", 401, "Unauthorized" },
    { "402", 402, "Payment Required" },
    { "403", 403, "Forbidden" },
    { "404", 404, "Not Found" },
    { "405", 405, "Method Not Allowed" },
    { "406", 406, "Not Acceptable" },
    { "407", 407, "Proxy Authentication Required" },
    { "408", 408, "Request Timeout" },
    { "409", 409, "Conflict" },
    { "410", 410, "Gone" },
    { "411", 411, "Length Required" },
    { "412", 412, "Precondition Failed" },
    { "413", 413, "Request Entity Too Large" },
    { "414", 414, "Request-URI Too Long" },
    { "415", 415, "Unsupported Media Type" },
    { "416", 416, "Requested Range Not Satisfiable" },
    { "417", 417, "Expectation Failed" },
    { "418", 418, "I'm a Teapot" },
    { "421", 421, "Misdirected Request" },
    { "422", 422, "Unprocessable Entity" },
    { "423", 423, "Locked" },
    { "424", 424, "Failed Dependency" },
    { "425", 425, "Too Early" },
    { "426", 426, "Upgrade Required" },
    { "428", 428, "Precondition Required" },
    { "429", 429, "Too Many Requests" },
    { "431", 431, "Request Header Fields Too Large" },
    { "451", 451, "Unavailable For Legal Reasons" },
    { "500", 500, "Internal Server Error" },
    { "501", 501, "Not Implemented" },
    { "502", 502, "Bad Gateway" },
    { "503", 503, "Service Unavailable" },
    { "504", 504, "Gateway Timeout" },
    { "505", 505, "HTTP Version Not Supported" },
    { "506", 506, "Variant Also Negotiates" },
    { "507", 507, "Insufficient Storage" },
    { "508", 508, "Loop Detected" },
    { "510", 510, "Not Extended" },
    { "511", 511, "Network Authentication Required" },
};

/* Codes outside 100..599 or that HTTPStatus lacks (306 and 509 are in
 * requests.codes but have no phrase). */
static const struct reason_case unknown_reason_cases[] = {
    { "zero", 0, "" },        { "negative", -1, "" },     { "99", 99, "" },
    { "306_switch_proxy", 306, "" }, { "419", 419, "" }, { "509_bandwidth", 509, "" },
    { "600", 600, "" },       { "999", 999, "" },
};

START_TEST(test_reason_is_the_http_status_phrase)
{
    const struct reason_case *c = &reason_cases[_i];
    ck_assert_msg(strcmp(creq_reason(c->code), c->phrase) == 0, "%s: got \"%s\", want \"%s\"",
                  c->name, creq_reason(c->code), c->phrase);
}
END_TEST

START_TEST(test_reason_is_empty_for_codes_python_does_not_know)
{
    const struct reason_case *c = &unknown_reason_cases[_i];
    ck_assert_msg(strcmp(creq_reason(c->code), "") == 0, "%s: got \"%s\"", c->name,
                  creq_reason(c->code));
}
END_TEST

/* _i runs over 100..599: a code has a phrase exactly when the table has it. */
START_TEST(test_reason_is_empty_for_every_other_code_from_100_to_599)
{
    for (int k = 0; k < N_OF(reason_cases); k++)
        if (reason_cases[k].code == _i)
            return;
    ck_assert_msg(strcmp(creq_reason(_i), "") == 0, "%d: got \"%s\"", _i, creq_reason(_i));
}
END_TEST

/* --- creq__links_parse: requests.utils.parse_header_links ------------------- */

struct want_link {
    const char *url;
    const char *rel; /* NULL: the dict has no "rel" */
};

struct link_case {
    const char *name;
    const char *header;
    size_t count;
    struct want_link want[3];
};

static const struct link_case link_cases[] = {
    { "github_pagination",
      "<https://api.github.com/repos?page=2>; rel=\"next\", "
      "<https://api.github.com/repos?page=5>; rel=\"last\"",
      2,
      { { "https://api.github.com/repos?page=2", "next" },
        { "https://api.github.com/repos?page=5", "last" } } },
    { "single_unquoted_rel", "<http://a/b>; rel=next", 1, { { "http://a/b", "next" } } },
    { "docstring_example",
      "<http:/.../front.jpeg>; rel=front; type=\"image/jpeg\","
      "<http://.../back.jpeg>; rel=back;type=\"image/jpeg\"",
      2,
      { { "http:/.../front.jpeg", "front" }, { "http://.../back.jpeg", "back" } } },
    { "empty", "", 0, { { NULL, NULL } } },
    { "only_spaces_and_quotes", " \"' ", 0, { { NULL, NULL } } },
    { "garbage_word_is_a_url", "garbage", 1, { { "garbage", NULL } } },
    { "no_params", "<http://a/>", 1, { { "http://a/", NULL } } },
    { "repeated_rel_last_wins", "<http://a/>; rel=first; rel=second", 1,
      { { "http://a/", "second" } } },
    { "upper_case_key_is_not_rel", "<http://a/>; REL=next", 1, { { "http://a/", NULL } } },
    { "empty_param_stops_parsing", "<http://a/>; ; rel=next", 1, { { "http://a/", NULL } } },
    { "two_equals_stop_parsing", "<http://a/>; title=a=b; rel=next", 1, { { "http://a/", NULL } } },
    { "trailing_semicolon", "<http://a/>; rel=next;", 1, { { "http://a/", "next" } } },
    { "comma_without_angle_does_not_split", "<http://a/>; rel=next, http://b/; rel=prev", 1,
      { { "http://a/", "prev" } } },
    { "comma_then_spaces_then_angle_splits", "<http://a/>; rel=a,    <http://b/>; rel=b", 2,
      { { "http://a/", "a" }, { "http://b/", "b" } } },
    { "tab_before_angle_does_not_split", "<http://a/>; rel=a,\t<http://b/>; rel=b", 1,
      { { "http://a/", "b" } } },
    { "comma_inside_url_kept", "<http://a/x,y>; rel=a", 1, { { "http://a/x,y", "a" } } },
    { "whole_value_quoted", "\"<http://a/>; rel=next\"", 1, { { "http://a/", "next" } } },
    { "single_quoted_rel", "<http://a/>; rel='next'", 1, { { "http://a/", "next" } } },
    { "spaces_around_equals", "<http://a/>; rel = next", 1, { { "http://a/", "next" } } },
    { "tab_in_key_kept", "<http://a/>;\trel=next", 1, { { "http://a/", NULL } } },
    { "rel_with_several_values", "<http://a/>; rel=\"next prev\"", 1,
      { { "http://a/", "next prev" } } },
    { "empty_rel", "<http://a/>; rel=", 1, { { "http://a/", "" } } },
    { "url_without_angles", "http://a/; rel=next", 1, { { "http://a/", "next" } } },
    { "leading_comma_gives_empty_link", ", <http://a/>; rel=next", 2,
      { { "", NULL }, { "http://a/", "next" } } },
    { "empty_angles", "<>; rel=x", 1, { { "", "x" } } },
    { "unclosed_angle", "<http://a/; rel=next", 1, { { "http://a/", "next" } } },
    { "param_without_value_stops", "<http://a/>; anchor; rel=next", 1, { { "http://a/", NULL } } },
    { "three_links", "<1>; rel=a, <2>; rel=b, <3>; rel=c", 3,
      { { "1", "a" }, { "2", "b" }, { "3", "c" } } },
    { "semicolon_in_url_cuts_it", "<http://a/;x>; rel=next", 1, { { "http://a/", NULL } } },
    { "only_comma", ",", 1, { { ",", NULL } } },
    { "quotes_inside_angles_stripped", "<\"http://a/\">; rel=x", 1, { { "http://a/", "x" } } },
    { "double_comma_stays_in_rel", "<a>; rel=x,, <b>; rel=y", 2, { { "a", "x," }, { "b", "y" } } },
    { "separator_at_the_end", "<a>; rel=x, <", 2, { { "a", "x" }, { "", NULL } } },
};

static void free_links(struct creq__link *links, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(links[i].url);
        free(links[i].rel);
    }
}

START_TEST(test_links_parse_matches_parse_header_links)
{
    const struct link_case *c = &link_cases[_i];
    struct creq__link out[8];
    size_t n = creq__links_parse(c->header, out, 8);
    ck_assert_msg(n == c->count, "%s: %zu links, want %zu", c->name, n, c->count);
    for (size_t i = 0; i < n; i++) {
        const struct want_link *w = &c->want[i];
        ck_assert_msg(strcmp(out[i].url, w->url) == 0, "%s: link %zu url \"%s\", want \"%s\"",
                      c->name, i, out[i].url, w->url);
        if (w->rel == NULL)
            ck_assert_msg(out[i].rel == NULL, "%s: link %zu rel \"%s\", want none", c->name, i,
                          out[i].rel);
        else
            ck_assert_msg(out[i].rel != NULL && strcmp(out[i].rel, w->rel) == 0,
                          "%s: link %zu rel \"%s\", want \"%s\"", c->name, i,
                          out[i].rel ? out[i].rel : "(none)", w->rel);
    }
    free_links(out, n);
}
END_TEST

struct link_max_case {
    const char *name;
    const char *header;
    size_t max, count;
};

static const struct link_max_case link_max_cases[] = {
    { "fewer_than_max", "<1>; rel=a, <2>; rel=b, <3>; rel=c", 8, 3 },
    { "exactly_max", "<1>; rel=a, <2>; rel=b, <3>; rel=c", 3, 3 },
    { "more_than_max", "<1>; rel=a, <2>; rel=b, <3>; rel=c", 2, 2 },
    { "max_one", "<1>; rel=a, <2>; rel=b", 1, 1 },
    { "max_zero", "<1>; rel=a", 0, 0 },
    { "null_header", NULL, 8, 0 },
};

START_TEST(test_links_parse_never_returns_more_than_max)
{
    const struct link_max_case *c = &link_max_cases[_i];
    struct creq__link out[8];
    size_t n = creq__links_parse(c->header, out, c->max);
    ck_assert_msg(n == c->count, "%s: %zu links, want %zu", c->name, n, c->count);
    for (size_t i = 0; i < n; i++) {
        char want[2] = { (char)('1' + i), '\0' };
        ck_assert_str_eq(out[i].url, want);
    }
    free_links(out, n);
}
END_TEST

/* --- creq__encoding_from_content_type: get_encoding_from_headers ------------ */

struct content_type_case {
    const char *name;
    const char *content_type;
    const char *want; /* NULL: requests gives None */
};

static const struct content_type_case content_type_cases[] = {
    { "charset_parameter", "text/html; charset=utf-8", "utf-8" },
    { "text_without_charset_is_latin1", "text/html", "ISO-8859-1" },
    { "quoted_charset_keeps_its_case", "text/plain;charset=\"UTF-8\"", "UTF-8" },
    { "json_without_charset_is_utf8", "application/json", "utf-8" },
    { "json_with_charset", "application/json; charset=latin-1", "latin-1" },
    { "json_suffix_type_gets_nothing", "application/vnd.api+json", NULL },
    { "json_prefix_substring_is_json", "application/json-seq", "utf-8" },
    { "upper_case_text_gets_nothing", "TEXT/HTML", NULL },
    { "image_gets_nothing", "image/png", NULL },
    { "empty_value", "", NULL },
    { "upper_case_parameter_name", "text/html; CHARSET=koi8-r", "koi8-r" },
    { "single_quoted_charset", "text/html; charset='cp1252'", "cp1252" },
    { "last_charset_wins", "text/html; charset=a; charset=b", "b" },
    { "empty_charset", "text/html; charset=", "" },
    { "xml_with_utf16", "application/xml; charset=utf-16", "utf-16" },
    { "multipart_gets_nothing", "multipart/form-data; boundary=x", NULL },
    { "spaces_around_equals", "text/html;charset = utf-8 ", "utf-8" },
    { "tab_before_equals_is_another_key", "text/html; charset\t=utf-8", "ISO-8859-1" },
    { "doubled_quotes", "text/html; charset=\"\"utf-8\"\"", "utf-8" },
    { "no_media_type", " ; charset=utf-8", "utf-8" },
    { "text_anywhere_in_the_type", "application/textual", "ISO-8859-1" },
    { "other_parameter_only", "text/html; foo=bar", "ISO-8859-1" },
    { "charset_as_the_media_type", "charset=utf-8", NULL },
    { "unbalanced_quotes", "text/html; charset='utf-8\"", "utf-8" },
    { "spaced_out", "text/html ;  charset = \"utf-8\" ; q=1", "utf-8" },
    { "only_a_quote", "text/html; charset='", "" },
    { "quoted_bare_charset_is_another_key", "text/html; charset'", "ISO-8859-1" },
    { "value_with_equals", "text/html; charset=a=b", "a=b" },
    { "nbsp_around_type_is_whitespace", "\240text/plain\240; charset=\240x", "\240x" },
};

/* Inputs requests cannot take: a NULL header, and a bare "charset"
 * parameter, which requests stores as True and then calls True.strip() on
 * (AttributeError). Here a bare charset counts as no charset. */
static const struct content_type_case content_type_beyond_python_cases[] = {
    { "null_value", NULL, NULL },
    { "bare_charset", "text/html; charset", "ISO-8859-1" },
    { "bare_charset_after_a_value", "text/html; charset=utf-8; charset", "ISO-8859-1" },
    { "bare_charset_on_json", "application/json; charset", "utf-8" },
    /* this one Python does answer: the later charset=koi8-r replaces True */
    { "bare_charset_before_a_value", "text/html; charset; charset=koi8-r", "koi8-r" },
};

static void check_content_type(const struct content_type_case *c)
{
    char *got = creq__encoding_from_content_type(c->content_type);
    if (c->want == NULL)
        ck_assert_msg(got == NULL, "%s: got \"%s\", want NULL", c->name, got);
    else
        ck_assert_msg(got != NULL && strcmp(got, c->want) == 0, "%s: got \"%s\", want \"%s\"",
                      c->name, got ? got : "(null)", c->want);
    free(got);
}

START_TEST(test_encoding_from_content_type_matches_requests)
{
    check_content_type(&content_type_cases[_i]);
}
END_TEST

START_TEST(test_encoding_from_content_type_survives_what_requests_cannot)
{
    check_content_type(&content_type_beyond_python_cases[_i]);
}
END_TEST

/* --- creq__decode_text: str(content, encoding, errors='replace') ------------ */

struct decode_case {
    const char *name;
    const char *charset; /* NULL: none */
    const char *data;
    size_t len;
    const char *want; /* UTF-8 */
    size_t want_len;
};

/* The want column is requests' Response.text: str(content, encoding,
 * errors='replace'), falling back to str(content, errors='replace') on
 * LookupError, "" for an empty body. */
static const struct decode_case decode_cases[] = {
    { "latin1_high_bytes", "ISO-8859-1", "caf\351 \377", 6, "caf\303\251 \303\277", 8 },
    { "latin1_alias_with_dash", "latin-1", "na\357ve", 5, "na\303\257ve", 6 },
    { "latin1_c1_controls", "iso-8859-1", "\200\237", 2, "\302\200\302\237", 4 },
    { "cp1252_euro_and_quotes", "cp1252", "\200 \223hi\224", 6,
      "\342\202\254 \342\200\234hi\342\200\235", 12 },
    { "windows_1252_alias", "windows-1252", "\205\231", 2, "\342\200\246\342\204\242", 6 },
    { "cp1252_undefined_byte", "cp1252", "a\201b\215", 4, "a\357\277\275b\357\277\275", 8 },
    { "iso_8859_15_euro", "iso-8859-15", "\244", 1, "\342\202\254", 3 },
    { "ascii_high_bytes", "us-ascii", "a\200b\377", 4, "a\357\277\275b\357\277\275", 8 },
    { "koi8_r", "koi8-r", "\360\322\311\327\305\324", 6,
      "\320\237\321\200\320\270\320\262\320\265\321\202", 12 },
    { "shift_jis", "shift_jis", "\223\372\226{\214\352", 6, "\346\227\245\346\234\254\350\252\236",
      9 },
    { "euc_jp_truncated", "euc-jp", "\306\374\244", 3, "\346\227\245\357\277\275", 6 },
    { "utf8_valid", "utf-8", "h\303\251llo \342\234\223 \360\237\230\200", 15,
      "h\303\251llo \342\234\223 \360\237\230\200", 15 },
    { "utf8_truncated_sequence", "utf-8", "\342\202", 2, "\357\277\275", 3 },
    { "utf8_truncated_then_ascii", "utf-8", "\342\202A", 3, "\357\277\275A", 4 },
    { "utf8_encoded_surrogate", "utf-8", "\355\240\200", 3, "\357\277\275\357\277\275\357\277\275",
      9 },
    { "utf8_above_u10ffff", "utf-8", "\364\220\200\200", 4,
      "\357\277\275\357\277\275\357\277\275\357\277\275", 12 },
    { "utf8_overlong_slash", "utf-8", "\300\257", 2, "\357\277\275\357\277\275", 6 },
    { "utf8_overlong_three_bytes", "utf-8", "\340\200\257", 3,
      "\357\277\275\357\277\275\357\277\275", 9 },
    { "utf8_lone_continuations", "utf-8", "\200\277", 2, "\357\277\275\357\277\275", 6 },
    { "utf8_invalid_lead_bytes", "utf-8", "\365\377\376", 3, "\357\277\275\357\277\275\357\277\275",
      9 },
    { "utf8_four_byte_cut_short", "utf-8", "\360\237\230x", 4, "\357\277\275x", 4 },
    { "utf8_embedded_nul", "utf-8", "a\000b", 3, "a\000b", 3 },
    { "utf8_bom_is_kept", "utf-8", "\357\273\277hi", 5, "\357\273\277hi", 5 },
    { "utf8_sig_drops_the_bom", "utf-8-sig", "\357\273\277hi", 5, "hi", 2 },
    { "utf8_sig_without_bom", "utf-8-sig", "hi", 2, "hi", 2 },
    { "utf8_spelled_with_space", "UTF 8", "\303\251", 2, "\303\251", 2 },
    { "utf16_little_endian_bom", "utf-16", "\377\376h\000i\000", 6, "hi", 2 },
    { "utf16_big_endian_bom", "UTF-16", "\376\377\000h\000i", 6, "hi", 2 },
    { "utf16_without_bom_is_little_endian", "utf-16", "h\000i\000", 4, "hi", 2 },
    { "utf16_odd_length", "utf-16", "\377\376h\000i", 5, "h\357\277\275", 4 },
    { "utf16_surrogate_pair", "utf-16", "\377\376=\330\000\336", 6, "\360\237\230\200", 4 },
    { "utf16_lone_high_surrogate", "utf-16", "\377\376\000\330A\000", 6, "\357\277\275A", 4 },
    { "utf16_lone_low_surrogate", "utf-16", "\377\376\000\334A\000", 6, "\357\277\275A", 4 },
    { "utf16_high_surrogate_cut_by_the_end", "utf-16", "\377\376A\000\000\330\000", 7,
      "A\357\277\275", 4 },
    { "utf16le_keeps_the_bom", "utf-16-le", "\377\376h\000", 4, "\357\273\277h", 4 },
    { "utf16be_is_not_a_python_name", "utf16be", "\000h", 2, "\000h", 2 },
    { "utf_16be_is_big_endian_utf16", "utf_16be", "\000h", 2, "h", 1 },
    { "utf32_bom", "utf-32", "\377\376\000\000h\000\000\000", 8, "h", 1 },
    { "utf32_out_of_range", "utf-32-le", "\000\000\021\000h\000\000\000\001", 9,
      "\357\277\275h\357\277\275", 7 },
    { "unknown_charset_decodes_as_utf8", "x-unknown", "caf\303\251 \377", 7,
      "caf\303\251 \357\277\275", 9 },
    { "empty_charset_decodes_as_utf8", "", "\303\251\377", 3, "\303\251\357\277\275", 5 },
    { "no_charset_decodes_as_utf8", NULL, "\303\251\377", 3, "\303\251\357\277\275", 5 },
    { "iconv_suffix_is_an_unknown_name", "ISO-8859-1//TRANSLIT", "\351", 1, "\357\277\275", 3 },
    { "dot_name_not_an_alias", "latin.1", "\351", 1, "\357\277\275", 3 },
    { "dot_alias_spelling", "ansi_x3.4.1968", "a\303\251", 3, "a\357\277\275\357\277\275", 7 },
    { "empty_body", "utf-16", "", 0, "", 0 },
    { "empty_body_unknown_charset", "bogus", "", 0, "", 0 },
};

/* Printable form of a decoded string for failure messages. */
static void escape(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 5 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f && c != '\\')
            out[k++] = (char)c;
        else
            k += (size_t)snprintf(out + k, cap - k, "\\x%02x", c);
    }
    out[k] = '\0';
}

START_TEST(test_decode_text_matches_python_str_with_replace)
{
    const struct decode_case *c = &decode_cases[_i];
    size_t n = (size_t)-1;
    char *got = creq__decode_text(c->data, c->len, c->charset, &n);
    ck_assert_ptr_nonnull(got);
    char shown[256];
    escape(got, n, shown, sizeof(shown));
    ck_assert_msg(n == c->want_len && memcmp(got, c->want, n) == 0,
                  "%s: got \"%s\" (%zu bytes), want %zu bytes", c->name, shown, n, c->want_len);
    ck_assert_msg(got[n] == '\0', "%s: not NUL-terminated", c->name);
    free(got);
}
END_TEST

struct long_decode_case {
    const char *name;
    const char *charset;
    unsigned char byte; /* repeated LONG_INPUT times */
    const char *want;   /* what each byte decodes to */
};

#define LONG_INPUT 100000

/* Output three times the input: the iconv path must grow its buffer. */
static const struct long_decode_case long_decode_cases[] = {
    { "cp1252_euro_signs", "cp1252", 0x80, "\342\202\254" },
    { "koi8_r_capital_pe", "koi8-r", 0xf0, "\320\237" },
    { "latin1_y_diaeresis", "latin-1", 0xff, "\303\277" },
    { "utf8_bad_bytes", "utf-8", 0xff, "\357\277\275" },
};

START_TEST(test_decode_text_grows_its_buffer_for_long_input)
{
    const struct long_decode_case *c = &long_decode_cases[_i];
    char *data = malloc(LONG_INPUT);
    ck_assert_ptr_nonnull(data);
    memset(data, c->byte, LONG_INPUT);
    size_t n = 0, w = strlen(c->want);
    char *got = creq__decode_text(data, LONG_INPUT, c->charset, &n);
    ck_assert_ptr_nonnull(got);
    ck_assert_msg(n == w * LONG_INPUT, "%s: %zu bytes, want %zu", c->name, n, w * LONG_INPUT);
    for (size_t i = 0; i < n; i += w)
        if (memcmp(got + i, c->want, w) != 0)
            ck_abort_msg("%s: wrong text at byte %zu", c->name, i);
    ck_assert_int_eq(got[n], '\0');
    free(got);
    free(data);
}
END_TEST

START_TEST(test_decode_text_of_nothing_is_an_empty_string)
{
    size_t n = 1;
    char *got = creq__decode_text(NULL, 0, "utf-8", &n);
    ck_assert_ptr_nonnull(got);
    ck_assert_uint_eq(n, 0);
    ck_assert_str_eq(got, "");
    free(got);
}
END_TEST

START_TEST(test_decode_text_takes_a_null_length_pointer)
{
    char *got = creq__decode_text("caf\351", 4, "latin-1", NULL);
    ck_assert_str_eq(got, "caf\303\251");
    free(got);
}
END_TEST

/* --- runner ------------------------------------------------------------------- */

static TCase *new_tcase(const char *name)
{
    TCase *tc = tcase_create(name);
    tcase_set_timeout(tc, 60);
    return tc;
}

static Suite *codes_suite(void)
{
    Suite *s = suite_create("codes");
    TCase *tc = new_tcase("code_of");
    tcase_add_loop_test(tc, test_code_of_answers_like_requests_codes, 0, N_OF(code_of_cases));
    tcase_add_test(tc, test_code_of_a_null_name_is_unknown);
    suite_add_tcase(s, tc);

    tc = new_tcase("code_name");
    tcase_add_loop_test(tc, test_code_name_is_the_first_alias_requests_lists, 0,
                        N_OF(code_name_cases));
    tcase_add_loop_test(tc, test_code_name_maps_back_to_its_code, 0, N_OF(code_name_cases));
    suite_add_tcase(s, tc);

    tc = new_tcase("reason");
    tcase_add_loop_test(tc, test_reason_is_the_http_status_phrase, 0, N_OF(reason_cases));
    tcase_add_loop_test(tc, test_reason_is_empty_for_codes_python_does_not_know, 0,
                        N_OF(unknown_reason_cases));
    tcase_add_loop_test(tc, test_reason_is_empty_for_every_other_code_from_100_to_599, 100, 600);
    suite_add_tcase(s, tc);
    return s;
}

static Suite *links_suite(void)
{
    Suite *s = suite_create("links");
    TCase *tc = new_tcase("parse");
    tcase_add_loop_test(tc, test_links_parse_matches_parse_header_links, 0, N_OF(link_cases));
    tcase_add_loop_test(tc, test_links_parse_never_returns_more_than_max, 0,
                        N_OF(link_max_cases));
    suite_add_tcase(s, tc);
    return s;
}

static Suite *textenc_suite(void)
{
    Suite *s = suite_create("textenc");
    TCase *tc = new_tcase("content_type");
    tcase_add_loop_test(tc, test_encoding_from_content_type_matches_requests, 0,
                        N_OF(content_type_cases));
    tcase_add_loop_test(tc, test_encoding_from_content_type_survives_what_requests_cannot, 0,
                        N_OF(content_type_beyond_python_cases));
    suite_add_tcase(s, tc);

    tc = new_tcase("decode");
    tcase_add_loop_test(tc, test_decode_text_matches_python_str_with_replace, 0,
                        N_OF(decode_cases));
    tcase_add_loop_test(tc, test_decode_text_grows_its_buffer_for_long_input, 0,
                        N_OF(long_decode_cases));
    tcase_add_test(tc, test_decode_text_of_nothing_is_an_empty_string);
    tcase_add_test(tc, test_decode_text_takes_a_null_length_pointer);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(codes_suite());
    srunner_add_suite(sr, links_suite());
    srunner_add_suite(sr, textenc_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
