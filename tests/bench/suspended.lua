-- suspended.lua: the Lua 5.4 peer of suspended.cpr (BenchmarkSuspendedPeakRSS): N coroutines,
-- each resumed to its first yield and kept in a table. Usage: lua5.4 suspended.lua [N]
local n = tonumber(arg[1]) or 1000000
local held = {}
local function parked() coroutine.yield(1) end
for i = 1, n do local c = coroutine.create(parked); coroutine.resume(c); held[i] = c end
print(#held)
