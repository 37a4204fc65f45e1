package views

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/cprime-lang/cprime/cmd/cprime/engine"
	"github.com/cprime-lang/cprime/stdlib"
	"github.com/cprime-lang/cprime/vm"
)

// session is a controlled VM with the views wired to a buffer.
type session struct {
	t   *testing.T
	eng *engine.Engine
	ctl *vm.Controller
	env *Env
	out *bytes.Buffer
}

func newSession(t *testing.T) *session {
	t.Helper()
	out := &bytes.Buffer{}
	e, err := engine.New(engine.Options{VM: vm.Options{Serial: true, VirtualTime: true}, Stdout: out, Stderr: out})
	if err != nil {
		t.Fatal(err)
	}
	ctl := e.VM.Controller()
	ctl.SkipFiles[stdlib.PreludeName] = true
	s := &session{t: t, eng: e, ctl: ctl, out: out}
	s.env = &Env{VM: e.VM, Ctl: ctl, Out: out, Pal: NewPalette(true),
		Source: func(p *vm.Proto) string { return e.Session.Sources[p.File] },
		Lookup: func(name string) (vm.Value, bool) {
			for i := len(e.VM.GlobalNames) - 1; i >= 0; i-- {
				if e.VM.GlobalNames[i] == name {
					return e.VM.Globals[i], true
				}
			}
			return 0, false
		}}
	return s
}

// input runs source as one REPL input and fails the test on an error.
func (s *session) input(src string) vm.InputOutcome {
	s.t.Helper()
	p, err := s.eng.Compile("t.cpr", src)
	if err != nil {
		s.t.Fatalf("compile: %v", err)
	}
	out := s.ctl.RunInput(vm.FuncValue(p.Index), nil, false)
	if out.Failure != 0 {
		s.t.Fatalf("input failed: %s", s.eng.VM.FormatError(out.Failure))
	}
	return out
}

func (s *session) co(name string) *vm.Coroutine {
	s.t.Helper()
	co, err := s.env.ResolveCoroutine(name)
	if err != nil {
		s.t.Fatal(err)
	}
	return co
}

// render runs a view and returns what it wrote.
func (s *session) render(f func()) string {
	s.out.Reset()
	f()
	return s.out.String()
}

func mustContain(t *testing.T, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("missing %q in:\n%s", w, text)
		}
	}
}

const workerSrc = `
async fn worker(n: int) -> int {
    let mut total = 0;
    for i in 0..n {
        total += i;
        delay(10);
    }
    total
}
`

func TestSpawnedCoroutinesStayQueued(t *testing.T) {
	s := newSession(t)
	s.input(workerSrc + `let d = spawn worker(3);`)
	d := s.co("d")
	if d.State != vm.CoroReady || !s.ctl.IsQueued(d) {
		t.Fatalf("spawned coroutine: state %s, queued %v; want Ready and queued", d.State, s.ctl.IsQueued(d))
	}
	table := s.render(s.env.Coros)
	mustContain(t, table, "ID", "STATE", "DISPATCHER", "CLASS", "STACK", "WHERE", "WHY", "PARENT",
		"Ready", "Main", "Micro", "worker (t.cpr:", "queued, not started", "session", "ready queue: #")
}

