package e2e

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

const replPrompt = "cprime> "

func startREPL(t *testing.T, args ...string) *term {
	t.Helper()
	tm := startTerm(t, replPrompt, nil, append([]string{"repl"}, args...)...)
	tm.waitFor("type :help for commands")
	return tm
}

// runLines types a multi-line input, one line at a time, and returns the
// output after its last line.
func (tm *term) runLines(lines ...string) string {
	tm.t.Helper()
	before := tm.prompts(tm.screen())
	for i, l := range lines {
		tm.text(l)
		tm.keys("Enter")
		if i < len(lines)-1 {
			n := i + 1
			tm.waitUntil("the continuation prompt", func(s string) bool { return strings.Count(s, "   ...> ") >= n })
		}
	}
	s := tm.waitUntil("the prompt after a multi-line input", func(s string) bool { return tm.prompts(s) > before && tm.atPrompt(s) })
	return tm.outputOf(s, lines[len(lines)-1])
}

// idOf reads the coroutine id the REPL reported as queued.
func idOf(t *testing.T, out string) string {
	t.Helper()
	m := regexp.MustCompile(`queued: #(\d+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no queued coroutine in:\n%s", out)
	}
	return m[1]
}

var worker = []string{
	"async fn worker(name: string, n: int) -> int {",
	"    let mut total = 0;",
	"    for i in 0..n {",
	"        total += i;",
	"        delay(10);",
	"    }",
	`    println("$name done");`,
	"    total",
	"}",
}

func TestREPLLiveCoroutines(t *testing.T) {
	t.Parallel()
	tm := startREPL(t, "--virtual-time")
	tm.runLines(worker...)
	tm.expect(":time", "clock: virtual, t=0ms")
	d := idOf(t, tm.expect(`let d = spawn worker("a", 3)`, "queued: #"))
	tm.expect(":coros", "ID", "NAME", "STATE", "DISPATCHER", "CLASS", "STACK", "WHERE", "WHY", "PARENT",
		"#"+d, "Ready", "Main", "Micro", "worker (<repl>:2)", "queued, not started", "session", "ready queue: #"+d)
	tm.expect(":step d", "#"+d+" suspended: delay until t=10ms", "at worker (<repl>:5)", "delay(10);")
	tm.expect(":inspect "+d, "coroutine #"+d, "Suspended", "#0 worker (<repl>:5)", `name = "a"`, "total = 0", "i = 0")
	tm.expect(":stack #"+d, "(exact) pool, block 0, slot", "frame 0 (innermost): worker (<repl>:5), base 0",
		"[callee]", "[return]", "[frame mark]", "R0   name", `"a"`, "free")
	tm.expect(":pools", "CLASS", "BLOCKS", "CAPACITY", "USED", "(exact) block 0:", "stacks in use", "slot:coroutine")
	tm.expect(":step d", "is waiting (delay until t=10ms)")
	tm.expect(":advance 10", "virtual time is now t=10ms", "now queued: #"+d)
	tm.expect(":step d line", "#"+d+" stopped", "at worker (<repl>:4)", "total += i;")
	tm.expect(":stepi d", "#"+d+" stopped", "next:")
	tm.expect(":coros", "Stopped", "stopped by a step")
	tm.expect(":run 1", "ran 1 dispatches")
	tm.expect(":run", "a done", "idle after")
	tm.expect(":coros", "Complete", "completed: 3")
	tm.expect(":jobs", `SupervisorJob #`, `"session"`, "Deferred #", "completed", "coroutine #"+d)

	e := idOf(t, tm.expect(`let e = spawn worker("b", 100)`, "queued: #"))
	tm.expect(":step e", "suspended: delay until")
	tm.expect(":cancel e", "is cancelling", "sees the Cancellation when it next runs")
	tm.expect(":step "+e, "#"+e+" cancelled", "Cancellation: cancelled from the REPL")
	tm.expect(":jobs", "cancelled directly (cancel() or :cancel)")
	tm.expect(":time real", "clock: real")
	tm.expect(":advance 5", "the clock is real")
}

func TestREPLHandDrivenCoroutines(t *testing.T) {
	t.Parallel()
	tm := startREPL(t)
	tm.runLines(
		"async fn counter(n: int) -> string {",
		"    for i in 0..n {",
		"        let got = yield i;",
		`        println("got $got");`,
		"    }",
		`    "done"`,
		"}")
	tm.expect("let c = Coroutine::new(counter, 2)")
	tm.expect(":coros", "by hand", "created: starts on resume() or :step")
	tm.expect(":step c", "suspended: yielded 0", "resume() returned CoroResult::Yield(0)")
	tm.expect(":step c line", "stopped", "at counter (<repl>:4)")
	tm.expect(":coros", "Stopped", "REPL (:step)")
	tm.expect(":stepi c", "next:")
	tm.expect(":step c", "got ()", "yielded 1", "CoroResult::Yield(1)")
	tm.expect(":step c", `completed: "done"`, `CoroResult::Complete("done")`)
	tm.expect(":step c", "has finished")
	tm.expect("c.state()", "CoroState::Complete")
}

func TestREPLErrorsAreShownAndSurvived(t *testing.T) {
	t.Parallel()
	tm := startREPL(t)
	tm.expect(`async fn bad() { panic("kaput"); }`)
	tm.expect("let b = spawn bad()", "queued: #")
	tm.expect(":step b", "failed", "error: Panic: kaput", "at bad (<repl>:1)")
	tm.expect(`async fn later() { delay(1); panic("late"); }`)
	tm.expect("let l = spawn later()", "queued")
	tm.expect(":auto on", "auto on", "failed", "Panic: late")
	tm.expect("let z = spawn later()", "failed", "Panic: late")
	tm.expect(":auto off", "auto off")
	tm.expect("undefined_thing + 1", "undefined name 'undefined_thing'")
	tm.expect(`panic("top")`, "error: Panic: top")
	tm.expect(":inspect 99999", "no coroutine or job #99999")
	tm.expect(":inspect", "usage: :inspect N")
	tm.expect(":step b sideways", "usage: :step N [line|over|out]")
	tm.expect(":frobnicate", "unknown command :frobnicate")
	tm.expect(":stack nope", "no variable named nope")
	tm.expect("1 + 1", "2")
}

func TestREPLCommandsHaveHelp(t *testing.T) {
	t.Parallel()
	tm := startREPL(t)
	names := []string{"help", "quit", "coros", "inspect", "step", "stepi", "run", "auto", "cancel", "advance",
		"time", "stack", "pools", "jobs", "disasm", "analyze", "load", "globals", "reset"}
	list := tm.expect(":help", "Commands:")
	for _, n := range names {
		if !strings.Contains(list, ":"+n) {
			t.Errorf(":help does not list :%s", n)
		}
		tm.expect(":help "+n, ":"+n, "example: :"+n)
	}
	tm.expect(":step --help", "example: :step")
	tm.expect(":help nope", "no command :nope")
}

func TestREPLCodeCommands(t *testing.T) {
	t.Parallel()
	tm := startREPL(t)
	tm.runLines(worker...)
	tm.expect(":disasm worker", "async fn worker (<repl>:1)", "CALLN", "RET", "local total")
	tm.expect(":analyze worker", "async fn worker", "frame", "size class", "Micro")
	tm.expect(":disasm nothing", "no function named nothing")
	tm.expect(":load lib.cpr")
	tm.expect("triple(loaded)", "126")
	tm.expect("let d = spawn worker(\"x\", 1)", "queued")
	tm.expect(":globals", "loaded = 42", "d = <Deferred #")
	tm.expect(":reset", "session reset")
	tm.expect("loaded", "undefined name 'loaded'")
	tm.expect(":coros", "no coroutines")
	tm.text(":quit")
	tm.keys("Enter")
	if st := tm.exited(); st != "0" {
		t.Errorf(":quit exit status %s", st)
	}
}

func TestREPLEditing(t *testing.T) {
	t.Parallel()
	tm := startREPL(t)
	// several lines while a bracket is open
	out := tm.runLines("fn add(", "  a: int,", "  b: int) -> int {", "  a + b", "}")
	if strings.Contains(out, "error") {
		t.Errorf("multi-line definition failed:\n%s", out)
	}
	tm.expect("add(2, 3)", "5")
	// tab completion: keywords, names in scope, members after '.', commands
	tm.expect("let my_long_name = [7]")
	for _, c := range []struct{ typed, want string }{
		{"my_lo", "my_long_name"},
		{"my_long_name.pu", "my_long_name.push"},
		{":coro", ":coros"},
		{"whil", "while"},
		{":help ana", ":help analyze"},
	} {
		tm.text(c.typed)
		tm.keys("Tab")
		tm.waitUntil(fmt.Sprintf("completion of %q", c.typed), func(s string) bool {
			lines := strings.Split(strings.TrimRight(s, "\n "), "\n")
			return strings.Contains(lines[len(lines)-1], replPrompt+c.want)
		})
		tm.keys("C-u")
	}
	// Ctrl-C abandons the input being typed
	tm.text("let abandoned = ")
	tm.keys("C-c")
	tm.waitUntil("a fresh prompt after Ctrl-C", tm.atPrompt)
	tm.expect("abandoned", "undefined name 'abandoned'")
	tm.text("let half = [")
	tm.keys("Enter")
	tm.waitFor("   ...> ")
	tm.text("1,")
	tm.keys("C-c")
	tm.waitUntil("a fresh prompt after Ctrl-C in a multi-line input", tm.atPrompt)
	tm.expect("half", "undefined name 'half'")
	// Ctrl-C interrupts a running evaluation; the REPL survives
	before := tm.prompts(tm.screen())
	tm.text("loop {}")
	tm.keys("Enter")
	tm.waitUntil("the loop to start", func(s string) bool { return strings.Contains(s, replPrompt+"loop {}") })
	tm.interrupt("the interrupted evaluation", func(s string) bool {
		return strings.Contains(s, "Interrupted: interrupted") && tm.prompts(s) > before && tm.atPrompt(s)
	})
	tm.expect("40 + 2", "42")
	// Ctrl-C also stops :run
	tm.expect("async fn spin() { loop {} }")
	tm.expect("let s = spawn spin()", "queued")
	before = tm.prompts(tm.screen())
	tm.text(":run")
	tm.keys("Enter")
	tm.waitUntil(":run to start", func(s string) bool { return strings.Contains(s, replPrompt+":run") })
	tm.interrupt("the interrupted :run", func(s string) bool {
		return strings.Contains(s, "interrupted") && tm.prompts(s) > before && tm.atPrompt(s)
	})
	tm.expect("1 + 1", "2")
	// Ctrl-D quits
	tm.keys("C-d")
	if st := tm.exited(); st != "0" {
		t.Errorf("Ctrl-D exit status %s", st)
	}
}

func TestREPLHistoryPersists(t *testing.T) {
	t.Parallel()
	tm := startREPL(t)
	tm.expect("1 + 41", "42")
	tm.keys("C-d")
	tm.exited()
	// a second session with the same history file
	history := tm.dir + "/history"
	tm2 := startTerm(t, replPrompt, []string{"CPRIME_HISTORY=" + history}, "repl")
	tm2.waitFor("type :help")
	tm2.keys("Up")
	tm2.waitUntil("the previous session's line", func(s string) bool {
		lines := strings.Split(strings.TrimRight(s, "\n "), "\n")
		return strings.Contains(lines[len(lines)-1], replPrompt+"1 + 41")
	})
	tm2.keys("Enter")
	tm2.waitFor("42")
}

func TestREPLColour(t *testing.T) {
	t.Parallel()
	on := startREPL(t)
	on.expect("6 * 7", "42")
	if !strings.Contains(on.coloured(), "\x1b[") {
		t.Error("no colour on a terminal")
	}
	for _, c := range []struct {
		env  []string
		args []string
	}{{[]string{"NO_COLOR=1"}, []string{"repl"}}, {nil, []string{"repl", "--no-color"}}} {
		off := startTerm(t, replPrompt, c.env, c.args...)
		off.waitFor("type :help")
		off.expect("6 * 7", "42")
		off.expect("undefined_x", "undefined name")
		if s := off.coloured(); strings.Contains(s, "\x1b[3") || strings.Contains(s, "\x1b[1") {
			t.Errorf("colour escapes with %v %v:\n%q", c.env, c.args, s)
		}
	}
}
