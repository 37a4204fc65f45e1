package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/cprime-lang/cprime/cmd/cprime/engine"
	"github.com/cprime-lang/cprime/cmd/cprime/tutor"
	"github.com/cprime-lang/cprime/vm"
)

// defaultMaxSteps bounds a tutor recording unless --max-steps says otherwise.
const defaultMaxSteps = 20000

func cmdTutor(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("tutor", stderr)
	out := fs.String("o", "", "write the page to this file (required)")
	virtual := fs.Bool("virtual-time", false, "run delays and timeouts on a virtual clock (instant, deterministic)")
	maxSteps := fs.Int("max-steps", defaultMaxSteps, "stop the run after this many steps and say so on the page")
	quiet := fs.Bool("quiet", false, "do not also print the program's output here")
	if done, code := parseFlags(fs, args, stdout); done {
		return code
	}
	// -o may also come after FILE
	rest := fs.Args()
	if len(rest) > 1 {
		if err := fs.Parse(rest[1:]); err != nil {
			return engine.ExitUsage
		}
		if fs.NArg() > 0 {
			fmt.Fprintf(stderr, "cprime tutor: unexpected arguments %s\n", strings.Join(fs.Args(), " "))
			return engine.ExitUsage
		}
		rest = rest[:1]
	}
	if *out == "" {
		fmt.Fprintf(stderr, "cprime tutor: missing -o page.html\n\n")
		fs.SetOutput(stderr)
		fs.Usage()
		return engine.ExitUsage
	}
	if *maxSteps <= 0 {
		fmt.Fprintf(stderr, "cprime tutor: --max-steps must be positive\n")
		return engine.ExitUsage
	}
	if len(rest) < 1 {
		fmt.Fprintf(stderr, "cprime tutor: missing FILE\n\n")
		fs.SetOutput(stderr)
		fs.Usage()
		return engine.ExitUsage
	}
	path := rest[0]
	src, ok := readSource(path, stderr)
	if !ok {
		return engine.ExitUsage
	}
	var echo io.Writer = stdout
	if *quiet {
		echo = io.Discard
	}
	code, exit, rec := recordTutor(path, src, *virtual, *maxSteps, echo, stderr)
	if rec == nil {
		return code
	}
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintf(stderr, "error: %v\n", err)
		return engine.ExitUsage
	}
	w := bufio.NewWriter(f)
	if err := rec.WriteHTML(w, src, exit); err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(stderr, "error: writing %s: %v\n", *out, err)
		return engine.ExitRuntimeError
	}
	note := ""
	if rec.Truncated() {
		note = fmt.Sprintf(" (stopped at --max-steps %d)", *maxSteps)
	}
	fmt.Fprintf(stderr, "cprime tutor: %d steps%s written to %s\n", len(rec.Steps()), note, *out)
	if rec.Truncated() {
		return engine.ExitOK // the run was cut short on purpose
	}
	return code
}

// recordTutor runs a program under the tutor's recorder; exit describes
// a runtime error the program ended with ("" if none).
func recordTutor(path, src string, virtual bool, maxSteps int, echo, stderr io.Writer) (code int, exit string, rec *tutor.Recorder) {
	// the program's errors are shown once it ends: the Interrupted error
	// that stops a run at --max-steps is the tutor's doing, not the program's
	var errs strings.Builder
	defer func() {
		text := errs.String()
		if rec != nil && rec.Truncated() {
			if i := strings.LastIndex(text, "error: Interrupted: interrupted"); i >= 0 {
				text = text[:i]
			}
		}
		io.WriteString(stderr, text)
	}()
	e, err := engine.New(engine.Options{VM: vm.Options{VirtualTime: virtual, Serial: true}, Stdout: echo,
		Stderr: &errs, Script: true})
	if err != nil {
		fmt.Fprintf(stderr, "error: %v\n", err)
		return engine.ExitRuntimeError, "", nil
	}
	p, err := e.Compile(path, src)
	if err != nil {
		e.ReportCompileError(err)
		return engine.ExitCompileError, "", nil
	}
	rec = tutor.Attach(e.VM, path, maxSteps)
	rec.Echo = echo
	code = e.Run(p)
	rec.Finish()
	if code != engine.ExitOK && !rec.Truncated() {
		exit = strings.TrimSpace(errs.String())
	}
	return code, exit, rec
}