func TestStepRunsToTheNextSuspension(t *testing.T) {
	s := newSession(t)
	s.input(workerSrc + `let d = spawn worker(3);`)
	d := s.co("d")
	ev, err := s.ctl.Step(d, vm.StepToSuspension, vm.StepOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if ev.Kind != vm.EvSuspended || !d.Parked() {
		t.Fatalf("after :step: event %s, parked %v", ev.Kind, d.Parked())
	}
	if why := s.ctl.Why(d); !strings.HasPrefix(why, "delay until t=") {
		t.Errorf("why = %q, want a delay", why)
	}
	if _, err := s.ctl.Step(d, vm.StepToSuspension, vm.StepOptions{}); err == nil || !strings.Contains(err.Error(), "waiting") {
		t.Errorf("stepping a waiting coroutine: err = %v, want 'is waiting'", err)
	}
	s.eng.VM.Scheduler().Advance(10)
	if !s.ctl.IsQueued(d) {
		t.Fatal(":advance past the delay did not queue it")
	}
	s.ctl.RunScheduler(0)
	if d.State != vm.CoroComplete {
		t.Fatalf("after :run: %s", d.State)
	}
	if v, _ := s.ctl.Result(d); s.eng.VM.Repr(v) != "3" {
		t.Errorf("result %s, want 3", s.eng.VM.Repr(v))
	}
}

func TestInspectShowsFramesLocalsAndSource(t *testing.T) {
	s := newSession(t)
	s.input(workerSrc + `let d = spawn worker(3);`)
	d := s.co("d")
	s.ctl.Step(d, vm.StepToSuspension, vm.StepOptions{})
	text := s.render(func() { s.env.Inspect(d, 0, true) })
	mustContain(t, text, "#0 worker (t.cpr:6)", "6 |         delay(10);", "n = 3", "total = 0", "i = 0")
}

func TestLineAndInstructionSteps(t *testing.T) {
	s := newSession(t)
	s.input(`
async fn gen() {
    let a = 1;
    let b = a + 1;
    yield b;
    "end"
}
let c = Coroutine::new(gen);`)
	c := s.co("c")
	line := func() int { return s.ctl.Frames(c)[0].Line() }
	if ev, _ := s.ctl.Step(c, vm.StepLine, vm.StepOptions{}); ev.Kind != vm.EvStopped || line() != 3 {
		t.Fatalf("first line step: %s at line %d, want stopped at 3", ev.Kind, line())
	}
	if ev, _ := s.ctl.Step(c, vm.StepLine, vm.StepOptions{}); ev.Kind != vm.EvStopped || line() != 4 {
		t.Fatalf("second line step: %s at line %d, want 4", ev.Kind, line())
	}
	pc := s.ctl.Frames(c)[0].PC
	if ev, _ := s.ctl.Step(c, vm.StepInstruction, vm.StepOptions{}); ev.Kind != vm.EvStopped || s.ctl.Frames(c)[0].PC != pc+1 {
		t.Fatalf("stepi: %s, pc %d -> %d", ev.Kind, pc, s.ctl.Frames(c)[0].PC)
	}
	// no trap may be left in the code between runs
	for _, p := range s.eng.VM.Protos {
		for i, ins := range p.Code {
			if ins.Op() == vm.OpTrap {
				t.Fatalf("%s pc %d still holds a TRAP after the step", p.Name, i)
			}
		}
	}
	ev, _ := s.ctl.Step(c, vm.StepToSuspension, vm.StepOptions{})
	if ev.Kind != vm.EvSuspended {
		t.Fatalf("step to suspension: %s", ev.Kind)
	}
	if v, ok := s.ctl.LastYield(c); !ok || s.eng.VM.Repr(v) != "2" {
		t.Errorf("last yield %v %v, want 2", s.eng.VM.Repr(v), ok)
	}
	res := s.ctl.TakeDriverResults()
	if len(res) == 0 || s.eng.VM.Repr(res[len(res)-1].Result) != "CoroResult::Yield(2)" {
		t.Errorf("driver results %v", res)
	}
	s.ctl.Step(c, vm.StepToSuspension, vm.StepOptions{})
	if c.State != vm.CoroComplete {
		t.Fatalf("state %s, want Complete", c.State)
	}
}

func TestErrorInSteppedCoroutineIsShown(t *testing.T) {
	s := newSession(t)
	s.input(`async fn bad() { panic("boom"); } let d = spawn bad();`)
	d := s.co("d")
	ev, err := s.ctl.Step(d, vm.StepToSuspension, vm.StepOptions{})
	if err != nil {
		t.Fatal(err)
	}
	text := s.render(func() { s.env.StepReport(d, ev) })
	mustContain(t, text, "failed", "error: Panic: boom", "at bad (t.cpr:1)")
	// the session goes on
	s.input(`let x = 1 + 1;`)
}

func TestStackDrawing(t *testing.T) {
	s := newSession(t)
	s.input(workerSrc + `let d = spawn worker(3);`)
	d := s.co("d")
	s.ctl.Step(d, vm.StepToSuspension, vm.StepOptions{})
	text := s.render(func() { s.env.Stack(d, false) })
	// worker is bounded below Micro: an exact-size stack of its 120 B, rounded to 16 B
	mustContain(t, text, "memory: Micro 128 B (exact) pool, block 0, slot", "size 128 B (16 slots of 8 B)", "─ free ─",
		"frame 0 (innermost): worker (t.cpr:6), base 0", "[callee]", "[return]", "[frame mark]", "R0   n", "total", "┌", "└")
}

func TestPoolsDrawOccupancy(t *testing.T) {
	s := newSession(t)
	s.input(workerSrc + `let ds = Vec::new(); for i in 0..10 { ds.push(spawn worker(1)); }`)
	text := s.render(func() { s.env.Pools(false) })
	mustContain(t, text, "CLASS", "CAPACITY", "Micro", "1024", "128 B", "Micro 128 B (exact) block 0: 10 of 1024 stacks in use", "▕█▂", "slot:coroutine")
	full := s.render(func() { s.env.Pools(true) })
	mustContain(t, full, "▕██████████·")
}

func TestJobTreeShowsPropagation(t *testing.T) {
	s := newSession(t)
	s.input(`
async fn slow() { delay(100); }
async fn boom() { delay(5); panic("boom"); }
let parent = launch { launch { slow() }; launch { boom() }; delay(1000); };`)
	s.ctl.RunScheduler(0)
	text := s.render(s.env.Jobs)
	mustContain(t, text, `SupervisorJob #`, `"session"`, "failed",
		"failure of child #", "cancelled by parent #", "failed in its body; the failure cancels its parent #", "└── ", "├── ")
}

func TestCancelNeverStartedCoroutine(t *testing.T) {
	s := newSession(t)
	s.input(workerSrc + `let d = spawn worker(3);`)
	d := s.co("d")
	s.ctl.Cancel(d.Job, "test")
	s.ctl.Step(d, vm.StepToSuspension, vm.StepOptions{})
	if d.State != vm.CoroCancelled || d.Job.State != vm.JobCancelled {
		t.Fatalf("coroutine %s, job %s; want Cancelled, cancelled", d.State, d.Job.State)
	}
}

func TestResolveArguments(t *testing.T) {
	s := newSession(t)
	s.input(workerSrc + `let d = spawn worker(1); let v = [1];`)
	d := s.co("d")
	for _, arg := range []string{"d", "#" + itoa(d.ID), itoa(d.ID), itoa(d.Job.ID)} {
		co, err := s.env.ResolveCoroutine(arg)
		if err != nil || co != d {
			t.Errorf("resolve %q: %v, %v", arg, co, err)
		}
	}
	for arg, want := range map[string]string{"v": "is a Vec", "nope": "no variable named nope", "999999": "no coroutine or job #999999", "": "missing coroutine"} {
		if _, err := s.env.ResolveCoroutine(arg); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("resolve %q: err %v, want %q", arg, err, want)
		}
	}
}

func TestNoColorMeansNoEscapes(t *testing.T) {
	s := newSession(t)
	s.input(workerSrc + `let d = spawn worker(1);`)
	if text := s.render(s.env.Coros); strings.Contains(text, "\x1b[") {
		t.Errorf("colour escapes with colour off:\n%q", text)
	}
	s.env.Pal = NewPalette(false)
	if text := s.render(s.env.Coros); !strings.Contains(text, "\x1b[") {
		t.Errorf("no colour escapes with colour on:\n%q", text)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
