#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/h2/run.sh: httpbin-c against go-httpbin over HTTPS, HTTP/2 and
# HTTP/1.1, in one run. Prints one markdown table (medians over REPS, the
# ratio httpbin-c/go-httpbin) and a PASS/MISS line per target of the HTTP/2
# issue. A program that prints figures: slow figures never make it fail
# (exit 0); it exits 2 only when it cannot build or run at all. Everything
# runs on 127.0.0.1, every load run is bounded in time.
#
# Each repetition starts each server in turn (the order rotates), on free
# 127.0.0.1 ports, both with the same throwaway ECDSA P-256 certificate and
# the same number of threads (httpbin-c --threads N, go-httpbin
# GOMAXPROCS=N), and measures GET /get:
#   h2 -m S     HTTP/2 over TLS (ALPN h2): h2load -tCLIENT_THREADS -cCONNS
#               -mS -DDURATION, for each S in STREAMS (1 and 100): req/s,
#               mean time per request, errors, bytes per answer
#   HTTPS h1    HTTP/1.1 over TLS, keep-alive: wrk -tCLIENT_THREADS -cCONNS
#               -dDURATION: req/s, p50, p99, errors
#   handshakes  a new TLS connection per request: bench/h2/handshakes.c
#               (GnuTLS, HS_CONNS threads, a full handshake each time, no
#               resumption; one HTTP/1.1 GET with "Connection: close" on it)
#   h2c -m S    HTTP/2 with prior knowledge, no TLS (httpbin-c only:
#               go-httpbin serves no h2c; n/a)
# and for every run the server's CPU time (utime+stime of /proc/PID/stat,
# all its threads) before and after: requests per CPU-second and the cores
# it kept busy. Then its peak RSS (VmHWM).
#
# go-httpbin is not built here and not part of this repository: GO_HTTPBIN
# names a go-httpbin binary (or a directory holding one); without it the
# cached one at ${XDG_CACHE_HOME:-~/.cache}/httpbin-c/go-httpbin is used if
# it is there; otherwise the go-httpbin columns say SKIP and only httpbin-c
# is measured. Its label in the table: GO_HTTPBIN_LABEL, else the first line
# of BINARY.version if that file exists. go-httpbin logs every request to
# stderr (no switch turns it off in v2.x); that goes to /dev/null, and
# httpbin-c runs with --log-format off.
#
# Knobs (environment):
#   BUILD_DIR=DIR   use DIR/httpbin-c (an -O2 build, not a sanitizer one);
#                   default: configure and build one with -O2 in a temp dir
#   GO_HTTPBIN=PATH GO_HTTPBIN_LABEL=   see above
#   REPS=3 DURATION=10 (s per load run) WARMUP=2 (s, h2 and h1, per server)
#   CONNS=32        connections of h2load and wrk, the same for both servers
#   STREAMS="1 100" h2load -m values (concurrent streams per connection)
#   HS_CONNS=16     handshake threads (connections at once)
#   THREADS=cores   httpbin-c --threads and go-httpbin's GOMAXPROCS
#   CLIENT_THREADS=1  h2load -t, wrk -t
#   H2C=1           0 skips the h2c runs
#   SERVERS="httpbin-c go-httpbin"   either or both
#   SERVER_ARGS=    more httpbin-c options, split on spaces (for experiments)
#   OUT_DIR=bench-out/h2-DATE   results.tsv, notes.txt, run.txt, table.md, logs/
# Needs: h2load (nghttp2-client), wrk, cc, pkg-config, libgnutls28-dev,
# python3, openssl or certtool (gnutls-bin), plus httpbin-c's own build deps.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
CORES=$(nproc)
REPS=${REPS:-3}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
CONNS=${CONNS:-32}
STREAMS=${STREAMS:-1 100}
HS_CONNS=${HS_CONNS:-16}
THREADS=${THREADS:-$CORES}
CLIENT_THREADS=${CLIENT_THREADS:-1}
H2C=${H2C:-1}
SERVERS=${SERVERS:-httpbin-c go-httpbin}
SERVER_ARGS=${SERVER_ARGS:-}
PYTHON=${PYTHON:-python3}
CC=${CC:-cc}
OUT_DIR=${OUT_DIR:-bench-out/h2-$(date +%Y%m%d-%H%M%S)}
HZ=$(getconf CLK_TCK)

