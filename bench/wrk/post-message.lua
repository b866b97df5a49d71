-- wrk script: POST /v1/conversations/{id}/messages, one message per request.
--
--   BENCH_CONVERSATIONS=10000 BENCH_CONTENT_MIN=100 BENCH_CONTENT_MAX=200 \
--     wrk -t2 -c64 -d30s --latency -s bench/wrk/post-message.lua http://127.0.0.1:8081
--
-- Each request goes to a random conversation of a fixed pool of UUIDv4 ids (so events spread over the partitions)
-- with one of 2048 varied messages per thread (role user/agent/assistant, 100-200 bytes of content). done() prints
-- a "threadline-wrk ..." summary line and exits 1 if any response was not 202 or any socket error occurred.
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

function done(summary, latency, requests)
  threadline.done(summary, latency, 1)
end
