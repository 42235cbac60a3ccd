/* SPDX-License-Identifier: MIT */
/* Inside libcreq the toolkit's functions (lib/) carry libcreq's prefix, as
 * zlib's Z_PREFIX renames its own: libcreq.a then defines creq_ symbols
 * only, and a program can link libcreq beside its own copy of the toolkit.
 * The build includes this first in every libcreq source (-include);
 * tests/lint/exports.sh names any toolkit symbol missing here. */
#ifndef CREQ_TOOLKIT_NAMES_H
#define CREQ_TOOLKIT_NAMES_H

#define hb_base64_decode creq__tk_base64_decode
#define hb_base64_encode creq__tk_base64_encode
#define hb_base64_encoded_len creq__tk_base64_encoded_len
#define hb_base64_sextet creq__tk_base64_sextet
#define hb_digest_alg_find creq__tk_digest_alg_find
#define hb_digest_response creq__tk_digest_response
#define hb_hash_hex creq__tk_hash_hex
#define hb_hex creq__tk_hex
#define hb_hmac_sha256 creq__tk_hmac_sha256
#define hb_pyjson_append creq__tk_pyjson_append
#define hb_pyjson_append_flags creq__tk_pyjson_append_flags
#define hb_pyjson_dump creq__tk_pyjson_dump
#define hb_random_key creq__tk_random_key
#define hb_random_nonce creq__tk_random_nonce

#endif
