-- wrk script: POST /v1/conversations/{id}/messages, one message per request.
--
--   BENCH_CONVERSATIONS=10000 BENCH_CONTENT_MIN=100 BENCH_CONTENT_MAX=200 \
--     wrk -t2 -c64 -d30s --latency -s bench/wrk/post-message.lua http://127.0.0.1:8081
--
-- Each request goes to a random conversation of a fixed pool of UUIDv4 ids (so events spread over the partitions)
-- with one of 2048 varied messages per thread (role user/agent/assistant, 100-200 bytes of content). done() prints
-- a "threadline-wrk ..." summary line and exits 1 if any response was not 202 or any socket error occurred.
--
-- INGEST_BENCH_RATE=R (with INGEST_BENCH_CONNECTIONS, the -c of the run) paces the connections: before each request
-- a connection waits an exponentially distributed time with mean connections / R seconds, so that together they offer
-- about R requests/s (a little less: the response time adds to each wait; Debian's wrk has no constant-rate mode).
-- Unset or 0: closed loop, each connection sends its next request when the last one is answered.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = dir .. "?.lua;" .. package.path
local threadline = require("threadline")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function setup(thread)
  threadline.setup(thread)
end

function init(args)
  threadline.prepare(thread_number, 2048)
end

function request()
  return wrk.format(nil, "/v1/conversations/" .. threadline.conversation() .. "/messages", nil, threadline.message())
end

response = threadline.response

local rate = tonumber(os.getenv("INGEST_BENCH_RATE") or "0") or 0
local connections = tonumber(os.getenv("INGEST_BENCH_CONNECTIONS") or "1") or 1
if rate > 0 then
  local mean_delay_ms = connections * 1000 / rate
  function delay()
    return math.floor(-mean_delay_ms * math.log(1 - math.random()) + 0.5)
  end
end

function done(summary, latency, requests)
  threadline.done(summary, latency, 1)
end
