#!/bin/sh
# SPDX-License-Identifier: MIT
# `make install` into a staging directory: every file a user gets is there,
# and a small program built with `pkg-config --cflags --libs creq` against the
# installed header and library (shared, then static) talks to the installed
# httpbin-c; another, on `pkg-config httpbin`, embeds the server (shared, then
# static) and reads its journal; the CMake example project
# (examples/libhttpbin/cmake) builds on the installed libhttpbin and passes
# under ctest. Works from any build tree, VPATH and `make distcheck` included.
top_builddir=${top_builddir:-.}
top_builddir=$(cd "$top_builddir" && pwd) || exit 1
if [ ! -f "$top_builddir/Makefile" ]; then
    echo "install: $top_builddir is not a configured build tree"
    exit 77
fi
# What this build tree compiles with: a sanitizer build's library needs its
# programs built with the same sanitizers.
mkvar() { sed -n "s/^$1 = //p" "$top_builddir/Makefile" | head -n 1; }
CC=$(mkvar CC)
SANITIZER_CFLAGS=$(mkvar SANITIZER_CFLAGS)
PKG_CONFIG=$(mkvar PKG_CONFIG)
abs_top_srcdir=$(mkvar abs_top_srcdir)
: "${CC:=cc}" "${PKG_CONFIG:=pkg-config}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/creq-install.XXXXXX") || exit 1
stage=$tmp/stage
server_pid=
cleanup() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null
        wait "$server_pid" 2>/dev/null
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
    [ -f "$tmp/err" ] && sed -n '1,15s/^/     | /p' "$tmp/err"
}
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}

# 1. make install, as a user would run it, into the staging directory. The
# outer make's jobserver is not ours to use.
if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$top_builddir" install \
        DESTDIR="$stage" >"$tmp/err" 2>&1; then
    ok "make install DESTDIR=..."
else
    bad "make install DESTDIR=..." "failed"
    finish
fi

# 2. Each installed file, found under whatever prefix configure was given.
installed() { find "$stage" -path "*/$1" \( -type f -o -type l \) | head -n 1; }
for f in bin/httpbin-c bin/creq bin/creq-check \
    lib/libcreq.so lib/libcreq.a include/creq.h lib/pkgconfig/creq.pc \
    lib/libhttpbin.so lib/libhttpbin.a include/httpbin.h lib/pkgconfig/httpbin.pc \
    man/man1/httpbin-c.1 man/man1/creq.1 man/man1/creq-check.1 man/man3/libcreq.3 \
    man/man3/libhttpbin.3; do
    if [ -n "$(installed "$f")" ]; then
        ok "installs $f"
    else
        : >"$tmp/err"
        bad "installs $f" "not under $stage"
    fi
done
for f in bin/httpbin-c bin/creq bin/creq-check; do
    p=$(installed "$f")
    [ -n "$p" ] && [ ! -x "$p" ] && { : >"$tmp/err"; bad "$f is executable" "mode $(ls -l "$p")"; }
done

pc=$(installed lib/pkgconfig/creq.pc)
server=$(installed bin/httpbin-c)
creq=$(installed bin/creq)
creq_check=$(installed bin/creq-check)
static_lib=$(installed lib/libcreq.a)
httpbin_static_lib=$(installed lib/libhttpbin.a)
httpbin_pc=$(installed lib/pkgconfig/httpbin.pc)
[ -n "$pc" ] && [ -n "$server" ] || finish
libdir=$(dirname "$(dirname "$pc")")

# 3. The installed httpbin-c serves. Once it listens it writes its URL,
# http://127.0.0.1:PORT, to the ready file (whole: by a rename).
"$server" --host 127.0.0.1 --port 0 --threads 2 --log-format off \
    --ready-file "$tmp/ready" >"$tmp/server.out" 2>"$tmp/server.err" &
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
    { cat "$tmp/server.out" "$tmp/server.err"; echo "ready file: '$BASE'"; } >"$tmp/err"
    bad "installed httpbin-c starts" "no URL in its ready file"
    finish
    ;;
