#!/bin/sh
# SPDX-License-Identifier: MIT
# creq-check against our own server: starts httpbin-c on a free loopback
# port and requires every check to pass. 0 pass, 1 fail, 77 not built.
top_builddir=${top_builddir:-.}
server=$top_builddir/httpbin-c
checker=$top_builddir/creq-check

if [ ! -x "$server" ] || [ ! -x "$checker" ]; then
    echo "SKIP: $server or $checker is not built"
    exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/creq-check.XXXXXX") || exit 1
pid=

# Stops the server we started (and only it): TERM, then KILL if it lingers.
cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null
        n=0
        while kill -0 "$pid" 2>/dev/null && [ $n -lt 50 ]; do
            sleep 0.1 2>/dev/null || sleep 1
            n=$((n + 1))
        done
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

# A short grace: connections creq-check dropped on purpose (timeouts) must
# not hold up the stop.
"$server" --host 127.0.0.1 --port 0 --log-format off --shutdown-grace 1 \
    --ready-file "$tmp/ready" >"$tmp/server.out" 2>"$tmp/server.err" &
pid=$!

# Port 0: the server picks a free port and, once it listens, writes its URL
# "http://127.0.0.1:PORT" to the ready file (whole: by a rename). Waited for
# up to 60 s: a sanitized start on a loaded machine is slow, and a dead
# server ends the wait at once.
n=0
while [ ! -f "$tmp/ready" ] && [ $n -lt 600 ] && kill -0 "$pid" 2>/dev/null; do
    sleep 0.1 2>/dev/null || sleep 1
    n=$((n + 1))
done
base=
[ -f "$tmp/ready" ] && base=$(sed -n 1p "$tmp/ready")
port=${base#http://127.0.0.1:}
case $port in
'' | *[!0-9]*)
    echo "FAIL: httpbin-c did not start (ready file: '$base')"
    cat "$tmp/server.out" "$tmp/server.err"
    exit 1
    ;;
esac

# --timeout: a request that is merely slow on a loaded machine is not a
# failure (the timing rows set their own timeouts).
"$checker" --timeout 30 "$base" >"$tmp/check.out" 2>"$tmp/check.err"
rc=$?
cat "$tmp/check.out" "$tmp/check.err"

# The header says the version: HTTP/1.1 unless --http2 asks for h2.
if ! grep -qx 'http: HTTP/1.1' "$tmp/check.out"; then
    echo "FAIL: no 'http: HTTP/1.1' line in the header"
    exit 1
fi
if ! "$checker" --help | grep -q -- '--http2'; then
    echo "FAIL: --help does not tell --http2"
    exit 1
fi

# Every check again over HTTP/2 (h2c with prior knowledge, the same port).
"$checker" --http2 --timeout 30 "$base" >"$tmp/check2.out" 2>"$tmp/check2.err"
rc2=$?
cat "$tmp/check2.out" "$tmp/check2.err"
if ! grep -q '^http: HTTP/2' "$tmp/check2.out"; then
    echo "FAIL: no 'http: HTTP/2' line in the header of the --http2 run"
    exit 1
fi
last2=$(tail -n 1 "$tmp/check2.out")
case $last2 in
*" passed, 0 failed") ;;
*) echo "FAIL: over HTTP/2 the last line is '$last2'"; exit 1 ;;
esac
if [ "$rc2" -ne 0 ]; then
    echo "FAIL: creq-check --http2 exited $rc2"
    exit 1
fi

last=$(tail -n 1 "$tmp/check.out")
passed=${last%% *}
case $last in
*" passed, 0 failed") ;;
*) echo "FAIL: the last line is '$last', not 'N passed, 0 failed'"; exit 1 ;;
esac
case $passed in
'' | *[!0-9]*) echo "FAIL: '$passed' is not a count"; exit 1 ;;
esac
if [ "$rc" -ne 0 ]; then
    echo "FAIL: creq-check exited $rc"
    exit 1
fi
if [ "$passed" -le 50 ]; then
    echo "FAIL: only $passed checks passed (more than 50 expected)"
    exit 1
fi
echo "PASS: $last; over HTTP/2: $last2"
exit 0
