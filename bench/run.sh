#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/run.sh: httpbin-c side by side with the libmicrohttpd limit (our bare
# server, bench/bare/bare.c) and Python httpbin under gunicorn, in one run.
# Prints one markdown table (medians over REPS, ratios httpbin-c/bare and
# httpbin-c/python) and a PASS/MISS line per target of issue 6. A program
# that prints figures: slow figures never make it fail (exit 0); it exits 2
# only when it cannot build or run at all.
#
# Each repetition starts every server in turn (the order rotates), each on
# a free 127.0.0.1 port, with the same worker count (cores), and measures:
#   cold start   exec to the first 200 on /get (bench/tools/launch.c, 1 ms polls)
#   idle         RSS, PSS and threads 1 s after start (bench/tools/procstat.c)
#   wrk          -t1 -cCONNS -dDURATION: GET /get, GET /headers, GET /bytes/1024,
#                POST /post with a 1 KiB JSON body: req/s, p50, p99
#   peak RSS     VmHWM after the wrk runs, threads then
#   /delay/1     CONC_N at once (bench/tools/concurrent.c): wall, errors, threads, RSS
#   /drip        DRIP_N at once, /drip?numbytes=10&duration=1: wall, errors
#   idle crowd   IDLE_N keep-alive connections held IDLE_HOLD s: RSS, CPU %;
#                httpbin-c once more with LEAN_ARGS (smaller request-head
#                limits: libmicrohttpd keeps a pool that size per connection)
# The bare server answers its fixed body (httpbin-c's own /get answer to
# wrk's request, same size) to every path; /delay and /drip are n/a for it.
# Python's sync workers serve one request each at a time: the concurrency
# cases it cannot finish within PY_LIMIT seconds are skipped, and said so.
#
# Knobs (environment):
#   BUILD_DIR=DIR   use DIR/httpbin-c (an -O2 build, not a sanitizer one);
#                   default: configure and build one with -O2 in a temp dir
#   REPS=3 DURATION=10 (s per wrk run) CONNS=64 WARMUP=1 (s)
#   THREADS=cores   httpbin-c --threads, bare's pool, gunicorn -w
#   CONC_N=1000 DRIP_N=200 IDLE_N=10000 IDLE_HOLD=10 (0 skips a case)
#   SERVERS="httpbin-c bare python"   any subset
#   PY_LIMIT=60     longest a Python concurrency case may take, s
#   SERVER_ARGS=    more httpbin-c options, split on spaces (for experiments)
#   LEAN_ARGS="--max-url-bytes 1K --max-header-bytes 2K --max-query-args 16"
#                   httpbin-c's options for the second idle crowd ("" skips it)
#   OUT_DIR=bench-out/DATE   results: results.tsv, notes.txt, run.txt, table.md
#   PROFILE=1       perf record -g on httpbin-c under GET /get (first
#                   repetition) into OUT_DIR/perf.data, top symbols in perf.txt
# Needs: cc, pkg-config, libmicrohttpd-dev, wrk, python3, gunicorn and
# python3-httpbin, plus what httpbin-c's own build needs.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
CORES=$(nproc)
REPS=${REPS:-3}
DURATION=${DURATION:-10}
CONNS=${CONNS:-64}
WARMUP=${WARMUP:-1}
THREADS=${THREADS:-$CORES}
CONC_N=${CONC_N:-1000}
DRIP_N=${DRIP_N:-200}
IDLE_N=${IDLE_N:-10000}
IDLE_HOLD=${IDLE_HOLD:-10}
PY_LIMIT=${PY_LIMIT:-60}
SERVERS=${SERVERS:-httpbin-c bare python}
SERVER_ARGS=${SERVER_ARGS:-}
LEAN_ARGS=${LEAN_ARGS-"--max-url-bytes 1K --max-header-bytes 2K --max-query-args 16"}
PROFILE=${PROFILE:-0}
GUNICORN=${GUNICORN:-gunicorn}
PYTHON=${PYTHON:-python3}
CC=${CC:-cc}
OUT_DIR=${OUT_DIR:-bench-out/$(date +%Y%m%d-%H%M%S)}

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 2; }

