package jit

import (
	"fmt"
	"runtime"

	"github.com/cprime-lang/cprime/jit/arena"
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
		m.Funcs = append(m.Funcs, &Func{Code: c, addr: a.Addr(i), module: m, index: i})
	}
	return m, nil
}

// Free releases the module's arena; none of its functions may run again.
func (m *Module) Free() error { return m.arena.Free() }

// Addr returns the native address of bytecode pc.
func (f *Func) Addr(pc int) uintptr { return f.addr + uintptr(f.Code.Entry[pc]) }

// Enter runs f's machine code from bytecode pc ctx.PC in the frame ctx
// describes, until it exits; it returns the exit code (also in ctx.Exit)
// and leaves in ctx.PC where execution continues.
func (f *Func) Enter(ctx *Context) uint64 {
	pc := ctx.PC
	if pc < 0 || pc >= int64(len(f.Code.Entry)) {
		panic(fmt.Sprintf("jit: entering %s at pc %d of %d", f.Code.Proto.Name, pc, len(f.Code.Entry)))
	}
	enter(ctx, f.addr, f.Addr(int(pc)))
	return ctx.Exit
}

// bytes returns the function's code as it lies in its sealed arena.
func (f *Func) bytes() []byte { return f.module.arena.Code(f.index) }
