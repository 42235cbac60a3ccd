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
# The README's example ("Use it from your C tests"), built as a reader
# would build it and run: it must not drift from the library.
src=$(cd "$(dirname "$0")/../.." && pwd)
mkvar() { sed -n "s/^$1 = //p" "$top_builddir/Makefile" | head -n 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/readme-example.XXXXXX") || exit 1
awk '/^## Use it from your C tests/ { f = 1 } f && /^```c/ { g = 1; next } g && /^```/ { exit } g' \
    "$src/README.md" >"$tmp/example.c"
libs=$(cd "$top_builddir/.libs" && pwd)
# shellcheck disable=SC2046 # the flag lists split into words
if [ -s "$tmp/example.c" ] &&
    $(mkvar CC) -Wall -Wextra -Werror $(mkvar SANITIZER_CFLAGS) -I"$src/include" \
        "$tmp/example.c" -o "$tmp/example" $(pkg-config --cflags --libs check libcurl jansson) \
        -L"$libs" -lhttpbin -Wl,-rpath,"$libs" 2>"$tmp/err" &&
    "$tmp/example" >"$tmp/out" 2>&1; then
    passed=$((passed + 1))
    echo "ok   the README's example builds and passes"
else
    failed=$((failed + 1))
    echo "FAIL the README's example"
    cat "$tmp/err" "$tmp/out" 2>/dev/null
fi
rm -rf "$tmp"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
