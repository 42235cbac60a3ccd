#!/bin/sh
# SPDX-License-Identifier: MIT
# httpbin-c as a test fixture from the shell: started on a free loopback
# port, found through its ready file, asked through GET /journal what it
# received, stopped with SIGTERM. HTTPBIN_C names the binary (default:
# httpbin-c on PATH; `make check` runs the build's). Needs curl.
# Prints "N passed, M failed" last; exits 0 only when all passed.
if [ -z "${HTTPBIN_C:-}" ] && [ -n "${top_builddir:-}" ]; then
    HTTPBIN_C=$top_builddir/httpbin-c
fi
HTTPBIN_C=${HTTPBIN_C:-httpbin-c}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/httpbin-fixture.XXXXXX") || exit 1
pid=
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
    if [ -n "$pid" ]; then
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT PIPE TERM

passed=0
failed=0
ok() {
    passed=$((passed + 1))
    echo "ok   $1"
}
bad() {
    failed=$((failed + 1))
    echo "FAIL $1: $2"
}
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}
# Straight to the loopback server, whatever http_proxy says.
fetch() { curl --silent --show-error --noproxy '*' --max-time 60 "$@"; }

# Port 0: the kernel picks a free port. The server writes its URL to the
# ready file once it listens (whole, by a rename) and removes it on exit.
"$HTTPBIN_C" --host 127.0.0.1 --port 0 --journal --log-format off \
    --ready-file "$tmp/ready" >"$tmp/server.out" 2>"$tmp/server.err" &
pid=$!
# Up to 60 s (only a hang takes that long); a server that died ends the
# wait at once.
n=0
while [ ! -f "$tmp/ready" ] && [ $n -lt 600 ] && kill -0 "$pid" 2>/dev/null; do
    sleep 0.1 2>/dev/null || sleep 1
    n=$((n + 1))
done
url=
[ -f "$tmp/ready" ] && IFS= read -r url <"$tmp/ready"
case $url in
http://127.0.0.1:[0-9]*) ok "httpbin-c is ready at $url" ;;
*)
    bad "httpbin-c is ready" "no URL in the ready file"
    sed 's/^/     | /' "$tmp/server.out" "$tmp/server.err"
    finish
    ;;
esac

# The code under test would make this request; here, curl does.
status=$(fetch --output "$tmp/post" --write-out '%{http_code}' \
    --header 'X-Fixture: fixture-42' --data 'name=fixture&n=42' "$url/post")
if [ "$status" = 200 ]; then
    ok "POST /post answers 200"
else
    bad "POST /post answers 200" "got '$status'"
fi

# The journal, compact JSON: {"dropped":0,"requests":[{...,"headers":
# [["Name","value"],...],...}]}. GET /journal is not recorded itself.
fetch --output "$tmp/journal" "$url/journal"
has() { grep -qF -- "$1" "$tmp/journal"; }
if [ "$(grep -o '"id":[0-9]*' "$tmp/journal")" = '"id":1' ] &&
    has '"method":"POST"' && has '"target":"/post"'; then
    ok "the journal holds the one request, POST /post"
else
    bad "the journal holds the one request, POST /post" "$(cat "$tmp/journal")"
fi
if has '["X-Fixture","fixture-42"]'; then
    ok "the server saw the X-Fixture header"
else
    bad "the server saw the X-Fixture header" "$(cat "$tmp/journal")"
fi
if has '"body":"name=fixture&n=42"'; then
    ok "the server saw the body"
else
    bad "the server saw the body" "$(cat "$tmp/journal")"
fi

# Between two tests: DELETE /journal empties it.
if [ "$(fetch --request DELETE "$url/journal")" = '{"cleared":1}' ]; then
    ok "DELETE /journal clears it"
else
    bad "DELETE /journal clears it" "unexpected answer"
fi

# SIGTERM: the server finishes what is in flight, removes the ready file
# and exits 0.
kill -TERM "$pid"
wait "$pid"
status=$?
pid=
if [ "$status" -eq 0 ]; then
    ok "httpbin-c exits 0 on SIGTERM"
else
    bad "httpbin-c exits 0 on SIGTERM" "exit status $status"
    sed 's/^/     | /' "$tmp/server.err"
fi
if [ ! -e "$tmp/ready" ]; then
    ok "the ready file is gone"
else
    bad "the ready file is gone" "$tmp/ready is still there"
fi

finish
