-- forin: a generator drained by a for loop: N yields of a coroutine consumed by a generic
-- `for` over coroutine.wrap. The driver is a function, its locals in registers.
-- Usage: lua forin.lua [N]   (default N = 10000000; prints N*(N-1)/2)
local n = tonumber(arg and arg[1]) or 10000000
local function drive(n)
  local total = 0
  for v in coroutine.wrap(function() for i = 0, n - 1 do coroutine.yield(i) end end) do
    total = total + v
  end
  return total
end
print(drive(n))
