-- wrk script: spread the requests over the paths of a file (one a line), picked at random.
--
--     wrk -t2 -c16 -d60s -s bench/wrk_paths.lua http://127.0.0.1:8190 -- paths.txt [count]
--
-- With "count", every answer is also counted by status and by second (os.time()), and wrk prints
-- one line "answers <second> <status> <count>" for each at the end, so that the caller can tell
-- the answers given before, during and after an outage apart.

local threads = {}

function setup(thread)
   thread:set("id", #threads + 1)
   table.insert(threads, thread)
end

local paths = {}
counts = {}

function init(args)
   for line in io.lines(args[1]) do
      if line ~= "" then
         paths[#paths + 1] = line
      end
   end
   math.randomseed(os.time() + 7919 * id)
   if args[2] == "count" then
      -- Defined only when asked: wrk reads the headers and body of every answer for Lua once a
      -- response function exists, which costs throughput.
      response = function(status, headers, body)
         local key = os.time() .. " " .. status
         counts[key] = (counts[key] or 0) + 1
      end
   end
end

function request()
   return wrk.format(nil, paths[math.random(#paths)])
end

function done(summary, latency, requests)
   for _, thread in ipairs(threads) do
      for key, count in pairs(thread:get("counts")) do
         io.write("answers " .. key .. " " .. count .. "\n")
      end
   end
end
