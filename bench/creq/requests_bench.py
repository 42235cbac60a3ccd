#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# python-requests counterpart of creq_bench: N sequential GETs of BASE/get on
# one requests.Session (kept-alive), body read; same output line.
import sys
import time

import requests


def main():
    if len(sys.argv) < 2:
        sys.stderr.write("usage: %s BASE_URL [N]   (GETs BASE_URL/get N times, default 10000)\n"
                         % sys.argv[0])
        return 2
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    if not 1 <= n <= 10000000:
        sys.stderr.write("requests_bench: N must be 1..10000000\n")
        return 2
    url = sys.argv[1].rstrip("/") + "/get"
    s = requests.Session()
    clock = time.perf_counter_ns

    def one():
        r = s.get(url)
        body = r.content  # the whole body, as the C clients read it
        if r.status_code != 200 or not body.endswith(b"\n"):
            raise SystemExit("requests_bench: status %d, %d bytes" % (r.status_code, len(body)))
        return len(body)

    for _ in range(100):  # warm-up, as creq_bench
        one()
    lat = [0] * n
    nbytes = 0
    cpu_start = time.process_time_ns()  # the client's own cost, as the C clients
    start = clock()
    for i in range(n):
        t0 = clock()
        nbytes += one()
        lat[i] = clock() - t0
    total = clock() - start
    cpu = time.process_time_ns() - cpu_start
    lat.sort()
    print("client=requests n=%d rps=%.1f p50_us=%.1f p99_us=%.1f cpu_us=%.1f conns=- bytes=%d"
          % (n, n / (total / 1e9), lat[(n - 1) // 2] / 1e3, lat[int((n - 1) * 0.99)] / 1e3,
             cpu / 1e3 / n, nbytes))
    s.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
