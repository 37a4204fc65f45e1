package vm

import (
	"fmt"
	"strings"
)

// deadlockListed bounds how many waiting coroutines a deadlock report
// names.
const deadlockListed = 20

// deadlockError is the Deadlock error that ends a run (or a REPL input)
// in which every coroutine waits and no timer is pending. Its message
// names each waiting coroutine, what it waits for and where; its trace is
// main's stack at its suspension point (main is the coroutine woken with
// it), so a program stuck at top level still shows where.
func (t *Thread) deadlockError(main *Coroutine) Value {
	vm := t.vm
	var b strings.Builder
	b.WriteString("every coroutine is waiting and no timer is pending")
	var waiting []*Coroutine
	for _, co := range vm.Coroutines() {
		if co.parked && !co.IsDone() {
			waiting = append(waiting, co)
		}
	}
	if len(waiting) > 0 {
		b.WriteString("; waiting:")
	}
	for i, co := range waiting {
		if i == deadlockListed {
			fmt.Fprintf(&b, "\n    ... and %d more", len(waiting)-i)
			break
		}
		fmt.Fprintf(&b, "\n    #%d", co.ID)
		if n := co.Name(); n != "" {
			fmt.Fprintf(&b, " %q", n)
		}
		fmt.Fprintf(&b, " waits for %s", co.WaitReason())
		if fr := vm.Frames(co); len(fr) > 0 {
			fmt.Fprintf(&b, " in %s (%s:%d)", fr[0].Proto.Name, fr[0].Proto.File, fr[0].Line())
		}
	}
	e := &ErrorObj{Kind: KindDeadlock, Message: b.String()}
	if main != nil && main.parked && !main.IsDone() {
		e.Trace = vm.captureTrace(main, int(main.base), int(main.pc))
	}
	return t.alloc(KError, e)
}
