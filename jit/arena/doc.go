// Package arena holds the JIT's executable memory, W^X: an arena is mapped
// read+write, the machine code of a batch of functions is copied in, and
// then it is mprotect'ed read+execute and never written again (no patching
// in place: code that must change is emitted into a new arena). Batching
// many functions into one mapping keeps the number of mappings (and TLB
// entries) small. On arm64 the instruction cache needs no explicit flush
// because every arena is a fresh mapping: nothing was ever executed at
// those addresses before the code was written.
//
// Arenas are mapped with mmap outside the Go heap, so the Go collector
// never scans or moves them; their addresses are plain integers.
package arena
