-- wrk's request mix for `make loadtest` and `make drill` (bench/loadtest.py writes the list).
--
-- MIX_FILE names a file of lines "weight<TAB>htmx<TAB>path": each request is one of them,
-- drawn at random in proportion to its weight; htmx=1 sends `HX-Request: true`, as htmx does
-- when a matrix cell opens or search results follow typing. Every response's status is counted
-- per thread; done() prints one line, "MIX-RESULT {json}", with the latency percentiles, the
-- counts by status and wrk's socket errors.

local paths, weights, total = {}, {}, 0
statuses = {}  -- a global: done() reads each thread's with thread:get
local threads = {}
local counter = 0

local function load(name)
  local file = assert(io.open(name, "r"), "cannot open MIX_FILE " .. tostring(name))
  for line in file:lines() do
    local weight, htmx, path = line:match("^(%d+)\t(%d)\t(.+)$")
    if weight then
      total = total + tonumber(weight)
      weights[#weights + 1] = total
      local headers = { ["Accept-Encoding"] = "gzip" }
      if htmx == "1" then
        headers["HX-Request"] = "true"
      end
      paths[#paths + 1] = wrk.format("GET", path, headers)
    end
  end
  file:close()
  assert(#paths > 0, "MIX_FILE has no paths")
end

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  threads[#threads + 1] = thread
end

function init(args)
  load(os.getenv("MIX_FILE"))
  math.randomseed(os.time() * 1000 + id)
end

function request()
  local r = math.random(total)
  local low, high = 1, #weights
  while low < high do
    local middle = math.floor((low + high) / 2)
    if weights[middle] < r then
      low = middle + 1
    else
      high = middle
    end
  end
  return paths[low]
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
end

local function json(value)
  if type(value) == "table" then
    local parts = {}
    for k, v in pairs(value) do
      parts[#parts + 1] = string.format("%q:%s", tostring(k), json(v))
    end
    return "{" .. table.concat(parts, ",") .. "}"
  end
  return tostring(value)
end

function done(summary, latency, requests)
  local by_status = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      by_status[status] = (by_status[status] or 0) + n
    end
  end
  local result = {
    requests = summary.requests,
    duration_us = summary.duration,
    bytes = summary.bytes,
    errors = summary.errors,
    statuses = by_status,
    latency_us = {
      p50 = latency:percentile(50),
      p90 = latency:percentile(90),
      p99 = latency:percentile(99),
      max = latency.max,
      mean = latency.mean,
    },
  }
  io.write("MIX-RESULT " .. json(result) .. "\n")
end
