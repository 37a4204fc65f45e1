package jit

import (
	"fmt"
	"io"
	"runtime"
	"unsafe"

	"github.com/cprime-lang/cprime/jit/arena"
	"github.com/cprime-lang/cprime/vm"
)

// HostArch returns the code generator for the machine this runs on.
func HostArch() (Arch, bool) {
	switch runtime.GOARCH {
	case "amd64":
		return AMD64, Native
	case "arm64":
		return ARM64, Native
	}
	return 0, false
}

// Module is a batch of compiled functions loaded into one sealed arena.
type Module struct {
	arena *arena.Arena
	Funcs []*Func
}

// Func is a loaded function.
type Func struct {
	Code   *Code
	addr   uintptr
	module *Module
	index  int
	// pcs[pc] is the absolute address of bytecode pc's code: returns
	// into this function jump through it (Table). A []uintptr holds no
	// pointers for Go's collector, and Go's heap does not move.
	pcs []uintptr
}

// Load copies the code of a batch of functions, compiled for this
// machine, into one new W^X arena.
func Load(codes ...*Code) (*Module, error) {
	host, ok := HostArch()
	if !ok {
		return nil, fmt.Errorf("jit: no native code on %s/%s", runtime.GOOS, runtime.GOARCH)
	}
	bytes := make([][]byte, len(codes))
	for i, c := range codes {
		if c.Arch != host {
			return nil, fmt.Errorf("jit: %s compiled for %s, this machine is %s", c.Proto.Name, c.Arch, host)
		}
		bytes[i] = c.Bytes
	}
	a, err := arena.Load(bytes...)
	if err != nil {
		return nil, err
	}
	m := &Module{arena: a}
	for i, c := range codes {
		f := &Func{Code: c, addr: a.Addr(i), module: m, index: i, pcs: make([]uintptr, len(c.Entry))}
		for pc, off := range c.Entry {
			f.pcs[pc] = f.addr + uintptr(off)
		}
		m.Funcs = append(m.Funcs, f)
	}
	return m, nil
}

// Free releases the module's arena; none of its functions may run again
// (remove them from every Table first).
func (m *Module) Free() error { return m.arena.Free() }

// Addr returns the native address of bytecode pc.
func (f *Func) Addr(pc int) uintptr { return f.pcs[pc] }

// bytes returns the function's code as it lies in its sealed arena.
func (f *Func) bytes() []byte { return f.module.arena.Code(f.index) }

// Table maps function indexes (vm.Proto.Index) to compiled code: CALLK
// into a compiled function and RET into a compiled caller jump through
// it without leaving machine code. Generated code reads it at the
// address enter passes: word 0 is the number of entries, word 1+i the
// address of function i's pc addresses (Func.pcs), or 0. Change a table
// only while no code runs from it.
type Table struct {
	words []uintptr
	funcs []*Func
}

// NewTable returns a table with room for function indexes below n.
func NewTable(n int) *Table {
	t := &Table{words: make([]uintptr, n+1), funcs: make([]*Func, n)}
	t.words[0] = uintptr(n)
	return t
}

// Add enters functions into the table.
func (t *Table) Add(fs ...*Func) {
	for _, f := range fs {
		i := f.Code.Proto.Index
		if i >= len(t.funcs) {
			panic(fmt.Sprintf("jit: function %d outside a table of %d", i, len(t.funcs)))
		}
		t.funcs[i] = f
		t.words[1+i] = uintptr(unsafe.Pointer(&f.pcs[0]))
	}
}

// Func returns the compiled function of index i, or nil.
func (t *Table) Func(i int) *Func {
	if i < 0 || i >= len(t.funcs) {
		return nil
	}
	return t.funcs[i]
}

// Enter runs compiled code from ctx.PC in the frame at ctx.Base (whose
// header names the function) until it exits; it returns the exit code
// (also in ctx.Exit) and leaves in ctx.PC and ctx.Base where execution
// continues. The frame's function must be a compiled one in the table.
func (t *Table) Enter(ctx *Context) uint64 {
	// StackBase addresses slot memory Go's collector does not manage
	stack := *(*unsafe.Pointer)(unsafe.Pointer(&ctx.StackBase))
	fv := *(*vm.Value)(unsafe.Add(stack, ctx.Base*8))
	var f *Func
	if fv.IsFunc() {
		f = t.Func(fv.FuncIndex())
	}
	if f == nil {
		panic(fmt.Sprintf("jit: frame at %d runs %#x, not a compiled function", ctx.Base, uint64(fv)))
	}
	pc := ctx.PC
	if pc < 0 || pc >= int64(len(f.pcs)) {
		panic(fmt.Sprintf("jit: entering %s at pc %d of %d", f.Code.Proto.Name, pc, len(f.pcs)))
	}
	enter(ctx, f.addr, f.pcs[pc], uintptr(unsafe.Pointer(&t.words[0])))
	runtime.KeepAlive(t)
	return ctx.Exit
}

// Run enters compiled code as Enter does and re-enters after every
// ExitPreempt (each entry goes through the trampoline's stack check,
// where Go preempts the goroutine), returning the first other exit: the
// engine's inner loop.
func (t *Table) Run(ctx *Context) uint64 {
	for {
		if x := t.Enter(ctx); x != ExitPreempt {
			return x
		}
	}
}

// WritePerfMap writes one line per function of the module in the format
// of perf's /tmp/perf-PID.map ("START SIZE name", hex), so that perf can
// name compiled code (Go's profiler shows it as runtime._ExternalCode).
func (m *Module) WritePerfMap(w io.Writer) error {
	for _, f := range m.Funcs {
		p := f.Code.Proto
		if _, err := fmt.Fprintf(w, "%x %x cprime:%s (%s:%d)\n", f.addr, len(f.Code.Bytes), p.Name, p.File, p.Line); err != nil {
			return err
		}
	}
	return nil
}
