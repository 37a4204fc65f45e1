package e2e

import (
	"bytes"
	"context"
	"os/exec"
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
