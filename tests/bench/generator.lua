-- generator: a coroutine yielding 0..N-1, driven by hand (coroutine.wrap = resume/yield).
-- Every value is one resume/yield round trip.
-- Usage: lua generator.lua [N]   (default N = 2000000)
local n = tonumber(arg and arg[1]) or 2000000
local gen = coroutine.wrap(function()
  for i = 0, n - 1 do coroutine.yield(i) end
  return nil
end)
local total = 0
while true do
  local v = gen()
  if v == nil then break end
  total = total + v
end
print(total)
