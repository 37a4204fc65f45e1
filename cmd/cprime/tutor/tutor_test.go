package tutor

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cprime-lang/cprime/cmd/cprime/engine"
	"github.com/cprime-lang/cprime/vm"
)

// record runs src under a recorder and returns it with the page.
func record(t testing.TB, src string, max int) (*Recorder, string, string) {
	t.Helper()
	var out bytes.Buffer
	e, err := engine.New(engine.Options{VM: vm.Options{VirtualTime: true, Serial: true}, Stdout: io.Discard, Stderr: &out, Script: true})
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.Compile("t.cpr", src)
	if err != nil {
		t.Fatal(err)
	}
	r := Attach(e.VM, "t.cpr", max)
	var printed bytes.Buffer
	r.Echo = &printed
	e.Run(p)
	r.Finish()
	var page bytes.Buffer
	if err := r.WriteHTML(&page, src, ""); err != nil {
		t.Fatal(err)
	}
	return r, page.String(), printed.String()
}

const everything = `
fn depth(n: int) -> int { if n == 0 { 0 } else { 1 + depth(n - 1) } }
#[coro_size_hint(Micro)]
async fn gen() { yield 1; yield depth(40); }
let g = Coroutine::new(gen);
g.resume();
g.resume();
let ch = Channel::new();
let p = launch(CoroutineName("producer")) { for i in 0..3 { delay(5); ch.send(i); } ch.close(); };
let c = async { let mut s = 0; for v in ch { s += v; } s };
let k = launch { delay(1000); };
delay(1);
k.cancel();
println("sum ${c.await()}");
`

func kinds(r *Recorder) map[string]int {
	m := map[string]int{}
	for _, s := range r.Steps() {
		m[s.Kind]++
	}
	return m
}

func TestEveryKindOfEventIsAStep(t *testing.T) {
	r, page, printed := record(t, everything, 0)
	k := kinds(r)
	for _, want := range []string{"spawn", "start", "resume", "yield", "suspend", "wake", "migrate", "complete", "cancel", "send", "receive", "close", "print"} {
		if k[want] == 0 {
			t.Errorf("no %s step; steps: %v", want, k)
		}
	}
	if printed != "sum 3\n" {
		t.Errorf("the program's output, echoed: %q", printed)
	}
	var reasons []string
	for _, s := range r.Steps() {
		if s.Kind == "suspend" {
			reasons = append(reasons, s.Msg)
		}
	}
	all := strings.Join(reasons, "\n")
	for _, w := range []string{"delay until t=5ms", "receive on channel #", "await #"} {
		if !strings.Contains(all, w) {
			t.Errorf("no suspension with reason %q in:\n%s", w, all)
		}
	}
	if strings.Contains(page, "<script src") || regexp.MustCompile(`https?://`).FindAllString(page, -1) != nil &&
		len(regexp.MustCompile(`https?://`).FindAllString(page, -1)) != strings.Count(page, "http://www.w3.org/2000/svg") {
		t.Errorf("the page refers to the network")
	}
}

