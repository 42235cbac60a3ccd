#!/bin/sh
# SPDX-License-Identifier: MIT
# Soak: MINUTES (default 10) of mixed-endpoint load on httpbin-c with wrk on
# loopback. Prints the unexpected answers (anything but 2xx/3xx; goal 0),
# socket errors, and the server's RSS under load, one sample a minute: the
# growth from the end of the first minute (every endpoint of the mix has
# run, the allocator has its working set) to the end (goal: under 5%). The
# idle RSS before and after is printed too; it is not the goal, as the
# allocator keeps what the load made it take. A measurement that prints
# figures; it fails (exit 1) only when the server dies or answers
# unexpectedly.
#
#   BUILD_DIR=/path/to/build  holds httpbin-c (default: the source tree;
#                             use an -O2 build, not a sanitizer one)
#   MINUTES=10 THREADS=2 CONNECTIONS=64 WARMUP=30 (seconds) are the knobs.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
BUILD_DIR=$(cd "${BUILD_DIR:-$SRC}" && pwd)
MINUTES=${MINUTES:-10}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
WARMUP=${WARMUP:-30}

die() { echo "soak: $*" >&2; exit 2; }
[ -x "$BUILD_DIR/httpbin-c" ] || die "no $BUILD_DIR/httpbin-c (make -C $BUILD_DIR httpbin-c)"
command -v wrk >/dev/null || die "wrk is missing (apt-get install -y wrk)"
case $MINUTES$THREADS$CONNECTIONS$WARMUP in *[!0-9]*) die "the knobs must be numbers" ;; esac

WORK=$(mktemp -d "${TMPDIR:-/tmp}/soak.XXXXXX")
SERVER_PID=
# shellcheck disable=SC2317 # run from the trap
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$BUILD_DIR/httpbin-c" --host 127.0.0.1 --port 0 --log-format off >"$WORK/server.out" 2>&1 &
SERVER_PID=$!
tries=0
until grep -q 'listening on' "$WORK/server.out" 2>/dev/null; do
    tries=$((tries + 1))
    [ $tries -lt 100 ] || die "the server did not start: $(cat "$WORK/server.out")"
    sleep 0.05
done
URL=$(sed -n 's#.*listening on \(http://[^ ]*\)/.*#\1#p' "$WORK/server.out" | head -n 1)

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status"; }

echo "soak: $URL, $MINUTES min, wrk -t$THREADS -c$CONNECTIONS, warm-up ${WARMUP}s"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$HERE/soak.lua" "$URL" >"$WORK/warmup.txt"
sleep 2 # measured like the end: the warm-up's connections closed
rss_start=$(rss_kib)
# The soak itself, with RSS sampled every 10 s beside it.
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${MINUTES}m" --timeout 10s -s "$HERE/soak.lua" "$URL" \
    >"$WORK/soak.txt" &
WRK_PID=$!
rss_max=$rss_start
rss_loaded_first=
rss_loaded_last=
samples=0
: >"$WORK/rss.txt"
sleep 10
while kill -0 "$WRK_PID" 2>/dev/null; do
    kill -0 "$SERVER_PID" 2>/dev/null || die "the server died during the soak"
    rss=$(rss_kib)
    samples=$((samples + 1))
    [ "$rss" -gt "$rss_max" ] && rss_max=$rss
    # one sample a minute, under load, to tell a plateau from a leak
    if [ $((samples % 6)) -eq 0 ]; then
        printf '%s ' "$rss" >>"$WORK/rss.txt"
        [ -n "$rss_loaded_first" ] || rss_loaded_first=$rss
        rss_loaded_last=$rss
    fi
    sleep 10
done
wait "$WRK_PID" || die "wrk failed: $(cat "$WORK/soak.txt")"
kill -0 "$SERVER_PID" 2>/dev/null || die "the server died during the soak"
sleep 2 # let the last connections close
rss_end=$(rss_kib)

line=$(grep '^SOAK ' "$WORK/soak.txt")
grep -E 'Requests/sec|Latency ' "$WORK/soak.txt" | sed 's/^/  /'
echo "  $line"
unexpected=$(echo "$line" | sed 's/.* unexpected=\([0-9]*\).*/\1/')
echo "  RSS under load each minute (KiB): $(cat "$WORK/rss.txt")"
if [ -n "$rss_loaded_first" ]; then
    awk -v f="$rss_loaded_first" -v l="$rss_loaded_last" 'BEGIN {
        printf "  RSS under load: %d KiB after the first minute, %d KiB at the end: " \
               "growth %+.2f%% (goal under 5%%)\n", f, l, (l - f) * 100 / f }'
else
    echo "  RSS under load: no sample a minute in (MINUTES is under 1)"
fi
awk -v s="$rss_start" -v e="$rss_end" -v m="$rss_max" 'BEGIN {
    printf "  idle RSS after warm-up %d KiB, at the end %d KiB (%+.1f%%); highest %d KiB\n",
           s, e, (e - s) * 100 / s, m }'
[ "$unexpected" = 0 ] || { echo "soak: $unexpected unexpected answers"; exit 1; }
echo "soak: no unexpected answers"
