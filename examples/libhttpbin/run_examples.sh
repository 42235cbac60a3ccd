#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs the Check examples of libhttpbin (check_libcurl, check_libcreq) as
# make check builds them. Under the sanitizers they run with CK_FORK=no:
# GCC 12's AddressSanitizer allocator is not fork-safe, and a test forked
# beside the server's threads can hang in it (libhttpbin(3), TESTING WITH
# CHECK); without them, in Check's default fork mode.
top_builddir=${top_builddir:-.}
dir=$top_builddir/examples/libhttpbin
if grep -q '^SANITIZER_CFLAGS = .*sanitize' "$top_builddir/Makefile" 2>/dev/null; then
    CK_FORK=no
    export CK_FORK
fi
passed=0
failed=0
for example in check_libcurl check_libcreq; do
    if "$dir/$example"; then
        passed=$((passed + 1))
        echo "ok   $example${CK_FORK:+ (CK_FORK=$CK_FORK)}"
    else
        failed=$((failed + 1))
        echo "FAIL $example"
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
