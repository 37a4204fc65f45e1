package tests

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestProfileCountsCollectedGenerator: a generator that migrated and was
// then dropped unfinished is folded into the profile when the collector
// frees it, so its peak and migrations are not lost.
func TestProfileCountsCollectedGenerator(t *testing.T) {
	var out bytes.Buffer
	e := newEngine(t, &out)
	e.VM.EnableProfile()
	src := `
fn depth(n: int) -> int { if n == 0 { 0 } else { depth(n - 1) + 1 } }
#[coro_size_hint(Micro)]
async fn dropped(n: int) { yield depth(n); yield 0; }
fn use_and_drop() {
    let g = Coroutine::new(dropped, 200);
    println(g.resume(), g.size_class());
}
use_and_drop();
`
	if code := e.RunSource("dropped.cpr", src); code != 0 || out.String() != "CoroResult::Yield(200) CoroSizeTag::Medium\n" {
		t.Fatalf("exit %d: %s", code, out.String())
	}
	e.VM.Collect()
	path := filepath.Join(t.TempDir(), "p.json")
	if err := e.VM.WriteProfile(path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var prof struct {
		Bodies []struct {
			Name        string `json:"name"`
			Peak        int    `json:"actual_peak_stack"`
			Migrations  int    `json:"migrations"`
			FinalClass  string `json:"final_class"`
			AliveAtExit int    `json:"alive_at_exit"`
		}
	}
	if err := json.Unmarshal(data, &prof); err != nil {
		t.Fatal(err)
	}
	for _, b := range prof.Bodies {
		if b.Name == "dropped" {
			if b.Peak <= 2048 || b.Migrations != 2 || b.FinalClass != "Medium" || b.AliveAtExit != 0 {
				t.Errorf("profile of the dropped generator: %+v", b)
			}
			return
		}
	}
	t.Fatalf("no profile of dropped in %s", data)
}
