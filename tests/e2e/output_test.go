package e2e

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// writeProgram writes a CPrime program into a temporary file.
func writeProgram(t *testing.T, src string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "prog.cpr")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// diedOf checks that a process ended by sig.
func diedOf(t *testing.T, err error, sig syscall.Signal) {
	t.Helper()
	ee, ok := err.(*exec.ExitError)
	if !ok {
		t.Fatalf("wait: %v, want death by %v", err, sig)
	}
	ws := ee.Sys().(syscall.WaitStatus)
	if !ws.Signaled() || ws.Signal() != sig {
		t.Errorf("exit status %v, want death by %v", ee, sig)
	}
}

// A program printing without end into a file, stopped by a signal at an
// arbitrary moment, leaves whole lines in order: what it printed up to
// the signal is flushed, not cut at a buffer boundary.
func TestOutputFlushedOnSignal(t *testing.T) {
	prog := writeProgram(t, "let mut i = 0;\nloop { println(\"line $i of the output\"); i += 1; }\n")
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out.txt")
			f, _ := os.Create(out)
			cmd := exec.Command(binary, "run", prog)
			cmd.Stdout = f
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Wait until it has written a good deal (several buffers).
			deadline := time.Now().Add(waitTimeout)
			for {
				st, _ := os.Stat(out)
				if st.Size() > 300<<10 || time.Now().After(deadline) {
					break
				}
				time.Sleep(10 * time.Millisecond)
			}
			cmd.Process.Signal(sig)
			err := cmd.Wait()
			f.Close()
			diedOf(t, err, sig)
			data, _ := os.ReadFile(out)
			if len(data) == 0 || data[len(data)-1] != '\n' {
				t.Fatalf("output cut mid-line: ends %q", data[max(0, len(data)-40):])
			}
			sc := bufio.NewScanner(bytes.NewReader(data))
			n := 0
			for sc.Scan() {
				if want := "line " + strconv.Itoa(n) + " of the output"; sc.Text() != want {
					t.Fatalf("line %d is %q, want %q", n+1, sc.Text(), want)
				}
				n++
			}
			if n < 1000 {
				t.Errorf("only %d lines", n)
			}
		})
	}
}

// 50,000 lines followed by a loop that never ends: every line is there
// after SIGINT, and "before" followed by a loop is readable on a pipe
// while the program still runs (the timer flush).
func TestOutputNotLostBeforeALoop(t *testing.T) {
	prog := writeProgram(t, "for i in 0..50000 { println(\"line $i\"); }\nprintln(\"before\");\nloop {}\n")
	cmd := exec.Command(binary, "run", prog)
	pipe, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	got := make(chan []string)
	go func() {
		var lines []string
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			lines = append(lines, sc.Text())
			if sc.Text() == "before" {
				got <- lines
			}
		}
		close(got)
	}()
	select {
	case lines := <-got:
		if len(lines) != 50001 || lines[49999] != "line 49999" {
			t.Errorf("%d lines before \"before\", want 50000", len(lines)-1)
		}
	case <-time.After(waitTimeout):
		t.Errorf("\"before\" was not readable while the program ran")
	}
	cmd.Process.Signal(syscall.SIGINT)
	for range got {
	}
	diedOf(t, cmd.Wait(), syscall.SIGINT)
}

// In a terminal, output is line-buffered: stdout and stderr lines appear
// interleaved as printed, and a line shows while the program loops.
func TestOutputLineBufferedInTerminal(t *testing.T) {
	prog := writeProgram(t, "for i in 0..3 { println(\"out $i\"); eprintln(\"err $i\"); }\nprintln(\"looping\");\nloop {}\n")
	tm := startTerm(t, "", nil, "run", prog)
	s := tm.waitFor("looping")
	want := "out 0\nerr 0\nout 1\nerr 1\nout 2\nerr 2\nlooping"
	if !strings.Contains(s, want) {
		t.Errorf("screen does not interleave stdout and stderr:\n%s", s)
	}
	tm.keys("C-c")
	tm.exited()
}

// A fault in cprime itself exits 70, a Go runtime fatal error dies of
// SIGABRT; neither shares the compile error's 2.
func TestInternalFaultExitStatus(t *testing.T) {
	cmd := exec.Command(binary, "version")
	cmd.Env = append(os.Environ(), "CPRIME_TEST_FAULT=panic")
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 70 {
		t.Errorf("internal fault: %v, want exit status 70", err)
	}
	if !strings.Contains(string(out), "error: internal error: provoked") || strings.Contains(string(out), "goroutine ") {
		t.Errorf("internal fault output:\n%s", out)
	}
	cmd = exec.Command(binary, "version")
	cmd.Env = append(os.Environ(), "CPRIME_TEST_FAULT=fatal")
	_, err = cmd.CombinedOutput()
	diedOf(t, err, syscall.SIGABRT)
	prog := writeProgram(t, "let x = nosuch;\n")
	err = exec.Command(binary, "run", prog).Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 {
		t.Errorf("compile error: %v, want exit status 2", err)
	}
}
