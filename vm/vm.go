package vm

import (
	"bufio"
	"io"
	"os"
	"sync"
	"sync/atomic"

	"github.com/cprime-lang/cprime/vmstack"
)

// Sym is an interned name (fields, methods).
type Sym int

// NativeFn is a function written in Go. It returns the call's value, or an
// error: a *Throw raises a CPrime error; errSwitch means the native has
// changed which coroutine runs (resume, yield, suspension) and the
// interpreter must reload its state. A native never calls back into script.
type NativeFn func(t *Thread, args []Value) (Value, error)

// Native is a registered native function.
type Native struct {
	Name     string
	Fn       NativeFn
	MinArgs  int
	MaxArgs  int  // -1: variadic
	Suspends bool // may suspend the caller (async for the compile-time colouring check)
	// Pure natives touch no scheduler state (values, strings, Vec and Map
	// through their own locks), so parallel threads run them without the
	// runtime lock.
	Pure bool
}

// Options are the run-time settings.
type Options struct {
	VirtualTime bool
	MaxStack    int   // bytes; StackOverflow beyond
	StepLimit   int64 // 0: none; used by fuzz tests
	Args        []string
	// Serial runs every dispatcher's coroutines on the main thread (one
	// ready queue, FIFO), as the REPL and the debugger need: nothing moves
	// unless the user lets it. Scripts run Default and IO in parallel.
	Serial bool
	// LineBuffered flushes Out at every newline: stdout is a terminal,
	// where output must appear as it is printed.
	LineBuffered bool
}

// VM is one CPrime runtime: program, heap, globals, scheduler. Threads
// (the main thread and dispatcher workers) execute coroutines in it.
type VM struct {
	Opts Options

	heap   *Heap
	stacks *vmstack.Allocator

	Protos  []*Proto
	Natives []*Native
	natives map[string]int
	// resumeNative is the index of co.resume(), which the interpreter runs
	// without the native call's machinery when it can (interp.go)
	resumeNative int

	Globals     []Value
	GlobalNames []string
	// Consts are named values the compiler inlines (Dispatchers::Main,
	// COROUTINE_SUSPENDED, ...), defined by stdlib.
	Consts map[string]Value

	Classes     []*Class
	Unions      []*UnionType
	Variants    []*Variant
	Interfaces  []*Interface
	classByName map[string]*Class
	unionByName map[string]*UnionType
	ifaceByName map[string]*Interface

	symMu    sync.RWMutex
	syms     map[string]Sym
	symNames []string

	// methods of built-in kinds: native or prelude (script) functions
	kindMethods [numKinds]map[Sym]Value
	anyMethods  map[Sym]Value
	kindIfaces  [numKinds]map[*Interface]bool

	// built-in unions
	Option, Result, CoroResult, CoroStateU, CoroSizeTag *UnionType
	SomeV, OkV, ErrV, YieldV, CompleteV, ErrorV         *Variant

	Out   *bufio.Writer
	Err   io.Writer
	In    *bufio.Reader
	outMu sync.Mutex
	inMu  sync.Mutex

	Main      *Thread
	sched     *Scheduler
	gcPending atomic.Bool
	// parallel is set when the first Default or IO worker starts; from
	// then on rt and the stop-the-world protocol are in force (stw.go).
	parallel     atomic.Bool
	rt           sync.Mutex
	stw          stopWorld
	stwRequested atomic.Bool
	halting      atomic.Bool // the run is over: workers drop what they run
	interrupt    atomic.Bool
	nextCoID     atomic.Int64

	// Hooks lets a front end (debugger, tracer, profiler) observe the run.
	Hooks Hooks

	protoByName map[string]*Proto
	profile     *Profile

	// pinned values are roots (constants, REPL state held by Go code)
	pinned []Value
	roots  []func(mark func(Value))
}

// New returns a VM with the built-in types registered and no natives;
// stdlib.Install adds those.
func New(opts Options) *VM {
	if opts.MaxStack == 0 {
		opts.MaxStack = 64 << 20
	}
	vm := &VM{
		Opts:         opts,
		heap:         newHeap(),
		stacks:       vmstack.NewAllocator(),
		natives:      map[string]int{},
		resumeNative: -1,
		Consts:       map[string]Value{},
		syms:         map[string]Sym{},
		classByName:  map[string]*Class{},
		unionByName:  map[string]*UnionType{},
		ifaceByName:  map[string]*Interface{},
		anyMethods:   map[Sym]Value{},
		Out:          bufio.NewWriterSize(os.Stdout, 64<<10),
		Err:          os.Stderr,
		In:           bufio.NewReader(os.Stdin),
	}
	for k := range vm.kindMethods {
		vm.kindMethods[k] = map[Sym]Value{}
	}
	vm.stw.cond.L = &vm.stw.mu
	vm.sched = newScheduler(vm)
	vm.Main = newThread(vm, 0)
	vm.registerBuiltinTypes()
	return vm
}