# The log goes to fd 3, the script's stderr, also from a trap that runs
# while a tool's output is redirected.
exec 3>&2
log() { printf '[h2 bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&3; }
die() { log "error: $*"; exit 2; }

case $REPS$DURATION$WARMUP$CONNS$HS_CONNS$THREADS$CLIENT_THREADS$H2C${STREAMS// /} in
*[!0-9]*) die "REPS, DURATION, WARMUP, CONNS, HS_CONNS, THREADS, CLIENT_THREADS, H2C, STREAMS must be numbers" ;;
esac
if [ "$REPS" -lt 1 ] || [ "$DURATION" -lt 1 ] || [ "$THREADS" -lt 1 ] || [ "$CONNS" -lt 1 ] ||
    [ "$HS_CONNS" -lt 1 ] || [ "$CLIENT_THREADS" -lt 1 ] || [ -z "${STREAMS// /}" ]; then
    die "REPS, DURATION, THREADS, CONNS, HS_CONNS, CLIENT_THREADS must be >= 1, STREAMS not empty"
fi
for tool in h2load wrk "$CC" pkg-config "$PYTHON"; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is missing (see docs/performance.md for the packages)"
done
pkg-config --exists gnutls || die "libgnutls28-dev is missing"
if command -v openssl >/dev/null 2>&1; then CERT_TOOL=openssl
elif command -v certtool >/dev/null 2>&1; then CERT_TOOL=certtool
else die "openssl or certtool (gnutls-bin) is needed for the throwaway certificate"
fi

# ---- go-httpbin: a binary given, or the cached one, or none (SKIP) ----------
GO_BIN='' GO_SKIP=''
CACHED_GO=${XDG_CACHE_HOME:-$HOME/.cache}/httpbin-c/go-httpbin
if [ -n "${GO_HTTPBIN:-}" ]; then
    if [ -d "$GO_HTTPBIN" ] && [ -x "$GO_HTTPBIN/go-httpbin" ]; then
        GO_BIN=$GO_HTTPBIN/go-httpbin
    elif [ -f "$GO_HTTPBIN" ] && [ -x "$GO_HTTPBIN" ]; then
        GO_BIN=$GO_HTTPBIN
    elif [ -f "$GO_HTTPBIN/go.mod" ]; then
        GO_SKIP="GO_HTTPBIN=$GO_HTTPBIN is a source tree with no go-httpbin binary in it: this script does not build go-httpbin; point GO_HTTPBIN at a built binary"
    else
        GO_SKIP="GO_HTTPBIN=$GO_HTTPBIN is not an executable go-httpbin (nor a directory holding one)"
    fi
elif [ -x "$CACHED_GO" ]; then
    GO_BIN=$CACHED_GO
else
    GO_SKIP="no go-httpbin: GO_HTTPBIN is unset and there is no $CACHED_GO"
fi
if [ -n "$GO_BIN" ]; then
    GO_BIN=$(cd "$(dirname "$GO_BIN")" && pwd)/$(basename "$GO_BIN")
    GO_LABEL=${GO_HTTPBIN_LABEL:-}
    if [ -z "$GO_LABEL" ] && [ -r "$GO_BIN.version" ]; then GO_LABEL=$(head -n 1 "$GO_BIN.version"); fi
    GO_LABEL=${GO_LABEL:-version unknown}
fi
for s in $SERVERS; do
    case $s in httpbin-c | go-httpbin) ;; *) die "SERVERS: unknown server $s" ;; esac