*) ok "installed httpbin-c starts" ;;
esac

# 4. A user's program: the README's example, checking what comes back.
cat >"$tmp/prog.c" <<'EOF'
#include <creq.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    char url[256];
    snprintf(url, sizeof(url), "%s/get", argc > 1 ? argv[1] : "");
    creq_error err;
    creq_session *s = creq_session_new();
    creq_response *r = creq_get(s, url,
        CREQ_OPTS(.params = CREQ_KV({ "q", "c lang" }), .timeout = 5), &err);
    if (!r) {
        fprintf(stderr, "%s: %s\n", creq_strerror(err.code), err.message);
        creq_session_free(s);
        return 1;
    }
    json_t *j = creq_response_json(r, &err);
    const char *q = json_string_value(json_object_get(json_object_get(j, "args"), "q"));
    int good = creq_response_status(r) == 200 && q && !strcmp(q, "c lang");
    printf("%d %s\n", creq_response_status(r), q ? q : "(no q)");
    json_decref(j);
    creq_response_free(r);
    creq_session_free(s);
    return good ? 0 : 2;
}
EOF

# The .pc file names the final prefix; the sysroot maps it into the stage.
pkg() {
    PKG_CONFIG_PATH="$libdir/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$stage" "$PKG_CONFIG" "$@"
}
flags=$(pkg --cflags --libs creq 2>"$tmp/err")
case "$flags" in
*"$stage"*-lcreq*) ok "pkg-config --cflags --libs creq" ;;
*) bad "pkg-config --cflags --libs creq" "got '$flags'"; finish ;;
esac

# shellcheck disable=SC2086
if $CC -std=c11 -Wall -Wextra -Werror $SANITIZER_CFLAGS -o "$tmp/prog" "$tmp/prog.c" \
        $flags >"$tmp/err" 2>&1; then
    ok "a program compiles warning-free and links against the installed libcreq"
else
    bad "a program compiles warning-free and links against the installed libcreq" "cc failed"
    finish
fi

if LD_LIBRARY_PATH=$libdir ldd "$tmp/prog" 2>&1 | grep -q "libcreq.so.* => $libdir/"; then
    ok "the program loads libcreq from the installed tree"
else
    LD_LIBRARY_PATH=$libdir ldd "$tmp/prog" >"$tmp/err" 2>&1
    bad "the program loads libcreq from the installed tree" "ldd says otherwise"
fi

if LD_LIBRARY_PATH=$libdir "$tmp/prog" "$BASE" >"$tmp/out" 2>"$tmp/err" &&
        grep -qx '200 c lang' "$tmp/out"; then
    ok "the program GETs /get from the installed httpbin-c (shared libcreq)"
else
    cat "$tmp/out" >>"$tmp/err"
    bad "the program GETs /get from the installed httpbin-c (shared libcreq)" "wrong answer"
fi

# 5. The same program on the static library: needs no LD_LIBRARY_PATH.
if [ -n "$static_lib" ]; then
    # shellcheck disable=SC2086
    if $CC -std=c11 $SANITIZER_CFLAGS $(pkg --cflags creq) -o "$tmp/prog_static" \
            "$tmp/prog.c" "$static_lib" $(pkg --libs jansson libcurl gnutls) -lpthread \
            >"$tmp/err" 2>&1 &&
            "$tmp/prog_static" "$BASE" >"$tmp/out" 2>>"$tmp/err" &&
            grep -qx '200 c lang' "$tmp/out"; then
        ok "the program on the static libcreq.a GETs /get"
    else
        cat "$tmp/out" >>"$tmp/err" 2>/dev/null
        bad "the program on the static libcreq.a GETs /get" "build or answer failed"
    fi
fi

# 6. The installed command-line tools run on the installed library.
if [ -n "$creq" ] && LD_LIBRARY_PATH=$libdir "$creq" --check-status --quiet \
        "$BASE/status/200" >"$tmp/out" 2>"$tmp/err"; then
    ok "installed creq GETs /status/200"