// decode reads the steps back out of a page, as its script does.
func decode(t *testing.T, page string) []map[string]any {
	t.Helper()
	m := regexp.MustCompile(`id="tutor-steps"[^>]*>([^<]*)</script>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no steps in the page")
	}
	z, err := base64.StdEncoding.DecodeString(m[1])
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(z))
	if err != nil {
		t.Fatal(err)
	}
	var steps []map[string]any
	if err := json.NewDecoder(zr).Decode(&steps); err != nil {
		t.Fatal(err)
	}
	return steps
}

// Replaying the stored differences gives, at every step, exactly the
// coroutine drawings the recorder rendered then.
func TestDifferencesReplayToTheSnapshots(t *testing.T) {
	r, page, _ := record(t, everything, 0)
	steps := decode(t, page)
	if len(steps) != len(r.Steps()) {
		t.Fatalf("%d steps in the page, %d recorded", len(steps), len(r.Steps()))
	}
	state := map[string]any{}
	full := 0
	for _, s := range steps {
		c, _ := s["c"].(map[string]any)
		for id, p := range c {
			if p == nil {
				delete(state, id)
				continue
			}
			state[id] = patch(state[id], p)
		}
		full += len(c)
	}
	// the final state equals the last renderings the recorder kept
	compared := 0
	for key, last := range r.lastVal {
		if !strings.HasPrefix(key, "c") {
			continue
		}
		var want any
		b, _ := json.Marshal(last)
		json.Unmarshal(b, &want)
		if got := state[key[1:]]; !reflect.DeepEqual(got, want) {
			t.Errorf("coroutine %s replays to\n%v\nwant\n%v", key[1:], got, want)
		}
		compared++
	}
	if compared < 5 {
		t.Errorf("compared %d coroutines, want every one of the program's", compared)
	}
	if full == 0 {
		t.Fatal("no coroutine drawings")
	}
}

func TestDiffPatch(t *testing.T) {
	cases := []struct{ a, b string }{
		{`{"x":1,"y":[1,2,3]}`, `{"x":1,"y":[1,5,3]}`},
		{`{"x":1,"y":[1,2,3]}`, `{"y":[1,2]}`},
		{`{"f":[{"r":[{"v":"a"},{"v":"b"}]}]}`, `{"f":[{"r":[{"v":"a"},{"v":"c"},{"v":"d"}]},{"r":[]}]}`},
		{`[1,2]`, `{"a":1}`},
		{`{"a":null}`, `{"a":{"b":1}}`},
	}
	for _, c := range cases {
		var a, b any
		json.Unmarshal([]byte(c.a), &a)
		json.Unmarshal([]byte(c.b), &b)
		p, changed := diff(a, b)
		if !changed {
			t.Errorf("%s → %s: no change found", c.a, c.b)
			continue
		}
		pj, _ := json.Marshal(p)
		var pd any
		json.Unmarshal(pj, &pd) // as the page reads it
		if got := patch(a, pd); !reflect.DeepEqual(got, b) {
			t.Errorf("%s + %s = %v, want %s", c.a, pj, got, c.b)
		}
	}
	var a any
	json.Unmarshal([]byte(`{"x":[1,{"y":2}]}`), &a)
	if _, changed := diff(a, a); changed {
		t.Errorf("equal values differ")
	}
}

func TestMaxStepsStopsTheRunWithANote(t *testing.T) {
	r, page, _ := record(t, `async fn g() { loop { yield 1; } } let c = Coroutine::new(g); loop { c.resume(); }`, 50)
	if !r.Truncated() || len(r.Steps()) != 50 {
		t.Fatalf("truncated=%v after %d steps, want a stop at 50", r.Truncated(), len(r.Steps()))
	}
	if !strings.Contains(page, `"truncated":true`) || !strings.Contains(page, `"maxSteps":50`) || !strings.Contains(page, "The run was stopped after") {
		t.Errorf("the page does not say the run was stopped")
	}
}

func TestReferencesAcrossCoroutines(t *testing.T) {
	r, _, _ := record(t, `async fn g() { let mut total = 7; loop { let v = yield &mut total; total += v; } }
let c = Coroutine::new(g);
let first = c.resume();
let r = match first { CoroResult::Yield(x) => x, _ => panic("no") };
println("${*r}");`, 0)
	at := -1
	for i, s := range r.Steps() {
		if s.Kind == "print" {
			at = i
		}
	}
	state := map[string]any{}
	for _, s := range r.Steps()[:at+1] {
		for id, raw := range s.Coros {
			var p any
			json.Unmarshal(raw, &p)
			state[id] = patch(state[id], p)
		}
	}
	snap := func(id string) coroSnap {
		var c coroSnap
		b, _ := json.Marshal(state[id])
		json.Unmarshal(b, &c)
		return c
	}
	found := false
	main := snap(strconv.FormatInt(r.Steps()[at].Co, 10))
	for _, f := range main.Frames {
		for _, reg := range f.Regs {
			if reg.Name != "r" {
				continue
			}
			found = reg.To != ""
			parts := strings.Split(reg.To, ":")
			ok := false
			for _, gf := range snap(parts[0]).Frames {
				for _, gr := range gf.Regs {
					if strconv.Itoa(gr.Slot) == parts[1] && gr.Name == "total" && gr.Val == "7" {
						ok = true
					}
				}
			}
			if !ok {
				t.Errorf("r points at %s, which is not the generator's total", reg.To)
			}
		}
	}
	if !found {
		t.Errorf("main's r has no reference target")
	}
}

// coroAt replays the recorded differences up to step i and returns
// coroutine id as drawn there.
func coroAt(r *Recorder, i int, id int64) coroSnap {
	state := map[string]any{}
	for _, x := range r.Steps()[:i+1] {
		for k, raw := range x.Coros {
			var q any
			json.Unmarshal(raw, &q)
			state[k] = patch(state[k], q)
		}
	}
	var s coroSnap
	b, _ := json.Marshal(state[strconv.FormatInt(id, 10)])
	json.Unmarshal(b, &s)
	return s
}

// A deep recursion draws its innermost frames and the entry frame, and
// counts the rest: a step does not cost the whole stack.
func TestDeepStacksDrawSomeFrames(t *testing.T) {
	r, _, _ := record(t, `fn depth(n: int) -> int { if n == 0 { println("bottom"); 0 } else { 1 + depth(n - 1) } }
println(depth(5000));`, 0)
	var s coroSnap
	for i, st := range r.Steps() {
		if st.Kind == "print" && strings.Contains(st.Msg, "bottom") {
			s = coroAt(r, i, st.Co)
		}
	}
	if len(s.Frames) != framesShown || s.Skipped != 5001+1-framesShown {
		t.Errorf("drew %d frames and skipped %d, want %d and %d", len(s.Frames), s.Skipped, framesShown, 5001+1-framesShown)
	}
	if len(s.Frames) > 0 && (s.Frames[0].Fn != "depth" || s.Frames[len(s.Frames)-1].Fn != "main") {
		t.Errorf("the frames drawn are not the innermost and the entry frame: %s ... %s", s.Frames[0].Fn, s.Frames[len(s.Frames)-1].Fn)
	}
}
