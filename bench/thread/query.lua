-- wrk script of bench/thread-queries.sh: GET one page per request for a random id from a file.
--
--   THREAD_BENCH_IDS=ids.txt THREAD_BENCH_PATH='/v1/conversations/%s/messages?limit=50' \
--   THREAD_BENCH_RATE=1100 THREAD_BENCH_CONNECTIONS=16 \
--     wrk -t2 -c16 -d30s --latency -s bench/thread/query.lua http://127.0.0.1:18082
--
-- THREAD_BENCH_IDS    file with one id per line (conversation ids or participant ids)
-- THREAD_BENCH_PATH   request path; %s is replaced by a random id of the file (ids need no URL escaping)
-- THREAD_BENCH_RATE   0 (default): closed loop, each connection sends its next request when the last one is answered.
--                     R > 0: paced; before each request a connection waits an exponentially distributed time with
--                     mean THREAD_BENCH_CONNECTIONS / R seconds, so that the connections together offer about R
--                     requests/s (a little less: the response time adds to each wait). Debian's wrk is not wrk2 and
--                     has no constant-rate mode; this is the closest it gets.
-- THREAD_BENCH_CONNECTIONS  the -c of the run (wrk does not tell its scripts)
-- THREAD_BENCH_TOKEN  bearer token sent with every request (bench/lib.sh bench_token)
-- done() prints one "threadline-wrk key=value ..." line and exits 1 if any response was not 2xx or any socket error
-- occurred.
local ids = {}
local path = os.getenv("THREAD_BENCH_PATH") or "/v1/conversations/%s/messages?limit=50"
local rate = tonumber(os.getenv("THREAD_BENCH_RATE") or "0") or 0
local connections = tonumber(os.getenv("THREAD_BENCH_CONNECTIONS") or "1") or 1
local mean_delay_ms = rate > 0 and connections * 1000 / rate or 0

local threads = {}

local token = os.getenv("THREAD_BENCH_TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("thread_number", #threads)
end

function init(args)
  local file = assert(io.open(os.getenv("THREAD_BENCH_IDS"), "r"))
  for line in file:lines() do
    if #line > 0 then ids[#ids + 1] = line end
  end
  file:close()
  assert(#ids > 0, "no ids in " .. os.getenv("THREAD_BENCH_IDS"))
  math.randomseed(os.time() * 1000 + (thread_number or 1) * 7919)
end

function request()
  return wrk.format("GET", string.format(path, ids[math.random(#ids)]))
end

if mean_delay_ms > 0 then
  function delay()
    return math.floor(-mean_delay_ms * math.log(1 - math.random()) + 0.5)
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  local seconds = summary.duration / 1e6
  local function ms(p) return latency:percentile(p) / 1000 end
  io.write(string.format(
    "threadline-wrk requests=%d seconds=%.2f requests_per_s=%.1f p50_ms=%.2f p75_ms=%.2f p90_ms=%.2f p99_ms=%.2f "
      .. "p999_ms=%.2f max_ms=%.2f mean_ms=%.2f non_2xx=%d socket_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds, ms(50), ms(75), ms(90), ms(99), ms(99.9),
    latency.max / 1000, latency.mean / 1000, e.status, socket_errors))
  io.flush()
  if e.status > 0 or socket_errors > 0 then
    io.write("threadline-wrk FAILED: responses that were not 2xx or socket errors\n")
    io.flush()
    os.exit(1)
  end
end
