#!/bin/sh
# The layer rules: only server/ may include <microhttpd.h> (bench/ and fuzz/
# hold a bare MHD server and harnesses that exercise it), and the route
# handlers in routes/ include neither libmicrohttpd nor GnuTLS.
cd "$(dirname "$0")/../.." || exit 99
status=0
mhd=$(grep -rlE '#[[:space:]]*include[[:space:]]*[<"]microhttpd\.h' --include='*.c' --include='*.h' . |
      grep -vE '^\./(server|bench|fuzz)/')
if [ -n "$mhd" ]; then
    echo "microhttpd.h included outside server/:"
    echo "$mhd"
    status=1
fi
tls=$(grep -rlE '#[[:space:]]*include[[:space:]]*[<"]gnutls/' --include='*.c' --include='*.h' routes)
if [ -n "$tls" ]; then
    echo "GnuTLS included in routes/:"
    echo "$tls"
    status=1
fi
[ $status -eq 0 ] && echo "layers: libmicrohttpd only in server/, routes/ free of MHD and GnuTLS"
exit $status
