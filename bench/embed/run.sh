#!/bin/sh
# SPDX-License-Identifier: MIT
# Start and stop figures of the embedded server (start_stop.c), built
# against a build tree's libhttpbin:
#   BUILD_DIR=/path/to/build bench/embed/run.sh [CYCLES]
# With VALGRIND=1 it runs under valgrind's memcheck instead (a build
# without sanitizers; fewer cycles are enough) and prints its leak summary.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
BUILD_DIR=$(cd "${BUILD_DIR:-$SRC}" && pwd)
CC=${CC:-cc}
[ -e "$BUILD_DIR/.libs/libhttpbin.so" ] || { echo "run.sh: no $BUILD_DIR/.libs/libhttpbin.so" >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/embed-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
san=$(sed -n 's/^SANITIZER_CFLAGS = //p' "$BUILD_DIR/Makefile")
# shellcheck disable=SC2086 # word splitting of the flag lists is meant
$CC -O2 $san -I"$SRC/include" "$HERE/start_stop.c" -o "$WORK/start_stop" \
    $(pkg-config --cflags --libs jansson libcurl) \
    -L"$BUILD_DIR/.libs" -lhttpbin -Wl,-rpath,"$BUILD_DIR/.libs"
if [ "${VALGRIND:-0}" = 1 ]; then
    valgrind --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
        --error-exitcode=9 "$WORK/start_stop" "${1:-50}"
else
    "$WORK/start_stop" "${1:-1000}"
fi
