package vm

import (
	"fmt"
	"sort"
	"sync"
)

// Engine is an execution engine: it runs bytecode of the running
// coroutine of a thread, starting where the thread's ExecContext says
// (PC in the frame at Base), until it must leave, and reports why. It
// leaves PC and Base where execution continues (for the exits that name
// an instruction, PC is that instruction, not yet run) and the exit code
// in ctx.Exit, which it also returns.
//
// Everything outside straight-line execution is the exit loop's
// (exit.go): the scheduler, hooks, the parallel flags, traps and
// checkpoints. An engine only reports. The interpreter (interp.go) is the
// first engine and the fallback of every other: an instruction an engine
// does not compile it hands back with ExitStep, and the exit loop runs it
// in the interpreter's step.
//
// vm never imports an engine's package; an engine registers itself
// (RegisterEngine) from its package's init, and cmd/cprime imports the
// packages whose engines it offers.
type Engine interface {
	// Name is what --engine calls it.
	Name() string
	// Run runs t's current coroutine until it must leave (see Exit).
	Run(t *Thread) Exit
}

// Exit is why an engine returned to the exit loop.
type Exit uint8

const (
	// ExitDone: the engine ran until no coroutine was left running on the
	// thread (its chain finished, parked or was dropped); the exit loop
	// goes back to the scheduler. With a coroutine still current it just
	// enters the engine again.
	ExitDone Exit = iota
	// ExitYield: YIELD at PC: suspend to the resumer.
	ExitYield
	// ExitResume: a resume at PC (RESUME, CALLM or ITERNEXT on a
	// coroutine): switch to the target.
	ExitResume
	// ExitCallNative: a call at PC whose callee is a native.
	ExitCallNative
	// ExitCheckpoint: the budget is spent: garbage collection,
	// stop-the-world, the step limit, interrupts, timers. The instruction
	// at PC has not run.
	ExitCheckpoint
	// ExitGrowStack: the call at PC needs more stack than StackLimit:
	// migrate to a bigger class, or raise StackOverflow.
	ExitGrowStack
	// ExitThrow: the instruction at PC raises an error (or the coroutine
	// has one pending): unwind to a handler.
	ExitThrow
	// ExitTrap: a debugger trap at PC.
	ExitTrap
	// ExitStep: run the instruction at PC in Go (the engine does not
	// compile it).
	ExitStep

	NumExits
)

var exitNames = [NumExits]string{"done", "yield", "resume", "call native", "checkpoint", "grow stack", "throw", "trap", "step"}

func (x Exit) String() string {
	if x < NumExits {
		return exitNames[x]
	}
	return fmt.Sprintf("exit(%d)", uint8(x))
}

// LeavesBy lists, for an engine that compiles code, the exit code it
// uses for each opcode the table marks as leaving (OpInfo.Leaves); a test
// holds every engine to covering all of them.
type LeavesBy interface {
	ExitFor(op Opcode) (Exit, bool)
}

var engines struct {
	mu   sync.Mutex
	byID map[string]Engine
}

// RegisterEngine makes an engine available to --engine and to the test
// runners. Engines register from init; a second one of the same name
// replaces the first.
func RegisterEngine(e Engine) {
	engines.mu.Lock()
	defer engines.mu.Unlock()
	if engines.byID == nil {
		engines.byID = map[string]Engine{}
	}
	engines.byID[e.Name()] = e
}

// Engines returns the registered engines, the interpreter first, then by
// name.
func Engines() []Engine {
	engines.mu.Lock()
	defer engines.mu.Unlock()
	out := make([]Engine, 0, len(engines.byID))
	for _, e := range engines.byID {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool {
		if (out[i] == Interpreter) != (out[j] == Interpreter) {
			return out[i] == Interpreter
		}
		return out[i].Name() < out[j].Name()
	})
	return out
}

// EngineNamed returns the registered engine of a name.
func EngineNamed(name string) (Engine, bool) {
	engines.mu.Lock()
	defer engines.mu.Unlock()
	e, ok := engines.byID[name]
	return e, ok
}

// SetEngine chooses the engine the VM's threads run (the interpreter
// unless set). A thread that a debugger controller has armed runs the
// interpreter whatever is set: traps are written into the bytecode.
func (vm *VM) SetEngine(e Engine) {
	if e == nil {
		e = Interpreter
	}
	vm.engine = e
}

// Engine returns the engine the VM runs.
func (vm *VM) Engine() Engine { return vm.engine }

// Instr returns the instruction the running coroutine continues with (at
// the context's PC in the frame at its Base): what an engine that hands
// instructions back decides on.
func (t *Thread) Instr() Instr {
	p := t.vm.protoOf(t.co.stk()[int(t.ctx.Base)+hdrFn])
	return p.Code[t.ctx.PC]
}

// interp is the interpreter as an Engine.
type interp struct{}

// Interpreter is the bytecode interpreter (interp.go), registered as
// "interp".
var Interpreter Engine = interp{}

func (interp) Name() string { return "interp" }

func (interp) Run(t *Thread) Exit {
	x := t.interpret()
	t.ctx.Exit = uint64(x)
	return x
}

// ExitFor is the exit the interpreter's step would take for op if it were
// not in Go: how a compiled engine hands each leaving instruction back.
func (interp) ExitFor(op Opcode) (Exit, bool) {
	if !Opcodes[op].Leaves {
		return ExitStep, false
	}
	return leaveExits[op], true
}

// leaveExits is the exit of each leaving opcode.
var leaveExits = [NumOpcodes]Exit{
	OpCall:      ExitCallNative, // (a script callee is pushed; a native called)
	OpCallN:     ExitCallNative,
	OpCallM:     ExitCallNative,
	OpCallK:     ExitGrowStack, // a script callee: only stack room stops it
	OpResume:    ExitResume,
	OpIterNext:  ExitResume, // for v in co
	OpYield:     ExitYield,
	OpRet:       ExitStep, // the entry frame's return completes the coroutine
	OpRetUnit:   ExitStep,
	OpThrow:     ExitThrow,
	OpReraise:   ExitThrow,
	OpMatchFail: ExitThrow,
	OpTrap:      ExitTrap,
	OpJmp:       ExitCheckpoint, // back-edges spend the budget
	OpForLoop:   ExitCheckpoint,
}

func init() { RegisterEngine(Interpreter) }
