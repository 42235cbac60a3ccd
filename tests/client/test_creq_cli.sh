#!/bin/sh
# SPDX-License-Identifier: MIT
# creq(1) against httpbin-c: request items, bodies, auth, redirects,
# --check-status, output selection, HTTP versions, usage and transport
# errors, exit statuses.
top_builddir=${top_builddir:-.}
CREQ=$top_builddir/creq
SERVER=$top_builddir/httpbin-c
for bin in "$CREQ" "$SERVER"; do
    if [ ! -x "$bin" ]; then
        echo "creq cli: $bin not built"
        exit 77
    fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/creq-cli.XXXXXX") || exit 1
server_pid=
peer_pid=
cleanup() {
    for pid in $server_pid $peer_pid; do
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT PIPE TERM

# Once it listens, the server writes its URL "http://127.0.0.1:PORT" to the
# ready file (whole: by a rename).
"$SERVER" --host 127.0.0.1 --port 0 --log-format off --ready-file "$tmp/ready" \
    >"$tmp/server.out" 2>"$tmp/server.err" &
server_pid=$!
tries=0
# Up to 60 s: a sanitized start on a loaded machine is slow (a dead server
# ends the wait at once).
while [ ! -f "$tmp/ready" ] && [ $tries -lt 600 ] && kill -0 "$server_pid" 2>/dev/null; do
    sleep 0.1
    tries=$((tries + 1))
done
BASE=
[ -f "$tmp/ready" ] && BASE=$(sed -n 1p "$tmp/ready")
port=${BASE#http://127.0.0.1:}
case $port in
'' | *[!0-9]*)
    echo "creq cli: httpbin-c did not start (ready file: '$BASE')"
    cat "$tmp/server.out" "$tmp/server.err"
    exit 1
    ;;
esac

passed=0
failed=0
# A case passes only if creq's stderr is free of sanitizer reports too.
ok() {
    if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$tmp/err"; then
        bad "$1" "sanitizer report"
        return
    fi
    passed=$((passed + 1))
    echo "ok   $1"
}
bad() {
    failed=$((failed + 1))
    echo "FAIL $1: $2 (exit $rc)"
    sed -n '1,8s/^/     out| /p' "$tmp/out"
    sed -n '1,8s/^/     err| /p' "$tmp/err"
}
skip() {
    echo "skip $1: $2"
}

# run ARGS...: creq's stdout in $tmp/out (CR removed in $tmp/lines),
# stderr in $tmp/err, exit status in $rc.
run() {
    "$CREQ" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
    rc=$?
    tr -d '\r' <"$tmp/out" >"$tmp/lines"
}
# json EXPR: the Python expression EXPR holds for d, stdout parsed as JSON.
json() {
    python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if eval(sys.argv[2]) else 1)' "$tmp/out" "$1" 2>/dev/null
}
out_has() { grep -q -- "$1" "$tmp/lines"; }
err_has() { grep -q -- "$1" "$tmp/err"; }
first_line() { sed -n 1p "$tmp/lines"; }

printf 'hello file\n' >"$tmp/up.txt"
printf '{"a": [1, {"b": null}]}' >"$tmp/obj.json"

# First, so the server is done with the abandoned /delay before it is stopped.
run --timeout 0.5 "$BASE/delay/3"
if [ $rc -eq 2 ] && err_has '^creq: error: ReadTimeout: '; then
    ok "--timeout exceeded exits 2"
else
    bad "--timeout exceeded exits 2" "expected exit 2"
fi

# --- bodies -------------------------------------------------------------------
run "$BASE/post" name=value 'greeting=hello world'
if [ $rc -eq 0 ] && json 'd["json"] == {"name": "value", "greeting": "hello world"}' &&
    json 'd["headers"]["Content-Type"] == "application/json"' &&
    json 'd["headers"]["Accept"] == "application/json, */*;q=0.5"'; then
    ok "json string fields"
else
    bad "json string fields" "expected a JSON object of strings"
fi