case $REPS$DURATION$CONNS$WARMUP$THREADS$CONC_N$DRIP_N$IDLE_N$IDLE_HOLD$PY_LIMIT in
*[!0-9]*) die "REPS, DURATION, CONNS, WARMUP, THREADS, *_N, IDLE_HOLD, PY_LIMIT must be numbers" ;;
esac
if [ "$REPS" -lt 1 ] || [ "$DURATION" -lt 1 ] || [ "$THREADS" -lt 1 ]; then
    die "REPS, DURATION, THREADS must be >= 1"
fi
for tool in wrk "$CC" pkg-config "$PYTHON"; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is missing (see docs/performance.md for the packages)"
done
case " $SERVERS " in *" python "*)
    command -v "$GUNICORN" >/dev/null 2>&1 || die "$GUNICORN is missing (apt-get install gunicorn python3-httpbin), or drop python from SERVERS" ;;
esac
pkg-config --exists libmicrohttpd || die "libmicrohttpd-dev is missing"

mkdir -p "$OUT_DIR" || die "cannot create $OUT_DIR"
OUT_DIR=$(cd "$OUT_DIR" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/httpbin-bench.XXXXXX") || die "no temp dir"

# The server being measured: its launcher (our child) and the server itself;
# the load tool running now (a timeout(1) process) and perf, if any.
LPID='' SPID='' PORT='' COLD='' TOOL_PID='' PERF_PID=''

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
    [ -n "$SPID" ] && kill -TERM "$SPID" 2>/dev/null
    if [ -n "$LPID" ]; then
        local _
        for _ in $(seq 1 100); do kill -0 "$LPID" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$LPID" 2>/dev/null; then
            log "  server $SPID ignored SIGTERM for 10 s: SIGKILL"
            [ -n "$SPID" ] && pkill -KILL -P "$SPID" 2>/dev/null
            [ -n "$SPID" ] && kill -KILL "$SPID" 2>/dev/null
        fi
        wait "$LPID" 2>/dev/null
    fi
    LPID='' SPID='' PORT=''
}
# shellcheck disable=SC2317 # run from the traps
cleanup() {
    [ -n "$TOOL_PID" ] && kill -TERM "$TOOL_PID" 2>/dev/null
    [ -n "$PERF_PID" ] && kill -INT "$PERF_PID" 2>/dev/null
    stop_server
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'log interrupted; exit 130' INT TERM HUP

# 10 000 idle connections need descriptors on both sides (the servers inherit it).
want_fd=$((IDLE_N + 1024))
[ "$want_fd" -lt 65536 ] && want_fd=65536
ulimit -n "$want_fd" 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((IDLE_N + 256)) ]; then
    log "open-file limit $(ulimit -n) is too low for IDLE_N=$IDLE_N: the idle case is skipped"
    IDLE_N=0
fi

# ---- build ---------------------------------------------------------------
mkdir -p "$WORK/bin"
CWARN="-O2 -g -Wall -Wextra -Wshadow -Wmissing-prototypes"
# shellcheck disable=SC2046,SC2086
{
    $CC $CWARN -o "$WORK/bin/bare" "$HERE/bare/bare.c" $(pkg-config --cflags --libs libmicrohttpd) -lpthread &&
    $CC $CWARN -o "$WORK/bin/launch" "$HERE/tools/launch.c" &&
    $CC $CWARN -I"$HERE/tools" -o "$WORK/bin/procstat" "$HERE/tools/procstat.c" "$HERE/tools/proctree.c" &&
    $CC $CWARN -I"$HERE/tools" -o "$WORK/bin/concurrent" "$HERE/tools/concurrent.c" "$HERE/tools/proctree.c"
} || die "cannot build the bench tools"

if [ -n "${BUILD_DIR:-}" ]; then
    HTTPBIN=$(cd "$BUILD_DIR" && pwd)/httpbin-c
    [ -x "$HTTPBIN" ] || die "no $HTTPBIN"
    grep -q -- '-fsanitize' "$BUILD_DIR/Makefile" 2>/dev/null &&
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
BIN=$WORK/bin

