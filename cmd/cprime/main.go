package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/cprime-lang/cprime/cmd/cprime/engine"
	"github.com/cprime-lang/cprime/cmd/cprime/trace"
	"github.com/cprime-lang/cprime/compiler"
	"github.com/cprime-lang/cprime/vm"
	"github.com/cprime-lang/cprime/vmstack"
)

// Version is the cprime version.
const Version = "0.1.0"

type command struct {
	name    string
	args    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

var commands []*command

// commandExamples shows each command at work in its --help.
var commandExamples = map[string]string{
	"run":     "cprime run --virtual-time --trace out.json --trace-html out.html examples/pipeline.cpr",
	"check":   "cprime check examples/classes.cpr",
	"disasm":  "cprime disasm examples/generators.cpr",
	"analyze": "cprime analyze examples/stacks_and_references.cpr",
	"repl":    "cprime repl --virtual-time     (then: let d = spawn worker(); :coros; :step d)",
	"debug":   "cprime debug examples/structured_concurrency.cpr",
	"tutor":   "cprime tutor --virtual-time examples/generators.cpr -o generators.html   (then open generators.html; ← → step)",
	"version": "cprime version",
	"help":    "cprime help run",
}

func init() {
	commands = []*command{
		{"run", "[flags] FILE [ARGS...]", "run a CPrime program (FILE - reads it from standard input)", cmdRun},
		{"check", "FILE", "compile a program and report errors, without running it", cmdCheck},
		{"disasm", "FILE", "print the bytecode of every function a program defines", cmdDisasm},
		{"analyze", "FILE", "print the stack-size analysis (size class) of every coroutine body", cmdAnalyze},
		{"repl", "[flags]", "start the interactive REPL (the default with no arguments)", cmdRepl},
		{"debug", "[flags] FILE [ARGS...]", "debug a program: breakpoints, stepping, and every coroutine's frames and stack", cmdDebug},
		{"tutor", "[flags] FILE -o PAGE.html", "run a program and write a page that steps through every coroutine's stack, pools, jobs and channels", cmdTutor},
		{"version", "", "print the version", cmdVersion},
		{"help", "[COMMAND]", "show help for a command", cmdHelp},
	}
}

func main() {
	if os.Getenv("CPRIME_DEBUG") != "" {
		vm.SetDebugInternal(true)
	}
	// A Go fatal error (never expected) ends the process by SIGABRT, so
	// that its status differs from a compile error's 2, Go's own default.
	debug.SetTraceback("crash")
	os.Exit(realMain(os.Args[1:], os.Stdout, os.Stderr))
}

func realMain(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "error: internal error: %v\n", r)
			if os.Getenv("CPRIME_DEBUG") != "" {
				fmt.Fprintf(stderr, "%s", debug.Stack())
			}
			code = engine.ExitInternalError
		}
	}()
	if f := os.Getenv("CPRIME_TEST_FAULT"); f != "" {
		testFault(f)
	}
	if len(args) == 0 {
		return cmdRepl(nil, stdout, stderr)
	}
	switch args[0] {
	case "-h", "--help", "-help":
		usage(stdout)
		return engine.ExitOK
	case "-v", "--version":
		return cmdVersion(nil, stdout, stderr)
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	if strings.HasSuffix(args[0], ".cpr") {
		return cmdRun(args, stdout, stderr)
	}
	fmt.Fprintf(stderr, "cprime: unknown command %q\n\n", args[0])
	usage(stderr)
	return engine.ExitUsage
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "cprime %s: the CPrime coroutine language\n\nUsage:\n  cprime <command> [arguments]\n  cprime FILE.cpr [ARGS...]     (same as cprime run)\n  cprime                        (start the REPL)\n\nCommands:\n", Version)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun 'cprime <command> --help' for a command's flags.\n")
}

// newFlags makes a flag set whose --help prints the command's usage.
func newFlags(c string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(c, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		for _, cmd := range commands {
			if cmd.name == c {
				fmt.Fprintf(fs.Output(), "Usage: cprime %s %s\n\n%s.\n", cmd.name, cmd.args, upperFirst(cmd.summary))
				if ex := commandExamples[c]; ex != "" {
					fmt.Fprintf(fs.Output(), "\nExample:\n  %s\n", ex)
				}
			}
		}
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintf(fs.Output(), "\nFlags:\n")
			fs.PrintDefaults()
		}
	}
	return fs
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// parseFlags parses flags; --help prints usage to stdout and exits 0.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) (done bool, code int) {
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "--help" || a == "-help" {
			fs.SetOutput(stdout)
			fs.Usage()
			return true, engine.ExitOK
		}
	}
	if err := fs.Parse(args); err != nil {
		return true, engine.ExitUsage
	}
	return false, 0
}

