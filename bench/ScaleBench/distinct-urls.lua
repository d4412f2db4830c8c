-- wrk script for bench/ScaleBench: the same request hook for both phases, so /health/live and search pay the same
-- client cost.
--   wrk ... -s distinct-urls.lua http://127.0.0.1:PORT -- health
--   wrk ... -s distinct-urls.lua http://127.0.0.1:PORT -- search PATHS_FILE TAG
-- search: cycles through the paths in PATHS_FILE (one "/api/v1/schemes?q=..." per line) and appends
-- "&bench=TAG-THREAD-N", so no URL repeats in a run and the server's output cache (which varies by query string)
-- cannot answer. Responses with an Age header came from that cache; they are counted, as are non-200 answers.
-- done() prints one line "BENCH_RESULT {json}" for the bench to parse.

local threads = {}
local next_thread_id = 1

function setup(thread)
  thread:set("thread_id", next_thread_id)
  next_thread_id = next_thread_id + 1
  table.insert(threads, thread)
end

function init(args)
  mode = args[1]
  tag = args[3] or "run"
  paths = {}
  if mode == "search" then
    for line in io.lines(args[2]) do
      if #line > 0 then table.insert(paths, line) end
    end
    if #paths == 0 then error("no paths in " .. tostring(args[2])) end
  elseif mode ~= "health" then
    error("mode must be health or search, not " .. tostring(mode))
  end
  n = 0
  cache_hits = 0
  not_ok = 0
end

function request()
  n = n + 1
  local path
  if mode == "search" then
    path = paths[(n % #paths) + 1] .. "&bench=" .. tag .. "-" .. thread_id .. "-" .. n
  else
    path = "/health/live"
  end
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if status ~= 200 then not_ok = not_ok + 1 end
  if headers["Age"] ~= nil or headers["age"] ~= nil then cache_hits = cache_hits + 1 end
end

function done(summary, latency, requests)
  local hits, bad = 0, 0
  for _, thread in ipairs(threads) do
    hits = hits + thread:get("cache_hits")
    bad = bad + thread:get("not_ok")
  end
  io.write(string.format(
    'BENCH_RESULT {"requests":%.0f,"durationUs":%.0f,"notOk":%.0f,"cacheHits":%.0f,"connectErrors":%.0f,"readErrors":%.0f,"writeErrors":%.0f,"timeouts":%.0f,"p50Us":%.0f,"p99Us":%.0f}\n',
    summary.requests, summary.duration, bad, hits, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, latency:percentile(50), latency:percentile(99)))
end
