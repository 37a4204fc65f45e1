package tests

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cprime-lang/cprime/cmd/cprime/host"
	"github.com/cprime-lang/cprime/vm"
)

// expectation is what a .cpr file says it should do, in inline comments:
//
//	// expect: LINE                 stdout lines, in order (all of stdout)
//	// expect error: TEXT           a compile error containing TEXT (exit 2, no stdout)
//	// expect runtime error: TEXT   an uncaught error containing TEXT (exit 1)
//	// stdin: LINE                  a line of standard input
//	// args: A B                    script arguments
//	// max-stack: BYTES             the --max-stack limit
type expectation struct {
	stdout     []string
	compileErr string
	runtimeErr string
	stdin      []string
	args       []string
	maxStack   int
	hasExpect  bool
}

func parseExpectations(src string) expectation {
	var e expectation
	sc := bufio.NewScanner(strings.NewReader(src))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		i := strings.Index(line, "// ")
		if i < 0 {
			continue
		}
		c := line[i+3:]
		switch {
		case strings.HasPrefix(c, "expect error:"):
			e.compileErr = strings.TrimSpace(strings.TrimPrefix(c, "expect error:"))
			e.hasExpect = true
		case strings.HasPrefix(c, "expect runtime error:"):
			e.runtimeErr = strings.TrimSpace(strings.TrimPrefix(c, "expect runtime error:"))
			e.hasExpect = true
		case c == "expect:" || strings.HasPrefix(c, "expect: "):
			e.stdout = append(e.stdout, strings.TrimPrefix(strings.TrimPrefix(c, "expect:"), " "))
			e.hasExpect = true
		case strings.HasPrefix(c, "stdin: "):
			e.stdin = append(e.stdin, strings.TrimPrefix(c, "stdin: "))
		case strings.HasPrefix(c, "args: "):
			e.args = strings.Fields(strings.TrimPrefix(c, "args: "))
		case strings.HasPrefix(c, "max-stack: "):
			fmt.Sscan(strings.TrimPrefix(c, "max-stack: "), &e.maxStack)
		}
	}
	return e
}

// runFile runs one program in-process (with a virtual clock) under every
// registered engine and reports how it differs from its expectations, or
// how the engines differ from each other (stdout, error text and exit
// status must be identical), or "" if it does neither.
func runFile(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	src := string(data)
	exp := parseExpectations(src)
	var first result
	for i, e := range vm.Engines() {
		r := runWith(e, path, src, exp)
		if r.problem != "" {
			return "engine " + e.Name() + ": " + r.problem
		}
		if i == 0 {
			if msg := r.check(exp); msg != "" {
				return msg
			}
			first = r
			continue
		}
		if r.stdout != first.stdout || r.stderr != first.stderr || r.code != first.code {
			return fmt.Sprintf("engine %s differs from engine %s:\n--- %s: exit %d, stdout:\n%s--- stderr:\n%s--- %s: exit %d, stdout:\n%s--- stderr:\n%s",
				e.Name(), vm.Engines()[0].Name(), vm.Engines()[0].Name(), first.code, truncate(first.stdout, 2000), truncate(first.stderr, 2000),
				e.Name(), r.code, truncate(r.stdout, 2000), truncate(r.stderr, 2000))
		}
	}
	return ""
}

// result is what one run of a program did.
type result struct {
	stdout, stderr string
	code           int
	problem        string // it could not run, or timed out
}

// runWith runs a program under one engine.
func runWith(e vm.Engine, path, src string, exp expectation) result {
	var stdout, stderr bytes.Buffer
	stdin := strings.Join(exp.stdin, "\n")
	if len(exp.stdin) > 0 {
		stdin += "\n"
	}
	eng, err := host.New(host.Options{
		VM:     vm.Options{VirtualTime: true, Args: exp.args, StepLimit: 2_000_000_000, MaxStack: exp.maxStack},
		Stdout: &stdout, Stderr: &stderr, Stdin: strings.NewReader(stdin),
		Engine: e,
	})
	if err != nil {
		return result{problem: "host: " + err.Error()}
	}
	if eng.VM.Engine() != e {
		return result{problem: "the VM does not run the engine it was given"}
	}
	done := make(chan int, 1)
	go func() { done <- eng.RunSource(path, src) }()
	var code int
	select {
	case code = <-done:
	case <-time.After(60 * time.Second):
		eng.VM.Interrupt()
		return result{problem: "timed out after 60s"}
	}
	return result{stdout: stdout.String(), stderr: stderr.String(), code: code}
}