else
    bad "installed creq GETs /status/200" "failed"
fi
if [ -n "$creq_check" ] && LD_LIBRARY_PATH=$libdir "$creq_check" --quick "$BASE" \
        >"$tmp/out" 2>"$tmp/err" && tail -n 1 "$tmp/out" | grep -qE '^[0-9]+ passed, 0 failed$'; then
    ok "installed creq-check --quick passes"
else
    tail -n 5 "$tmp/out" >>"$tmp/err" 2>/dev/null
    bad "installed creq-check --quick passes" "failed"
fi

# 7. The server stops cleanly (and, in a sanitizer build, without leaks).
kill "$server_pid"
wait "$server_pid"
status=$?
server_pid=
if [ $status -eq 0 ]; then
    ok "installed httpbin-c exits 0 on SIGTERM"
else
    cat "$tmp/server.err" >"$tmp/err"
    bad "installed httpbin-c exits 0 on SIGTERM" "exit status $status"
fi
if [ ! -e "$tmp/ready" ]; then
    ok "installed httpbin-c removes its ready file on exit"
else
    : >"$tmp/err"
    bad "installed httpbin-c removes its ready file on exit" "$tmp/ready is still there"
fi

# 8. A program that embeds the server with the installed libhttpbin: a
# request with libcurl, then the journal shows it.
cat >"$tmp/embed.c" <<'EOF'
#include <curl/curl.h>
#include <httpbin.h>
#include <stdio.h>
#include <stdlib.h>

static size_t discard(char *data, size_t size, size_t n, void *user)
{
    (void)data;
    (void)user;
    return size * n;
}

int main(void)
{
    char *error = NULL;
    httpbin_server *s = httpbin_start(NULL, &error);
    if (!s) {
        fprintf(stderr, "httpbin_start: %s\n", error);
        free(error);
        return 1;
    }
    char url[256];
    snprintf(url, sizeof(url), "%s/anything/embedded?from=install", httpbin_url(s));
    long status = 0;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *curl = curl_easy_init();
    if (curl) {
        curl_easy_setopt(curl, CURLOPT_URL, url);
        curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
        curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
        if (curl_easy_perform(curl) == CURLE_OK)
            curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_cleanup(curl);
    }
    json_t *journal = httpbin_requests(s);
    json_t *first = json_array_get(journal, 0);
    const char *method = json_string_value(json_object_get(first, "method"));
    const char *target = json_string_value(json_object_get(first, "target"));
    printf("%ld %zu %s %s\n", status, json_array_size(journal), method ? method : "-",
           target ? target : "-");
    json_decref(journal);
    httpbin_stop(s);
    curl_global_cleanup();
    return 0;
}
EOF
embed_expected='200 1 GET /anything/embedded?from=install'

flags=$(pkg --cflags --libs httpbin libcurl 2>"$tmp/err")
case "$flags" in
*"$stage"*-lhttpbin*) ok "pkg-config --cflags --libs httpbin" ;;
*) bad "pkg-config --cflags --libs httpbin" "got '$flags'"; finish ;;
esac

# shellcheck disable=SC2086
if $CC -std=c11 -Wall -Wextra -Werror $SANITIZER_CFLAGS -o "$tmp/embed" "$tmp/embed.c" \
        $flags >"$tmp/err" 2>&1; then
    ok "a program compiles warning-free and links against the installed libhttpbin"
else
    bad "a program compiles warning-free and links against the installed libhttpbin" "cc failed"
    finish
fi

if LD_LIBRARY_PATH=$libdir ldd "$tmp/embed" 2>&1 | grep -q "libhttpbin.so.* => $libdir/"; then
    ok "the program loads libhttpbin from the installed tree"
else
    LD_LIBRARY_PATH=$libdir ldd "$tmp/embed" >"$tmp/err" 2>&1
    bad "the program loads libhttpbin from the installed tree" "ldd says otherwise"
fi

