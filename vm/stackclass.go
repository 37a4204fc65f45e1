package vm

import "github.com/cprime-lang/cprime/vmstack"

// StackClass is a coroutine stack's size class. The compiler (which picks
// a class per coroutine body) and the stdlib (Coroutine::new_sized) name
// classes through vm, so that they import vm only, as ARCHITECTURE.md's
// package table says; vmstack stays the VM's private memory layer.
type StackClass = vmstack.Class

// The size classes (vmstack: Micro 256 B, Small 2 KiB, Medium 16 KiB,
// Large 64 KiB and doubling).
const (
	StackMicro  = vmstack.Micro
	StackSmall  = vmstack.Small
	StackMedium = vmstack.Medium
	StackLarge  = vmstack.Large
)

// StackClassFor returns the smallest class whose stacks hold n slots.
func StackClassFor(slots int) StackClass { return vmstack.ClassFor(slots) }
