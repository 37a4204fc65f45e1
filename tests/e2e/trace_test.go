package e2e

import (
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

// traceDoc is the part of the Chrome trace JSON the tests read.
type traceDoc struct {
	TraceEvents []struct {
		Name string         `json:"name"`
		Ph   string         `json:"ph"`
		Cat  string         `json:"cat"`
		Tid  int64          `json:"tid"`
		ID   int            `json:"id"`
		Bp   string         `json:"bp"`
		Args map[string]any `json:"args"`
	} `json:"traceEvents"`
	OtherData struct {
		Coroutines []struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		} `json:"coroutines"`
	} `json:"otherData"`
}

// runTraced runs testdata/traced.cpr with --trace and --trace-html.
func runTraced(t *testing.T) (jsonPath, htmlPath string, doc traceDoc) {
	t.Helper()
	dir := t.TempDir()
	jsonPath, htmlPath = filepath.Join(dir, "out.json"), filepath.Join(dir, "out.html")
	cmd := exec.Command(binary, "run", "--virtual-time", "--trace", jsonPath, "--trace-html", htmlPath, "testdata/traced.cpr")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("cprime run: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "sum 3") {
		t.Fatalf("unexpected program output:\n%s", out)
	}
	data, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("the trace is not valid JSON: %v", err)
	}
	return jsonPath, htmlPath, doc
}

func TestTraceExportJSON(t *testing.T) {
	t.Parallel()
	_, _, doc := runTraced(t)
	tracks := map[int64]string{}
	has := map[string]bool{}
	flows := map[int][2]bool{}
	for _, e := range doc.TraceEvents {
		switch e.Ph {
		case "M":
			if e.Name == "thread_name" {
				tracks[e.Tid] = e.Args["name"].(string)
			}
		case "X", "i":
			has[e.Ph+":"+e.Name] = true
		case "s", "f":
			f := flows[e.ID]
			if e.Ph == "s" {
				f[0] = true
			} else {
				f[1] = true
			}
			flows[e.ID] = f
			has[e.Ph+":"+e.Name] = true
		}
	}
	if len(tracks) != len(doc.OtherData.Coroutines) || len(tracks) != 7 {
		t.Errorf("%d tracks for %d coroutines; want 7 each: %v", len(tracks), len(doc.OtherData.Coroutines), tracks)
	}
	names := ""
	for _, n := range tracks {
		names += n + "|"
	}
	for _, w := range []string{"producer (Main)", "consumer (Main)", "gen (by hand)", "(Default)", "(IO)"} {
		if !strings.Contains(names, w) {
			t.Errorf("no track %q in %s", w, names)
		}
	}
	for _, prefix := range []string{"X:running", "X:suspended: delay until", "X:suspended: receive on channel",
		"X:suspended: await #", "X:suspended: yield 1", "i:stack migrated: Micro → Small", "i:migrated: thread",
		"s:spawn", "f:spawn", "s:completion", "f:completion", "s:resume"} {
		found := false
		for k := range has {
			if strings.HasPrefix(k, prefix) {
				found = true
			}
		}
		if !found {
			t.Errorf("the trace has no %q event", prefix)
		}
	}
	for id, f := range flows {
		if !f[0] || !f[1] {
			t.Errorf("flow %d is missing its start or end", id)
		}
	}
}

// chromium finds a headless browser, or skips (fails under CI=true).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed; CI must install it (apt-get install -y chromium)")
	}
	t.Skip("chromium is not installed (apt-get install -y chromium); skipping the trace page rendering test")
	return ""
}

func TestTracePageRendersInChromium(t *testing.T) {
	t.Parallel()
	browser := chromium(t)
	_, htmlPath, doc := runTraced(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	profile := t.TempDir()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--no-first-run", "--user-data-dir="+profile, "--virtual-time-budget=5000", "--dump-dom", "file://"+htmlPath)
	dom, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	page := string(dom)
	if !strings.Contains(page, `data-drawn="true"`) {
		t.Fatalf("the page's script did not finish drawing:\n%.2000s", page)
	}
	want := len(doc.OtherData.Coroutines)
	if got := strings.Count(page, `class="track"`); got != want {
		t.Errorf("drew %d track groups, want one per coroutine (%d)", got, want)
	}
	m := regexp.MustCompile(`<svg[^>]*data-tracks="(\d+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no data-tracks on the timeline's svg")
	}
	if n, _ := strconv.Atoi(m[1]); n != want {
		t.Errorf("svg data-tracks=%d, want %d", n, want)
	}
	for _, c := range doc.OtherData.Coroutines {
		if !strings.Contains(page, `data-co="`+strconv.FormatInt(c.ID, 10)+`"`) {
			t.Errorf("no track drawn for coroutine #%d %s", c.ID, c.Name)
		}
	}
	if !regexp.MustCompile(`drew \d+ tracks \(one per coroutine\), [1-9]\d* slices`).MatchString(page) {
		t.Errorf("the summary does not report drawn slices")
	}
	if strings.Count(page, `class="run"`) == 0 || strings.Count(page, `class="suspend"`) == 0 {
		t.Errorf("no running or suspended slices drawn")
	}
}
