#!/bin/sh
# The layers (docs/architecture.md): each folder includes only what sits
# below it. lib/ (the toolkit) includes nothing of ours outside lib/;
# server/ (the engine) includes lib/ and never routes/, client/ or app/;
# routes/ includes lib/ and of the engine only server/http.h; client/
# includes lib/ and the public include/; the CLI tools and examples see
# libcreq only through include/creq.h; tools/ reads the route table. A bare "name.h" must sit beside its
# includer. Only server/ may include libmicrohttpd, only client/ libcurl,
# and routes/ neither of them nor GnuTLS.
cd "$(dirname "$0")/../.." || exit 99
status=0
fail() { echo "layers: $*"; status=1; }

# What a folder may include from outside itself, as path prefixes.
allowed() {
    case $1 in
    lib) echo "" ;;
    server) echo "lib/ buildconf.h" ;;
    routes) echo "lib/ server/http.h buildconf.h" ;;
    app) echo "lib/ server/ routes/table.h httpbin.h" ;;
    tools) echo "lib/ routes/route.h routes/table.h" ;;
    client) echo "lib/ creq.h" ;;
    client/cli) echo "lib/ creq.h" ;;
    client/examples) echo "creq.h" ;;
    examples/libhttpbin) echo "httpbin.h creq.h" ;;
    include) echo "" ;;
    esac
}

# Each violation is one line on stderr; the loop runs in a subshell (a pipe),
# so they are counted from there.
bad=$( (for dir in lib server routes app tools client client/cli client/examples examples/libhttpbin include; do
    ok=$(allowed "$dir")
    for f in "$dir"/*.c "$dir"/*.h; do
        [ -f "$f" ] || continue
        # Quoted includes, and the system headers that belong to one layer.
        sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f" |
        while read -r inc; do
            case $inc in
            */*) path=$inc ;;
            *) if [ -f "$dir/$inc" ]; then continue; fi
               path=$inc ;;
            esac
            case $path in "$dir"/*) [ -f "$path" ] && continue ;; esac
            hit=
            for prefix in $ok; do
                case $path in "$prefix"*) hit=1 ;; esac
            done
            [ -n "$hit" ] && { [ -f "$path" ] || [ -f "include/$path" ] ||
                               [ "$path" = buildconf.h ] || echo "$f: \"$inc\" does not exist"; continue; }
            echo "$f: includes \"$inc\", which $dir/ may not"
        done
    done
done) 2>&1)
[ -n "$bad" ] && { echo "$bad"; status=1; }

only_in() { # header regex, the folders allowed
    pattern=$1
    shift
    found=$(grep -rlE "#[[:space:]]*include[[:space:]]*[<\"]$pattern" --include='*.c' --include='*.h' \
            lib server routes app client include 2>/dev/null)
    for f in $found; do
        hit=
        for d in "$@"; do case $f in "$d"/*) hit=1 ;; esac; done
        [ -n "$hit" ] || fail "$f includes $pattern, which only $* may"
    done
}
only_in 'microhttpd\.h' server
only_in 'curl/' client
only_in 'gnutls/' server lib client

[ $status -eq 0 ] && echo "layers: lib <- server <- routes <- app, lib <- client <- cli; every include allowed"
exit $status
