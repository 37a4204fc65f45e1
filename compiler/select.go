package compiler

import (
	"github.com/cprime-lang/cprime/parser"
	"github.com/cprime-lang/cprime/vm"
)

// selectEvent is a recognised select clause event.
type selectEvent struct {
	kind int
	recv *parser.Postfix // the channel / deferred / job expression
	arg  *parser.Expr    // the value to send, or the timeout
}

// selectEventOf recognises `ch.recv()`, `ch.receive()`, `ch.send(x)`,
// `d.await()`, `job.join()` and `timeout(ms)`.
func selectEventOf(e *parser.Expr) (selectEvent, bool) {
	if e.Op != "" || len(e.Left.Tail) > 0 {
		return selectEvent{}, false
	}
	u := e.Left.Head
	if len(u.Prefix) > 0 || len(u.Casts) > 0 {
		return selectEvent{}, false
	}
	p := u.Value
	n := len(p.Suffixes)
	if n == 1 && p.Suffixes[0].Call != nil {
		if pe, ok := p.Primary.(*parser.PathExpr); ok && len(pe.Segments) == 1 && pe.Segments[0] == "timeout" &&
			len(p.Suffixes[0].Call.Args) == 1 {
			return selectEvent{kind: vm.SelTimeout, arg: p.Suffixes[0].Call.Args[0]}, true
		}
		return selectEvent{}, false
	}
	if n < 2 {
		return selectEvent{}, false
	}
	field, call := p.Suffixes[n-2], p.Suffixes[n-1]
	if field.Field == nil || call.Call == nil || call.Call.Block != nil {
		return selectEvent{}, false
	}
	recv := &parser.Postfix{Pos: p.Pos, Primary: p.Primary, Suffixes: p.Suffixes[:n-2]}
	args := call.Call.Args
	switch {
	case *field.Field == "recv" && len(args) == 0:
		return selectEvent{kind: vm.SelRecv, recv: recv}, true
	case *field.Field == "receive" && len(args) == 0:
		return selectEvent{kind: vm.SelReceive, recv: recv}, true
	case *field.Field == "send" && len(args) == 1:
		return selectEvent{kind: vm.SelSend, recv: recv, arg: args[0]}, true
	case *field.Field == "await" && len(args) == 0:
		return selectEvent{kind: vm.SelAwait, recv: recv}, true
	case *field.Field == "join" && len(args) == 0:
		return selectEvent{kind: vm.SelJoin, recv: recv}, true
	}
	return selectEvent{}, false
}

// compileSelect compiles `select { clause => body, .. }`: the clauses'
// channels, deferreds and values are evaluated in order, the runtime
// picks the first clause that can proceed (source order breaks ties), and
// the chosen clause's body is the value of the select.
func (f *funcState) compileSelect(e *parser.SelectExpr, dst int) *Type {
	f.setPos(e.Pos)
	if len(e.Clauses) == 0 {
		f.c.errorf(e.Pos, "select needs at least one clause")
		return unknownT
	}
	f.noteSuspends(e.Pos, "select")
	events := make([]selectEvent, len(e.Clauses))
	for i, c := range e.Clauses {
		ev, ok := selectEventOf(c.Event)
		if !ok {
			f.c.errorf(c.Event.Pos, "a select clause waits on ch.recv(), ch.receive(), ch.send(v), d.await(), job.join() or timeout(ms)")
			return unknownT
		}
		if c.Bind != "" && (ev.kind == vm.SelSend || ev.kind == vm.SelTimeout || ev.kind == vm.SelJoin) {
			f.c.errorf(c.Pos, "this select clause has no value to bind to %s", c.Bind)
		}
		events[i] = ev
	}
	save := f.free
	n := 3 * len(events)
	a := f.window(f.tmp(), n)
	for i, ev := range events {
		r := a + vm.FrameHeader + 3*i
		f.loadInt(r, int64(ev.kind))
		if ev.recv != nil {
			f.postfix(ev.recv, r+1)
		} else {
			f.emitABC(vm.OpLoadUnit, r+1, 0, 0)
		}
		if ev.arg != nil {
			f.expr(ev.arg, r+2)
		} else {
			f.emitABC(vm.OpLoadUnit, r+2, 0, 0)
		}
	}
	f.callNative("__select", a, n, e.Pos)
	// the result is (clause index, value)
	idx := f.tmp()
	val := f.tmp()
	f.emitABC(vm.OpGetTuple, idx, a, 0)
	f.emitABC(vm.OpGetTuple, val, a, 1)
	var ends []int
	t := neverT
	for i, c := range e.Clauses {
		f.setPos(c.Pos)
		next := f.emitJump(vm.OpJNEqI, idx, i)
		f.pushScope()
		if c.Bind != "" {
			f.declareVar(c.Bind, val, false, unknownT)
		}
		ct := f.expr(c.Body, dst)
		t = mergeTypes(t, ct)
		f.popScope()
		ends = append(ends, f.emitJump(vm.OpJmp, 0, 0))
		f.patchHere(next)
	}
	f.emitABC(vm.OpMatchFail, idx, 0, 0)
	for _, j := range ends {
		f.patchHere(j)
	}
	f.free = save
	if t.k == tNever {
		return unknownT
	}
	return t
}