# ---- servers --------------------------------------------------------------
server_cmd() { # $1 name: the command, with {PORT}, in CMD
    case $1 in
    httpbin-c) CMD=("$HTTPBIN" --host 127.0.0.1 --port '{PORT}' --threads "$THREADS"
                    --max-connections 20000 --log-format off --shutdown-grace 2)
        # shellcheck disable=SC2206 # split on purpose
        if [ -n "$SERVER_ARGS" ]; then CMD+=($SERVER_ARGS); fi ;;
    httpbin-c-lean) server_cmd httpbin-c
        # shellcheck disable=SC2206 # split on purpose
        CMD+=($LEAN_ARGS) ;;
    bare) CMD=("$BIN/bare" '{PORT}' "$THREADS" "$WORK/get.json") ;;
    python) CMD=("$GUNICORN" -b '127.0.0.1:{PORT}' -w "$THREADS" --graceful-timeout 2
                 --error-logfile - httpbin:app) ;;
    *) return 1 ;;
    esac
}

start_server() { # $1 name $2 tag: sets LPID SPID PORT COLD
    local info="$WORK/$2.info" _
    server_cmd "$1" || return 1
    rm -f "$info"
    (cd "$WORK" && exec "$BIN/launch" --info "$info" --timeout 30 --log "$OUT_DIR/logs/$2.log" \
        -- "${CMD[@]}") &
    LPID=$!
    for _ in $(seq 1 400); do [ -s "$info" ] && break; sleep 0.1; done
    if [ ! -s "$info" ]; then
        log "  $1: the launcher wrote nothing"
        kill -TERM "$LPID" 2>/dev/null
        stop_server
        return 1
    fi
    SPID=$(kv pid "$(cat "$info")")
    PORT=$(kv port "$(cat "$info")")
    COLD=$(kv cold_ms "$(cat "$info")")
    if [ "$COLD" = fail ]; then
        log "  $1 did not answer 200 on /get (log: $OUT_DIR/logs/$2.log)"
        stop_server
        return 1
    fi
}

kv() { # $1 key $2 "k=v k=v" line
    printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -n 1
}

put() { # $1 rep $2 server $3 metric $4 value
    [ -n "$4" ] && printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$OUT_DIR/results.tsv"
}

note() { # a line for the table's notes, once
    grep -qxF -- "$*" "$OUT_DIR/notes.txt" 2>/dev/null || printf '%s\n' "$*" >>"$OUT_DIR/notes.txt"
}

# ---- measurements -----------------------------------------------------------
run_wrk() { # $1 rep $2 server $3 key $4 path [BENCH_POST]
    local out
    BENCH_POST=${5:-} bounded $((DURATION + 30)) wrk -t1 -c"$CONNS" -d"${DURATION}s" \
        --timeout 5s --latency -s "$HERE/tools/result.lua" "http://127.0.0.1:$PORT$4" \
        >"$WORK/tool.out" 2>&1
    out=$(grep '^WRK ' "$WORK/tool.out")
    if [ -z "$out" ]; then
        log "  $3: wrk gave no result"
        note "$2 $3: wrk gave no result in one repetition"
        return
    fi
    put "$1" "$2" "${3}_rps" "$(kv rps "$out")"
    put "$1" "$2" "${3}_p50_ms" "$(awk -v u="$(kv p50_us "$out")" 'BEGIN { printf "%.3f", u / 1000 }')"
    put "$1" "$2" "${3}_p99_ms" "$(awk -v u="$(kv p99_us "$out")" 'BEGIN { printf "%.3f", u / 1000 }')"
    put "$1" "$2" "${3}_errors" "$(($(kv errors "$out") + $(kv non2xx "$out")))"
    log "  $4: $(kv rps "$out") req/s, p50 $(kv p50_us "$out") us, p99 $(kv p99_us "$out") us, errors $(kv errors "$out"), non-2xx $(kv non2xx "$out")"
}