run "$BASE/post" age:=29 ok:=true none:=null 'list:=[1,2]' 'obj:={"k":"v"}' pi:=3.5 \
    "file:=@$tmp/obj.json" "text=@$tmp/up.txt"
if [ $rc -eq 0 ] && json 'd["json"] == {"age": 29, "ok": True, "none": None, "list": [1, 2],
        "obj": {"k": "v"}, "pi": 3.5, "file": {"a": [1, {"b": None}]},
        "text": "hello file\n"}'; then
    ok "raw json := and @file values"
else
    bad "raw json := and @file values" "expected typed JSON values"
fi

run "$BASE/post" 'bad:=[1'
if [ $rc -eq 1 ] && err_has "creq: error: 'bad:=\[1': not valid JSON" && [ ! -s "$tmp/out" ]; then
    ok "invalid raw json is refused"
else
    bad "invalid raw json is refused" "expected exit 1 and a message"
fi

run "$BASE/post" 'a\=b=c' 'd\:e:=1' 'k\==v'
if [ $rc -eq 0 ] && json 'd["json"] == {"a=b": "c", "d:e": 1, "k=": "v"}'; then
    ok "backslash escapes separators"
else
    bad "backslash escapes separators" "expected keys a=b, d:e and k="
fi

run -f "$BASE/post" a=1 'b=x y' n:=2
if [ $rc -eq 0 ] && json 'd["form"] == {"a": "1", "b": "x y", "n": "2"} and d["json"] is None' &&
    json 'd["headers"]["Content-Type"].startswith("application/x-www-form-urlencoded")'; then
    ok "--form urlencoded fields"
else
    bad "--form urlencoded fields" "expected a urlencoded form"
fi

run --form "$BASE/post" note=hi "up@$tmp/up.txt"
if [ $rc -eq 0 ] && json 'd["files"] == {"up": "hello file\n"} and d["form"] == {"note": "hi"}' &&
    json 'd["headers"]["Content-Type"].startswith("multipart/form-data; boundary=")'; then
    ok "--form multipart file upload"
else
    bad "--form multipart file upload" "expected a file and a field"
fi

run "$BASE/post" "doc@$tmp/up.txt;type=text/x-note"
if [ $rc -eq 0 ] && json 'd["files"] == {"doc": "hello file\n"}'; then
    ok "file item implies --form"
else
    bad "file item implies --form" "expected a multipart upload without --form"
fi

run "$BASE/post" "up@$tmp/missing.txt"
if [ $rc -eq 1 ] && err_has 'No such file or directory'; then
    ok "missing upload file"
else
    bad "missing upload file" "expected exit 1 before sending"
fi

# --- method, URL, query, headers ----------------------------------------------
run "$BASE/anything"
json 'd["method"] == "GET"'
a=$((rc + $?))
run "$BASE/anything" x=1
if [ $a -eq 0 ] && [ $rc -eq 0 ] && json 'd["method"] == "POST"'; then
    ok "method defaults to GET, POST with data"
else
    bad "method defaults to GET, POST with data" "expected GET, then POST"
fi

run put "$BASE/put" x=1
if [ $rc -eq 0 ] && json 'd["json"] == {"x": "1"}'; then
    ok "explicit lowercase method"
else
    bad "explicit lowercase method" "expected PUT /put to answer"
fi

run "$BASE/get" a==1 'b==x y' a==2 'c==p=q'
if [ $rc -eq 0 ] && json 'd["args"] == {"a": ["1", "2"], "b": "x y", "c": "p=q"}' &&
    json 'd["url"].endswith("/get?a=1&b=x+y&a=2&c=p%3Dq")'; then
    ok "query parameters in order"
else
    bad "query parameters in order" "expected a=1&b=x+y&a=2&c=p%3Dq"
fi

run "$BASE/headers" X-Foo:bar 'X-Empty;' User-Agent: Accept-Encoding: 'Accept:text/plain'
if [ $rc -eq 0 ] && json 'd["headers"]["X-Foo"] == "bar" and d["headers"]["X-Empty"] == ""' &&
    json '"User-Agent" not in d["headers"] and "Accept-Encoding" not in d["headers"]' &&
    json 'd["headers"]["Accept"] == "text/plain"'; then
    ok "headers added, emptied, removed, replaced"
