package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// runBinary runs cprime with stdin and returns stdout, stderr and the
// exit status (-1 when it did not end within the time limit).
func runBinary(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = append(cmd.Environ(), "NO_COLOR=1", "HOME="+t.TempDir())
	cmd.Stdin = strings.NewReader(stdin)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	code = 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running cprime %v: %v", args, err)
	}
	if ctx.Err() != nil {
		code = -1
	}
	return o.String(), e.String(), code
}

// noGoPanic fails the test if output shows a Go panic or runtime trace.
func noGoPanic(t *testing.T, out string) {
	t.Helper()
	for _, bad := range []string{"panic:", "goroutine ", "runtime/", ".go:"} {
		if strings.Contains(out, bad) {
			t.Errorf("output shows Go internals (%q):\n%s", bad, out)
			return
		}
	}
}

// On the real clock delay(i64::MAX) waits (it does not wrap into the
// past and return at once).
func TestRealClockDelayMaxWaits(t *testing.T) {
	prog := writeProgram(t, "launch { delay(i64::MAX); println(\"woke\"); };\ndelay(300);\nprintln(\"still waiting\");\nexit(0);\n")
	out, errOut, code := runBinary(t, "", "run", prog)
	if out != "still waiting\n" || code != 0 {
		t.Errorf("got %q (status %d, stderr %q), want only \"still waiting\"", out, code, errOut)
	}
}

// :advance past the largest time stops there (it does not wrap to a
// negative time).
func TestREPLAdvanceSaturates(t *testing.T) {
	out, errOut, _ := runBinary(t, ":advance 9223372036854775000\n:advance 10000\nnow_ms()\n", "repl", "--virtual-time")
	if !strings.Contains(out, "virtual time is now t=9223372036854775807ms") || strings.Contains(out, "t=-") {
		t.Errorf(":advance past the end:\n%s%s", out, errOut)
	}
}

// A root under an explicit Job() with no handler is reported as uncaught,
// naming the coroutine (the id coroutines() and :coros show), not its job.
func TestUncaughtRootNamesTheCoroutine(t *testing.T) {
	prog := writeProgram(t, "launch(Job()) { delay(10); panic(\"lost?\"); };\nlet all = coroutines();\nprintln(all[all.len() - 1].id());\ndelay(50);\nprintln(\"main goes on\");\n")
	out, errOut, code := runBinary(t, "", "run", "--virtual-time", prog)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 || lines[1] != "main goes on" {
		t.Fatalf("status %d, stdout %q, stderr %q", code, out, errOut)
	}
	want := "uncaught error in coroutine #" + lines[0] + "\nerror: Panic: lost?\n  at <closure> ("
	if !strings.HasPrefix(errOut, want) {
		t.Errorf("stderr %q, want it to start %q", errOut, want)
	}
}

