package views

import (
	"fmt"
	"strings"

	"github.com/cprime-lang/cprime/vm"
)

// Jobs draws the job tree of structured concurrency (:jobs), the way IDE
// coroutine debuggers show it: each job with its kind, state and
// dispatcher and the coroutine running its body; a cancelled or failed job
// says how the cancellation reached it (its own failure, a child's, its
// parent's, or a direct cancel).
func (e *Env) Jobs() {
	e.VM.Collect()
	forest := e.Ctl.JobForest()
	if len(forest) == 0 {
		fmt.Fprintln(e.Out, "no jobs")
		return
	}
	for _, root := range forest {
		e.writeJob(root, "", "", true)
	}
	e.Pal.Dim.Fprintln(e.Out, "(states: new active completing cancelling cancelled completed failed; ↳ says how a cancellation propagated)")
}

func (e *Env) writeJob(j *vm.JobInfo, prefix, branch string, root bool) {
	p := e.Pal
	var b strings.Builder
	b.WriteString(prefix + branch)
	b.WriteString(p.Name.Sprintf("%s #%d", j.Kind, j.ID))
	if j.Name != "" {
		b.WriteString(p.Name.Sprintf(" %q", j.Name))
	}
	b.WriteString("  " + p.stateColor(j.State).Sprint(j.State))
	if j.Dispatcher != "" {
		b.WriteString("  " + j.Dispatcher)
	}
	if co := j.Co; co != nil && !(j.Kind == "Scope" || j.Kind == "SupervisorScope") {
		b.WriteString(p.Dim.Sprintf("  coroutine #%d %s", co.ID, e.Ctl.Describe(co).State))
		if !co.IsDone() {
			b.WriteString(p.Dim.Sprintf(": %s", e.Ctl.Why(co)))
		}
	} else if co != nil {
		b.WriteString(p.Dim.Sprintf("  in coroutine #%d", co.ID))
	}
	fmt.Fprintln(e.Out, b.String())
	childPrefix := prefix
	if !root {
		if branch == "└── " {
			childPrefix += "    "
		} else {
			childPrefix += "│   "
		}
	}
	if j.Cause != "" || j.Propagation != "" {
		bar := "│   "
		if len(j.Children) == 0 {
			bar = "    "
		}
		msg := j.Propagation
		if j.Cause != "" {
			msg = j.Cause + " — " + msg
		}
		fmt.Fprintf(e.Out, "%s%s%s\n", childPrefix, bar, p.Bad.Sprint("↳ "+strings.TrimSuffix(msg, " — ")))
	}
	for i, c := range j.Children {
		br := "├── "
		if i == len(j.Children)-1 {
			br = "└── "
		}
		e.writeJob(c, childPrefix, br, false)
	}
}
