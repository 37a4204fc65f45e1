package trace

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/cprime-lang/cprime/cmd/cprime/engine"
	"github.com/cprime-lang/cprime/vm"
)

// A program that exercises every kind of event: hand-driven resumes and
// yields, a stack migration, channel and await suspensions, delays, and
// coroutines on Default and IO (which run on worker threads, so hooks
// fire from several goroutines).
const program = `
fn depth(n: int) -> int { if n == 0 { 0 } else { 1 + depth(n - 1) } }
async fn deep() { yield depth(40); }
async fn gen() { yield 1; yield 2; }
let g = Coroutine::new(gen);
g.resume();
let m = Coroutine::with_class(CoroSizeTag::Micro, deep);
m.resume();
let ch = Channel::new();
let p = launch { for i in 0..3 { delay(5); ch.send(i); } ch.close(); };
let c = async { let mut s = 0; for v in ch { s += v; } s };
let w = launch(Dispatchers::Default) { let mut x = 0; for i in 0..20000 { x += i; } };
let io = launch(Dispatchers::IO) { delay(3); with_context(Dispatchers::Default) { delay(2); }; };
println("sum ${c.await()}");
g.resume();
`

func record(t *testing.T, src string) (*Recorder, document) {
	t.Helper()
	var out bytes.Buffer
	e, err := engine.New(engine.Options{VM: vm.Options{VirtualTime: true}, Stdout: &out, Stderr: &out})
	if err != nil {
		t.Fatal(err)
	}
	rec := New(e.VM)
	if code := e.RunSource("t.cpr", src); code != 0 {
		t.Fatalf("exit %d: %s", code, out.String())
	}
	var buf bytes.Buffer
	if err := rec.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var doc document
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("the trace is not JSON: %v", err)
	}
	return rec, doc
}

func TestTraceHasATrackPerCoroutine(t *testing.T) {
	_, doc := record(t, program)
	named := map[int64]string{}
	ran := map[int64]bool{}
	for _, e := range doc.TraceEvents {
		if e.Ph == "M" && e.Name == "thread_name" {
			named[e.Tid] = e.Args["name"].(string)
		}
		if e.Ph == "X" && e.Cat == "run" {
			ran[e.Tid] = true
			if e.Dur == nil || *e.Dur < 0 {
				t.Errorf("running slice without a duration: %+v", e)
			}
		}
	}
	want := []string{"main (Main)", "gen (by hand)", "deep (by hand)", "(Default)", "(IO)"}
	all := ""
	for _, n := range named {
		all += n + "\n"
	}
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("no track named like %q in:\n%s", w, all)
		}
	}
	if len(named) != 7 {
		t.Errorf("%d tracks, want 7 (one per coroutine):\n%s", len(named), all)
	}
	for tid := range named {
		if !ran[tid] {
			t.Errorf("track %d (%s) has no running slice", tid, named[tid])
		}
	}
}

func TestTraceEvents(t *testing.T) {
	_, doc := record(t, program)
	names := map[string]bool{}
	starts, ends := map[int]Event{}, map[int]Event{}
	for _, e := range doc.TraceEvents {
		names[e.Ph+" "+e.Name] = true
		switch e.Ph {
		case "s":
			starts[e.ID] = e
		case "f":
			ends[e.ID] = e
		}
	}
	for _, w := range []string{"X suspended: yield 1", "X suspended: receive on channel #", "X suspended: await #",
		"X suspended: delay until t=", "i stack migrated: Micro → Small", "i migrated: thread", "i completed", "X suspended: resuming #"} {
		found := false
		for n := range names {
			if strings.HasPrefix(n, w) {
				found = true
			}
		}
		if !found {
			t.Errorf("no event %q", w)
		}
	}
	kinds := map[string]int{}
	for id, s := range starts {
		f, ok := ends[id]
		if !ok {
			t.Errorf("flow %d (%s) starts but never ends", id, s.Name)
			continue
		}
		if f.Ts < s.Ts {
			t.Errorf("flow %d (%s) ends before it starts", id, s.Name)
		}
		kinds[s.Name]++
	}
	if kinds["spawn"] < 4 || kinds["completion"] < 4 || kinds["resume"] < 3 {
		t.Errorf("flows: %v; want spawns and completions of the 4 launched coroutines and 3 resumes", kinds)
	}
}

func TestTraceHTMLEmbedsTheTimeline(t *testing.T) {
	// a yielded string shows in a suspension's name: it must not end the data element
	rec, _ := record(t, `async fn g() { yield "</script>"; } let c = Coroutine::new(g); c.resume();`)
	var buf bytes.Buffer
	if err := rec.WriteHTML(&buf); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, w := range []string{"<!DOCTYPE html>", `<script type="application/json" id="trace-data">{"traceEvents"`, `"class": "track"`, "drew ", `yield \"\u003c/script\u003e\"`} {
		if !strings.Contains(page, w) {
			t.Errorf("page lacks %q", w)
		}
	}
	if strings.Count(page, "</script>") != 2 {
		t.Errorf("a string in the trace closed a script element early")
	}
	if strings.Contains(page, "http://") && !strings.Contains(page, "http://www.w3.org/2000/svg") {
		t.Errorf("the page refers to the network")
	}
}

func TestTracePageShowsTheHighlightedSource(t *testing.T) {
	src := `async fn g() { yield "</script>"; } let c = Coroutine::new(g); c.resume();`
	rec, _ := record(t, src)
	var buf bytes.Buffer
	if err := rec.SourcePage("t.cpr", src)(&buf); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, w := range []string{`<details open id="source">`, `<span class="hl-kw">async</span>`, `<span class="hl-fn">g</span>`, `.hl-kw{`, `drew `} {
		if !strings.Contains(page, w) {
			t.Errorf("page lacks %q", w)
		}
	}
	if strings.Index(page, `id="source"`) < strings.Index(page, `id="trace-data"`) {
		t.Errorf("the source is not below the timeline")
	}
	if strings.Count(page, "</script>") != 2 {
		t.Errorf("the source's string closed a script element")
	}
}