done
case " $SERVERS " in *" go-httpbin "*) ;; *) GO_SKIP=${GO_SKIP:-"go-httpbin is not in SERVERS"} ;; esac
if [ -n "$GO_SKIP" ]; then
    log "SKIP go-httpbin: $GO_SKIP"
    SERVERS=${SERVERS//go-httpbin/}
fi
[ -n "${SERVERS// /}" ] || die "no server to measure"

mkdir -p "$OUT_DIR/logs" || die "cannot create $OUT_DIR"
OUT_DIR=$(cd "$OUT_DIR" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/httpbin-h2-bench.XXXXXX") || die "no temp dir"

# The server being measured (our child) and the load tool running now.
SPID='' TOOL_PID='' H2_PORT='' H2C_PORT=''

# Runs a tool in the background, bounded to $1 seconds, and waits for it:
# a signal's trap runs at once (wait returns), not after the tool ends.
bounded() { # $1 seconds, the command
    timeout -k 5 "$@" &
    TOOL_PID=$!
    wait "$TOOL_PID"
    local rc=$?
    TOOL_PID=''
    return "$rc"
}
stop_server() {
    if [ -n "$SPID" ]; then
        local _
        kill -TERM "$SPID" 2>/dev/null
        for _ in $(seq 1 150); do kill -0 "$SPID" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$SPID" 2>/dev/null; then
            log "  server $SPID ignored SIGTERM for 15 s: SIGKILL"
            kill -KILL "$SPID" 2>/dev/null
        fi
        wait "$SPID" 2>/dev/null
    fi
    SPID='' H2_PORT='' H2C_PORT=''
}
# shellcheck disable=SC2317 # run from the traps
cleanup() {
    [ -n "$TOOL_PID" ] && kill -TERM "$TOOL_PID" 2>/dev/null
    stop_server
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'log interrupted; exit 130' INT TERM HUP

# ---- build ------------------------------------------------------------------
mkdir -p "$WORK/bin"
# shellcheck disable=SC2046 # word splitting of pkg-config's flags is meant
$CC -O2 -g -Wall -Wextra -Wshadow -Wmissing-prototypes -o "$WORK/bin/handshakes" \
    "$HERE/handshakes.c" $(pkg-config --cflags --libs gnutls) -lpthread ||
    die "cannot build bench/h2/handshakes.c"
HS=$WORK/bin/handshakes

if [ -n "${BUILD_DIR:-}" ]; then
    HTTPBIN=$(cd "$BUILD_DIR" && pwd)/httpbin-c
    [ -x "$HTTPBIN" ] || die "no $HTTPBIN"
    # (the Makefile names -fsanitize for `make fuzz` in any build: look at
    # the flags this build compiles with)
    grep -qE -- '^(SANITIZER_CFLAGS|CFLAGS) = .*-fsanitize' "$BUILD_DIR/Makefile" 2>/dev/null &&
        log "warning: $BUILD_DIR is a sanitizer build: its figures mean little"
else
    if [ ! -x "$SRC/configure" ]; then
        log "no configure script: autoreconf -fi in $SRC"
        (cd "$SRC" && autoreconf -fi >/dev/null 2>&1) || die "autoreconf failed"
    fi
    log "building httpbin-c with -O2 in $WORK/build"
    mkdir -p "$WORK/build"
    (cd "$WORK/build" && "$SRC/configure" -q CFLAGS='-O2 -g' >"$WORK/build.log" 2>&1 &&
        make -j"$CORES" httpbin-c >>"$WORK/build.log" 2>&1) ||
        die "the build failed: $(tail -n 20 "$WORK/build.log")"
    HTTPBIN=$WORK/build/httpbin-c
fi

# One throwaway ECDSA P-256 certificate (the key type of httpbin-c's
# --tls-self-signed) for both servers, so both sign with the same key.
CERT=$WORK/cert.pem KEY=$WORK/key.pem
if [ "$CERT_TOOL" = openssl ]; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$KEY" \
        -out "$CERT" -days 2 -subj /CN=localhost \
        -addext 'subjectAltName=DNS:localhost,IP:127.0.0.1' >"$WORK/cert.log" 2>&1
else
    printf 'cn = localhost\ndns_name = localhost\nip_address = 127.0.0.1\nexpiration_days = 2\nsigning_key\ntls_www_server\n' \
        >"$WORK/cert.tmpl"
    certtool --generate-privkey --key-type ecdsa --curve secp256r1 --outfile "$KEY" >"$WORK/cert.log" 2>&1 &&
        certtool --generate-self-signed --load-privkey "$KEY" --template "$WORK/cert.tmpl" \
            --outfile "$CERT" >>"$WORK/cert.log" 2>&1
fi
if [ ! -s "$CERT" ] || [ ! -s "$KEY" ]; then die "no certificate: $(cat "$WORK/cert.log")"; fi

# ---- servers ----------------------------------------------------------------
free_port() {
    "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# One GET /get over TLS, until it answers 200 or $1 tenths of a second pass.
wait_https() { # $1 tenths
    local _
    for _ in $(seq 1 "$1"); do
        kill -0 "$SPID" 2>/dev/null || return 1
        "$HS" --port "$H2_PORT" --count 1 --conns 1 --duration 2 >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    return 1
}

start_server() { # $1 name $2 tag: sets SPID H2_PORT H2C_PORT
    local log=$OUT_DIR/logs/$2.log _
    case $1 in
    httpbin-c)
        local ready=$WORK/ready.txt
        rm -f "$ready"
        local cmd=("$HTTPBIN" --host 127.0.0.1 --port 0 --tls-port 0 --tls-cert "$CERT"
                   --tls-key "$KEY" --threads "$THREADS" --log-format off
                   --shutdown-grace 2 --ready-file "$ready")
        # shellcheck disable=SC2206 # split on purpose
        if [ -n "$SERVER_ARGS" ]; then cmd+=($SERVER_ARGS); fi
        "${cmd[@]}" >"$log" 2>&1 &
        SPID=$!
        for _ in $(seq 1 200); do
            [ -f "$ready" ] && [ "$(wc -l <"$ready")" -ge 2 ] && break
            kill -0 "$SPID" 2>/dev/null || break
            sleep 0.1
        done
        H2C_PORT=$(sed -n '1s#^http://[^:]*:\([0-9]*\).*#\1#p' "$ready" 2>/dev/null)
        H2_PORT=$(sed -n '2s#^https://[^:]*:\([0-9]*\).*#\1#p' "$ready" 2>/dev/null)
        ;;
    go-httpbin)
        H2_PORT=$(free_port)
        # Its access log (a line per request, on stderr) goes nowhere: its
        # start-up line is in the log file, then the rest is dropped.
        echo "GOMAXPROCS=$THREADS $GO_BIN -host 127.0.0.1 -port $H2_PORT -https-cert-file CERT -https-key-file KEY 2>/dev/null" >"$log"
        GOMAXPROCS=$THREADS "$GO_BIN" -host 127.0.0.1 -port "$H2_PORT" \
            -https-cert-file "$CERT" -https-key-file "$KEY" >/dev/null 2>&1 &
        SPID=$!
        ;;
    esac
    if [ -z "$H2_PORT" ] || ! wait_https 200; then
        log "  $1 did not answer 200 on /get over HTTPS within 20 s (log: $log)"
        stop_server
        return 1
    fi
}

# ---- measurements -------------------------------------------------------------
put() { # $1 rep $2 server $3 metric $4 value
    [ -n "$4" ] && printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$OUT_DIR/results.tsv"
}
note() { # a line for the table's notes, once
    grep -qxF -- "$*" "$OUT_DIR/notes.txt" 2>/dev/null || printf '%s\n' "$*" >>"$OUT_DIR/notes.txt"
}
kv() { # $1 key $2 "k=v k=v" line
    printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -n 1
}
# The server's CPU time so far, in clock ticks: utime + stime of every thread.
ticks() {
    sed 's/^.*) //' "/proc/$SPID/stat" 2>/dev/null | awk '{ print $12 + $13 }'
}
# Requests per CPU-second and the cores kept busy: $1 rep $2 server $3 key
# $4 requests $5 ticks before $6 ticks after $7 seconds of the run.
put_cpu() {
    local d=$(($6 - $5))
    [ "$d" -gt 0 ] || { note "$2 $3: no CPU time measured in one repetition"; return; }
    put "$1" "$2" "${3}_per_cpu_s" "$(awk -v n="$4" -v d="$d" -v hz="$HZ" 'BEGIN { printf "%.0f", n / (d / hz) }')"
    put "$1" "$2" "${3}_cores" "$(awk -v d="$d" -v hz="$HZ" -v s="$7" 'BEGIN { printf "%.2f", d / hz / s }')"
}
to_ms() { # h2load's "424us" / "1.04ms" / "1.2s" in ms
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
        else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 } }'
}

