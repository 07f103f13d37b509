-- wrk's own figures for benchmarks/harness.py, as one JSON line once a run ends: the requests, the run's
-- length and the latency distribution it recorded, and every kind of error (a non-2xx/3xx is "status").
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, '
      .. '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    errors.connect, errors.read, errors.write, errors.status, errors.timeout
  ))
end
