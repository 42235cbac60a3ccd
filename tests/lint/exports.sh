#!/bin/sh
# Each installed library exports its public API and nothing else, in the
# shared and the static form, so neither can clash with a program's names:
# libcreq only creq_ (its internals are creq__, the toolkit inside it is
# renamed by client/toolkit_names.h); libhttpbin only httpbin_ (the shared
# one by libtool's export list, the static one made local by the
# libhttpbin-local.stamp rule in Makefile.am).
dir="${top_builddir:-.}/.libs"
status=0
check() { # library name, prefix
    so=$dir/$1.so a=$dir/$1.a
    [ -f "$so" ] && [ -f "$a" ] || { echo "exports: $so or $a not built"; exit 99; }
    bad=$(nm -D --defined-only "$so" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | grep -vE "^$2[a-z]")
    if [ -n "$bad" ]; then
        echo "$1.so exports symbols outside its API:"
        echo "$bad"
        status=1
    fi
    bad=$(nm -g --defined-only "$a" | awk 'NF == 3 {print $3}' | grep -v "^$2" | sort -u)
    if [ -n "$bad" ]; then
        echo "$1.a defines global symbols without the $2 prefix:"
        echo "$bad"
        status=1
    fi
    [ $status -eq 0 ] && echo "exports: $1.so $(nm -D --defined-only "$so" | awk '$2 == "T"' | wc -l) functions, all $2; $1.a $(nm -g --defined-only "$a" | awk 'NF == 3' | wc -l) symbols, all $2"
}
check libcreq creq_
check libhttpbin httpbin_
exit $status
