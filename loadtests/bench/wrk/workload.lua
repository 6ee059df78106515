-- wrk script for the single-operation workloads: the requests the locustfile sends for them.
--   wrk -t1 -c32 -d2s -s workload.lua http://127.0.0.1:8001 -- <paths file> [follow]
-- Each request goes to a path picked at random from the file (one per line). With "follow", the
-- next_cursor of a listing is followed half of the time, as a reader scrolling on would.
-- done() prints one line, BENCH-JSON {...}: the run's duration, counts and latency histogram.

local paths = {}
local follow = false
local next_path = nil

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  follow = args[2] == "follow"
  if not follow then response = nil end -- wrk skips parsing responses when there is no handler
  math.randomseed(os.time())
end

function request()
  local path = next_path or paths[math.random(#paths)]
  next_path = nil
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if status == 200 and math.random() < 0.5 then
    local cursor = string.match(body, '"next_cursor"%s*:%s*"([^"]+)"')
    if cursor then next_path = paths[1] .. "&cursor=" .. cursor end
  end
end

function done(summary, latency, requests)
  local pairs_out = {}
  for i = 1, #latency do
    local value, count = latency(i)
    pairs_out[#pairs_out + 1] = string.format("[%d,%d]", value, count)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH-JSON {"duration_us":%d,"requests":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,'
      .. '"status":%d,"timeout":%d},"latency_us":[%s]}\n',
    summary.duration, summary.requests, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    table.concat(pairs_out, ",")))
end