per_answer() { # $1 h2load's traffic line $2 data|headers $3 answers $4 digits
    awk -v what="$2" -v n="$3" -v d="$4" '{
        for (i = 2; i <= NF; i++) if ($i ~ "^" what) { v = $(i - 1); gsub(/[(),]/, "", v); printf ("%." d "f"), v / n } }' <<<"$1"
}
run_h2load() { # $1 rep $2 server $3 key $4 url $5 streams $6 protocol wanted
    local out t0 t1 fin reqs codes proto traffic ok bad
    t0=$(ticks)
    bounded $((DURATION + 30)) h2load -t"$CLIENT_THREADS" -c"$CONNS" -m"$5" -D "$DURATION" "$4" \
        >"$WORK/tool.out" 2>&1
    t1=$(ticks)
    out=$WORK/tool.out
    fin=$(grep '^finished in' "$out")
    reqs=$(grep '^requests:' "$out")
    if [ -z "$fin" ] || [ -z "$reqs" ]; then
        log "  $3: h2load gave no result: $(tail -n 3 "$out" | tr '\n' ' ')"
        note "$2 $3: h2load gave no result in one repetition"
        return
    fi
    proto=$(sed -n 's/^Application protocol: //p' "$out" | head -n 1)
    if [ "$proto" != "$6" ]; then
        note "$2 $3: h2load negotiated '${proto:-nothing}', not $6"
    fi
    if grep -q '^TLS Protocol:' "$out"; then
        note "$2 $3: $(sed -n 's/^TLS Protocol: //p' "$out" | head -n 1) $(sed -n 's/^Cipher: //p' "$out" | head -n 1)$(sed -n 's/^Server Temp Key: / /p' "$out" | head -n 1), ALPN ${proto:-none}"
    fi
    # requests: T total, S started, D done, OK succeeded, F failed, E errored, TO timeout
    ok=$(awk '{ print $8 }' <<<"$reqs")
    bad=$(awk '{ print $10 + $12 + $14 }' <<<"$reqs")
    codes=$(grep '^status codes:' "$out")
    bad=$((bad + $(awk '{ print $5 + $7 + $9 }' <<<"$codes")))
    put "$1" "$2" "${3}_rps" "$(awk '{ v = $4; sub(/,$/, "", v); print v }' <<<"$fin")"
    put "$1" "$2" "${3}_mean_ms" "$(to_ms "$(awk '/^time for request:/ { print $6 }' "$out")")"
    put "$1" "$2" "${3}_errors" "$bad"
    traffic=$(grep '^traffic:' "$out")
    if [ -n "$traffic" ] && [ "$ok" -gt 0 ]; then
        # traffic: 28.12MB (29488768) total, 1.80MB (1889832) headers (...), 23.38MB (24512488) data
        put "$1" "$2" "${3}_body_b" "$(per_answer "$traffic" data "$ok" 0)"
        put "$1" "$2" "${3}_head_b" "$(per_answer "$traffic" headers "$ok" 1)"
    fi
    [ -n "$t0" ] && [ -n "$t1" ] && put_cpu "$1" "$2" "$3" "$ok" "$t0" "$t1" "$DURATION"
    log "  $3 ($proto): $(awk '{ print $4 }' <<<"$fin") req/s, $ok ok, $bad errors, server CPU $(((t1 - t0) * 100 / HZ / DURATION))% of a core"
}

