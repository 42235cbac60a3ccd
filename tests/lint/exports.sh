#!/bin/sh
# libcreq exports its public creq_ API and nothing else: the shared library
# exports only creq_[^_] names, and every global symbol of the static one
# starts with creq_ (its internals are creq__, and the toolkit inside it is
# renamed by client/toolkit_names.h), so neither can clash with a program's.
dir="${top_builddir:-.}/.libs"
so=$dir/libcreq.so a=$dir/libcreq.a
[ -f "$so" ] && [ -f "$a" ] || { echo "exports: $so or $a not built"; exit 99; }
status=0
bad=$(nm -D --defined-only "$so" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | grep -vE '^creq_[a-z]')
if [ -n "$bad" ]; then
    echo "libcreq.so exports symbols outside its API:"
    echo "$bad"
    status=1
fi
bad=$(nm -g --defined-only "$a" | awk 'NF == 3 {print $3}' | grep -v '^creq_' | sort -u)
if [ -n "$bad" ]; then
    echo "libcreq.a defines global symbols without the creq_ prefix (toolkit ones"
    echo "go in client/toolkit_names.h):"
    echo "$bad"
    status=1
fi
[ $status -eq 0 ] && echo "exports: libcreq.so $(nm -D --defined-only "$so" | awk '$2 == "T"' | wc -l) functions, all creq_; libcreq.a $(nm -g --defined-only "$a" | awk 'NF == 3' | wc -l) symbols, all creq_"
exit $status
