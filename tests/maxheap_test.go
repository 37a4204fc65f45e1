package tests

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fatalMarks are what Go prints when it ends a process itself (a fatal
// error, an unrecovered panic): never what a CPrime program may cause.
var fatalMarks = []string{"fatal error:", "panic:", "goroutine 1 [", "runtime: out of memory", "SIGSEGV"}

// TestEveryGoldenFileUnderASmallHeap builds cprime and runs every golden
// program (and example) as a process with --max-heap 64MiB: none may end
// in a Go fatal error. The programs in programs_oom/, which exhaust the
// heap on purpose, must also do exactly what their expectations say.
func TestEveryGoldenFileUnderASmallHeap(t *testing.T) {
	if testing.Short() {
		t.Skip("builds cprime and runs every program as a process")
	}
	bin := filepath.Join(t.TempDir(), "cprime")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/cprime").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	oom := cprFiles(t, "programs_oom")
	if len(oom) == 0 {
		t.Fatal("no programs in programs_oom")
	}
	files := append(append(cprFiles(t, "programs"), cprFiles(t, "../examples")...), oom...)
	jobs := make(chan string)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for w := 0; w < runtime.NumCPU(); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range jobs {
				if msg := runUnderSmallHeap(bin, f, strings.HasPrefix(f, "programs_oom")); msg != "" {
					mu.Lock()
					t.Errorf("%s:\n%s", f, msg)
					mu.Unlock()
				}
			}
		}()
	}
	for _, f := range files {
		jobs <- f
	}
	close(jobs)
	wg.Wait()
}

func runUnderSmallHeap(bin, path string, checkAll bool) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	exp := parseExpectations(string(data))
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	args := append([]string{"run", "--virtual-time", "--max-heap", "64MiB", filepath.Base(path)}, exp.args...)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = filepath.Dir(path)
	if len(exp.stdin) > 0 {
		cmd.Stdin = strings.NewReader(strings.Join(exp.stdin, "\n") + "\n")
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	if ctx.Err() != nil {
		return "timed out"
	}
	for _, m := range fatalMarks {
		if strings.Contains(stderr.String(), m) {
			return "Go ended the process (" + m + "):\n" + truncate(stderr.String(), 2000)
		}
	}
	if !checkAll {
		return ""
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	want := 0
	if exp.runtimeErr != "" {
		want = 1
	}
	var problems []string
	if code != want {
		problems = append(problems, "exit status "+strconv.Itoa(code)+", want "+strconv.Itoa(want))
	}
	if exp.runtimeErr != "" && (!strings.Contains(stderr.String(), exp.runtimeErr) || !strings.Contains(stderr.String(), "  at ")) {
		problems = append(problems, "stderr lacks "+exp.runtimeErr+" with a stack trace")
	}
	got := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	if stdout.Len() == 0 {
		got = nil
	}
	if d := diffLines(exp.stdout, got); d != "" {
		problems = append(problems, "stdout differs:\n"+d)
	}
	if len(problems) == 0 {
		return ""
	}
	return strings.Join(problems, "\n") + "\n--- stderr:\n" + truncate(stderr.String(), 2000)
}