else
    bad "headers added, emptied, removed, replaced" "unexpected request headers"
fi

run ":$port/get" q==1
if [ $rc -eq 0 ] && json 'd["url"] == "http://localhost:'"$port"'/get?q=1"'; then
    ok ":PORT/path localhost shorthand"
else
    bad ":PORT/path localhost shorthand" "expected http://localhost:$port/get"
fi

run "127.0.0.1:$port/get"
if [ $rc -eq 0 ] && json 'd["url"] == "http://127.0.0.1:'"$port"'/get"'; then
    ok "http:// added to a URL without scheme"
else
    bad "http:// added to a URL without scheme" "expected http://127.0.0.1:$port/get"
fi

# --- auth ---------------------------------------------------------------------
run -a user:passwd "$BASE/basic-auth/user/passwd"
if [ $rc -eq 0 ] && json 'd == {"authenticated": True, "user": "user"}'; then
    ok "basic auth"
else
    bad "basic auth" "expected authenticated"
fi

run -A bearer -a s3cr3t "$BASE/bearer"
if [ $rc -eq 0 ] && json 'd == {"authenticated": True, "token": "s3cr3t"}'; then
    ok "bearer auth"
else
    bad "bearer auth" "expected the token back"
fi

run -A digest -a user:passwd -h "$BASE/digest-auth/auth/user/passwd"
case $(first_line) in
"HTTP/1.1 404"*) skip "digest auth" "this httpbin-c has no /digest-auth (404)" ;;
"HTTP/1.1 200"*) ok "digest auth" ;;
*) bad "digest auth" "expected 200" ;;
esac

# --- redirects and --check-status ---------------------------------------------
run -h "$BASE/redirect/2"
if [ $rc -eq 0 ] && first_line | grep -q '^HTTP/1.1 302' &&
    out_has '^Location: /relative-redirect/1'; then
    ok "redirects not followed by default"
else
    bad "redirects not followed by default" "expected the 302 itself"
fi

run --follow "$BASE/redirect/2"
if [ $rc -eq 0 ] && json 'd["url"] == "'"$BASE"'/get"'; then
    ok "--follow"
else
    bad "--follow" "expected to end at /get"
fi

run -v -F "$BASE/redirect/2"
if [ $rc -eq 0 ] && [ "$(grep -c '^HTTP/1.1 302' "$tmp/lines")" -eq 2 ] &&
    [ "$(grep -c '^GET /' "$tmp/lines")" -eq 3 ] && out_has '^HTTP/1.1 200'; then
    ok "-v -F shows every hop"
else
    bad "-v -F shows every hop" "expected 3 requests, 2 redirects and a 200"
fi

run -F --max-redirects 1 "$BASE/redirect/3"
if [ $rc -eq 6 ] && err_has '^creq: error: TooManyRedirects: '; then
    ok "--max-redirects exceeded exits 6"
else
    bad "--max-redirects exceeded exits 6" "expected exit 6"
fi

