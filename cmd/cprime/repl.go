package main

import (
	"io"
)

func cmdRepl(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("repl", stderr)
	if done, code := parseFlags(fs, args, stdout); done {
		return code
	}
	return 0
}