profile_get() { # $1 server: perf record during one extra GET /get run
    command -v perf >/dev/null 2>&1 || { note "PROFILE=1: perf is missing"; return; }
    perf record -q -g -p "$SPID" -o "$OUT_DIR/perf.data" -- sleep "$DURATION" >/dev/null 2>&1 &
    PERF_PID=$!
    bounded $((DURATION + 30)) wrk -t1 -c"$CONNS" -d"${DURATION}s" \
        "http://127.0.0.1:$PORT/get" >/dev/null 2>&1
    wait "$PERF_PID"
    PERF_PID=''
    perf report -i "$OUT_DIR/perf.data" --stdio --no-children --percent-limit 0.8 \
        --sort symbol -g none 2>/dev/null | grep -v '^#' | sed '/^$/d' | head -n 40 \
        >"$OUT_DIR/perf.txt"
    log "  profile of $1 under GET /get: $OUT_DIR/perf.txt"
}

run_conc() { # $1 rep $2 server $3 key $4 n $5 path [$6 timeout, s]
    local out limit=${6:-20}
    bounded $((limit + 20)) "$BIN/concurrent" --port "$PORT" --path "$5" --n "$4" \
        --timeout "$limit" --pid "$SPID" >"$WORK/tool.out"
    out=$(grep '^CONC ' "$WORK/tool.out")
    if [ -z "$out" ]; then
        log "  $3: concurrent gave no result"
        note "$2 $3: no result in one repetition"
        return
    fi
    put "$1" "$2" "${3}_wall_s" "$(kv wall_s "$out")"
    put "$1" "$2" "${3}_errors" "$(($(kv http_err "$out") + $(kv sock_err "$out") + $(kv unfinished "$out")))"
    put "$1" "$2" "${3}_threads" "$(kv threads_max "$out")"
    put "$1" "$2" "${3}_rss_kb" "$(kv rss_max_kb "$out")"
    log "  ${out#CONC }"
}

run_idle() { # $1 rep $2 server [$3 metric prefix, default idle]
    local out key=${3:-idle}
    bounded $((IDLE_HOLD + 60)) "$BIN/concurrent" --port "$PORT" --path /get --idle \
        --n "$IDLE_N" --hold "$IDLE_HOLD" --timeout 30 --pid "$SPID" >"$WORK/tool.out"
    out=$(grep '^IDLE ' "$WORK/tool.out")
    if [ -z "$out" ]; then
        log "  idle: concurrent gave no result"
        note "$2 idle: no result in one repetition"
        return
    fi
    put "$1" "$2" "${key}_held" "$(kv held "$out")"
    put "$1" "$2" "${key}_rss_kb" "$(kv rss_max_kb "$out")"
    put "$1" "$2" "${key}_cpu_pct" "$(kv cpu_pct "$out")"
    put "$1" "$2" "${key}_threads" "$(kv threads_max "$out")"
    log "  $key: ${out#IDLE }"
}

# Python's sync workers serve THREADS requests at a time: a case of N
# requests taking D seconds each needs N/THREADS*D seconds. Sets LIMIT, the
# case's timeout: 20 s, or for Python that estimate plus 10 s.
LIMIT=20
py_can() { # $1 server $2 n $3 seconds each $4 case
    local need=$((($2 * $3 + THREADS - 1) / THREADS))
    LIMIT=20
    [ "$1" = python ] || return 0
    LIMIT=$((need + 10))
    if [ "$need" -gt "$PY_LIMIT" ]; then
        note "python $4: skipped: gunicorn's $THREADS sync workers serve $THREADS requests at a time, ~${need} s > PY_LIMIT=${PY_LIMIT} s"
        return 1
    fi
}

