// Package tests runs CPrime programs end to end through the engine: every
// golden program under programs/ (one behaviour each, with inline
// `// expect:` lines), every file of examples/, and the public conformance
// sample in ../shared/conformance against conformance_known_failures.txt
// (runner_test.go); plus the import direction between packages
// (deps_test.go), the collector (gc_test.go), stack pools and analysis
// (stacks_test.go), in-place resume results (resume_inplace_test.go), the
// parallel runtime (parallel_test.go, also under -race) and fuzzing of
// compile-and-run (fuzz_test.go). Sub-packages: e2e drives the real binary,
// bench holds the benchmarks.
package tests
