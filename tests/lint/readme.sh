#!/bin/sh
# The README's endpoint tables are the route table's (tools/readme_endpoints
# makes them; `make readme` writes them after a row changes).
srcdir=$(cd "$(dirname "$0")/../.." && pwd)
exec "${top_builddir:-.}/tools/readme_endpoints" --check "$srcdir/README.md"
