// Command glua runs a Lua file with gopher-lua, for the benchmark comparison in
// tests/bench (compare.sh). Usage: glua FILE.lua [ARGS...]; the arguments are in
// the global table arg (arg[0] is the file, as in the lua command).
package main
