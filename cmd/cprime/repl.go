package main

import (
	"io"
	"os"

	"github.com/cprime-lang/cprime/cmd/cprime/repl"
	"github.com/cprime-lang/cprime/vm"
)

func cmdRepl(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("repl", stderr)
	virtual := fs.Bool("virtual-time", false, "start with the virtual clock (:time real switches back)")
	noColor := fs.Bool("no-color", false, "do not colour output (also: NO_COLOR, or output not a terminal)")
	if done, code := parseFlags(fs, args, stdout); done {
		return code
	}
	plain := *noColor || os.Getenv("NO_COLOR") != "" || !isTerminal(os.Stdout)
	return repl.Run(repl.Options{VM: vm.Options{VirtualTime: *virtual}, Out: stdout, Err: stderr,
		NoColor: plain, Version: Version}, os.Stdin)
}
