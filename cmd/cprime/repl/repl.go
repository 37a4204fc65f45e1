package repl

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"

	"github.com/chzyer/readline"
	"github.com/fatih/color"

	"github.com/cprime-lang/cprime/cmd/cprime/engine"
	"github.com/cprime-lang/cprime/compiler"
	"github.com/cprime-lang/cprime/vm"
)

// Options configure a REPL session.
type Options struct {
	VM      vm.Options
	Out     io.Writer
	Err     io.Writer
	NoColor bool
	Version string
}

// Session is a REPL: an engine whose state persists between inputs.
type Session struct {
	opts   Options
	eng    *engine.Engine
	out    io.Writer
	errOut io.Writer
	quit   bool

	valueColor, errColor, dimColor *color.Color
}

// NewSession starts a session.
func NewSession(o Options) (*Session, error) {
	s := &Session{opts: o, out: o.Out, errOut: o.Err}
	s.valueColor = color.New(color.FgCyan)
	s.errColor = color.New(color.FgRed, color.Bold)
	s.dimColor = color.New(color.Faint)
	for _, c := range []*color.Color{s.valueColor, s.errColor, s.dimColor} {
		if o.NoColor {
			c.DisableColor()
		} else {
			c.EnableColor()
		}
	}
	if err := s.reset(); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Session) reset() error {
	e, err := engine.New(engine.Options{VM: s.opts.VM, Stdout: s.out, Stderr: s.errOut})
	if err != nil {
		return err
	}
	s.eng = e
	return nil
}

// Engine returns the current engine.
func (s *Session) Engine() *engine.Engine { return s.eng }

// Quit reports whether the user asked to leave.
func (s *Session) Quit() bool { return s.quit }

// Eval runs one complete input: a command or CPrime code.
func (s *Session) Eval(input string) {
	trimmed := strings.TrimSpace(input)
	if trimmed == "" {
		return
	}
	if strings.HasPrefix(trimmed, ":") {
		s.command(trimmed)
		return
	}
	s.evalCode(input)
}

func (s *Session) evalCode(src string) {
	p, err := s.eng.Compile("<repl>", src)
	if err != nil {
		var list compiler.ErrorList
		if errors.As(err, &list) {
			s.errColor.Fprint(s.errOut, list.Format(s.eng.Session.Sources))
		} else {
			s.errColor.Fprintf(s.errOut, "error: %v\n", err)
		}
		return
	}
	out := s.eng.VM.RunMain(p)
	s.eng.VM.Flush()
	if out.Failure != 0 {
		if code, ok := s.eng.VM.ExitCode(out.Failure); ok {
			s.quit = true
			if code != 0 {
				fmt.Fprintf(s.errOut, "exit(%d)\n", code)
			}
			return
		}
		s.errColor.Fprint(s.errOut, s.eng.VM.FormatError(out.Failure))
		return
	}
	if out.Value != vm.Unit && out.Value != 0 {
		s.valueColor.Fprintln(s.out, s.eng.VM.Repr(out.Value))
	}
}

// command runs a :command.
func (s *Session) command(line string) {
	fields := strings.Fields(line)
	name := strings.TrimPrefix(fields[0], ":")
	args := fields[1:]
	for _, c := range commandTable {
		if c.name == name || (c.alias != "" && c.alias == name) {
			c.run(s, args)
			return
		}
	}
	s.errColor.Fprintf(s.errOut, "unknown command :%s (try :help)\n", name)
}

type replCommand struct {
	name, alias string
	args        string
	help        string
	example     string
	run         func(s *Session, args []string)
}

var commandTable []*replCommand

func init() {
	commandTable = []*replCommand{
		{name: "help", alias: "h", args: "[command]", help: "list the commands, or explain one", example: ":help load", run: (*Session).cmdHelp},
		{name: "quit", alias: "q", help: "leave the REPL (Ctrl-D does too)", example: ":quit", run: func(s *Session, _ []string) { s.quit = true }},
		{name: "reset", help: "forget every definition and variable; start fresh", example: ":reset", run: (*Session).cmdReset},
		{name: "load", args: "FILE", help: "run a file in this session (its definitions stay)", example: ":load examples/tour.cpr", run: (*Session).cmdLoad},
		{name: "disasm", args: "NAME", help: "show the bytecode of a function", example: ":disasm fib", run: (*Session).cmdDisasm},
		{name: "globals", help: "list the variables defined at the prompt", example: ":globals", run: (*Session).cmdGlobals},
	}
}

