-- spawn: coroutine creation: N coroutines, each created, resumed once and run to completion.
-- Usage: lua spawn.lua [N]   (default N = 1000000; prints the sum of (i % 7) + 1)
local n = tonumber(arg and arg[1]) or 1000000
local create, resume = coroutine.create, coroutine.resume
local function body(x)
  return x % 7 + 1
end
local total = 0
for i = 0, n - 1 do
  local ok, v = resume(create(body), i)
  if not ok then error("spawn: " .. tostring(v)) end
  total = total + v
end
print(total)
