package views

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/cprime-lang/cprime/vm"
)

// Env is what the views need from a session: the VM and its controller,
// where to write, and how to find source text and variables.
type Env struct {
	VM  *vm.VM
	Ctl *vm.Controller
	Out io.Writer
	Pal Palette
	// Source returns the text a function was compiled from (nil: none).
	Source func(p *vm.Proto) string
	// Lookup finds a variable by name for coroutine arguments (nil: ids only).
	Lookup func(name string) (vm.Value, bool)
}

// Resolve reads a coroutine argument: an id (5 or #5) of a coroutine or
// job, or a variable bound to a coroutine, job or deferred. The coroutine
// is nil for a job without one of its own (Job(), a scope).
func (e *Env) Resolve(arg string) (*vm.Coroutine, *vm.Job, error) {
	arg = strings.TrimSpace(arg)
	if arg == "" {
		return nil, nil, fmt.Errorf("missing coroutine: give an id (5 or #5) or a variable bound to a coroutine, job or deferred")
	}
	if id, err := strconv.ParseInt(strings.TrimPrefix(arg, "#"), 10, 64); err == nil {
		co, job := e.VM.FindByID(id)
		if co == nil && job == nil {
			return nil, nil, fmt.Errorf("no coroutine or job #%d (it may have finished and been collected; see :coros)", id)
		}
		return co, job, nil
	}
	if e.Lookup == nil {
		return nil, nil, fmt.Errorf("%q is not a coroutine id", arg)
	}
	v, ok := e.Lookup(arg)
	if !ok {
		return nil, nil, fmt.Errorf("no variable named %s (give an id such as #5 or a variable bound to a coroutine, job or deferred)", arg)
	}
	co, job, ok := e.VM.CoroutineOrJob(v)
	if !ok {
		return nil, nil, fmt.Errorf("%s is a %s, not a coroutine, job or deferred", arg, e.VM.TypeName(v))
	}
	return co, job, nil
}

// ResolveCoroutine is Resolve for commands that need a coroutine.
func (e *Env) ResolveCoroutine(arg string) (*vm.Coroutine, error) {
	co, job, err := e.Resolve(arg)
	if err != nil {
		return nil, err
	}
	if co == nil {
		return nil, fmt.Errorf("job #%d has no coroutine of its own (a standalone Job() or a scope); see :jobs", job.ID)
	}
	return co, nil
}

// SourceLine returns line n of p's source text, trimmed on the right.
func (e *Env) SourceLine(p *vm.Proto, n int) string {
	if e.Source == nil || p == nil || n <= 0 {
		return ""
	}
	src := e.Source(p)
	for i := 1; i < n; i++ {
		j := strings.IndexByte(src, '\n')
		if j < 0 {
			return ""
		}
		src = src[j+1:]
	}
	if j := strings.IndexByte(src, '\n'); j >= 0 {
		src = src[:j]
	}
	return strings.TrimRight(src, " \t\r")
}

// Where renders "fn (file:line)".
func Where(fn, file string, line int) string {
	if fn == "" {
		return "-"
	}
	return fmt.Sprintf("%s (%s:%d)", fn, file, line)
}

// Label renders a coroutine as #id "name".
func Label(co *vm.Coroutine) string {
	name := co.Name()
	if name == "" && co.Job != nil {
		name = co.Job.Name
	}
	if name == "" && co.Role() != "" {
		return fmt.Sprintf("#%d (%s)", co.ID, co.Role())
	}
	if name == "" {
		return fmt.Sprintf("#%d", co.ID)
	}
	return fmt.Sprintf("#%d %q", co.ID, name)
}

// Shown reports whether a coroutine belongs in the views: the
// controller's own helpers and finished REPL inputs are left out.
func (e *Env) Shown(co *vm.Coroutine) bool {
	if e.Ctl.IsDriver(co) {
		return false
	}
	return !(co.IsDone() && co.Name() == "repl")
}

// Errorf prints an error in the error colour.
func (e *Env) Errorf(format string, args ...any) {
	e.Pal.Err.Fprintf(e.Out, format+"\n", args...)
}
