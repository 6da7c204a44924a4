-- wrk script: each thread sends the requests of <prefix>-<thread>.txt in order,
-- one per line, "METHOD PATH BODY" (PATH "-" for the URL given to wrk), and
-- starts over at the end (a replay: the bench makes enough lines for its run).
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  requests = {}
  for line in io.lines(args[1] .. "-" .. id .. ".txt") do
    local method, path, body = line:match("^(%S+) (%S+) ?(.*)$")
    if path == "-" then path = nil end
    requests[#requests + 1] = wrk.format(method, path, nil, body)
  end
  index = 0
end

function request()
  index = index + 1
  if index > #requests then index = 1 end
  return requests[index]
end
