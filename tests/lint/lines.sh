#!/bin/sh
# Small files with one job: no source file outside tests/ is over 600 lines.
cd "$(dirname "$0")/../.." || exit 99
max=600
long=$(find lib server routes app client include fuzz bench tools \( -name '*.c' -o -name '*.h' \
       -o -name '*.def' -o -name '*.sh' \) -exec wc -l {} + 2>/dev/null |
       awk -v max=$max '$2 != "total" && $1 > max { print "  " $2 ": " $1 " lines" }')
if [ -n "$long" ]; then
    echo "lines: over $max lines (split it by job):"
    echo "$long"
    exit 1
fi
echo "lines: every source file outside tests/ is $max lines or fewer"
