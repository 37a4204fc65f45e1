package vm

// Redefine installs p at its index, the index of the function it
// redefines (a REPL redefinition: every later call, by name or through a
// function value, runs p). A frame already running or suspended in the
// old body keeps running the code it was suspended in: the old proto
// moves to a fresh index, and the function slot of each such frame
// follows it. (A frame's pc means something only in its own bytecode;
// resuming it in the new one ran the wrong instructions.)
func (vm *VM) Redefine(p *Proto) {
	old := vm.Protos[p.Index]
	if old == nil || old == p {
		vm.Protos[p.Index] = p
		return
	}
	from := FuncValue(p.Index)
	to := FuncValue(vm.AddProto(old))
	for _, co := range vm.Coroutines() {
		if co.IsDone() || co.sp == nil {
			continue
		}
		st := co.stk()
		for _, f := range vm.Frames(co) {
			if f.Base+hdrFn < len(st) && st[f.Base+hdrFn] == from {
				st[f.Base+hdrFn] = to
			}
		}
	}
	vm.Protos[p.Index] = p
}
