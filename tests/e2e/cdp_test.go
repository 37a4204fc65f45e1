package e2e

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// browser is a headless Chromium driven through the DevTools protocol
// over a pipe (--remote-debugging-pipe: commands on fd 3, replies on fd
// 4, each message ended by a NUL byte), so the tests need no library and
// no network port.
type browser struct {
	t       *testing.T
	cmd     *exec.Cmd
	in      *os.File
	out     *bufio.Reader
	id      int
	session string
}

// startBrowser starts Chromium with one page of the given size.
func startBrowser(t *testing.T, width, height int) *browser {
	t.Helper()
	path := chromium(t)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	t.Cleanup(cancel)
	cmdR, cmdW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	repR, repW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, path, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--no-first-run", "--user-data-dir="+t.TempDir(), "--remote-debugging-pipe", "about:blank")
	cmd.ExtraFiles = []*os.File{cmdR, repW}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // its helpers end with it
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	cmdR.Close()
	repW.Close()
	b := &browser{t: t, cmd: cmd, in: cmdW, out: bufio.NewReader(repR)}
	t.Cleanup(func() {
		b.in.Close()
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		cmd.Wait()
	})
	var target struct {
		TargetID string `json:"targetId"`
	}
	b.call("Target.createTarget", map[string]any{"url": "about:blank"}, &target)
	var att struct {
		SessionID string `json:"sessionId"`
	}
	b.call("Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &att)
	b.session = att.SessionID
	b.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}, nil)
	return b
}

// call sends a command (to the page once attached) and decodes its result.
func (b *browser) call(method string, params any, result any) {
	b.t.Helper()
	b.id++
	msg := map[string]any{"id": b.id, "method": method, "params": params}
	if b.session != "" {
		msg["sessionId"] = b.session
	}
	data, _ := json.Marshal(msg)
	if _, err := b.in.Write(append(data, 0)); err != nil {
		b.t.Fatalf("%s: %v", method, err)
	}
	for {
		line, err := b.out.ReadBytes(0)
		if err != nil {
			b.t.Fatalf("%s: reading the reply: %v", method, err)
		}
		var rep struct {
			ID     int             `json:"id"`
			Result json.RawMessage `json:"result"`
			Error  *struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		if err := json.Unmarshal(line[:len(line)-1], &rep); err != nil {
			b.t.Fatalf("%s: bad reply %q: %v", method, line, err)
		}
		if rep.ID != b.id {
			continue // an event
		}
		if rep.Error != nil {
			b.t.Fatalf("%s: %s", method, rep.Error.Message)
		}
		if result != nil {
			if err := json.Unmarshal(rep.Result, result); err != nil {
				b.t.Fatalf("%s: %v", method, err)
			}
		}
		return
	}
}

// eval runs a script in the page and decodes its value.
func (b *browser) eval(expr string, v any) {
	b.t.Helper()
	var res struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		Exception *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	b.call("Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true}, &res)
	if res.Exception != nil {
		b.t.Fatalf("%s: %s %s", expr, res.Exception.Text, res.Exception.Exception.Description)
	}
	if v != nil {
		if err := json.Unmarshal(res.Result.Value, v); err != nil {
			b.t.Fatalf("%s: value %s: %v", expr, res.Result.Value, err)
		}
	}
}

func (b *browser) str(expr string) string {
	b.t.Helper()
	var s string
	b.eval("String("+expr+")", &s)
	return s
}

// open loads a file and waits until the page says it is ready.
func (b *browser) open(path string) {
	b.t.Helper()
	b.call("Page.navigate", map[string]any{"url": "file://" + path}, nil)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if b.str(`document.body && document.body.getAttribute("data-ready")`) == "true" {
			return
		}
		if e := b.str(`document.body && document.body.getAttribute("data-error")`); e != "null" && e != "" {
			b.t.Fatalf("the page failed: %s", e)
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.t.Fatalf("%s never became ready", path)
}

// key presses a key as a user does (keyDown, keyUp).
func (b *browser) key(key string) {
	b.t.Helper()
	codes := map[string]int{"ArrowRight": 39, "ArrowLeft": 37, "Home": 36, "End": 35, "n": 78, "p": 80, " ": 32}
	p := map[string]any{"type": "keyDown", "key": key, "windowsVirtualKeyCode": codes[key], "nativeVirtualKeyCode": codes[key]}
	if len(key) == 1 {
		p["text"] = key
	}
	b.call("Input.dispatchKeyEvent", p, nil)
	p["type"] = "keyUp"
	delete(p, "text")
	b.call("Input.dispatchKeyEvent", p, nil)
}

// screenshot saves the page as a PNG in the artifact folder.
func (b *browser) screenshot(name string) string {
	b.t.Helper()
	var shot struct {
		Data string `json:"data"`
	}
	b.call("Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true}, &shot)
	png, err := base64.StdEncoding.DecodeString(shot.Data)
	if err != nil {
		b.t.Fatal(err)
	}
	dir := artifactDir(b.t)
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot: %s (%d bytes)", path, len(png))
	return path
}

// artifactDir is where tests keep what a person may want to look at:
// $CPRIME_TEST_ARTIFACTS, or cprime-test-artifacts in the temp folder.
func artifactDir(t *testing.T) string {
	dir := os.Getenv("CPRIME_TEST_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "cprime-test-artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// stepUntil presses → until the current step's event matches kind and
// contains text; it fails if the last step comes first.
func (b *browser) stepUntil(kind, text string) int {
	b.t.Helper()
	for i := 0; i < 5000; i++ {
		if b.str(`document.body.getAttribute("data-kind")`) == kind && strings.Contains(b.str(`document.getElementById("event").textContent`), text) {
			var at int
			b.eval(`Number(document.body.getAttribute("data-step"))`, &at)
			return at
		}
		before := b.str(`document.body.getAttribute("data-step")`)
		b.key("ArrowRight")
		if b.str(`document.body.getAttribute("data-step")`) == before {
			break
		}
	}
	b.t.Fatalf("no step %s %q (reached the last step)", kind, text)
	return 0
}

func js(s string) string { q, _ := json.Marshal(s); return string(q) }

var _ = fmt.Sprintf
