-- dispatch: method calls through metatables on an array holding objects of 3 classes.
-- Usage: lua dispatch.lua [N]   (default N = 10000 passes over 300 shapes = 3M calls)
-- Must run on Lua 5.4 and on gopher-lua (Lua 5.1): a triangle stores half its base (hb)
-- so its area needs no integer division.
local Square = {}
Square.__index = Square
function Square.new(s) return setmetatable({ s = s }, Square) end
function Square:area() return self.s * self.s end

local Rect = {}
Rect.__index = Rect
function Rect.new(w, h) return setmetatable({ w = w, h = h }, Rect) end
function Rect:area() return self.w * self.h end

local Tri = {}
Tri.__index = Tri
function Tri.new(hb, h) return setmetatable({ hb = hb, h = h }, Tri) end
function Tri:area() return self.hb * self.h end

local n = tonumber(arg and arg[1]) or 10000
local shapes = {}
for i = 0, 299 do
  local k = i % 10 + 1
  local m = i % 3
  if m == 0 then
    shapes[#shapes + 1] = Square.new(k)
  elseif m == 1 then
    shapes[#shapes + 1] = Rect.new(k, k + 1)
  else
    shapes[#shapes + 1] = Tri.new(k, k + 3)
  end
end
local total = 0
for _ = 1, n do
  for _, shape in ipairs(shapes) do
    total = total + shape:area()
  end
end
print(total)