for case in 302:3 404:4 503:5; do
    code=${case%:*} want=${case#*:}
    run --check-status "$BASE/status/$code"
    if [ $rc -eq "$want" ] && err_has "^creq: warning: HTTP $code "; then
        ok "--check-status $code exits $want"
    else
        bad "--check-status $code exits $want" "expected exit $want and a warning"
    fi
done

run --check-status -F "$BASE/status/302"
if [ $rc -eq 0 ]; then
    ok "--check-status -F on a followed 302"
else
    bad "--check-status -F on a followed 302" "expected exit 0"
fi

run "$BASE/status/404"
if [ $rc -eq 0 ]; then
    ok "a 404 without --check-status exits 0"
else
    bad "a 404 without --check-status exits 0" "expected exit 0"
fi

# --- output -------------------------------------------------------------------
run -v "$BASE/post" a=1
if [ $rc -eq 0 ] && first_line | grep -q '^POST /post HTTP/1.1$' &&
    out_has '^Host: 127.0.0.1:'"$port"'$' && out_has '^User-Agent: creq/' &&
    out_has '^{"a": "1"}$' && out_has '^HTTP/1.1 200 OK$' && out_has '"json":{"a":"1"}'; then
    ok "-v shows the request, then the response"
else
    bad "-v shows the request, then the response" "missing request line, headers or body"
fi

run -p h "$BASE/get"
if [ $rc -eq 0 ] && first_line | grep -q '^HTTP/1.1 200 OK$' &&
    out_has '^Content-Type: application/json' && ! out_has '"args"'; then
    ok "--print=h: response headers only"
else
    bad "--print=h: response headers only" "expected headers and no body"
fi

run -p Hh "$BASE/get" q==1
if [ $rc -eq 0 ] && first_line | grep -q '^GET /get?q=1 HTTP/1.1$' && out_has '^HTTP/1.1 200 OK$' &&
    ! out_has '"args"'; then
    ok "--print=Hh: both heads, no bodies"
else
    bad "--print=Hh: both heads, no bodies" "expected two heads"
fi

run -p b "$BASE/get"
if [ $rc -eq 0 ] && json '"args" in d' && ! out_has '^HTTP/'; then
    ok "--print=b: the body only"
else
    bad "--print=b: the body only" "expected bare JSON"
fi

run --headers "$BASE/get"
a=$rc
cp "$tmp/lines" "$tmp/headers"
run --body "$BASE/get"
if [ $a -eq 0 ] && [ $rc -eq 0 ] && first_line | grep -q '^{' &&
    grep -q '^HTTP/1.1 200' "$tmp/headers" && ! grep -q '"args"' "$tmp/headers"; then
    ok "--headers and --body"
else
    bad "--headers and --body" "expected headers, then a body"
fi

run --pretty=all "$BASE/get" q==1
if [ $rc -eq 0 ] && out_has '^    "args": {$' && out_has '^        "q": "1"$' &&
    json 'd["args"] == {"q": "1"}' && ! grep -q "$(printf '\033')" "$tmp/out"; then
    ok "--pretty=all off a terminal: indented, no colour"
else
    bad "--pretty=all off a terminal: indented, no colour" "expected 4-space JSON without escapes"
fi

run --pretty=format --unsorted -p B "$BASE/post" z=1 a=2
if [ $rc -eq 0 ] && [ "$(sed -n 2p "$tmp/lines")" = '    "z": "1",' ] &&
    [ "$(sed -n 3p "$tmp/lines")" = '    "a": "2"' ]; then
    ok "--unsorted keeps key order"
else
    bad "--unsorted keeps key order" "expected z before a"
fi

if script --version 2>/dev/null | grep -q util-linux; then
    script -qec "'$CREQ' '$BASE/get'" /dev/null </dev/null >"$tmp/out" 2>"$tmp/err"
    rc=$?
    NO_COLOR=1 script -qec "'$CREQ' '$BASE/get'" /dev/null </dev/null >"$tmp/plain" 2>>"$tmp/err"
    tr -d '\r' <"$tmp/out" >"$tmp/lines"
    esc=$(printf '\033')
    if [ $rc -eq 0 ] && grep -q "$esc" "$tmp/out" && out_has '"args"' &&
        grep -q '^HTTP/1.1 200 OK' "$tmp/plain" && ! grep -q "$esc" "$tmp/plain"; then
        ok "terminal: headers, colours, NO_COLOR"
    else
        bad "terminal: headers, colours, NO_COLOR" "expected coloured headers and body"
    fi
else
    skip "terminal: headers, colours, NO_COLOR" "no util-linux script(1)"
fi

# --- HTTP versions ------------------------------------------------------------
for flag in --http1.0 --http1.1 --http2 --http2-prior-knowledge; do
    run "$flag" --help
    if [ $rc -eq 0 ] && out_has "$flag"; then
        ok "$flag is an option"
    else
        bad "$flag is an option" "expected it in --help and accepted"
    fi
done

run -v --http1.0 "$BASE/dump/request"
# The request line -v prints, then the one the server received (the body).
if [ $rc -eq 0 ] && first_line | grep -q '^GET /dump/request HTTP/1.0$' &&
    [ "$(grep -c '^GET /dump/request HTTP/1.0$' "$tmp/lines")" -eq 2 ]; then
    ok "--http1.0 goes out as HTTP/1.0, and -v says so"
else
    bad "--http1.0 goes out as HTTP/1.0, and -v says so" "expected two HTTP/1.0 request lines"
fi

# http:// has no ALPN: --http2 stays on HTTP/1.1 there, as curl's does.
run -p Hh --http2 "$BASE/get"
if [ $rc -eq 0 ] && first_line | grep -q '^GET /get HTTP/1.1$' && out_has '^HTTP/1.1 200 OK$'; then
    ok "--http2 on http:// is HTTP/1.1"
else
    bad "--http2 on http:// is HTTP/1.1" "expected HTTP/1.1 both ways"
fi

# The status line is the answer's: Python's http.server answers in HTTP/1.0.
python3 -c 'import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")
    def log_message(self, *args):
        pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
open(sys.argv[1] + ".tmp", "w").write(str(s.server_port))
__import__("os").rename(sys.argv[1] + ".tmp", sys.argv[1])
s.serve_forever()' "$tmp/peer" 2>/dev/null &
peer_pid=$!
tries=0
while [ ! -f "$tmp/peer" ] && [ $tries -lt 300 ] && kill -0 "$peer_pid" 2>/dev/null; do
    sleep 0.1
    tries=$((tries + 1))
done
if [ -f "$tmp/peer" ]; then
    run -p Hh "http://127.0.0.1:$(cat "$tmp/peer")/"
    if [ $rc -eq 0 ] && first_line | grep -q '^GET / HTTP/1.1$' && out_has '^HTTP/1.0 200 OK$'; then
        ok "the status line shows the version of the answer"
    else
        bad "the status line shows the version of the answer" "expected HTTP/1.0 200 OK"
    fi
else
    skip "the status line shows the version of the answer" "the Python peer did not start"
fi

# --- errors and usage ---------------------------------------------------------
free_port=$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
run "http://127.0.0.1:$free_port/get"
if [ $rc -eq 1 ] && err_has '^creq: error: ConnectionError: .*127.0.0.1:'"$free_port"'/get'; then
    ok "refused connection exits 1"
else
    bad "refused connection exits 1" "expected a ConnectionError"
fi

run
if [ $rc -eq 1 ] && err_has '^usage: creq ' && err_has 'required: URL'; then
    ok "no URL is a usage error"
else
    bad "no URL is a usage error" "expected exit 1 and a usage line"
fi

run --no-such-option "$BASE/get"
if [ $rc -eq 1 ] && err_has '^usage: creq ' && err_has 'no-such-option'; then
    ok "unknown option is a usage error"
else
    bad "unknown option is a usage error" "expected exit 1 and a usage line"
fi

run --pretty=loud "$BASE/get"
a=$rc
cp "$tmp/err" "$tmp/err1"
run "$BASE/get" 'not-an-item'
if [ $a -eq 1 ] && grep -q '^usage: creq ' "$tmp/err1" && [ $rc -eq 1 ] &&
    err_has 'not a valid request item'; then
    ok "bad option value and bad item"
else
    bad "bad option value and bad item" "expected exit 1 twice"
fi

run --version
if [ $rc -eq 0 ] && grep -qE '^[0-9]+\.[0-9]+\.[0-9]+$' "$tmp/lines"; then
    ok "--version"
else
    bad "--version" "expected a version number"
fi

run --help
if [ $rc -eq 0 ] && out_has '^usage: creq ' && out_has '--check-status'; then
    ok "--help"
else
    bad "--help" "expected the help text"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
