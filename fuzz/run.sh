#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs every libFuzzer harness of fuzz/: first once over its regression
# inputs (fuzz/regressions/<name>-*.bin), then fuzzing for SECONDS from a
# temporary copy of its seed corpus (the repository's corpus never grows).
# One line per harness, then "N passed, M failed"; exit 1 on any crash,
# leak, sanitizer report or failed property.
#
#   fuzz/run.sh [SECONDS [BINDIR]]
#
# SECONDS defaults to 30. BINDIR (or $FUZZ_BIN_DIR) holds built
# fuzz_<name> binaries; without it `make fuzz` is run in $BUILD_DIR
# (default: the current directory) and its fuzz/ is used.
# FUZZ_JOBS=N runs N harnesses at a time (default 1); FUZZ_KEEP=DIR keeps
# each harness's log, grown corpus and crash inputs under DIR.
set -u
seconds=${1:-30}
bindir=${2:-${FUZZ_BIN_DIR:-}}
here=$(cd "$(dirname "$0")" && pwd)
jobs=${FUZZ_JOBS:-1}

case $seconds in '' | *[!0-9]*) echo "usage: $0 [SECONDS [BINDIR]]" >&2; exit 2 ;; esac
case $jobs in '' | 0 | *[!0-9]*) echo "fuzz: FUZZ_JOBS must be a positive number" >&2; exit 2 ;; esac
if [ -z "$bindir" ]; then
    builddir=${BUILD_DIR:-.}
    make -C "$builddir" fuzz >/dev/null || { echo "fuzz: make fuzz failed"; echo "0 passed, 1 failed"; exit 1; }
    bindir=$builddir/fuzz
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/fuzz.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT PIPE TERM

# Longest input per harness: past what each parser's limits and branches
# need (a Digest value is refused past 4096 bytes), small enough to stay fast.
max_len() {
    case $1 in
    range | params | statuslist) echo 512 ;;
    digest_auth | creq_digest) echo 10000 ;;
    multipart | pyjson | json_load | creq_headers | urlencoded) echo 16384 ;;
    *) echo 4096 ;;
    esac
}

# One harness: regressions, then fuzzing. Writes PASS or FAIL and a summary
# line to $tmp/<name>.result.
run_one() {
    name=$1
    bin=$bindir/fuzz_$name
    work=$tmp/$name
    mkdir -p "$work/corpus" "$work/crashes"
    if [ ! -x "$bin" ]; then
        echo "FAIL fuzz_$name: $bin not built" >"$tmp/$name.result"
        return
    fi
    for input in "$here/regressions/$name"-*.bin; do
        [ -f "$input" ] || continue
        if ! "$bin" "$input" >"$work/regressions.log" 2>&1; then
            {
                echo "FAIL fuzz_$name: regression input ${input##*/} fails again:"
                grep -E 'ERROR|runtime error|property failed|SUMMARY' "$work/regressions.log" | head -n 5
            } >"$tmp/$name.result"
            return
        fi
    done
    [ -d "$here/corpus/$name" ] && cp "$here/corpus/$name"/* "$work/corpus/" 2>/dev/null
    dict=
    [ -f "$here/dict/$name.dict" ] && dict=-dict=$here/dict/$name.dict
    "$bin" -max_total_time="$seconds" -max_len="$(max_len "$name")" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/crashes/" \
        ${dict:+"$dict"} "$work/corpus" >"$work/fuzz.log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz.log")
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/fuzz.log")
    if [ $rc -eq 0 ]; then
        echo "PASS fuzz_$name: ${execs:-?} runs, ${speed:-?} exec/s" >"$tmp/$name.result"
    else
        {
            crash=
            for f in "$work/crashes"/*; do
                [ -f "$f" ] && crash=${f##*/} && break
            done
            echo "FAIL fuzz_$name: exit $rc${crash:+; the input ($crash; FUZZ_KEEP=DIR keeps it):}"
            [ -n "$crash" ] && od -c "$work/crashes/$crash" | head -n 16
            tail -n 25 "$work/fuzz.log"
        } >"$tmp/$name.result"
    fi
}

names=
for src in "$here"/fuzz_*.c; do
    name=${src##*/fuzz_}
    names="$names ${name%.c}"
done

# shellcheck disable=SC2086 # one word per harness
set -- $names
while [ $# -gt 0 ]; do
    i=0
    while [ $# -gt 0 ] && [ $i -lt "$jobs" ]; do
        run_one "$1" &
        shift
        i=$((i + 1))
    done
    wait
done

passed=0
failed=0
for name in $names; do
    cat "$tmp/$name.result"
    case $(head -n 1 "$tmp/$name.result") in
    PASS*) passed=$((passed + 1)) ;;
    *) failed=$((failed + 1)) ;;
    esac
done
if [ -n "${FUZZ_KEEP:-}" ]; then
    mkdir -p "$FUZZ_KEEP" && cp -R "$tmp"/. "$FUZZ_KEEP"/
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
