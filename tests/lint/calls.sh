#!/bin/sh
# Calls run one way. From the built objects (nm), file A calls file B when A
# uses a symbol B defines. Between folders only the layers' arrows are
# allowed (routes -> server -> lib, app -> routes, client -> lib), and no
# files call each other in a circle, directly or through others (tsort
# finds the loops). One graph per program or library, since lib/ is built
# into several.
build=${top_builddir:-.}
cd "$build" || exit 99
command -v nm >/dev/null && command -v tsort >/dev/null || { echo "calls: needs nm and tsort"; exit 77; }
status=0

# $1: what is checked; the rest: its objects. Prints "A B" per call.
edges() {
    nm -A -P "$@" 2>/dev/null | awk '
        function node(path,    dir, base) {
            dir = path; sub(/\/[^\/]*$/, "", dir); sub(/\/?\.libs$/, "", dir)
            if (dir == path || dir == "") dir = "."
            base = path; sub(/.*\//, "", base); sub(/^[^-]*-/, "", base); sub(/\.o$/, ".c", base)
            return dir == "." ? base : dir "/" base
        }
        {
            file = $1; sub(/:$/, "", file)
            if ($3 == "U") uses[node(file), $2] = 1
            else if ($3 ~ /^[TDBRCGSVW]$/) defined[$2] = node(file)
        }
        END {
            for (k in uses) {
                split(k, p, SUBSEP)
                if ((p[2] in defined) && defined[p[2]] != p[1]) pair[p[1] " " defined[p[2]]] = 1
            }
            for (e in pair) print e
        }'
}

# The folder a node belongs to; the generated table of static/ is routes'.
folder() {
    case $1 in static_assets.c) echo routes ;; */*) echo "${1%/*}" ;; *) echo . ;; esac
}
may_call() { # from-folder to-folder
    [ "$1" = "$2" ] && return 0
    case "$1>$2" in
    "server>lib" | "routes>server" | "routes>lib" | "app>routes" | "app>server" | "app>lib" | \
    "client>lib" | "client/cli>lib") return 0 ;;
    esac
    return 1
}

check() { # name, objects...
    name=$1
    shift
    set -- $(ls "$@" 2>/dev/null)
    [ $# -gt 0 ] || { echo "calls: $name: no objects built"; status=1; return; }
    pairs=$(edges "$@")
    echo "$pairs" | while read -r a b; do
        [ -n "$a" ] || continue
        may_call "$(folder "$a")" "$(folder "$b")" || echo "calls: $name: $a calls $b, against the layers"
    done | grep . && status=1
    loop=$( { echo "$pairs"; } | tsort 2>&1 >/dev/null)
    if [ -n "$loop" ]; then
        echo "calls: $name: files that call each other in a circle:"
        echo "$loop" | sed 's/^tsort: //'
        status=1
    fi
    echo "calls: $name: $# files, $(echo "$pairs" | grep -c .) arrows"
}

check httpbin-c lib/.libs/libtoolkit_la-*.o server/.libs/libengine_la-*.o \
    routes/.libs/libhttpbin_la-*.o .libs/libhttpbin_la-static_assets.o app/httpbin_c-*.o
check libcreq client/.libs/libcreq_la-*.o lib/.libs/libcreq_la-*.o
check creq client/cli/creq-*.o lib/.libs/libtoolkit_la-*.o
check creq-check client/cli/creq_check-*.o lib/.libs/libtoolkit_la-*.o
exit $status
