-- Shared by the bench scripts: one connection per wrk thread (-t N -c N), thread ids, a parsable summary.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

-- Each thread's share of bench/out/attempts.txt: "attempt_id token option1 ... option15" per line.
function load_attempts(tid, nthreads)
  local mine = {}
  local i = 0
  for line in io.lines(os.getenv("ATTEMPTS_FILE")) do
    if i % nthreads == tid - 1 then
      local fields = {}
      for f in line:gmatch("%S+") do table.insert(fields, f) end
      local options = {}
      for k = 3, #fields do table.insert(options, fields[k]) end
      table.insert(mine, {id = fields[1], token = fields[2], options = options})
    end
    i = i + 1
  end
  return mine
end

function done(summary, latency, requests)
  local secs = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT name=%s requests=%d non2xx=%d sock_errors=%d seconds=%.1f rps=%.1f p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f max_ms=%.1f\n",
    os.getenv("BENCH_NAME") or "?", summary.requests, e.status, e.connect + e.read + e.write + e.timeout, secs,
    summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
