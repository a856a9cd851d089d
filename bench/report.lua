-- wrk script for bench/queue.sh: at the end of a run print one parseable line
--   BENCH requests=N duration_s=S rps=R p50_ms=A p95_ms=B p99_ms=C max_ms=D bytes_per_req=E
--         timeouts=T socket_errors=F status_errors=G
-- socket_errors = connect + read + write errors; status_errors = responses with status >= 400.
-- wrk does not count 3xx as errors: queue.sh compares bytes_per_req with the real page size, so a run
-- that was only redirected to the sign-in page cannot pass unnoticed.
function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_s=%.2f rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f bytes_per_req=%.0f timeouts=%d socket_errors=%d status_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.bytes / math.max(summary.requests, 1),
    e.timeout, e.connect + e.read + e.write, e.status))
end