run_wrk() { # $1 rep $2 server $3 key $4 url
    local out t0 t1
    t0=$(ticks)
    bounded $((DURATION + 30)) wrk -t"$CLIENT_THREADS" -c"$CONNS" -d"${DURATION}s" --timeout 5s \
        --latency -s "$HERE/../tools/result.lua" "$4" >"$WORK/tool.out" 2>&1
    t1=$(ticks)
    out=$(grep '^WRK ' "$WORK/tool.out")
    if [ -z "$out" ]; then
        log "  $3: wrk gave no result: $(tail -n 3 "$WORK/tool.out" | tr '\n' ' ')"
        note "$2 $3: wrk gave no result in one repetition"
        return
    fi
    put "$1" "$2" "${3}_rps" "$(kv rps "$out")"
    put "$1" "$2" "${3}_p50_ms" "$(awk -v u="$(kv p50_us "$out")" 'BEGIN { printf "%.3f", u / 1000 }')"
    put "$1" "$2" "${3}_p99_ms" "$(awk -v u="$(kv p99_us "$out")" 'BEGIN { printf "%.3f", u / 1000 }')"
    put "$1" "$2" "${3}_errors" "$(($(kv errors "$out") + $(kv non2xx "$out")))"
    [ -n "$t0" ] && [ -n "$t1" ] && put_cpu "$1" "$2" "$3" "$(kv requests "$out")" "$t0" "$t1" "$DURATION"
    log "  $3: $(kv rps "$out") req/s, p50 $(kv p50_us "$out") us, p99 $(kv p99_us "$out") us, errors $(kv errors "$out"), non-2xx $(kv non2xx "$out"), server CPU $(((t1 - t0) * 100 / HZ / DURATION))% of a core"
}

