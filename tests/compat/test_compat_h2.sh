#!/bin/sh
# The compat cases again with our server asked over HTTP/2 (h2c, prior
# knowledge): the same answers as Python httpbin's over HTTP/1.1.
HARNESS_HTTP2=1
export HARNESS_HTTP2
exec "${top_builddir:-.}/tests/compat/test_compat"
