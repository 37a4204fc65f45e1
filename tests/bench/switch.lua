-- switch: resume/yield round trips of one hand-driven coroutine (the cost of a switch).
-- The driver resumes with i and the coroutine adds it to its total and yields the total
-- back, so every round trip carries a value each way and the loop around it is minimal.
-- Usage: lua switch.lua [N]   (default N = 10000000; prints N*(N-1)/2)
local n = tonumber(arg and arg[1]) or 10000000
local yield = coroutine.yield
local co = coroutine.create(function()
  local total = 0
  while true do
    total = total + yield(total)
  end
end)
local resume = coroutine.resume
local _, r = resume(co) -- runs the body to its first yield
for i = 0, n - 1 do
  _, r = resume(co, i)
end
print(r)