run_hs() { # $1 rep $2 server $3 key
    local out t0 t1
    t0=$(ticks)
    bounded $((DURATION + 30)) "$HS" --port "$H2_PORT" --conns "$HS_CONNS" --duration "$DURATION" \
        >"$WORK/tool.out" 2>&1
    t1=$(ticks)
    out=$(grep '^HS ' "$WORK/tool.out")
    if [ -z "$out" ]; then
        log "  $3: handshakes gave no result: $(tail -n 3 "$WORK/tool.out" | tr '\n' ' ')"
        note "$2 $3: handshakes gave no result in one repetition"
        return
    fi
    put "$1" "$2" "${3}_rate" "$(kv rate "$out")"
    put "$1" "$2" "${3}_errors" "$(kv errors "$out")"
    put "$1" "$2" "${3}_body_b" "$(kv bytes "$out")"
    note "$2 $3: $(kv tls "$out") $(kv group "$out") ALPN $(kv alpn "$out"), a full handshake per connection"
    [ -n "$t0" ] && [ -n "$t1" ] && put_cpu "$1" "$2" "$3" "$(kv ok "$out")" "$t0" "$t1" "$(kv secs "$out")"
    log "  $3: ${out#HS }, server CPU $(((t1 - t0) * 100 / HZ / DURATION))% of a core"
}

