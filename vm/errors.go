package vm

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// ErrorObj is a CPrime Error: kind, message, the stack where it was first
// raised, and errors suppressed while it was being handled.
type ErrorObj struct {
	Kind       string
	Message    string
	Trace      []TraceFrame
	Suppressed []Value
	// closing marks the signal that Coroutine.close sends: it runs finally
	// and defer handlers but no catch.
	closing bool
	// exit marks exit(code): no handler runs; the program ends.
	exit bool
}

// KindExit is the kind of the error exit(code) raises.
const KindExit = "Exit"

// NewExit makes the error that exit(code) raises: nothing catches it.
func (t *Thread) NewExit(code int64) Value {
	return t.alloc(KError, &ErrorObj{Kind: KindExit, Message: itoa(code), exit: true})
}

// ExitCode reports whether an error is an exit request, and its code.
func (vm *VM) ExitCode(v Value) (int, bool) {
	e, ok := vm.ErrorOf(v)
	if !ok || !e.exit {
		return 0, false
	}
	n := 0
	neg := false
	for i, c := range e.Message {
		if i == 0 && c == '-' {
			neg = true
			continue
		}
		n = n*10 + int(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// TraceFrame is one line of a stack trace. Repeat counts identical
// frames folded into it (a recursion); a frame with Omitted > 0 stands
// for that many frames between the innermost and the outermost ones kept.
type TraceFrame struct {
	Func    string
	File    string
	Line    int
	Repeat  int
	Omitted int
}

func (o *ErrorObj) trace(m *marker) {
	for _, v := range o.Suppressed {
		m.mark(v)
	}
}

// NewError allocates an Error object (without a trace).
func (t *Thread) NewError(kind, msg string) Value {
	return t.alloc(KError, &ErrorObj{Kind: kind, Message: msg})
}

// ErrorOf returns the Error object of a value, if it is one.
func (vm *VM) ErrorOf(v Value) (*ErrorObj, bool) {
	if v.Kind() != KError {
		return nil, false
	}
	e, ok := vm.heap.Get(v).(*ErrorObj)
	return e, ok
}

// FormatError renders an error the way an uncaught one is reported:
// "error: Kind: message" then "  at fn (file:line)" per frame.
func (vm *VM) FormatError(v Value) string {
	var b strings.Builder
	e, ok := vm.ErrorOf(v)
	if !ok {
		fmt.Fprintf(&b, "error: Panic: %s\n", vm.Display(v))
		return b.String()
	}
	fmt.Fprintf(&b, "error: %s: %s\n", e.Kind, e.Message)
	for _, f := range e.Trace {
		switch {
		case f.Omitted > 0:
			fmt.Fprintf(&b, "  ... %s more calls\n", thousands(f.Omitted))
		case f.Repeat > 0:
			fmt.Fprintf(&b, "  at %s (%s:%d)\n", f.Func, f.File, f.Line)
			fmt.Fprintf(&b, "  ... %s more calls of %s (%s:%d)\n", thousands(f.Repeat), f.Func, f.File, f.Line)
		default:
			fmt.Fprintf(&b, "  at %s (%s:%d)\n", f.Func, f.File, f.Line)
		}
	}
	for _, s := range e.Suppressed {
		if se, ok := vm.ErrorOf(s); ok {
			fmt.Fprintf(&b, "  suppressed: %s: %s\n", se.Kind, se.Message)
		}
	}
	return b.String()
}

// Bounds of a captured trace: the innermost and outermost frames kept
// (after folding repeats) when a stack is deeper than both together.
const (
	traceInner = 100
	traceOuter = 20
)

// captureTrace walks a coroutine's frames from (base, pc), innermost
// first, folding runs of identical frames (a recursion) into one with a
// Repeat count. Past traceInner entries it keeps only the outermost
// traceOuter, with one Omitted entry for what lies between, so a stack
// overflow keeps main and costs little memory.
func (vm *VM) captureTrace(co *Coroutine, base, pc int) []TraceFrame {
	var inner []TraceFrame
	var outer []TraceFrame // a ring of the outermost entries
	omitted := 0
	add := func(f TraceFrame) {
		last := &inner
		if len(outer) > 0 || len(inner) == traceInner {
			last = &outer
		}
		if n := len(*last); n > 0 {
			prev := &(*last)[n-1]
			if prev.Func == f.Func && prev.File == f.File && prev.Line == f.Line {
				prev.Repeat++
				return
			}
		}
		if last == &inner {
			inner = append(inner, f)
			return
		}
		if len(outer) == traceOuter {
			omitted += 1 + outer[0].Repeat
			outer = append(outer[:0], outer[1:]...)
		}
		outer = append(outer, f)
	}
	stack := co.stk()
	for {
		p := vm.protoOf(stack[base+hdrFn])
		if p == nil {
			break
		}
		add(TraceFrame{Func: p.Name, File: p.File, Line: p.LineAt(pc - 1)})
		ret := uint64(stack[base+hdrRet])
		cb := uint32(ret)
		if cb == entryFrame {
			break
		}
		pc = int(ret >> 32)
		base = int(cb)
	}
	if omitted > 0 {
		inner = append(inner, TraceFrame{Omitted: omitted})
	}
	return append(inner, outer...)
}

// thousands writes n with thousands separators (9,990).
func thousands(n int) string {
	s := itoa(int64(n))
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Frames returns the frames of a coroutine, innermost first (for
// introspection and the debugger).
func (vm *VM) Frames(co *Coroutine) []FrameInfo {
	if co.sp == nil || co.IsDone() || co.State == CoroReady && int(co.pc) == 0 && false {
		return nil
	}
	var out []FrameInfo
	base, pc := int(co.base), int(co.pc)
	for depth := 0; depth < 100000; depth++ {
		p := vm.protoOf(co.stk()[base+hdrFn])
		if p == nil {
			break
		}
		out = append(out, FrameInfo{Proto: p, Base: base, PC: pc})
		ret := uint64(co.stk()[base+hdrRet])
		cb := uint32(ret)
		if cb == entryFrame {
			break
		}
		pc = int(ret >> 32)
		base = int(cb)
	}
	return out
}

// FrameInfo is one frame of a coroutine.
type FrameInfo struct {
	Proto *Proto
	Base  int
	PC    int // pc of the next instruction to run in this frame
}

// Line returns the frame's current source line.
func (f FrameInfo) Line() int { return f.Proto.LineAt(f.PC - 1) }

// Locals returns the variables live at the frame's pc, with their values.
func (vm *VM) Locals(co *Coroutine, f FrameInfo) []NamedValue {
	var out []NamedValue
	at := f.PC - 1
	if at < 0 {
		at = 0
	}
	seen := map[string]int{}
	for _, l := range f.Proto.Locals {
		if at < l.Start || at >= l.End {
			continue
		}
		v := co.stk()[f.Base+FrameHeader+l.Reg]
		if l.Cell && v.Kind() == KCell {
			v = loadValue(&vm.heap.Get(v).(*Cell).V)
		}
		if i, ok := seen[l.Name]; ok { // a shadowing binding replaces the outer one
			out[i].Value = v
			continue
		}
		seen[l.Name] = len(out)
		out = append(out, NamedValue{Name: l.Name, Value: v})
	}
	return out
}

// NamedValue is a variable and its value.
type NamedValue struct {
	Name  string
	Value Value
}

// errorValue turns a Go error from a native or the interpreter into an
// Error value, capturing the stack trace of co at (base, pc).
func (t *Thread) errorValue(err error, co *Coroutine, base, pc int) Value {
	var v Value
	switch e := err.(type) {
	case *Throw:
		if e.Value != 0 {
			v = e.Value
		} else {
			v = t.NewError(e.Kind, e.Msg)
		}
	default:
		v = t.NewError(KindInternal, "internal error: "+err.Error())
	}
	if eo, ok := t.vm.ErrorOf(v); ok {
		if eo.Trace == nil && co != nil && co.sp != nil {
			eo.Trace = t.vm.captureTrace(co, base, pc)
		}
	} else {
		// `throw x` of a non-Error value raises a Panic carrying its display form.
		msg := t.vm.Display(v)
		v = t.NewError(KindPanic, msg)
		eo, _ := t.vm.ErrorOf(v)
		if co != nil && co.sp != nil {
			eo.Trace = t.vm.captureTrace(co, base, pc)
		}
	}
	return v
}

// kindMatches reports whether a catch clause for kind catches e. As in
// kotlinx.coroutines, a Timeout is a kind of Cancellation.
func kindMatches(kinds []string, e *ErrorObj) bool {
	if kinds == nil {
		return true
	}
	for _, k := range kinds {
		if k == e.Kind || (k == KindCancellation && e.Kind == KindTimeout) || k == "Error" {
			return true
		}
	}
	return false
}

// internalError converts a Go panic inside the interpreter into a CPrime
// error, so no Go stack trace ever reaches a user.
func internalError(r any) error {
	msg := fmt.Sprint(r)
	if debugInternal {
		msg += "\n" + string(debug.Stack())
	}
	return &Throw{Kind: KindInternal, Msg: "internal error: " + msg}
}

// debugInternal adds the Go stack to internal errors (CPRIME_DEBUG=1).
var debugInternal = false

// SetDebugInternal turns on Go stacks in internal errors.
func SetDebugInternal(on bool) { debugInternal = on }

// Suppress is called when second is raised while first is being handled
// (in a finally or defer): second replaces a cancellation in flight (as in
// kotlinx.coroutines, so failures during cancellation are reported);
// otherwise it is attached to first's suppressed errors and first goes on.
func (vm *VM) Suppress(first, second Value) Value {
	e1, ok := vm.ErrorOf(first)
	if !ok || e1.exit {
		return first
	}
	if e2, ok := vm.ErrorOf(second); ok && e2.exit {
		return second
	}
	if e1.Kind == KindCancellation || e1.Kind == KindTimeout || e1.closing {
		return second
	}
	e1.Suppressed = append(e1.Suppressed, second)
	return first
}
