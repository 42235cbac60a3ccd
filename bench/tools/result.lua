-- SPDX-License-Identifier: MIT
-- result.lua: wrk script for bench/run.sh. Prints one line,
--   WRK rps= p50_us= p99_us= requests= errors= non2xx=
-- errors = socket errors (connect, read, write, timeout); non2xx = answers
-- that were not 2xx or 3xx. With BENCH_POST=N in the environment every
-- request is a POST of an N-byte JSON object ({"payload":"aaa..."}).
local post = tonumber(os.getenv("BENCH_POST") or "")
if post then
    local head, tail = '{"payload":"', '"}'
    wrk.method = "POST"
    wrk.body = head .. string.rep("a", post - #head - #tail) .. tail
    wrk.headers["Content-Type"] = "application/json"
end

done = function(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        "WRK rps=%.1f p50_us=%d p99_us=%d requests=%d errors=%d non2xx=%d\n",
        summary.requests / (summary.duration / 1e6), latency:percentile(50),
        latency:percentile(99), summary.requests,
        e.connect + e.read + e.write + e.timeout, e.status))
end
