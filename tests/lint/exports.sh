#!/bin/sh
# libcreq exports its public creq_ API and nothing else.
lib="${top_builddir:-.}/.libs/libcreq.so"
[ -f "$lib" ] || { echo "exports: $lib not built"; exit 99; }
bad=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBR]$/ {print $3}' | grep -vE '^creq_[a-z]')
if [ -n "$bad" ]; then
    echo "libcreq exports symbols outside its API:"
    echo "$bad"
    exit 1
fi
echo "exports: $(nm -D --defined-only "$lib" | awk '$2 == "T"' | wc -l) functions, all creq_"
exit 0