// A deadlock report: one kind, a stack trace for main stuck at top level,
// and every waiting coroutine named with what it waits for and where.
func TestDeadlockReport(t *testing.T) {
	prog := writeProgram(t, "fn wait_for(ch) { ch.receive() }\nlet ch = Channel::new();\nlaunch(CoroutineName(\"reader\")) { wait_for(ch); };\nch.receive();\n")
	_, errOut, code := runBinary(t, "", "run", prog)
	if code != 1 {
		t.Errorf("status %d, want 1", code)
	}
	for _, want := range []string{
		"error: Deadlock: every coroutine is waiting and no timer is pending; waiting:\n",
		`"main" waits for receive on channel #`, " in main (" + prog + ":4)\n",
		`"reader" waits for receive on channel #`, " in wait_for (" + prog + ":1)\n",
		"\n  at main (" + prog + ":4)\n",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("deadlock report lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(strings.ToLower(errOut), "deadlock: deadlock") {
		t.Errorf("doubled word:\n%s", errOut)
	}
}

// Cancelled coroutines are Cancelled in :coros (not Failed), and the one
// that failed is Failed.
func TestREPLCancelledShowsCancelled(t *testing.T) {
	in := "let tree = launch { launch(CoroutineName(\"sleeper\")) { delay(500) }; launch(CoroutineName(\"crasher\")) { delay(10); panic(\"disk full\") }; delay(1000) }\n:run\n:coros\n"
	out, errOut, _ := runBinary(t, in, "repl", "--virtual-time")
	all := out + errOut
	var sleeper, crasher string
	for _, l := range strings.Split(all, "\n") {
		if strings.Contains(l, "sleeper") {
			sleeper = l
		}
		if strings.Contains(l, "crasher") {
			crasher = l
		}
	}
	if !strings.Contains(sleeper, "Cancelled") || !strings.Contains(crasher, "Failed") {
		t.Errorf(":coros rows:\n%s\n%s\nsession:\n%s", sleeper, crasher, all)
	}
}

// A cancelled coroutine's track in a trace ends with a "cancelled" mark.
func TestTraceMarksCancelled(t *testing.T) {
	prog := writeProgram(t, "let j = launch(CoroutineName(\"victim\")) { delay(100); };\ndelay(10);\nj.cancel();\n")
	jsonPath := filepath.Join(t.TempDir(), "out.json")
	if _, errOut, code := runBinary(t, "", "run", "--virtual-time", "--trace", jsonPath, prog); code != 0 {
		t.Fatalf("status %d: %s", code, errOut)
	}
	data, _ := os.ReadFile(jsonPath)
	var doc traceDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var victim int64 = -1
	for _, c := range doc.OtherData.Coroutines {
		if c.Name == "victim" {
			victim = c.ID
		}
	}
	var marks []string
	for _, e := range doc.TraceEvents {
		if e.Ph == "i" && e.Tid == victim {
			marks = append(marks, e.Name)
		}
	}
	if len(marks) == 0 || marks[len(marks)-1] != "cancelled" {
		t.Errorf("victim #%d's marks: %v, want it to end \"cancelled\"", victim, marks)
	}
}

// A stack overflow's trace is short: the recursion folded into one line
// with its count, then the outermost frames down to main.
func TestStackOverflowTraceFolds(t *testing.T) {
	prog := writeProgram(t, "fn down(n: int) -> int { down(n + 1) + 1 }\nfn start() -> int { down(0) }\nprintln(start());\n")
	_, errOut, code := runBinary(t, "", "run", "--max-stack", "1MiB", prog)
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if code != 1 || len(lines) != 5 {
		t.Fatalf("status %d, %d lines:\n%s", code, len(lines), errOut)
	}
	want := []string{"error: StackOverflow: ", "  at down (" + prog + ":1)", "  ... ", "  at start (" + prog + ":2)", "  at main (" + prog + ":3)"}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("line %d is %q, want it to start %q", i+1, lines[i], w)
		}
	}
	if !regexp.MustCompile(`^  \.\.\. [0-9,]+ more calls of down \(.*:1\)$`).MatchString(lines[2]) {
		t.Errorf("fold line %q", lines[2])
	}
}

// A let that fails to compile or to run defines nothing; without the
// trailing `;` the real compile error is reported.
func TestREPLFailedLetDefinesNothing(t *testing.T) {
	in := "let x1 = nosuch(1)\nx1\nlet y = 1 / 0;\ny\nlet w = 5;\nlet w = 1 / 0;\nw\nlet (a, b) = (1, 2);\na + b\n"
	out, errOut, _ := runBinary(t, in, "repl")
	for _, want := range []string{
		"<repl>:1:10: error: undefined name 'nosuch'\n    let x1 = nosuch(1)\n",
		"error: undefined name 'x1'", "error: DivisionByZero", "error: undefined name 'y'",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(errOut, "unexpected end of file") {
		t.Errorf("reported the end of file instead of the real error:\n%s", errOut)
	}
	if lines := strings.Split(strings.TrimSpace(out), "\n"); lines[len(lines)-2] != "5" || lines[len(lines)-1] != "3" {
		t.Errorf("w should keep its old value 5, a + b is 3; stdout:\n%s", out)
	}
}

// Through a pipe, a 70 KB line and a NUL byte are reported like any bad
// input and the session goes on; input cut off at end of file is
// reported, not dropped silently.
func TestREPLPipedOddInputSurvives(t *testing.T) {
	in := strings.Repeat("x", 70000) + "\n\x00\n" + strings.Repeat("1 + ", 16000) + "1\n1 + 2\n((("
	out, errOut, code := runBinary(t, in, "repl")
	noGoPanic(t, errOut)
	if code != 0 || !strings.Contains(out, "16001\n3\n") {
		t.Errorf("status %d; stdout:\n%.300s\nstderr:\n%.600s", code, out, errOut)
	}
	for _, want := range []string{"error: undefined name 'xxxx", "error: unexpected character '\\x00'", "    ␀\n",
		`error: the input ended inside an unclosed bracket, string or comment; not run (line, from "(((")`} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%.800s", want, errOut)
		}
	}
	if len(errOut) > 4000 {
		t.Errorf("the error for a 70 KB line is %d bytes long", len(errOut))
	}
	_, errOut, _ = runBinary(t, "\"abc\n", "repl")
	if !strings.Contains(errOut, `not run (line, from "\"abc")`) {
		t.Errorf("unterminated string at EOF: %q", errOut)
	}
}

