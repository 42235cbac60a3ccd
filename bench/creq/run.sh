#!/bin/sh
# SPDX-License-Identifier: MIT
# The libcreq client benchmark: libcreq vs raw libcurl vs python-requests,
# each doing N sequential kept-alive GETs of /get against httpbin-c on
# loopback. Prints figures (medians of RUNS alternating runs), never fails
# on a slow result: this is a measurement, not a test.
#
#   BUILD_DIR=/path/to/build  (default: the source tree)  holds httpbin-c and
#                             .libs/libcreq.so, e.g. after
#                             make -C "$BUILD_DIR" libcreq.la httpbin-c
#   N=10000 RUNS=3 PYTHON=/usr/bin/python3 CC=cc   are the other knobs;
#   PIN=0 turns off pinning the server and the clients to distinct CPUs
#   (with taskset, on 2+ CPUs), which keeps scheduler moves out of the figures.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
BUILD_DIR=$(cd "${BUILD_DIR:-$SRC}" && pwd)
N=${N:-10000}
RUNS=${RUNS:-3}
PYTHON=${PYTHON:-/usr/bin/python3} # Debian's python3-requests lives there
CC=${CC:-cc}
PIN=${PIN:-1}
LIBS="$BUILD_DIR/.libs"

die() { echo "run.sh: $*" >&2; exit 1; }
[ -e "$LIBS/libcreq.so" ] || die "no $LIBS/libcreq.so: make -C $BUILD_DIR libcreq.la httpbin-c"
[ -x "$BUILD_DIR/httpbin-c" ] || die "no $BUILD_DIR/httpbin-c: make -C $BUILD_DIR httpbin-c"
case $N$RUNS in *[!0-9]*) die "N and RUNS must be numbers" ;; esac

WORK=$(mktemp -d "${TMPDIR:-/tmp}/creq-bench.XXXXXX")
SERVER_PID=
# shellcheck disable=SC2317 # run from the trap
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- build the two C clients against this tree's libcreq ----------------------
CFLAGS_BENCH="-std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra"
# A sanitizer build of libcreq only loads into a program built the same way;
# its figures say little about libcreq's speed, so say so.
if ldd "$LIBS/libcreq.so" 2>/dev/null | grep -q libasan; then
    echo "warning: $LIBS/libcreq.so is a sanitizer build; figures are not representative" >&2
    CFLAGS_BENCH="$CFLAGS_BENCH -fsanitize=address,undefined"
fi
JANSSON=$(pkg-config --cflags --libs jansson)
CURL=$(pkg-config --cflags --libs libcurl)
# shellcheck disable=SC2086 # the flag lists are meant to split
$CC $CFLAGS_BENCH -I"$SRC/client" "$HERE/creq_bench.c" -L"$LIBS" -lcreq \
    -Wl,-rpath,"$LIBS" $JANSSON -o "$WORK/creq_bench"
# shellcheck disable=SC2086
$CC $CFLAGS_BENCH "$HERE/raw_curl_bench.c" $CURL -o "$WORK/raw_curl_bench"

HAVE_REQUESTS=1
if ! "$PYTHON" -c 'import requests' 2>/dev/null; then
    echo "warning: no python3-requests for $PYTHON (apt-get install -y python3-requests);" \
         "skipping it" >&2
    HAVE_REQUESTS=0
fi

SERVER_CPU=
CLIENT_CPU=
if [ "$PIN" = 1 ] && command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
    SERVER_CPU="taskset -c 1"
    CLIENT_CPU="taskset -c 0"
fi

# --- the server: one worker thread, no access log, a free loopback port -------
# shellcheck disable=SC2086 # SERVER_CPU is a command prefix or nothing
$SERVER_CPU "$BUILD_DIR/httpbin-c" --host 127.0.0.1 --port 0 --threads 1 --log-format off \
    >"$WORK/server.out" 2>&1 &
SERVER_PID=$!
i=0
until grep -q 'listening on' "$WORK/server.out"; do
    i=$((i + 1))
    [ $i -le 100 ] || die "httpbin-c did not start: $(cat "$WORK/server.out")"
    kill -0 "$SERVER_PID" 2>/dev/null || die "httpbin-c exited: $(cat "$WORK/server.out")"
    sleep 0.1
done
URL=$(sed -n 's#.*listening on \(http://[^ ]*\).*#\1#p' "$WORK/server.out" | head -n 1)
echo "server $URL (threads 1), N=$N, $RUNS runs each, alternating${CLIENT_CPU:+, pinned}"

# --- runs, alternating so that drift hits every client alike -------------------
run() { # name command...
    name=$1
    shift
    # shellcheck disable=SC2086 # CLIENT_CPU is a command prefix or nothing
    line=$($CLIENT_CPU "$@") || die "$name failed"
    echo "  $line"
    echo "$line" >>"$WORK/$name.txt"
}
r=1
while [ $r -le "$RUNS" ]; do
    run libcreq "$WORK/creq_bench" "$URL" "$N"
    run raw "$WORK/raw_curl_bench" "$URL" "$N"
    if [ $HAVE_REQUESTS = 1 ]; then
        run requests "$PYTHON" "$HERE/requests_bench.py" "$URL" "$N"
    fi
    r=$((r + 1))
done

# --- medians and ratios -----------------------------------------------------------
median() { # file key: the median of key=value over the file's lines
    tr ' ' '\n' <"$1" | sed -n "s/^$2=//p" | sort -g |
        awk '{ v[NR] = $1 }
             END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
row() { # name label
    [ -s "$WORK/$1.txt" ] || return 0
    printf '%-12s %10.0f %10.1f %10.1f %12.1f\n' "$2" "$(median "$WORK/$1.txt" rps)" \
        "$(median "$WORK/$1.txt" p50_us)" "$(median "$WORK/$1.txt" p99_us)" \
        "$(median "$WORK/$1.txt" cpu_us)"
}
echo
printf '%-12s %10s %10s %10s %12s\n' client 'req/s' 'p50 us' 'p99 us' 'CPU us/req'
row libcreq libcreq
row raw 'raw libcurl'
row requests requests
echo
# Throughput ratios are the targets; the CPU ratios (libcreq's CPU per
# request over the other client's) show the library's own cost, which the
# server's share of every round trip hides in the throughput figures.
ratio() { # other label target
    awk -v a="$(median "$WORK/libcreq.txt" rps)" -v b="$(median "$WORK/$1.txt" rps)" \
        -v ca="$(median "$WORK/libcreq.txt" cpu_us)" -v cb="$(median "$WORK/$1.txt" cpu_us)" \
        -v l="$2:" -v t="$3" 'BEGIN {
            printf "libcreq / %-12s %5.2fx req/s (target >= %s); CPU per request %.2fx\n",
                l, a / b, t, ca / cb }'
}
ratio raw 'raw libcurl' 0.9x
if [ $HAVE_REQUESTS = 1 ]; then
    ratio requests requests 10x
fi
