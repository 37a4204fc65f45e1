package main

import (
	"io"
	"os"

	"github.com/cprime-lang/cprime/cmd/cprime/debug"
	"github.com/cprime-lang/cprime/cmd/cprime/engine"
	"github.com/cprime-lang/cprime/cmd/cprime/repl"
	"github.com/cprime-lang/cprime/cmd/cprime/trace"
	"github.com/cprime-lang/cprime/vm"
)

// cmdDebug starts the debugger on a program, stopped before its first line.
func cmdDebug(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("debug", stderr)
	virtual := fs.Bool("virtual-time", false, "run delays and timeouts on a virtual clock")
	noColor := fs.Bool("no-color", false, "do not colour output (also: NO_COLOR, or output not a terminal)")
	maxStack := 64 << 20
	fs.Var(sizeFlag{&maxStack}, "max-stack", "the most stack one coroutine may grow to, e.g. 64MiB or 512KiB")
	fs.Usage = debugUsage(fs, fs.Usage)
	if done, code := parseFlags(fs, args, stdout); done {
		return code
	}
	path, src, ok := fileArg(fs, stderr)
	if !ok {
		return engine.ExitUsage
	}
	plain := *noColor || os.Getenv("NO_COLOR") != "" || !isTerminal(os.Stdout)
	hist := repl.HistoryFile()
	if hist != "" {
		hist += "_debug"
	}
	return debug.Run(debug.Options{File: path, Source: src, Out: stdout, Err: stderr, NoColor: plain, HistoryFile: hist,
		VM: vm.Options{VirtualTime: *virtual, MaxStack: maxStack, Args: fs.Args()[1:]}}, os.Stdin)
}

// debugUsage adds an example session to the flag help.
func debugUsage(fs interface{ Output() io.Writer }, base func()) func() {
	return func() {
		base()
		io.WriteString(fs.Output(), `
A session:
  $ cprime debug examples/structured_concurrency.cpr
  (cdb) break worker          stop when any coroutine enters worker
  (cdb) continue              run until a breakpoint is hit
  (cdb) bt                    frames of the coroutine that hit it
  (cdb) coros                 every coroutine; switch N looks at another
  (cdb) next                  one line of the coroutine in view
  (cdb) print i * 2           evaluate with its locals
Type help at the (cdb) prompt for every command.
`)
	}
}

// writeTraces writes the timeline files a run asked for.
func writeTraces(rec *trace.Recorder, jsonPath, htmlPath string, page func(io.Writer) error) error {
	write := func(path string, f func(io.Writer) error) error {
		if path == "" {
			return nil
		}
		out, err := os.Create(path)
		if err != nil {
			return err
		}
		if err := f(out); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	}
	if err := write(jsonPath, rec.WriteJSON); err != nil {
		return err
	}
	return write(htmlPath, page)
}
