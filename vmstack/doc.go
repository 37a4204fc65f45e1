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
// by one. Slot memory never holds a Go pointer, so the Go garbage
// collector never scans it.
package vmstack
