-- strings: string building. Each round builds one string by repeated concatenation
-- (O(len^2) copying within a round) and joins a table of formatted parts with
-- table.concat; the checksum is the sum of the lengths.
-- Usage: lua strings.lua [N]   (default N = 2000 rounds of 100 pieces)
local n = tonumber(arg and arg[1]) or 2000
local total = 0
for r = 0, n - 1 do
  local s = ""
  local parts = {}
  for i = 0, 99 do
    s = s .. "<" .. (r .. "." .. i) .. ">"
    parts[#parts + 1] = "item" .. (i * r)
  end
  total = total + #s + #table.concat(parts, ", ")
end
print(total)
