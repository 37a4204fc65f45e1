-- fib: recursive function calls (call/return overhead, small-int arithmetic).
-- Usage: lua fib.lua [N]   (default N = 30; fib(30) = 832040)
local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

local n = tonumber(arg and arg[1]) or 30
print(fib(n))
