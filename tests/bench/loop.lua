-- loop: a tight integer loop (dispatch of simple arithmetic ops, numeric for).
-- Usage: lua loop.lua [N]   (default N = 100000000)
-- Same arithmetic as loop.cpr; the total stays below 1000003 (far inside +-2^47,
-- where CPrime keeps ints unboxed).
local n = tonumber(arg and arg[1]) or 100000000
local total = 0
for i = 0, n - 1 do
  total = (total + i % 7) % 1000003
end
print(total)
