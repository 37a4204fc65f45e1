package main

import (
	"flag"
	"fmt"
	"io"
	"runtime"
	"strings"

	"github.com/cprime-lang/cprime/vm"
)

// Execution engines are chosen with --engine on run, repl and debug. The
// interpreter is always there; the JIT registers itself (vm.RegisterEngine)
// on the architectures it supports, once it exists.

const jitName = "jit"

// engineFlag adds --engine to a command's flags.
func engineFlag(fs *flag.FlagSet) *string {
	return fs.String("engine", "auto", "the execution engine: interp (the bytecode interpreter), jit (the JIT compiler, where it exists for this machine) or auto (the JIT where it exists, else the interpreter)")
}

// chooseEngine resolves an --engine value; false means a usage error,
// already reported.
func chooseEngine(name string, stderr io.Writer) (vm.Engine, bool) {
	switch name {
	case "auto":
		if e, ok := vm.EngineNamed(jitName); ok {
			return e, true
		}
		return vm.Interpreter, true
	case "interp":
		return vm.Interpreter, true
	case jitName:
		if e, ok := vm.EngineNamed(jitName); ok {
			return e, true
		}
		fmt.Fprintf(stderr, "error: --engine=jit: this cprime has no JIT for %s/%s yet (the JIT is not written); use --engine=interp or --engine=auto\n", runtime.GOOS, runtime.GOARCH)
		return nil, false
	}
	fmt.Fprintf(stderr, "error: --engine=%s: unknown engine (want interp, jit or auto)\n", name)
	return nil, false
}

// engineList names the engines this binary has, and what auto picks.
func engineList() string {
	var names []string
	for _, e := range vm.Engines() {
		names = append(names, e.Name())
	}
	auto := vm.Interpreter.Name()
	if _, ok := vm.EngineNamed(jitName); ok {
		auto = jitName
	} else {
		names = append(names, fmt.Sprintf("(no jit for %s/%s)", runtime.GOOS, runtime.GOARCH))
	}
	return strings.Join(names, " ") + "; auto = " + auto
}