// sizeFlag parses sizes such as 64MiB, 512KiB, 1GiB or a byte count.
type sizeFlag struct{ bytes *int }

func (s sizeFlag) String() string {
	if s.bytes == nil {
		return ""
	}
	n := *s.bytes
	switch {
	case n > 0 && n%(1<<30) == 0:
		return strconv.Itoa(n>>30) + "GiB"
	case n > 0 && n%(1<<20) == 0:
		return strconv.Itoa(n>>20) + "MiB"
	case n > 0 && n%(1<<10) == 0:
		return strconv.Itoa(n>>10) + "KiB"
	}
	return strconv.Itoa(n)
}

// minMaxStack is the least --max-stack: the smallest stack class, in
// which the prelude and a small program still run.
const minMaxStack = 256

func (s sizeFlag) Set(v string) error {
	n, err := parseSize(v)
	if err != nil {
		return err
	}
	if n < minMaxStack {
		return fmt.Errorf("%s is too small: a coroutine needs at least %d bytes of stack", v, minMaxStack)
	}
	*s.bytes = n
	return nil
}

func parseSize(v string) (int, error) {
	mult := 1
	l := strings.ToLower(strings.TrimSpace(v))
	for _, suf := range []struct {
		s string
		m int
	}{{"gib", 1 << 30}, {"mib", 1 << 20}, {"kib", 1 << 10}, {"gb", 1 << 30}, {"mb", 1 << 20}, {"kb", 1 << 10}, {"g", 1 << 30}, {"m", 1 << 20}, {"k", 1 << 10}, {"b", 1}} {
		if strings.HasSuffix(l, suf.s) {
			mult = suf.m
			l = strings.TrimSpace(strings.TrimSuffix(l, suf.s))
			break
		}
	}
	n, err := strconv.Atoi(l)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("invalid size %q (use e.g. 64MiB, 512KiB)", v)
	}
	return n * mult, nil
}

// fileArg reads the FILE argument's source, saying what is wrong (and
// showing the usage when FILE is missing) when it cannot.
func fileArg(fs *flag.FlagSet, stderr io.Writer) (path, src string, ok bool) {
	if fs.NArg() < 1 {
		fmt.Fprintf(stderr, "cprime %s: missing FILE\n\n", fs.Name())
		fs.SetOutput(stderr)
		fs.Usage()
		return "", "", false
	}
	path = fs.Arg(0)
	if path == "-" { // the program from standard input
		data, err := io.ReadAll(os.Stdin)
		if err != nil {
			fmt.Fprintf(stderr, "error: cannot read standard input: %v\n", err)
			return "", "", false
		}
		return "<stdin>", string(data), true
	}
	src, ok = readSource(path, stderr)
	return path, src, ok
}

func readSource(path string, stderr io.Writer) (string, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		msg := err.Error()
		if pe, ok := err.(*os.PathError); ok {
			msg = pe.Path + ": " + pe.Err.Error()
		}
		fmt.Fprintf(stderr, "error: cannot read %s\n", msg)
		return "", false
	}
	return string(data), true
}

