package host

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/cprime-lang/cprime/compiler"
	"github.com/cprime-lang/cprime/stdlib"
	"github.com/cprime-lang/cprime/vm"
)

// Exit statuses.
const (
	ExitOK           = 0
	ExitRuntimeError = 1
	ExitCompileError = 2
	ExitUsage        = 64
	// ExitInternalError is a fault in cprime itself (an uncaught
	// InternalError), EX_SOFTWARE of sysexits.h.
	ExitInternalError = 70
)

// Options configure a host.
type Options struct {
	VM     vm.Options
	Stdout io.Writer
	Stderr io.Writer
	Stdin  io.Reader
	// Script: the engine runs one program (cprime run), not a session of
	// inputs, so top-level variables no function uses may live in
	// registers (compiler.Session.ScriptLocals).
	Script bool
	// Engine runs the program (nil: the interpreter).
	Engine vm.Engine
}

// Host is a VM plus a compiler session with the prelude loaded.
type Host struct {
	VM      *vm.VM
	Session *compiler.Session
	Stderr  io.Writer
}

// New creates a host.
func New(o Options) (*Host, error) {
	v := vm.New(o.VM)
	v.SetEngine(o.Engine)
	if o.Stdout != nil {
		v.Out = bufio.NewWriterSize(o.Stdout, 64<<10)
	}
	if o.Stderr == nil {
		o.Stderr = os.Stderr
	}
	v.Err = o.Stderr
	if o.Stdin != nil {
		v.In = bufio.NewReader(o.Stdin)
	}
	stdlib.Install(v)
	s := compiler.NewSession(v)
	if err := s.LoadPrelude(stdlib.PreludeName, stdlib.PreludeCore); err != nil {
		return nil, fmt.Errorf("loading the prelude: %w", err)
	}
	s.AddLazyPrelude(stdlib.PreludeName, stdlib.PreludeLazy, stdlib.Prelude, stdlib.PreludeLazyTriggers)
	s.Sources[stdlib.PreludeName] = stdlib.Prelude
	s.ScriptLocals = o.Script
	return &Host{VM: v, Session: s, Stderr: o.Stderr}, nil
}

// Compile compiles a source file into its main chunk.
func (e *Host) Compile(name, src string) (*vm.Proto, error) {
	return e.Session.Compile(name, src)
}

// ReportCompileError prints compile errors with their source line and a caret.
func (e *Host) ReportCompileError(err error) {
	var list compiler.ErrorList
	if errors.As(err, &list) {
		fmt.Fprint(e.Stderr, list.Format(e.Session.Sources))
		if len(list) == compiler.MaxErrors {
			fmt.Fprintf(e.Stderr, "(stopped after %d errors)\n", compiler.MaxErrors)
		}
		return
	}
	fmt.Fprintf(e.Stderr, "error: %v\n", err)
}

// Run runs a compiled main chunk and returns the exit status, printing
// an uncaught error with its stack trace.
func (e *Host) Run(p *vm.Proto) int {
	out := e.VM.RunMain(p)
	e.VM.Flush()
	if out.Failure != 0 {
		if code, ok := e.VM.ExitCode(out.Failure); ok {
			return code
		}
		fmt.Fprint(e.Stderr, e.VM.FormatError(out.Failure))
		if eo, ok := e.VM.ErrorOf(out.Failure); ok && eo.Kind == vm.KindInternal {
			return ExitInternalError
		}
		return ExitRuntimeError
	}
	return ExitOK
}

// RunSource compiles and runs a source text as a script; it returns the
// exit status.
func (e *Host) RunSource(name, src string) int {
	e.Session.ScriptLocals = true
	p, err := e.Compile(name, src)
	if err != nil {
		e.ReportCompileError(err)
		return ExitCompileError
	}
	return e.Run(p)
}

// RunFile reads, compiles and runs a file.
func (e *Host) RunFile(path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(e.Stderr, "error: %v\n", errors.Unwrap(err))
		if errors.Unwrap(err) == nil {
			fmt.Fprintf(e.Stderr, "error: %v\n", err)
		}
		return ExitUsage
	}
	return e.RunSource(path, string(data))
}

// Disassemble returns the listing of every function a file defines.
func (e *Host) Disassemble(name, src string) (string, error) {
	e.Session.ScriptLocals = true
	first := len(e.VM.Protos)
	p, err := e.Compile(name, src)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, q := range e.VM.Protos[first:] {
		if q != p {
			b.WriteString(vm.Disassemble(e.VM, q))
			b.WriteByte('\n')
		}
	}
	b.WriteString(vm.Disassemble(e.VM, p))
	return b.String(), nil
}