func (s *Session) cmdHelp(args []string) {
	if len(args) > 0 {
		name := strings.TrimPrefix(args[0], ":")
		for _, c := range commandTable {
			if c.name == name || c.alias == name {
				fmt.Fprintf(s.out, ":%s %s\n    %s\n    example: %s\n", c.name, c.args, c.help, c.example)
				return
			}
		}
		s.errColor.Fprintf(s.errOut, "no command :%s\n", name)
		return
	}
	fmt.Fprintln(s.out, "Type CPrime code to run it; a final expression's value is echoed.")
	fmt.Fprintln(s.out, "Input continues over several lines while a bracket or string is open.")
	fmt.Fprintln(s.out, "Commands:")
	for _, c := range commandTable {
		fmt.Fprintf(s.out, "  :%-14s %s\n", strings.TrimSpace(c.name+" "+c.args), c.help)
	}
}

func (s *Session) cmdReset(_ []string) {
	if err := s.reset(); err != nil {
		s.errColor.Fprintf(s.errOut, "error: %v\n", err)
		return
	}
	fmt.Fprintln(s.out, "session reset")
}

func (s *Session) cmdLoad(args []string) {
	if len(args) != 1 {
		s.errColor.Fprintln(s.errOut, "usage: :load FILE")
		return
	}
	data, err := os.ReadFile(args[0])
	if err != nil {
		s.errColor.Fprintf(s.errOut, "error: %v\n", err)
		return
	}
	p, err := s.eng.Compile(args[0], string(data))
	if err != nil {
		s.eng.ReportCompileError(err)
		return
	}
	out := s.eng.VM.RunMain(p)
	s.eng.VM.Flush()
	if out.Failure != 0 {
		s.errColor.Fprint(s.errOut, s.eng.VM.FormatError(out.Failure))
	}
}

func (s *Session) cmdDisasm(args []string) {
	if len(args) != 1 {
		s.errColor.Fprintln(s.errOut, "usage: :disasm NAME")
		return
	}
	v := s.eng.VM
	for i := len(v.Protos) - 1; i >= 0; i-- {
		if v.Protos[i].Name == args[0] {
			fmt.Fprint(s.out, vm.Disassemble(v, v.Protos[i]))
			return
		}
	}
	s.errColor.Fprintf(s.errOut, "no function named %s\n", args[0])
}

func (s *Session) cmdGlobals(_ []string) {
	v := s.eng.VM
	latest := map[string]int{}
	for i, n := range v.GlobalNames {
		latest[n] = i
	}
	var names []string
	for n := range latest {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(s.out, "%s = %s\n", n, v.Repr(v.Globals[latest[n]]))
	}
}

// Run is the interactive loop on a terminal (or piped input).
func Run(o Options, stdin io.ReadCloser) int {
	s, err := NewSession(o)
	if err != nil {
		fmt.Fprintf(o.Err, "error: %v\n", err)
		return engine.ExitRuntimeError
	}
	home, _ := os.UserHomeDir()
	hist := os.Getenv("CPRIME_HISTORY")
	if hist == "" && home != "" {
		hist = filepath.Join(home, ".cprime_history")
	}
	rl, err := readline.NewEx(&readline.Config{
		Prompt:          "cprime> ",
		HistoryFile:     hist,
		InterruptPrompt: "^C",
		EOFPrompt:       "",
		Stdin:           stdin,
		Stdout:          o.Out,
		Stderr:          o.Err,
		AutoComplete:    &completer{s: s},
	})
	if err != nil {
		fmt.Fprintf(o.Err, "error: %v\n", err)
		return engine.ExitRuntimeError
	}
	defer rl.Close()
	s.out = rl.Stdout()
	s.errOut = rl.Stderr()
	s.eng.VM.Err = s.errOut
	if o.Version != "" {
		s.dimColor.Fprintf(s.out, "cprime %s — type :help for commands, Ctrl-D to quit\n", o.Version)
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	defer signal.Stop(sigs)
	go func() {
		for range sigs {
			s.eng.VM.Interrupt()
		}
	}()
	var buf strings.Builder
	for !s.quit {
		if buf.Len() == 0 {
			rl.SetPrompt("cprime> ")
		} else {
			rl.SetPrompt("   ...> ")
		}
		line, err := rl.Readline()
		if errors.Is(err, readline.ErrInterrupt) {
			buf.Reset() // Ctrl-C abandons the input being typed
			continue
		}
		if err != nil { // io.EOF: Ctrl-D
			break
		}
		buf.WriteString(line)
		buf.WriteByte('\n')
		src := buf.String()
		if !strings.HasPrefix(strings.TrimSpace(src), ":") && Incomplete(src) {
			continue
		}
		buf.Reset()
		s.Eval(src)
		s.eng.VM.Out.Flush()
	}
	return engine.ExitOK
}
