// Package vmstack provides the memory that coroutine stacks live in.
//
// A stack is a run of 64-bit slots. Frames are laid out by the VM inside
// it and addressed by slot index, never by address, so moving a stack
// (migration to a bigger size class) is a plain copy and references into
// it stay valid.
//
// Size classes: Micro 256 B, Small 2 KiB and Medium 16 KiB stacks come from
// bitmap pools (1024 stacks per contiguous block, allocation by
// find-first-zero-bit); Large stacks (64 KiB, doubling) are allocated one
// by one, each with a guard page. A body the compiler bounds below Micro
// gets an exact-size stack (AllocExact: its size rounded up to 16 B) from
// a pool of stacks that size, still of class Micro. Slot memory never
// holds a Go pointer, so the Go garbage collector never scans it.
//
// Reserve pre-allocates a class's blocks (or Large stacks) and keeps them
// when they empty, for programs that want no allocation when they spawn;
// while the Micro reservation has room it serves exact-size requests too.
//
// Memory comes from mmap on Unix (plain Go memory elsewhere). A block is
// added when a pool is full and released when it empties, with two
// measured exceptions: each pool keeps its last emptied block as a spare
// (a loop creating and completing one coroutine at a time otherwise paid
// an mmap, a munmap and fresh page faults per coroutine: 28 µs instead of
// under 1 µs), and up to 64 freed 64 KiB Large stacks are kept for reuse.
// Past 8192 live Large stacks, new ones come from the Go heap without a
// guard page, because Linux limits a process to about 65 000 mappings and
// the Go runtime fails fatally when it cannot map its own heap.
package vmstack