// Intern returns the symbol of a name.
func (vm *VM) Intern(name string) Sym {
	vm.symMu.RLock()
	s, ok := vm.syms[name]
	vm.symMu.RUnlock()
	if ok {
		return s
	}
	vm.symMu.Lock()
	defer vm.symMu.Unlock()
	if s, ok := vm.syms[name]; ok {
		return s
	}
	s = Sym(len(vm.symNames))
	vm.syms[name] = s
	vm.symNames = append(vm.symNames, name)
	return s
}

// SymName returns the name of a symbol.
func (vm *VM) SymName(s Sym) string {
	vm.symMu.RLock()
	defer vm.symMu.RUnlock()
	return vm.symNames[s]
}

// DefineNative registers a global native function; its name may be a path
// such as "Vec::new". Redefinition replaces.
func (vm *VM) DefineNative(n *Native) Value {
	if i, ok := vm.natives[n.Name]; ok {
		vm.Natives[i] = n
		return NativeValue(i)
	}
	vm.natives[n.Name] = len(vm.Natives)
	if n.Name == "Coroutine.resume" {
		vm.resumeNative = len(vm.Natives)
	}
	vm.Natives = append(vm.Natives, n)
	return NativeValue(len(vm.Natives) - 1)
}

// DefineConst names a constant value (pinned).
func (vm *VM) DefineConst(name string, v Value) { vm.Consts[name] = vm.Pin(v) }

// LookupNative finds a native by name.
func (vm *VM) LookupNative(name string) (int, *Native, bool) {
	i, ok := vm.natives[name]
	if !ok {
		return 0, nil, false
	}
	return i, vm.Natives[i], true
}

// DefineMethod registers a method of a built-in kind (a native value or a
// compiled function taking the receiver first). KNone registers a method of every value.
func (vm *VM) DefineMethod(k Kind, name string, fn Value) {
	if k == KNone {
		vm.anyMethods[vm.Intern(name)] = fn
		return
	}
	vm.kindMethods[k][vm.Intern(name)] = fn
}

// KindMethod returns a registered built-in method.
func (vm *VM) KindMethod(k Kind, s Sym) (Value, bool) {
	v, ok := vm.kindMethods[k][s]
	if !ok {
		v, ok = vm.anyMethods[s]
	}
	return v, ok
}

// AddProto appends a compiled function and returns its index.
func (vm *VM) AddProto(p *Proto) int {
	p.Index = len(vm.Protos)
	vm.Protos = append(vm.Protos, p)
	return p.Index
}

// AddGlobal appends a global slot and returns its index.
func (vm *VM) AddGlobal(name string) int {
	vm.Globals = append(vm.Globals, Unit)
	vm.GlobalNames = append(vm.GlobalNames, name)
	return len(vm.Globals) - 1
}

// Pin keeps a value alive for the VM's lifetime (constants).
func (vm *VM) Pin(v Value) Value {
	if v.IsObj() {
		vm.pinned = append(vm.pinned, v)
	}
	return v
}

// Heap returns the VM heap.
func (vm *VM) Heap() *Heap { return vm.heap }

// Stacks returns the stack allocator.
func (vm *VM) Stacks() *vmstack.Allocator { return vm.stacks }

// Interrupt asks the running code to stop with an Interrupted error at the
// next safepoint (Ctrl-C in the REPL).
func (vm *VM) Interrupt() { vm.interrupt.Store(true) }

// protoOf returns the compiled function of a callable frame value, or nil.
func (vm *VM) protoOf(fv Value) *Proto {
	if fv.IsFunc() {
		i := fv.FuncIndex()
		if i < len(vm.Protos) {
			return vm.Protos[i]
		}
		return nil
	}
	if fv.Kind() == KClosure {
		if cl, ok := vm.heap.Get(fv).(*Closure); ok {
			return cl.Proto
		}
	}
	return nil
}

// LockIn and UnlockIn serialise reads from In between threads.
func (vm *VM) LockIn()   { vm.inMu.Lock() }
func (vm *VM) UnlockIn() { vm.inMu.Unlock() }

// LockOut and UnlockOut serialise writes to Out between threads.
func (vm *VM) LockOut()   { vm.outMu.Lock() }
func (vm *VM) UnlockOut() { vm.outMu.Unlock() }

// Flush writes buffered output.
func (vm *VM) Flush() {
	vm.outMu.Lock()
	vm.Out.Flush()
	vm.outMu.Unlock()
}

// EachKindMethod calls f for every method registered on a built-in kind.
func (vm *VM) EachKindMethod(f func(sym Sym, v Value)) {
	for k := range vm.kindMethods {
		for s, v := range vm.kindMethods[k] {
			f(s, v)
		}
	}
	for s, v := range vm.anyMethods {
		f(s, v)
	}
}