measure() { # $1 rep $2 server
    local r=$1 s=$2 m
    sleep 1 # the previous server's sockets close first
    start_server "$s" "$s.r$r" || { note "$s: did not start in one repetition"; return; }
    log "rep $r/$REPS: $s (pid $SPID) on https://127.0.0.1:$H2_PORT${H2C_PORT:+, http://127.0.0.1:$H2C_PORT}"
    if [ "$WARMUP" -gt 0 ]; then
        bounded $((WARMUP + 20)) h2load -t1 -c"$CONNS" -m10 -D "$WARMUP" \
            "https://127.0.0.1:$H2_PORT/get" >/dev/null 2>&1
        bounded $((WARMUP + 20)) wrk -t1 -c"$CONNS" -d"${WARMUP}s" \
            "https://127.0.0.1:$H2_PORT/get" >/dev/null 2>&1
    fi
    for m in $STREAMS; do
        run_h2load "$r" "$s" "h2_m$m" "https://127.0.0.1:$H2_PORT/get" "$m" h2
    done
    run_wrk "$r" "$s" h1 "https://127.0.0.1:$H2_PORT/get"
    run_hs "$r" "$s" hs
    if [ "$H2C" = 1 ] && [ -n "$H2C_PORT" ]; then
        for m in $STREAMS; do
            run_h2load "$r" "$s" "h2c_m$m" "http://127.0.0.1:$H2C_PORT/get" "$m" h2c
        done
    fi
    put "$r" "$s" peak_rss_kb "$(awk '/^VmHWM:/ { print $2 }' "/proc/$SPID/status" 2>/dev/null)"
    put "$r" "$s" threads "$(awk '/^Threads:/ { print $2 }' "/proc/$SPID/status" 2>/dev/null)"
    stop_server
}

# ---- the run --------------------------------------------------------------------
printf 'rep\tserver\tmetric\tvalue\n' >"$OUT_DIR/results.tsv"
: >"$OUT_DIR/notes.txt"
[ -n "$GO_SKIP" ] && note "SKIP go-httpbin: $GO_SKIP"
[ "$H2C" = 1 ] && note "go-httpbin h2c: n/a (it serves no HTTP/2 without TLS)"

{
    echo "date: $(date -Is)"
    echo "host: $(uname -srm), $CORES cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "httpbin-c: $HTTPBIN ($("$HTTPBIN" --version 2>/dev/null | head -n 1), $(cd "$SRC" && git describe --always --dirty 2>/dev/null || echo no git))"
    if [ -n "$GO_BIN" ] && [ -z "$GO_SKIP" ]; then
        gov=$(command -v go >/dev/null 2>&1 && go version "$GO_BIN" 2>/dev/null | sed 's/^[^:]*: //')
        echo "go-httpbin: $GO_BIN ($GO_LABEL${gov:+, $gov})"
    else
        echo "go-httpbin: skipped"
    fi
    echo "tools: $(h2load --version 2>&1 | head -n 1); $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2); GnuTLS $(pkg-config --modversion gnutls); libnghttp2 $(pkg-config --modversion libnghttp2 2>/dev/null || echo '?'); libmicrohttpd $(pkg-config --modversion libmicrohttpd 2>/dev/null || echo '?')"
    echo "reps=$REPS duration=${DURATION}s warmup=${WARMUP}s conns=$CONNS streams=$STREAMS hs_conns=$HS_CONNS threads=$THREADS client_threads=$CLIENT_THREADS"
    echo "servers: $SERVERS${SERVER_ARGS:+; httpbin-c $SERVER_ARGS}; certificate: ECDSA P-256 ($CERT_TOOL)"
} >"$OUT_DIR/run.txt"

read -r -a LIST <<<"$SERVERS"
for rep in $(seq 1 "$REPS"); do
    for k in $(seq 0 $((${#LIST[@]} - 1))); do
        measure "$rep" "${LIST[$(((k + rep - 1) % ${#LIST[@]}))]}"
    done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT_DIR/run.txt"

"$PYTHON" "$HERE/table.py" "$OUT_DIR" | tee "$OUT_DIR/table.md"
log "results in $OUT_DIR"
exit 0
