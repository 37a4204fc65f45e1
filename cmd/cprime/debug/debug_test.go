package debug

import (
	"bytes"
	"strings"
	"testing"

	"github.com/cprime-lang/cprime/vm"
)

const program = `async fn worker(name: string, n: int) -> int {
    let mut total = 0;
    for i in 0..n {
        total += helper(i);
        delay(10);
    }
    println("$name total $total");
    total
}

fn helper(x: int) -> int {
    let y = x * 2;
    y + 1
}

let a = spawn worker("a", 3);
let b = spawn worker("b", 2);
println("sum ${co_await a + co_await b}");
`

// script runs debugger commands and returns what each printed.
func script(t *testing.T, src string, cmds ...string) (*Debugger, []string) {
	t.Helper()
	var out bytes.Buffer
	d, err := New(Options{File: "prog.cpr", Source: src, Out: &out, Err: &out, NoColor: true, VM: vm.Options{VirtualTime: true}})
	if err != nil {
		t.Fatal(err)
	}
	var outs []string
	for _, c := range cmds {
		out.Reset()
		d.Exec(c)
		outs = append(outs, out.String())
	}
	return d, outs
}

func expect(t *testing.T, cmd, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s: missing %q in:\n%s", cmd, w, got)
		}
	}
}

func TestBreakpointsAndStepping(t *testing.T) {
	cmds := []string{"break helper", "continue", "bt", "locals", "print x * 100", "next", "step", "finish", "stepi", "coros"}
	d, out := script(t, program, cmds...)
	expect(t, cmds[0], out[0], "breakpoint 1 at function helper")
	expect(t, cmds[1], out[1], "breakpoint 1 hit by coroutine #", "at helper (prog.cpr:12)", "12 |     let y = x * 2;")
	expect(t, cmds[2], out[2], "#0 helper (prog.cpr:12)", "#1 worker (prog.cpr:4)", "total += helper(i);")
	expect(t, cmds[3], out[3], "x = 0")
	expect(t, cmds[4], out[4], "0\n")
	expect(t, cmds[5], out[5], "at helper (prog.cpr:13)")
	expect(t, cmds[6], out[6], "at helper (prog.cpr:14)")
	expect(t, cmds[7], out[7], "at worker (prog.cpr:4)")
	expect(t, cmds[8], out[8], "next:")
	expect(t, cmds[9], out[9], "Stopped", "stopped by a step", "queued, not started", "in view: #")
	if d.finished {
		t.Fatal("the program finished early")
	}
}

func TestLineBreakpointHitsEveryIteration(t *testing.T) {
	// a and b take turns: each delays after every iteration
	d, out := script(t, program, "break 4", "continue", `print "${name}${i}"`, "continue", `print "${name}${i}"`,
		"continue", `print "${name}${i}"`, "delete 1", "continue")
	expect(t, "continue", out[1], "breakpoint 1 hit")
	expect(t, "print", out[2], `"a0"`)
	expect(t, "print", out[4], `"b0"`)
	expect(t, "print", out[6], `"a1"`)
	expect(t, "continue", out[8], "a total 9", "b total 4", "sum 13", "program finished with status 0")
	if !d.finished || d.Status() != 0 {
		t.Errorf("finished %v status %d", d.finished, d.Status())
	}
}

func TestSwitchAndViewsWhileStopped(t *testing.T) {
	_, out := script(t, program, "break 7", "continue", "coros", "switch 4", "bt", "stack", "pools", "jobs", "inspect", "list", "breakpoints")
	expect(t, "continue", out[1], "breakpoint 1 hit by coroutine")
	expect(t, "coros", out[2], "main", "Stopped", "await #")
	expect(t, "switch 4", out[3], "now viewing coroutine #4")
	expect(t, "bt", out[4], "#0 main (prog.cpr:18)")
	expect(t, "stack", out[5], "Large stack", "frame 0 (innermost): main")
	expect(t, "pools", out[6], "Micro 176 B (exact) block 0")
	expect(t, "jobs", out[7], `Job #5 "main"`, "Deferred #")
	expect(t, "inspect", out[8], "#0 main (prog.cpr:18)")
	expect(t, "list", out[9], "=>   18 | println(")
	expect(t, "breakpoints", out[10], "prog.cpr:7", "hit 1 times")
}

func TestErrorsNeverEndTheSession(t *testing.T) {
	d, out := script(t, program, "bogus", "break nowhere", "break 999", "switch x", "print nope(", "delete 7", "help", "help break", "step --help")
	expect(t, "bogus", out[0], "unknown command bogus")
	expect(t, "break nowhere", out[1], "no function named nowhere")
	expect(t, "break 999", out[2], "no code at or after prog.cpr:999")
	expect(t, "switch x", out[3], "no variable named x")
	expect(t, "print", out[4], "error")
	expect(t, "delete", out[5], "no breakpoint 7")
	for _, c := range commandTable {
		expect(t, "help", out[6], c.name)
	}
	expect(t, "help break", out[7], "example: break worker")
	expect(t, "step --help", out[8], "example: step")
	if d.quit {
		t.Error("an error ended the session")
	}
}

func TestFailingProgramAndRestart(t *testing.T) {
	d, out := script(t, "let x = 1;\npanic(\"boom\");\n", "continue", "continue", "restart", "step", "continue")
	expect(t, "continue", out[0], "error: Panic: boom", "program finished with status 1")
	expect(t, "continue again", out[1], "the program has finished")
	expect(t, "restart", out[2], "restarted")
	expect(t, "step", out[3], "at main (prog.cpr:1)")
	expect(t, "continue", out[4], "status 1")
	if d.Status() != 1 {
		t.Errorf("status %d, want 1", d.Status())
	}
}
