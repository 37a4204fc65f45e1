package vm

import "unsafe"

// marker is the mark phase of the VM's mark-sweep collector.
type marker struct {
	vm   *VM
	heap *Heap
	gray []uint64
}

// mark marks an object value (and queues it to be traced).
func (m *marker) mark(v Value) {
	if !v.IsObj() {
		return
	}
	h := v.Handle()
	seg := m.heap.segs[(h>>segBits)&segsMask]
	if seg == nil {
		return
	}
	i := h & segMask
	if seg.objs[i] == nil {
		return // a stale value in a dead register; nothing to keep alive
	}
	w, bit := i/64, uint64(1)<<(i%64)
	if seg.marks[w]&bit != 0 {
		return
	}
	seg.marks[w] |= bit
	m.gray = append(m.gray, h)
}

func (m *marker) drain() {
	for len(m.gray) > 0 {
		h := m.gray[len(m.gray)-1]
		m.gray = m.gray[:len(m.gray)-1]
		m.heap.get(h).trace(m)
	}
}

// collect runs a full mark-sweep collection. It is called only at
// safepoints, when every live value is in a stack slot, a global, or an
// object reachable from the scheduler.
func (vm *VM) collect() {
	h := vm.heap
	m := &marker{vm: vm, heap: h}
	for _, v := range vm.Globals {
		m.mark(v)
	}
	for _, v := range vm.pinned {
		m.mark(v)
	}
	for _, p := range vm.Protos {
		for _, v := range p.Consts {
			m.mark(v)
		}
		for i := range p.icache {
			if tb := p.icache[i].methods.Load(); tb != nil {
				for _, v := range tb.targets[:tb.n] {
					m.mark(v)
				}
			}
		}
	}
	for k := range vm.kindMethods {
		for _, v := range vm.kindMethods[k] {
			m.mark(v)
		}
	}
	for _, v := range vm.anyMethods {
		m.mark(v)
	}
	for _, c := range vm.Classes {
		for _, v := range c.Methods {
			m.mark(v)
		}
	}
	for _, u := range vm.Variants {
		m.mark(u.unit)
	}
	for _, it := range vm.Interfaces {
		for _, v := range it.Defaults {
			m.mark(v)
		}
	}
	if t := vm.Main; t.co != nil {
		m.mark(t.co.Self)
	}
	for _, r := range vm.roots {
		r(m.mark)
	}
	vm.sched.trace(m)
	m.drain()

	// dead coroutines go back to NewCoroutine unless something outside
	// the VM's heap (a debugger, a tracer, the REPL) may still name them
	recycle := !vm.Opts.Serial && vm.profile == nil && !vm.Hooks.observed()
	live, freed := 0, 0
	h.mu.Lock()
	for s := 0; s < h.nsegs; s++ {
		seg := h.segs[s]
		if seg == nil {
			continue
		}
		for i := range seg.objs {
			o := seg.objs[i]
			if o == nil {
				continue
			}
			if seg.marks[i/64]&(1<<(i%64)) != 0 {
				live++
				continue
			}
			switch x := o.(type) {
			case *Coroutine:
				x.finalize(vm)
				if recycle && len(h.coros) < maxRecycledCoroutines {
					*x = Coroutine{}
					h.coros = append(h.coros, x)
				}
			case finalizer:
				x.finalize(vm)
			case *UnionObj:
				if x.recyclable && len(h.unions) < maxRecycledUnions {
					u := (*unionObj1)(unsafe.Pointer(x)) // its first field
					u.Variant, u.field[0] = nil, 0
					h.unions = append(h.unions, u)
				}
			}
			seg.objs[i] = nil
			h.free = append(h.free, uint64(s)<<segBits|uint64(i))
			freed++
		}
		seg.marks = [segSize / 64]uint64{}
	}
	h.live = live
	h.allocated = 0
	h.threshold = live
	if h.threshold < minGCThreshold {
		h.threshold = minGCThreshold
	}
	h.collections++
	h.mu.Unlock()
	vm.gcPending.Store(false)
}

// Collect forces a collection (tests, the REPL). It must be called when no
// coroutine is in the middle of an instruction.
func (vm *VM) Collect() { vm.collect() }

// AddRoot registers a function that marks extra roots (front ends holding
// values across runs, such as REPL history or live coroutines).
func (vm *VM) AddRoot(r func(mark func(Value))) { vm.roots = append(vm.roots, r) }
