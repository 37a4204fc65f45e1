package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// binary is the cprime built for these tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "cprime-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "cprime")
	build := exec.Command("go", "build", "-o", binary, "../../cmd/cprime")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building cprime:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

var sessions atomic.Int64

// term is one program running in its own tmux server.
type term struct {
	t      *testing.T
	socket string
	prompt string // the prompt that ends every command's output
	dir    string
}

// waitTimeout bounds every wait for the screen.
const waitTimeout = 15 * time.Second

// startTerm runs cprime with args in a 200x50 terminal. env adds
// variables (NO_COLOR is cleared unless given).
func startTerm(t *testing.T, prompt string, env []string, args ...string) *term {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tmux is not installed; CI must install it (apt-get install -y tmux)")
		}
		t.Skip("tmux is not installed (apt-get install -y tmux); skipping the terminal tests")
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "tmux.conf")
	os.WriteFile(conf, []byte("set -g history-limit 100000\nset -g remain-on-exit on\nset -g status off\n"), 0o644)
	tm := &term{t: t, socket: fmt.Sprintf("cprime-e2e-%d-%d", os.Getpid(), sessions.Add(1)), prompt: prompt, dir: dir}
	vars := []string{"NO_COLOR=", "CPRIME_HISTORY=" + filepath.Join(dir, "history"), "HOME=" + dir}
	vars = append(vars, env...)
	// The shell reports the exit status on the screen: tmux can take long
	// to notice a dead pane on a loaded machine. Its INT trap keeps it
	// alive through Ctrl-C (the program, a child, gets the signal).
	cmd := "trap true INT; env " + strings.Join(quoteAll(vars), " ") + " " + binary + " " + strings.Join(quoteAll(args), " ") +
		`; echo "[exit $?]"`
	tm.tmux("-f", conf, "new-session", "-d", "-s", "main", "-x", "200", "-y", "50", "-c", testdataDir(t), cmd)
	t.Cleanup(func() { exec.Command("tmux", "-L", tm.socket, "kill-server").Run() })
	if prompt != "" {
		tm.waitFor(prompt)
	}
	return tm
}

func testdataDir(t *testing.T) string {
	d, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func quoteAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = "'" + strings.ReplaceAll(x, "'", `'\''`) + "'"
	}
	return out
}

func (tm *term) tmux(args ...string) string {
	tm.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", tm.socket}, args...)...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// keys sends key names (Enter, Tab, C-c, Up...).
func (tm *term) keys(keys ...string) {
	tm.tmux(append([]string{"send-keys", "-t", "main"}, keys...)...)
}

// text types characters literally. (tmux reads an argument ending in
// ';' as a command separator unless the ';' is escaped.)
func (tm *term) text(s string) {
	if strings.HasSuffix(s, ";") {
		s = s[:len(s)-1] + `\;`
	}
	tm.tmux("send-keys", "-t", "main", "-l", s)
}

// screen returns everything the terminal has shown, scrollback included.
func (tm *term) screen() string {
	return tm.tmux("capture-pane", "-t", "main", "-p", "-J", "-S", "-100000")
}

// coloured returns the screen with its colour escapes.
func (tm *term) coloured() string {
	return tm.tmux("capture-pane", "-t", "main", "-p", "-e", "-J", "-S", "-100000")
}

// waitUntil polls the screen until ok accepts it.
func (tm *term) waitUntil(what string, ok func(screen string) bool) string {
	tm.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	delay := 5 * time.Millisecond
	for {
		s := tm.screen()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("timed out waiting for %s; the screen:\n%s", what, s)
		}
		time.Sleep(delay)
		delay = min(delay*2, 50*time.Millisecond)
	}
}

func (tm *term) waitFor(want string) string {
	tm.t.Helper()
	return tm.waitUntil(fmt.Sprintf("%q", want), func(s string) bool { return strings.Contains(s, want) })
}

// prompts counts the lines that start with the prompt.
func (tm *term) prompts(s string) int {
	n := 0
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, tm.prompt) || strings.TrimRight(l, " ") == strings.TrimRight(tm.prompt, " ") {
			n++
		}
	}
	return n
}

// atPrompt reports a screen whose last line is an empty prompt.
func (tm *term) atPrompt(s string) bool {
	lines := strings.Split(strings.TrimRight(s, "\n "), "\n")
	return strings.TrimRight(lines[len(lines)-1], " ") == strings.TrimRight(tm.prompt, " ")
}

// run types a line and returns its output: what the screen shows after
// the line, up to the next prompt.
func (tm *term) run(line string) string {
	tm.t.Helper()
	before := tm.prompts(tm.screen())
	tm.text(line)
	tm.keys("Enter")
	s := tm.waitUntil(fmt.Sprintf("the prompt after %q", line), func(s string) bool {
		return tm.prompts(s) > before && tm.atPrompt(s)
	})
	return tm.outputOf(s, line)
}

// outputOf cuts the output of the last command typed as line.
func (tm *term) outputOf(s, line string) string {
	lines := strings.Split(strings.TrimRight(s, "\n "), "\n")
	lines = lines[:len(lines)-1] // the new prompt
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.HasPrefix(lines[i], tm.prompt) && strings.Contains(lines[i], firstLine(line)) {
			return strings.Join(lines[i+1:], "\n")
		}
	}
	return strings.Join(lines, "\n")
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// expect runs a line and checks that its output holds every want.
func (tm *term) expect(line string, wants ...string) string {
	tm.t.Helper()
	out := tm.run(line)
	for _, w := range wants {
		if !strings.Contains(out, w) {
			tm.t.Errorf("%s: missing %q in:\n%s", line, w, out)
		}
	}
	return out
}

// interrupt presses Ctrl-C until the screen shows done: a Ctrl-C typed
// in the instant before the line editor leaves raw mode reaches it as a
// key, not as SIGINT, so the first may be lost.
func (tm *term) interrupt(what string, done func(screen string) bool) string {
	tm.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		tm.keys("C-c")
		wait := time.Now().Add(time.Second)
		for time.Now().Before(wait) {
			if s := tm.screen(); done(s) {
				return s
			}
			time.Sleep(20 * time.Millisecond)
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("Ctrl-C did not lead to %s; the screen:\n%s", what, tm.screen())
		}
	}
}

// exited waits for the program to end and returns its exit status.
func (tm *term) exited() string {
	tm.t.Helper()
	var status string
	tm.waitUntil("the program to exit", func(s string) bool {
		m := exitLine.FindStringSubmatch(s)
		if m != nil {
			status = m[1]
		}
		return m != nil
	})
	return status
}

var exitLine = regexp.MustCompile(`\[exit (\d+)\]`)
