-- SPDX-License-Identifier: MIT
-- wrk script for bench/soak/run.sh: every connection walks a mix of
-- httpbin-c endpoints, each of which answers 2xx or 3xx when all is well,
-- so wrk's "Non-2xx or 3xx responses" count is the number of unexpected
-- answers. Paced endpoints are kept short so the mix stays busy.
local mix = {
  { "GET", "/get?soak=1", nil, nil },
  { "POST", "/post", { ["Content-Type"] = "application/json" },
    '{"name":"soak","items":[1,2,3],"nested":{"ok":true}}' },
  { "POST", "/post", { ["Content-Type"] = "application/x-www-form-urlencoded" },
    "a=1&b=two&b=three" },
  { "PUT", "/anything/soak", nil, "plain text body" },
  { "GET", "/headers", { ["X-Soak"] = "1" }, nil },
  { "GET", "/status/200,201,204", nil, nil },
  { "GET", "/bytes/4096?seed=7", nil, nil },
  { "GET", "/stream-bytes/8192?chunk_size=1000", nil, nil },
  { "GET", "/stream/5", nil, nil },
  { "GET", "/range/2000", { ["Range"] = "bytes=100-999" }, nil },
  { "GET", "/drip?numbytes=5&duration=0.05", nil, nil },
  { "GET", "/delay/0.05", nil, nil },
  { "GET", "/redirect/3", nil, nil },
  { "GET", "/cookies/set?soak=1", nil, nil },
  { "GET", "/basic-auth/u/p", { ["Authorization"] = "Basic dTpw" }, nil },
  { "GET", "/gzip", nil, nil },
  { "GET", "/brotli", nil, nil },
  { "GET", "/deflate", nil, nil },
  { "GET", "/image/png", nil, nil },
  { "GET", "/html", nil, nil },
  { "GET", "/response-headers?X-Soak=1&X-Soak=2", nil, nil },
  { "GET", "/etag/soak", { ["If-None-Match"] = '"soak"' }, nil },
  { "GET", "/cache/60", nil, nil },
  { "GET", "/uuid", nil, nil },
  { "GET", "/links/10/3", nil, nil },
  { "GET", "/base64/aGVsbG8gc29haw==", nil, nil },
  { "GET", "/sse?count=2&duration=50ms", nil, nil },
  { "GET", "/spec.json", nil, nil },
}

local requests = {}
local next_index = 1

function init(args)
  for i, r in ipairs(mix) do
    requests[i] = wrk.format(r[1], r[2], r[3], r[4])
  end
  -- threads start at different places in the mix
  next_index = math.random(#requests)
end

function request()
  local r = requests[next_index]
  next_index = next_index % #requests + 1
  return r
end

function done(summary, latency, requests_)
  io.write(string.format("SOAK requests=%d unexpected=%d connect_errors=%d read_errors=%d " ..
                         "write_errors=%d timeouts=%d p50_ms=%.2f p99_ms=%.2f\n",
                         summary.requests, summary.errors.status, summary.errors.connect,
                         summary.errors.read, summary.errors.write, summary.errors.timeout,
                         latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