if LD_LIBRARY_PATH=$libdir "$tmp/embed" >"$tmp/out" 2>"$tmp/err" &&
        grep -qx "$embed_expected" "$tmp/out"; then
    ok "the program's server answers and journals the request (shared libhttpbin)"
else
    cat "$tmp/out" >>"$tmp/err"
    bad "the program's server answers and journals the request (shared libhttpbin)" \
        "wrong answer"
fi

# The same on the static libhttpbin.a, with what `pkg-config --static` adds
# for it (its -lhttpbin would pick the .so beside the .a): it needs no
# LD_LIBRARY_PATH and no libhttpbin.so.
if [ -n "$httpbin_static_lib" ]; then
    cflags=$(pkg --cflags httpbin libcurl)
    static_libs=$(pkg --static --libs httpbin | sed 's/^/ /; s/$/ /; s/ -lhttpbin / /')
    curl_libs=$(pkg --libs libcurl)
    # shellcheck disable=SC2086
    if $CC -std=c11 -Wall -Wextra -Werror $SANITIZER_CFLAGS $cflags -o "$tmp/embed_static" \
            "$tmp/embed.c" "$httpbin_static_lib" $static_libs $curl_libs >"$tmp/err" 2>&1 &&
            ! ldd "$tmp/embed_static" 2>&1 | grep -q libhttpbin &&
            "$tmp/embed_static" >"$tmp/out" 2>>"$tmp/err" &&
            grep -qx "$embed_expected" "$tmp/out"; then
        ok "the program on the static libhttpbin.a (pkg-config --static) answers and journals"
    else
        cat "$tmp/out" >>"$tmp/err" 2>/dev/null
        bad "the program on the static libhttpbin.a (pkg-config --static) answers and journals" \
            "build or answer failed"
    fi
fi

# 9. The CMake example: pkg_check_modules finds the staged httpbin.pc, the
# test is built with this build's compiler and sanitizers, and ctest runs it.
# CI installs cmake (tools/deps.sh): without it this fails. CMake requires
# every include directory to exist, and the sysroot would prefix those of
# the system's packages too (jansson's, gnutls's): so it reads a copy of
# httpbin.pc whose absolute directories are moved into the stage, as if
# installed there.
example=$abs_top_srcdir/examples/libhttpbin/cmake
cmake_build=$tmp/cmake-build
mkdir "$tmp/cmake-pc" &&
    sed -E "s#^(prefix|exec_prefix|libdir|includedir)=/#\1=$stage/#" "$httpbin_pc" \
        >"$tmp/cmake-pc/httpbin.pc"
if ! command -v cmake >/dev/null 2>&1 || ! command -v ctest >/dev/null 2>&1; then
    : >"$tmp/err"
    bad "the CMake example" "cmake or ctest is not installed (tools/deps.sh installs cmake)"
elif ! [ -f "$example/CMakeLists.txt" ]; then
    : >"$tmp/err"
    bad "the CMake example" "no $example/CMakeLists.txt"
elif env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL CC="$CC" PKG_CONFIG_PATH="$tmp/cmake-pc" \
        cmake -S "$example" -B "$cmake_build" -DPKG_CONFIG_EXECUTABLE="$PKG_CONFIG" \
        -DCMAKE_C_FLAGS="$SANITIZER_CFLAGS" >"$tmp/err" 2>&1 &&
        ! grep -q 'Warning' "$tmp/err"; then
    ok "the CMake example configures and finds httpbin with pkg_check_modules"
    if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL cmake --build "$cmake_build" \
            >"$tmp/err" 2>&1 && ! grep -q 'warning' "$tmp/err"; then
        ok "the CMake example builds warning-free"
        if (cd "$cmake_build" && ctest --output-on-failure) >"$tmp/err" 2>&1; then
            ok "the CMake example's test passes under ctest"
        else
            bad "the CMake example's test passes under ctest" "ctest failed"
        fi
    else
        bad "the CMake example builds warning-free" "build failed or warned"
    fi
else
    bad "the CMake example configures and finds httpbin with pkg_check_modules" \
        "cmake failed or warned"
fi

finish