func cmdRun(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("run", stderr)
	virtual := fs.Bool("virtual-time", false, "run delays and timeouts on a virtual clock (instant, deterministic)")
	maxStack := 64 << 20
	fs.Var(sizeFlag{&maxStack}, "max-stack", "the most stack one coroutine may grow to, e.g. 64MiB or 512KiB")
	profile := fs.String("profile", "", "write a per-coroutine-body stack profile (JSON) to this file")
	pgo := fs.String("pgo", "", "start each coroutine body in the size class a --profile file measured")
	traceJSON := fs.String("trace", "", "write a Chrome trace-event JSON timeline of every coroutine (open it in ui.perfetto.dev) to this file")
	traceHTML := fs.String("trace-html", "", "write the same timeline as one self-contained HTML page to this file")
	poolReserve := fs.String("pool-reserve", "", "pre-allocate stacks per size class and keep them, e.g. micro=4096,small=256 (no allocation when spawning)")
	if done, code := parseFlags(fs, args, stdout); done {
		return code
	}
	reserve, err := vmstack.ParseReserve(*poolReserve)
	if err != nil {
		fmt.Fprintf(stderr, "error: --pool-reserve %v\n", err)
		return engine.ExitUsage
	}
	path, src, ok := fileArg(fs, stderr)
	if !ok {
		return engine.ExitUsage
	}
	e, err := engine.New(engine.Options{VM: vm.Options{VirtualTime: *virtual, MaxStack: maxStack, Args: fs.Args()[1:],
		LineBuffered: isTerminal(stdout)},
		Stdout: stdout, Stderr: stderr, Script: true})
	if err != nil {
		fmt.Fprintf(stderr, "error: %v\n", err)
		return engine.ExitRuntimeError
	}
	for c, n := range reserve {
		if n > 0 {
			e.VM.Stacks().Reserve(vmstack.Class(c), n)
		}
	}
	p, err := e.Compile(path, src)
	if err != nil {
		e.ReportCompileError(err)
		return engine.ExitCompileError
	}
	if *pgo != "" {
		if err := e.VM.ApplyProfile(*pgo); err != nil {
			fmt.Fprintf(stderr, "error: --pgo: %v\n", err)
			return engine.ExitUsage
		}
	}
	if *profile != "" {
		e.VM.EnableProfile()
	}
	var rec *trace.Recorder
	if *traceJSON != "" || *traceHTML != "" {
		rec = trace.New(e.VM)
	}
	stop := guardOutput(e.VM)
	code := e.Run(p)
	stop()
	if rec != nil {
		if err := writeTraces(rec, *traceJSON, *traceHTML, rec.SourcePage(path, src)); err != nil {
			fmt.Fprintf(stderr, "error: %v\n", err)
			if code == engine.ExitOK {
				code = engine.ExitRuntimeError
			}
		}
	}
	if *profile != "" {
		if err := e.VM.WriteProfile(*profile); err != nil {
			fmt.Fprintf(stderr, "error: --profile: %v\n", err)
			return engine.ExitRuntimeError
		}
	}
	return code
}

// compileOnly is the common start of the commands that compile a file
// without running it (check, disasm, analyze): flags, the file, and an
// engine. ok false means the command is over with exit status code.
func compileOnly(name string, args []string, stdout, stderr io.Writer) (e *engine.Engine, path, src string, code int, ok bool) {
	fs := newFlags(name, stderr)
	if done, code := parseFlags(fs, args, stdout); done {
		return nil, "", "", code, false
	}
	if path, src, ok = fileArg(fs, stderr); !ok {
		return nil, "", "", engine.ExitUsage, false
	}
	e, err := engine.New(engine.Options{Stdout: stdout, Stderr: stderr})
	if err != nil {
		fmt.Fprintf(stderr, "error: %v\n", err)
		return nil, "", "", engine.ExitRuntimeError, false
	}
	return e, path, src, 0, true
}

func cmdCheck(args []string, stdout, stderr io.Writer) int {
	e, path, src, code, ok := compileOnly("check", args, stdout, stderr)
	if !ok {
		return code
	}
	if _, err := e.Compile(path, src); err != nil {
		e.ReportCompileError(err)
		return engine.ExitCompileError
	}
	fmt.Fprintf(stdout, "%s: ok\n", path)
	return engine.ExitOK
}

func cmdDisasm(args []string, stdout, stderr io.Writer) int {
	e, path, src, code, ok := compileOnly("disasm", args, stdout, stderr)
	if !ok {
		return code
	}
	out, err := e.Disassemble(path, src)
	if err != nil {
		e.ReportCompileError(err)
		return engine.ExitCompileError
	}
	fmt.Fprint(stdout, out)
	return engine.ExitOK
}

func cmdVersion(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("version", stderr)
	if done, code := parseFlags(fs, args, stdout); done {
		return code
	}
	fmt.Fprintf(stdout, "cprime %s\n", Version)
	return engine.ExitOK
}

func cmdHelp(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("help", stderr)
	if done, code := parseFlags(fs, args, stdout); done {
		return code
	}
	if len(args) == 0 {
		usage(stdout)
		return engine.ExitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run([]string{"--help"}, stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "cprime help: unknown command %q\n", args[0])
	return engine.ExitUsage
}

func cmdAnalyze(args []string, stdout, stderr io.Writer) int {
	e, path, src, code, ok := compileOnly("analyze", args, stdout, stderr)
	if !ok {
		return code
	}
	first := len(e.VM.Protos)
	if _, err := e.Compile(path, src); err != nil {
		e.ReportCompileError(err)
		return engine.ExitCompileError
	}
	fmt.Fprint(stdout, compiler.AnalysisTable(e.VM.Protos[first:]))
	return engine.ExitOK
}
