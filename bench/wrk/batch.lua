-- wrk script: POST /v1/batch with BENCH_BATCH_SIZE postMessage commands per request (default 500, the maximum).
--
--   BENCH_BATCH_SIZE=500 wrk -t1 -c8 -d30s --latency -s bench/wrk/batch.lua http://127.0.0.1:8081
--
-- Body: {"commands":[{"type":"postMessage","conversationId":"<uuid>","message":{...}}, ...]}; every command picks a
-- random conversation of the same fixed pool as post-message.lua and one of 2048 varied messages per thread.
-- Each thread builds BENCH_BATCH_BODIES (default 64) such requests in init() and sends them in turn: building a
-- 500-command body per request in Lua took ~0.2 of the 2 cores from the service under test. The service assigns new
-- ids to every command it takes, so a body sent again is new work, and no key (Idempotency-Key) is sent.
-- done() prints a "threadline-wrk ..." line whose events_per_s counts commands, and exits 1 if any response was
-- not 202 or any socket error occurred (a 404 means the endpoint does not exist in the running build).
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = dir .. "?.lua;" .. package.path
local threadline = require("threadline")

local batch_size = tonumber(os.getenv("BENCH_BATCH_SIZE") or "") or 500
local body_count = tonumber(os.getenv("BENCH_BATCH_BODIES") or "") or 64

wrk.method = "POST"
wrk.path = "/v1/batch"
wrk.headers["Content-Type"] = "application/json"

function setup(thread)
  threadline.setup(thread)
end

local requests, next_request = {}, 0

local function body()
  local commands = {}
  for i = 1, batch_size do
    commands[i] = '{"type":"postMessage","conversationId":"' .. threadline.conversation()
      .. '","message":' .. threadline.message() .. '}'
  end
  return '{"commands":[' .. table.concat(commands, ",") .. ']}'
end

function init(args)
  threadline.prepare(thread_number, 2048)
  for i = 1, body_count do
    requests[i] = wrk.format(nil, nil, nil, body())
  end
end

function request()
  next_request = next_request % #requests + 1
  return requests[next_request]
end

response = threadline.response

function done(summary, latency, requests)
  threadline.done(summary, latency, batch_size)
end
