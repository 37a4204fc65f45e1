package e2e

import (
	"strings"
	"testing"
)

const debugPrompt = "(cdb) "

func TestDebuggerSession(t *testing.T) {
	t.Parallel()
	tm := startTerm(t, debugPrompt, nil, "debug", "--virtual-time", "debugme.cpr")
	tm.waitFor("is stopped before its first line")
	tm.expect("break helper", "breakpoint 1 at function helper")
	tm.expect("break debugme.cpr:7", "breakpoint 2 at debugme.cpr:7")
	tm.expect("breakpoints", "function helper", "debugme.cpr:7", "hit 0 times")
	out := tm.expect("continue", "breakpoint 1 hit by coroutine #", "(Main dispatcher)", "at helper (debugme.cpr:12)", "let y = x * 2;")
	hitter := between(out, "hit by coroutine ", " ")
	tm.expect("bt", "#0 helper (debugme.cpr:12)", "#1 worker (debugme.cpr:4)", "total += helper(i);")
	tm.expect("bt 1", "#0 helper", "... 1 more frames")
	tm.expect("locals", "x = 0")
	tm.expect("print x + 100", "100")
	tm.expect("next", "at helper (debugme.cpr:13)")
	tm.expect("locals", "x = 0", "y = 0")
	tm.expect("finish", "at worker (debugme.cpr:4)")
	tm.expect("next", "at worker (debugme.cpr:5)")
	tm.expect("stepi", "next:")
	tm.expect("coros", "main", "Stopped", "in view: "+hitter)
	// the REPL's views work while stopped
	tm.expect(":inspect "+hitter, "#0 worker (debugme.cpr:5)", `name = "a"`, "total = 1")
	tm.expect(":stack", "memory: Micro ", "(exact) pool, block 0", "frame 0 (innermost): worker")
	tm.expect(":pools", "(exact) block 0:")
	tm.expect(":jobs", `Job #`, `"main"`, "Deferred #")
	tm.expect("switch 4", "now viewing coroutine #4", "await #")
	tm.expect("bt", "#0 main (debugme.cpr:18)")
	tm.expect("list", "=>   18 | println(")
	tm.expect("disasm helper", "fn helper (debugme.cpr:11)", "MULI", "RET")
	tm.expect("delete 1", "deleted breakpoint 1")
	tm.expect("continue", "breakpoint 2 hit by coroutine #", "at worker (debugme.cpr:7)")
	tm.expect("step", "b total 4", "at worker (debugme.cpr:8)") // b has fewer iterations: it gets there first
	tm.expect("delete 2", "deleted breakpoint 2")
	tm.expect("continue", "a total 9", "sum 13", "program finished with status 0")
	tm.expect("continue", "the program has finished")
	tm.expect("help", "break", "continue", "step", "next", "finish", "bt", "locals", "print", "coros", "switch")
	tm.expect("help print", "example: print")
	tm.expect("frobnicate", "unknown command frobnicate")
	tm.expect("restart", "restarted")
	tm.expect("step", "at main (debugme.cpr:16)")
	tm.text("quit")
	tm.keys("Enter")
	tm.exited()
}

func TestDebuggerCtrlCPauses(t *testing.T) {
	t.Parallel()
	tm := startTerm(t, debugPrompt, nil, "debug", "spin.cpr")
	tm.waitFor("is stopped before its first line")
	before := tm.prompts(tm.screen())
	tm.text("continue")
	tm.keys("Enter")
	tm.waitUntil("the program to run", func(s string) bool { return strings.Contains(s, debugPrompt+"continue") })
	s := tm.interrupt("the pause", func(s string) bool {
		return strings.Contains(s, "paused coroutine #") && tm.prompts(s) > before && tm.atPrompt(s)
	})
	if !strings.Contains(s, "paused coroutine #") || !strings.Contains(s, "at spin (spin.cpr:") {
		t.Fatalf("Ctrl-C did not pause the spinning coroutine:\n%s", s)
	}
	tm.expect("locals", "n = ")
	tm.expect("bt", "#0 spin (spin.cpr:")
	tm.expect("coros", "paused (Ctrl-C)")
	tm.text("quit")
	tm.keys("Enter")
	tm.exited()
}

// between returns the text after start up to the next end.
func between(s, start, end string) string {
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	s = s[i+len(start):]
	if j := strings.Index(s, end); j >= 0 {
		return s[:j]
	}
	return s
}
