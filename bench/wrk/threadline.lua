-- Shared by post-message.lua and batch.lua: the conversation pool, message bodies, the 202 check and the summary.
--
-- Settings (environment variables, read in every wrk thread):
--   BENCH_CONVERSATIONS  size of the fixed pool of UUIDv4 conversation ids (default 10000); the same pool in every
--                        thread and every run (fixed seed), so keys spread over all 12 partitions
--   BENCH_CONTENT_MIN    shortest message content in bytes (default 100)
--   BENCH_CONTENT_MAX    longest message content in bytes (default 200)
--   INGEST_BENCH_TOKEN   bearer token sent with every request (bench/ingest-benchmark.sh mints one)
local M = {}

local token = os.getenv("INGEST_BENCH_TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

local POOL_SEED = 20250601
local WORDS = {
  "parcel", "delivery", "refund", "order", "tracking", "invoice", "account", "password", "reset", "payment",
  "card", "declined", "shipping", "address", "warehouse", "courier", "weekend", "tomorrow", "please", "thanks",
  "hello", "agent", "customer", "ticket", "update", "status", "pending", "resolved", "urgent", "billing",
  "subscription", "cancel", "renewal", "discount", "voucher", "checkout", "basket", "damaged", "missing", "return",
  "label", "printer", "booking", "check-in", "apartment", "keys", "host", "guest", "model", "context",
  "summary", "scene", "character", "quest", "tavern", "dragon", "answer", "question", "again", "today",
}
local ROLES = {
  -- role, sender prefix, share of messages (they add up to 10)
  { "user", "customer-", 5 }, { "agent", "agent-", 3 }, { "assistant", "assistant-", 2 },
}

local function env_number(name, default)
  local value = tonumber(os.getenv(name) or "")
  return value or default
end

M.conversations = env_number("BENCH_CONVERSATIONS", 10000)
M.content_min = env_number("BENCH_CONTENT_MIN", 100)
M.content_max = env_number("BENCH_CONTENT_MAX", 200)

-- A UUIDv4 (version nibble 4, variant 10xx) from math.random.
local function uuid4()
  local r = math.random
  return string.format("%04x%04x-%04x-4%03x-%x%03x-%04x%04x%04x",
    r(0, 0xffff), r(0, 0xffff), r(0, 0xffff), r(0, 0xfff), r(8, 11), r(0, 0xfff),
    r(0, 0xffff), r(0, 0xffff), r(0, 0xffff))
end

-- Plain words (nothing to escape in JSON) to a length between content_min and content_max bytes.
local function content()
  local target = math.random(M.content_min, M.content_max)
  local parts, length = {}, 0
  while length < target do
    local word = WORDS[math.random(#WORDS)]
    parts[#parts + 1] = word
    length = length + #word + 1
  end
  local text = table.concat(parts, " ")
  return text:sub(1, target):gsub("%s+$", "")
end

-- The JSON of one message (the body of POST /v1/conversations/{id}/messages).
local function message()
  local pick, role = math.random(10), nil
  for _, candidate in ipairs(ROLES) do
    pick = pick - candidate[3]
    if pick <= 0 then role = candidate break end
  end
  local sender = role[2] .. math.random(1, 5000)
  if role[1] == "assistant" then
    return string.format(
      '{"senderId":"%s","senderRole":"assistant","content":"%s","contentType":"text/plain","tokensUsed":%d,"model":"gpt-4o-mini"}',
      sender, content(), math.random(20, 800))
  end
  return string.format('{"senderId":"%s","senderRole":"%s","content":"%s","contentType":"text/plain"}',
    sender, role[1], content())
end

-- Called from init(): the fixed conversation pool, then per-thread message variety.
function M.prepare(thread_number, messages)
  math.randomseed(POOL_SEED)
  M.pool = {}
  for i = 1, M.conversations do M.pool[i] = uuid4() end
  math.randomseed(POOL_SEED + 7919 * (thread_number or 1) + os.time())
  M.messages = {}
  for i = 1, messages do M.messages[i] = message() end
end

function M.conversation()
  return M.pool[math.random(#M.pool)]
end

function M.message()
  return M.messages[math.random(#M.messages)]
end

-- wrk callbacks shared by both scripts --------------------------------------------------------------------------

local threads = {}

function M.setup(thread)
  threads[#threads + 1] = thread
  thread:set("thread_number", #threads)
end

-- Per-thread globals (read back in done() with thread:get): responses other than 202 and the first one seen.
non_202 = 0
first_bad = ""

function M.response(status, headers, body)
  if status ~= 202 then
    non_202 = non_202 + 1
    if first_bad == "" then first_bad = status .. " " .. string.sub(body or "", 1, 300) end
  end
end

-- Prints one machine-readable line (bench/ingest-benchmark.sh parses it) and fails the run on any non-202.
function M.done(summary, latency, events_per_request)
  local bad, first = 0, ""
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("non_202") or 0)
    local seen = thread:get("first_bad") or ""
    if first == "" then first = seen end
  end
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  local seconds = summary.duration / 1e6
  local function ms(p) return latency:percentile(p) / 1000 end
  io.write(string.format(
    "threadline-wrk requests=%d seconds=%.2f requests_per_s=%.1f events_per_request=%d events_per_s=%.1f "
      .. "p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f non_202=%d socket_errors=%d "
      .. "(connect %d, read %d, write %d, timeout %d)\n",
    summary.requests, seconds, summary.requests / seconds, events_per_request,
    summary.requests * events_per_request / seconds, ms(50), ms(90), ms(99), ms(99.9), latency.max / 1000,
    bad, socket_errors, e.connect, e.read, e.write, e.timeout))
  if bad > 0 or socket_errors > 0 then
    io.write(string.format("threadline-wrk FAILED: %d responses were not 202, %d socket errors; first: %s\n",
      bad, socket_errors, first))
    io.flush()
    os.exit(1)
  end
  io.flush()
end

return M
