// Package bench holds the CPrime-vs-Lua benchmark workloads (NAME.cpr and
// NAME.lua, the same work in both languages, each printing one checksum).
//
// TestWorkloadsAgree runs every workload at a small size with the in-process
// CPrime engine and with gopher-lua (and with lua5.4 when it is installed) and
// checks that the checksums agree. BenchmarkCPrime/NAME and
// BenchmarkGopherLua/NAME run them at full size:
//
//	go test ./tests/bench/ -run '^$' -bench . -benchtime 1x
//
// compare.sh compares the cprime binary with lua5.4 and gopher-lua side by side.
// runtime_test.go holds the runtime benchmarks (memory per coroutine, parallel
// speedup, channel hand-offs, field access through `exposes`).
package bench
