package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// suspendedGen migrates Micro → Small → Medium on its first resume, then
// stays suspended: the program ends without finishing it.
const suspendedGen = `fn depth(n: int) -> int { if n == 0 { 0 } else { depth(n - 1) + 1 } }
#[coro_size_hint(Micro)]
async fn gen(n: int) { yield depth(n); yield 0; }
let g = Coroutine::new(gen, 200);
println(g.size_class());
println(g.resume(), g.size_class());
`

// TestProfileCountsSuspendedGeneratorForPGO: --profile counts a coroutine
// still suspended at exit with its peak and migrations so far, so --pgo
// starts the body where it ended up and it migrates no more.
func TestProfileCountsSuspendedGeneratorForPGO(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "gen.cpr")
	if err := os.WriteFile(src, []byte(suspendedGen), 0o644); err != nil {
		t.Fatal(err)
	}
	first, second := filepath.Join(dir, "first.json"), filepath.Join(dir, "second.json")
	out, code := runCLI(t, "--profile", first, src)
	if code != 0 || out != "CoroSizeTag::Micro\nCoroResult::Yield(200) CoroSizeTag::Medium\n" {
		t.Fatalf("profiled run: exit %d\n%s", code, out)
	}
	b := readBody(t, first, "gen")
	if b.Coroutines != 1 || b.PeakStack <= 2048 || b.Migrations != 2 || b.FinalClass != "Medium" || !strings.Contains(readFile(t, first), `"alive_at_exit": 1`) {
		t.Fatalf("profile of the suspended generator: %+v\n%s", b, readFile(t, first))
	}
	out, code = runCLI(t, "--pgo", first, "--profile", second, src)
	if code != 0 || out != "CoroSizeTag::Medium\nCoroResult::Yield(200) CoroSizeTag::Medium\n" {
		t.Fatalf("run with --pgo: exit %d\n%s", code, out)
	}
	if b2 := readBody(t, second, "gen"); b2.StartClass != "Medium" || b2.Migrations != 0 || b2.PeakStack != b.PeakStack {
		t.Errorf("profile with --pgo: %+v (first: %+v)", b2, b)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestPoolReserveFlag: --pool-reserve pre-allocates the blocks before the
// program runs; pools() shows them reserved and unused. A bad value is a
// usage error.
func TestPoolReserveFlag(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "p.cpr")
	prog := `for p in pools() { println(p.size_class, p.capacity, p.used, p.reserved); }`
	if err := os.WriteFile(src, []byte(prog), 0o644); err != nil {
		t.Fatal(err)
	}
	out, code := runCLI(t, "--pool-reserve", "micro=4096,small=256,large=3", src)
	want := "Micro 4096 0 4096\nSmall 1024 0 256\nMedium 0 0 0\nLarge 3 1 3\n"
	if code != 0 || out != want {
		t.Fatalf("exit %d\n%s\nwant\n%s", code, out, want)
	}
	out, code = runCLI(t, "--pool-reserve", "tiny=3", src)
	if code != 64 || !strings.Contains(out, "--pool-reserve") || !strings.Contains(out, "unknown size class") {
		t.Errorf("bad --pool-reserve: exit %d\n%s", code, out)
	}
}
