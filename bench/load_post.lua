-- wrk script: POST a JSON body read from a file, with an API key; prints one RESULT line in done().
-- Environment: PDFLET_BENCH_BODY (path of the JSON body), PDFLET_BENCH_KEY (an API key).
-- wrk -t1 -c16 -d10s --timeout 10s -s bench/load_post.lua http://127.0.0.1:PORT/api/v1/pdf/
local f = assert(io.open(os.getenv("PDFLET_BENCH_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = os.getenv("PDFLET_BENCH_KEY")

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %.1f %.2f %.2f %d %d\n", summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
