package tests

import "github.com/cprime-lang/cprime/vm"

// exitsEngine is an engine that compiles nothing: it hands every
// instruction back to the exit loop, a leaving one with the exit code the
// interpreter names for it (vm.LeavesBy) and any other with ExitStep. It
// is registered for the tests only, so that every golden program also
// runs with all of its execution going through the exit loop, the way a
// JIT's side exits do, and must behave exactly as under the interpreter.
type exitsEngine struct{}

func (exitsEngine) Name() string { return "exits" }

func (exitsEngine) Run(t *vm.Thread) vm.Exit {
	x, leaves := vm.Interpreter.(vm.LeavesBy).ExitFor(t.Instr().Op())
	if !leaves || x == vm.ExitCheckpoint {
		// (the budget is spent by step, which asks for the checkpoint)
		x = vm.ExitStep
	}
	t.Context().Exit = uint64(x)
	return x
}

func (exitsEngine) ExitFor(op vm.Opcode) (vm.Exit, bool) {
	return vm.Interpreter.(vm.LeavesBy).ExitFor(op)
}

// (Not under -race: the race run is about the threads, which this engine
// does not change, and at several times the interpreter's cost it would
// take that run past its time limit.)
func init() {
	if !raceEnabled {
		vm.RegisterEngine(exitsEngine{})
	}
}