measure() { # $1 rep $2 server
    local r=$1 s=$2 st
    sleep 2 # the previous server's sockets (10 000 of them) close first
    start_server "$s" "$s.r$r" || { note "$s: did not start in one repetition"; return; }
    log "rep $r/$REPS: $s on 127.0.0.1:$PORT (pid $SPID), cold start $COLD ms"
    put "$r" "$s" cold_ms "$COLD"
    sleep 1
    st=$("$BIN/procstat" "$SPID")
    put "$r" "$s" idle_rss_kb_start "$(kv rss_kb "$st")"
    put "$r" "$s" idle_pss_kb_start "$(kv pss_kb "$st")"
    put "$r" "$s" threads_start "$(kv threads "$st")"
    [ "$WARMUP" -gt 0 ] && bounded $((WARMUP + 20)) wrk -t1 -c"$CONNS" -d"${WARMUP}s" \
        "http://127.0.0.1:$PORT/get" >/dev/null 2>&1
    run_wrk "$r" "$s" get /get
    run_wrk "$r" "$s" headers /headers
    run_wrk "$r" "$s" bytes /bytes/1024
    run_wrk "$r" "$s" post /post 1024
    st=$("$BIN/procstat" "$SPID")
    put "$r" "$s" peak_rss_kb "$(kv hwm_kb "$st")"
    put "$r" "$s" threads_load "$(kv threads "$st")"
    [ "$PROFILE" = 1 ] && [ "$r" = 1 ] && [ "$s" = httpbin-c ] && profile_get "$s"
    if [ "$s" = bare ]; then
        note "bare: /delay and /drip are n/a (it answers a fixed body at once)"
    else
        if [ "$CONC_N" -gt 0 ] && py_can "$s" "$CONC_N" 1 "$CONC_N x /delay/1"; then
            run_conc "$r" "$s" delay "$CONC_N" /delay/1 "$LIMIT"
        fi
        if [ "$DRIP_N" -gt 0 ] && py_can "$s" "$DRIP_N" 1 "$DRIP_N x /drip"; then
            run_conc "$r" "$s" drip "$DRIP_N" '/drip?numbytes=10&duration=1' "$LIMIT"
        fi
    fi
    if [ "$IDLE_N" -gt 0 ]; then
        if [ "$s" = python ]; then
            note "python idle: skipped: sync workers hold no idle keep-alive connections (each answer closes it)"
        else
            run_idle "$r" "$s"
        fi
    fi
    stop_server
    if [ "$IDLE_N" -gt 0 ] && [ "$s" = httpbin-c ] && [ -n "$LEAN_ARGS" ]; then
        sleep 2
        start_server httpbin-c-lean "$s-lean.r$r" || { note "httpbin-c $LEAN_ARGS: did not start"; return; }
        log "  httpbin-c $LEAN_ARGS (pid $SPID)"
        run_idle "$r" "$s" idle_lean
        stop_server
    fi
}

# ---- the run ------------------------------------------------------------------
mkdir -p "$OUT_DIR/logs"
printf 'rep\tserver\tmetric\tvalue\n' >"$OUT_DIR/results.tsv"
: >"$OUT_DIR/notes.txt"

# The bare server's body: httpbin-c's own answer to wrk's GET /get.
start_server httpbin-c sizing || die "httpbin-c does not start (log: $OUT_DIR/logs/sizing.log)"
"$BIN/concurrent" --port "$PORT" --path /get --show >"$WORK/get.json" || die "no /get answer"
stop_server
log "bare body: $(wc -c <"$WORK/get.json") bytes (httpbin-c's GET /get answer)"

{
    echo "date: $(date -Is)"
    echo "host: $(uname -srm), $CORES cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "httpbin-c: $HTTPBIN ($(cd "$SRC" && git describe --always --dirty 2>/dev/null || echo no git))"
    echo "libmicrohttpd: $(pkg-config --modversion libmicrohttpd); $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2)"
    echo "reps=$REPS duration=${DURATION}s conns=$CONNS threads=$THREADS conc=$CONC_N drip=$DRIP_N idle=$IDLE_N/${IDLE_HOLD}s"
    echo "servers: $SERVERS; bare body $(wc -c <"$WORK/get.json") bytes${SERVER_ARGS:+; httpbin-c $SERVER_ARGS}"
    if [ -n "$LEAN_ARGS" ]; then echo "lean: $LEAN_ARGS"; fi
} >"$OUT_DIR/run.txt"

read -r -a LIST <<<"$SERVERS"
for rep in $(seq 1 "$REPS"); do
    for k in $(seq 0 $((${#LIST[@]} - 1))); do
        measure "$rep" "${LIST[$(((k + rep - 1) % ${#LIST[@]}))]}"
    done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT_DIR/run.txt"

"$PYTHON" "$HERE/tools/table.py" "$OUT_DIR" "$CORES" | tee "$OUT_DIR/table.md"
log "results in $OUT_DIR"
exit 0