// check reports how a run differs from the program's expectations.
func (r result) check(exp expectation) string {
	code := r.code
	got := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if r.stdout == "" {
		got = nil
	}
	var problems []string
	switch {
	case exp.compileErr != "":
		if code != host.ExitCompileError {
			problems = append(problems, fmt.Sprintf("exit status %d, want %d (compile error)", code, host.ExitCompileError))
		}
		if !strings.Contains(r.stderr, exp.compileErr) {
			problems = append(problems, fmt.Sprintf("stderr does not contain %q", exp.compileErr))
		}
		if r.stdout != "" {
			problems = append(problems, "stdout is not empty")
		}
	case exp.runtimeErr != "":
		if code != host.ExitRuntimeError {
			problems = append(problems, fmt.Sprintf("exit status %d, want %d (runtime error)", code, host.ExitRuntimeError))
		}
		if !strings.Contains(r.stderr, exp.runtimeErr) || !strings.Contains(r.stderr, "error: ") {
			problems = append(problems, fmt.Sprintf("stderr does not contain %q", exp.runtimeErr))
		}
	default:
		if code != host.ExitOK {
			problems = append(problems, fmt.Sprintf("exit status %d, want 0", code))
		}
	}
	if exp.compileErr == "" && (exp.hasExpect || len(got) > 0) {
		if d := diffLines(exp.stdout, got); d != "" {
			problems = append(problems, "stdout differs:\n"+d)
		}
	}
	if len(problems) == 0 {
		return ""
	}
	return strings.Join(problems, "\n") + "\n--- stderr:\n" + truncate(r.stderr, 2000)
}

func diffLines(want, got []string) string {
	var b strings.Builder
	n := len(want)
	if len(got) > n {
		n = len(got)
	}
	for i := 0; i < n; i++ {
		var w, g string
		wok, gok := i < len(want), i < len(got)
		if wok {
			w = want[i]
		}
		if gok {
			g = got[i]
		}
		if w != g || wok != gok {
			fmt.Fprintf(&b, "  line %d: want %q, got %q\n", i+1, orMissing(w, wok), orMissing(g, gok))
		}
	}
	return b.String()
}

func orMissing(s string, ok bool) string {
	if !ok {
		return "<missing>"
	}
	return s
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

func cprFiles(t *testing.T, root string) []string {
	var files []string
	_ = filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && strings.HasSuffix(p, ".cpr") && !strings.Contains(p, string(filepath.Separator)+"lib"+string(filepath.Separator)) {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	return files
}

// TestPrograms runs every golden program under tests/ and examples/.
func TestPrograms(t *testing.T) {
	files := append(cprFiles(t, "programs"), cprFiles(t, "../examples")...)
	if len(files) == 0 {
		t.Fatal("no programs found")
	}
	for _, f := range files {
		f := f
		t.Run(strings.TrimSuffix(filepath.Base(f), ".cpr"), func(t *testing.T) {
			t.Parallel()
			if msg := runFile(f); msg != "" {
				t.Errorf("%s:\n%s", f, msg)
			}
		})
	}
}

const conformanceDir = "../../shared/conformance"
const knownFailuresFile = "conformance_known_failures.txt"

// TestConformance runs the public conformance sample (when it exists
// beside the checkout). A failing file must be on the known-failures list,
// and a listed file that passes must be taken off it: the list only shrinks.
func TestConformance(t *testing.T) {
	if _, err := os.Stat(conformanceDir); err != nil {
		t.Skip("no conformance sample beside the checkout")
	}
	known := map[string]bool{}
	if data, err := os.ReadFile(knownFailuresFile); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			l = strings.TrimSpace(l)
			if l != "" && !strings.HasPrefix(l, "#") {
				known[l] = true
			}
		}
	}
	files := cprFiles(t, conformanceDir)
	for _, f := range files {
		f := f
		rel, _ := filepath.Rel(conformanceDir, f)
		rel = filepath.ToSlash(rel)
		t.Run(rel, func(t *testing.T) {
			t.Parallel()
			msg := runFile(f)
			switch {
			case msg != "" && !known[rel]:
				t.Errorf("%s fails and is not on %s:\n%s", rel, knownFailuresFile, msg)
			case msg == "" && known[rel]:
				t.Errorf("%s passes now: take it off %s", rel, knownFailuresFile)
			}
		})
	}
}
