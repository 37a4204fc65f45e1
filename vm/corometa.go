package vm

import (
	"math"

	"github.com/cprime-lang/cprime/vmstack"
)

// BodyProto returns the function a coroutine runs, also once it has
// finished (its entry frame's function slot then holds the result): the
// stack reference carries the function's index (bodyTag).
func (vm *VM) BodyProto(c *Coroutine) *Proto {
	if t := int(c.mem.Tag()); t > 0 && t <= len(vm.Protos) {
		return vm.Protos[t-1]
	}
	return nil
}

// bodyTag is the tag NewCoroutine puts on a coroutine's stack reference:
// its body's index + 1, or 0 past what the tag holds.
func bodyTag(p *Proto) uint16 {
	if p.Index+1 >= math.MaxUint16 {
		return 0
	}
	return uint16(p.Index + 1)
}

// exactSlots is the stack a Micro body starts with: the compiler's bound
// on its stack (or --pgo's measured peak, if larger) when that is below
// Micro, so it gets an exact-size stack; Micro's full size otherwise. need
// is its first frame. A wrong bound costs a migration, never correctness:
// every call checks the room left.
func exactSlots(p *Proto, need int) int {
	m := p.Meta
	if m == nil || !m.IsBounded {
		return vmstack.Micro.Slots()
	}
	return max(need, (m.MaxStackSize+7)/8, (m.PeakStack+7)/8)
}

// StartStack returns the bytes of stack a coroutine running p starts with
// when created in the class the compiler chose (cprime analyze, :analyze):
// an exact size below Micro, or the class's size (Large's initial one).
func StartStack(p *Proto) int {
	cls := vmstack.Large
	if p.Meta != nil {
		cls = vmstack.Class(p.Meta.SizeClass)
	}
	need := FrameHeader + p.NumRegs
	if need > cls.Slots() && cls < vmstack.Large {
		cls = vmstack.ClassFor(need)
	}
	if cls == vmstack.Micro {
		return vmstack.ExactSlots(exactSlots(p, need)) * 8
	}
	return cls.Bytes()
}
