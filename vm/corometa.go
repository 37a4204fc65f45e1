package vm

import "math"

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
