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

// exactSlots is the stack a body started in Micro needs: the peak --pgo's
// profile measured, else the compiler's bound (need is its first frame).
// Below Micro's size it gets an exact-size stack; otherwise (and when
// unbounded) Micro's. A wrong figure costs a migration, never correctness:
// every call checks the room left.
func exactSlots(p *Proto, need int) int {
	m := p.Meta
	switch {
	case m == nil:
		return vmstack.Micro.Slots()
	case m.Profiled && m.PeakStack > 0:
		return max(need, (m.PeakStack+7)/8)
	case !m.IsBounded:
		return vmstack.Micro.Slots()
	}
	return max(need, (m.MaxStackSize+7)/8)
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
	if n := exactSlots(p, need); cls == vmstack.Micro && n < cls.Slots() {
		return vmstack.ExactSlots(n) * 8
	}
	return cls.Bytes()
}