// The command line: help --help, a program on standard input, a
// --max-stack too small to run anything, and a --max-stack below the
// main coroutine's 64 KiB starting stack, which main must respect.
func TestCommandLineEdges(t *testing.T) {
	out, _, code := runBinary(t, "", "help", "--help")
	if code != 0 || !strings.HasPrefix(out, "Usage: cprime help [COMMAND]") {
		t.Errorf("help --help: status %d, %q", code, out)
	}
	out, errOut, code := runBinary(t, "println(\"from stdin\");\npanic(\"boom\");\n", "run", "-")
	if code != 1 || out != "from stdin\n" || !strings.Contains(errOut, "at main (<stdin>:2)") {
		t.Errorf("run -: status %d, stdout %q, stderr %q", code, out, errOut)
	}
	prog := writeProgram(t, "fn down(n: int) -> int { down(n + 1) + 1 }\nprintln(down(0));\n")
	_, errOut, code = runBinary(t, "", "run", "--max-stack", "1", prog)
	if code != 64 || !strings.Contains(errOut, "1 is too small: a coroutine needs at least 256 bytes of stack") || strings.Contains(errOut, "prelude") {
		t.Errorf("--max-stack 1: status %d, %q", code, errOut)
	}
	_, errOut, code = runBinary(t, "", "run", "--max-stack", "8KiB", prog)
	m := regexp.MustCompile(`\.\.\. ([0-9,]+) more calls of down`).FindStringSubmatch(errOut)
	if code != 1 || m == nil {
		t.Fatalf("--max-stack 8KiB: status %d, %q", code, errOut)
	}
	// a frame of down takes at least 4 slots of 8 bytes: 8 KiB holds
	// fewer than 256 of them (64 KiB would hold about 2,000)
	if n, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", "")); n > 256 {
		t.Errorf("main recursed %d deep under an 8 KiB limit: the limit was not enforced", n)
	}
}

// :stack draws a caller's registers that overlap its callee's frame as
// the callee's header, not as the caller's registers (where the return
// word read as a float showed as junk like 6.36e-314).
func TestStackViewDrawsTheCallAsAHeader(t *testing.T) {
	in := "async fn inner(x: int) -> int { let y = x * 2.5; yield y; 1 }\nasync fn outer(n: int) -> int { let a = 1.5; let b = inner(n); b }\nlet c = Coroutine::new(outer, 3)\n:step c\n:stack c full\n"
	out, errOut, _ := runBinary(t, in, "repl", "--virtual-time")
	frame1 := out[strings.Index(out, "frame 1: outer"):]
	if !strings.Contains(frame1, "R3… lie in frame 0's header and registers (the call)") ||
		strings.Contains(frame1, "e-3") || strings.Contains(frame1, "<frame mark>") || strings.Contains(frame1, "<fn inner>") {
		t.Errorf(":stack frame 1:\n%s\n%s", frame1, errOut)
	}
	if !strings.Contains(out, "[callee]        inner") {
		t.Errorf(":stack lacks frame 0's header:\n%s", out)
	}
}
