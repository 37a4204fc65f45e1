package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// deepBody is hinted Micro but needs about 8 KiB: every coroutine running
// it migrates Micro → Small → Medium.
const deepBody = `fn depth(n: int) -> int { if n == 0 { 0 } else { depth(n - 1) + 1 } }
#[coro_size_hint(Micro)]
async fn body(n: int) -> int { yield 0; depth(n) }
for i in 0..3 {
    let c = Coroutine::new(body, 200);
    println(c.size_class());
    c.resume();
    println(c.resume());
}
`

type bodyProfile struct {
	Name           string `json:"name"`
	PredictedClass string `json:"predicted_class"`
	StartClass     string `json:"start_class"`
	Coroutines     int    `json:"coroutines"`
	PeakStack      int    `json:"actual_peak_stack"`
	Migrations     int    `json:"migrations"`
	FinalClass     string `json:"final_class"`
}

func runCLI(t *testing.T, args ...string) (string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cmdRun(args, &out, &errOut)
	return out.String() + errOut.String(), code
}

func readBody(t *testing.T, path, name string) bodyProfile {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var prof struct{ Bodies []bodyProfile }
	if err := json.Unmarshal(data, &prof); err != nil {
		t.Fatalf("%s: %v\n%s", path, err, data)
	}
	for _, b := range prof.Bodies {
		if b.Name == name {
			return b
		}
	}
	t.Fatalf("no body %q in %s", name, data)
	return bodyProfile{}
}

// TestProfileThenPGO: --profile records the predicted class, the peak and
// the migrations; --pgo with that file starts the body in the class it
// measured, so the same run migrates no more.
func TestProfileThenPGO(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "deep.cpr")
	if err := os.WriteFile(src, []byte(deepBody), 0o644); err != nil {
		t.Fatal(err)
	}
	first, second := filepath.Join(dir, "first.json"), filepath.Join(dir, "second.json")

	out, code := runCLI(t, "--profile", first, src)
	if code != 0 || strings.Count(out, "CoroSizeTag::Micro") != 3 || strings.Count(out, "Complete(200)") != 3 {
		t.Fatalf("profiled run: exit %d\n%s", code, out)
	}
	b := readBody(t, first, "body")
	if b.PredictedClass != "Micro" || b.StartClass != "Micro" || b.Coroutines != 3 || b.PeakStack <= 2048 || b.Migrations < 6 || b.FinalClass != "Medium" {
		t.Fatalf("profile of body: %+v", b)
	}

	out, code = runCLI(t, "--pgo", first, "--profile", second, src)
	if code != 0 || strings.Count(out, "CoroSizeTag::Medium") != 3 || strings.Count(out, "Complete(200)") != 3 {
		t.Fatalf("run with --pgo: exit %d\n%s", code, out)
	}
	if b2 := readBody(t, second, "body"); b2.PredictedClass != "Medium" || b2.StartClass != "Medium" || b2.Migrations != 0 || b2.PeakStack != b.PeakStack {
		t.Errorf("profile with --pgo: %+v (first: %+v)", b2, b)
	}

	// a missing or broken profile is a usage error, not a crash
	if out, code := runCLI(t, "--pgo", filepath.Join(dir, "none.json"), src); code != 64 || !strings.Contains(out, "--pgo") {
		t.Errorf("missing --pgo file: exit %d\n%s", code, out)
	}
	if err := os.WriteFile(filepath.Join(dir, "bad.json"), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, code := runCLI(t, "--pgo", filepath.Join(dir, "bad.json"), src); code != 64 || !strings.Contains(out, "--pgo") {
		t.Errorf("broken --pgo file: exit %d\n%s", code, out)
	}
}

func TestEngineFlag(t *testing.T) {
	dir := t.TempDir()
	prog := filepath.Join(dir, "hello.cpr")
	if err := os.WriteFile(prog, []byte(`println("hello")`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"interp", "auto"} {
		if out, code := runCLI(t, "--engine="+name, prog); code != 0 || out != "hello\n" {
			t.Errorf("--engine=%s: status %d, output %q", name, code, out)
		}
	}
	// no JIT is registered in this binary yet: jit is refused, clearly
	out, code := runCLI(t, "--engine=jit", prog)
	if code != 64 || !strings.Contains(out, "--engine=jit") || !strings.Contains(out, "--engine=interp") || strings.Contains(out, "hello") {
		t.Errorf("--engine=jit: status %d, output %q", code, out)
	}
	if out, code := runCLI(t, "--engine=fast", prog); code != 64 || !strings.Contains(out, "unknown engine") {
		t.Errorf("--engine=fast: status %d, output %q", code, out)
	}
	var vout, verr bytes.Buffer
	if code := cmdVersion(nil, &vout, &verr); code != 0 || !strings.Contains(vout.String(), "engines: interp") || !strings.Contains(vout.String(), "auto = interp") {
		t.Errorf("version: status %d, output %q", code, vout.String())
	}
}
