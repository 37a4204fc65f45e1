package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func tutorCLI(args ...string) (string, string, int) {
	var out, errOut bytes.Buffer
	code := realMain(append([]string{"tutor"}, args...), &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestTutorCommand(t *testing.T) {
	dir := t.TempDir()
	prog := filepath.Join(dir, "p.cpr")
	os.WriteFile(prog, []byte("async fn g() { yield 1; }\nlet c = Coroutine::new(g);\nc.resume();\nprintln(\"hi\");\n"), 0o644)
	page := filepath.Join(dir, "p.html")
	out, errs, code := tutorCLI("--virtual-time", prog, "-o", page)
	if code != 0 || out != "hi\n" || !strings.Contains(errs, "steps written to "+page) {
		t.Fatalf("exit %d, out %q, err %q", code, out, errs)
	}
	data, err := os.ReadFile(page)
	if err != nil || !bytes.Contains(data, []byte(`id="tutor-steps"`)) {
		t.Fatalf("no page: %v", err)
	}

	out, _, code = tutorCLI("--help")
	if code != 0 || !strings.Contains(out, "Example:\n  cprime tutor") || !strings.Contains(out, "-max-steps") {
		t.Errorf("--help: %d %q", code, out)
	}
	if _, errs, code = tutorCLI(prog); code != 64 || !strings.Contains(errs, "missing -o") {
		t.Errorf("without -o: %d %q", code, errs)
	}
	if _, errs, code = tutorCLI("-o", page); code != 64 || !strings.Contains(errs, "missing FILE") {
		t.Errorf("without FILE: %d %q", code, errs)
	}
	bad := filepath.Join(dir, "bad.cpr")
	os.WriteFile(bad, []byte("let x = ;\n"), 0o644)
	if _, errs, code = tutorCLI(bad, "-o", page); code != 2 || !strings.Contains(errs, "bad.cpr:1:") || !strings.Contains(errs, "^") {
		t.Errorf("a compile error: %d %q", code, errs)
	}
	loop := filepath.Join(dir, "loop.cpr")
	os.WriteFile(loop, []byte("async fn g() { loop { yield 1; } }\nlet c = Coroutine::new(g);\nloop { c.resume(); }\n"), 0o644)
	_, errs, code = tutorCLI("--max-steps", "100", loop, "-o", page)
	data, _ = os.ReadFile(page)
	if code != 0 || !strings.Contains(errs, "stopped at --max-steps 100") || !bytes.Contains(data, []byte(`"truncated":true`)) {
		t.Errorf("--max-steps: %d %q", code, errs)
	}
	fail := filepath.Join(dir, "fail.cpr")
	os.WriteFile(fail, []byte("fn f() { panic(\"boom\"); }\nf();\n"), 0o644)
	_, errs, code = tutorCLI(fail, "-o", page)
	data, _ = os.ReadFile(page)
	if code != 1 || !strings.Contains(errs, "boom") || !bytes.Contains(data, []byte(`"exit":"`)) {
		t.Errorf("a runtime error: %d %q", code, errs)
	}
}
