package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// tutorPage records an example program with cprime tutor and opens the
// page in a headless browser.
func tutorPage(t *testing.T, example string, flags ...string) *browser {
	t.Helper()
	page := filepath.Join(t.TempDir(), example+".html")
	args := append([]string{"tutor", "--virtual-time", "--quiet"}, flags...)
	out, err := exec.Command(binary, append(args, "../../examples/tutor/"+example+".cpr", "-o", page)...).CombinedOutput()
	if err != nil {
		t.Fatalf("cprime tutor: %v\n%s", err, out)
	}
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "<script src") || strings.Contains(string(data), "<link") {
		t.Errorf("the page loads something from outside")
	}
	b := startBrowser(t, 1400, 1000)
	b.open(page)
	return b
}

// coroByFrame finds the id of the coroutine card whose frames run fn.
func (b *browser) coroByFrame(fn string) string {
	b.t.Helper()
	id := b.str(`(function(){ for (const c of document.querySelectorAll(".coro")) { for (const f of c.querySelectorAll(".fhead")) if (f.textContent.includes(` + js(": "+fn+" (") + `)) return c.dataset.co; } return ""; })()`)
	if id == "" {
		b.t.Fatalf("no coroutine runs %s at step %s", fn, b.str(`document.body.dataset.step`))
	}
	return id
}

func (b *browser) coroAttr(id, attr string) string {
	return b.str(`document.getElementById("coro-` + id + `").dataset.` + attr)
}

func TestTutorGenerator(t *testing.T) {
	t.Parallel()
	b := tutorPage(t, "generator")
	b.stepUntil("print", "total through the reference: 5")
	main, gen := b.coroByFrame("main"), b.coroByFrame("running_total")
	if s := b.coroAttr(main, "state"); s != "Running" {
		t.Errorf("main is %s while it prints, want Running", s)
	}
	if s := b.coroAttr(gen, "state"); s != "Suspended" {
		t.Errorf("the generator is %s after its yield, want Suspended", s)
	}
	// main's r holds &mut total: an arrow from r's slot to the generator's total
	from := b.str(`document.querySelector('#coro-` + main + ` tr[data-name="r"]').dataset.slot`)
	arrow := `document.querySelector('path.ref-arrow[data-from="` + main + `:` + from + `"]')`
	to := b.str(arrow + `.dataset.to`)
	if !strings.HasPrefix(to, gen+":") {
		t.Fatalf("the arrow from main's r points at %s, want a slot of coroutine #%s", to, gen)
	}
	slot := strings.TrimPrefix(to, gen+":")
	if name := b.str(`document.getElementById("slot-` + gen + `-` + slot + `").dataset.name`); name != "total" {
		t.Errorf("the arrow points at slot %s holding %q, want the generator's total", slot, name)
	}
	// and it is drawn there: its end lies on that row
	var ends bool
	b.eval(`(function(){ const p = `+arrow+`, row = document.getElementById("slot-`+gen+`-`+slot+`");
		const m = p.getAttribute("d").match(/(-?[\d.]+),(-?[\d.]+)$/), box = document.getElementById("stacks").getBoundingClientRect(), r = row.getBoundingClientRect();
		const y = Number(m[2]) + box.top; return y >= r.top && y <= r.bottom; })()`, &ends)
	if !ends {
		t.Errorf("the arrow's end is not on the row of slot %s", slot)
	}
	if !strings.Contains(b.str(`document.getElementById("output").textContent`), "total through the reference: 5") {
		t.Errorf("the output so far lacks the printed line")
	}
	// the source marks both coroutines' lines
	if b.str(`document.querySelectorAll('#source .chip[data-co="`+gen+`"]').length`) != "1" {
		t.Errorf("the generator's current line is not marked in the source")
	}

	// the deep call migrates the generator's stack out of Micro
	before := b.coroAttr(gen, "class")
	b.stepUntil("migrate", "migrates to a Small stack")
	if before != "Micro" {
		t.Errorf("the generator started in %s, want Micro", before)
	}
	if c := b.coroAttr(gen, "class"); c != "Small" {
		t.Errorf("after the migration step the generator's stack is %s, want Small", c)
	}
	if !strings.Contains(b.str(`document.querySelector("#coro-`+gen+` .where").textContent`), "Small pool") {
		t.Errorf("the stack's memory line does not name the Small pool")
	}
	if b.str(`document.querySelectorAll('.pool[data-class="Small"] .bit[data-co="`+gen+`"]').length`) != "1" {
		t.Errorf("the Small pool's bitmap does not show the generator's stack")
	}
	b.screenshot("tutor-generator-migration.png")
	// one step back: the stack is Micro again
	b.key("ArrowLeft")
	if c := b.coroAttr(gen, "class"); c != "Micro" {
		t.Errorf("stepping back before the migration shows %s, want Micro", c)
	}
	// after the run, the reference dangles: no arrow
	b.key("End")
	if n := b.str(`document.getElementById("arrows").dataset.arrows`); n != "0" {
		t.Errorf("%s arrows drawn after the generator finished", n)
	}
}

func TestTutorPipeline(t *testing.T) {
	t.Parallel()
	b := tutorPage(t, "pipeline")
	// the buffered channel fills up and the producer waits for room
	b.stepUntil("suspend", "producer suspends: send on channel")
	chans := b.str(`Array.from(document.querySelectorAll(".chan")).map(c => c.dataset.ch + "=" + c.dataset.buffered).join(" ")`)
	if !strings.Contains(b.str(`document.getElementById("chans").textContent`), "waiting to send: #") {
		t.Errorf("the full channel shows no waiting sender: %s", chans)
	}
	if !strings.Contains(chans, "=2") {
		t.Errorf("no channel holds its 2 buffered values: %s", chans)
	}
	producer := b.str(`document.querySelector(".coro[data-co] .head b").textContent.includes("producer") ? document.querySelector(".coro").dataset.co : Array.from(document.querySelectorAll(".coro")).find(c => c.querySelector(".head b").textContent.includes("producer")).dataset.co`)
	if s := b.coroAttr(producer, "state"); s != "Waiting" {
		t.Errorf("the producer is %s, want Waiting", s)
	}
	// jump with n to the printer's next event
	printer := b.str(`Array.from(document.querySelectorAll(".coro")).find(c => c.querySelector(".head b").textContent.includes("printer")).dataset.co`)
	b.eval(`(function(){ const s = document.getElementById("who"); s.value = `+js(printer)+`; s.blur(); return true; })()`, nil)
	at := b.str(`document.body.dataset.step`)
	b.key("n")
	if b.str(`document.body.dataset.step`) == at {
		t.Fatalf("n did not move")
	}
	if ev := b.str(`document.getElementById("event").textContent`); !strings.Contains(ev, "#"+printer) {
		t.Errorf("n jumped to %q, not an event of the printer #%s", ev, printer)
	}
	b.stepUntil("print", "square 16")
	if out := b.str(`document.getElementById("output").textContent`); !strings.Contains(out, "square 1\nsquare 4\nsquare 9\nsquare 16") {
		t.Errorf("output so far: %q", out)
	}
	b.screenshot("tutor-pipeline.png")
	b.key("End")
	if !strings.Contains(b.str(`document.getElementById("chans").textContent`), "closed") {
		t.Errorf("the channels are not shown closed at the end")
	}
}

func TestTutorCancellation(t *testing.T) {
	t.Parallel()
	b := tutorPage(t, "cancellation")
	b.stepUntil("fail", "failed: IOError: disk full")
	b.stepUntil("cancel", `"failing" starts cancelling: IOError: disk full`)
	// the next step: the failure reaches the parent
	b.key("ArrowRight")
	if ev := b.str(`document.getElementById("event").textContent`); !strings.Contains(ev, `"parent" starts cancelling: IOError: disk full`) {
		t.Errorf("the step after the child's failure is not the parent's cancelling: %s", ev)
	}
	if !strings.Contains(b.str(`document.querySelector('li.job[data-state="cancelling"]') && document.querySelector('li.job[data-state="cancelling"]').textContent`), "parent") {
		t.Errorf("the job tree does not show the parent cancelling")
	}
	b.stepUntil("cancel", "helper is cancelled")
	if s := b.coroAttr(b.str(`document.body.dataset.kind && document.querySelector(".coro.focus").dataset.co`), "state"); s != "Cancelled" {
		t.Errorf("the cancelled helper is drawn %s", s)
	}
	b.key("End")
	jobs := b.str(`Array.from(document.querySelectorAll("li.job")).map(j => j.dataset.job + ":" + j.dataset.state).join(" ")`)
	text := b.str(`document.getElementById("jobs").textContent`)
	for _, w := range []string{"IOError: disk full", "failed in its body", "cancelled by parent #"} {
		if !strings.Contains(text, w) {
			t.Errorf("the job tree does not say %q:\n%s", w, text)
		}
	}
	if !strings.Contains(jobs, ":failed") || strings.Count(jobs, ":cancelled") < 2 {
		t.Errorf("job states %s: want the failed child and the cancelled others", jobs)
	}
	for _, name := range []string{"worker", "helper"} {
		id := b.str(`Array.from(document.querySelectorAll(".coro")).find(c => c.querySelector(".head b").textContent.includes(` + js(name) + `)).dataset.co`)
		if s := b.coroAttr(id, "state"); s != "Cancelled" {
			t.Errorf("%s is %s at the end, want Cancelled", name, s)
		}
	}
	b.screenshot("tutor-cancellation.png")
}

func TestTutorMaxStepsNote(t *testing.T) {
	t.Parallel()
	b := tutorPage(t, "pipeline", "--max-steps", "7")
	if b.str(`document.getElementById("note").hidden`) != "false" ||
		!strings.Contains(b.str(`document.getElementById("note").textContent`), "stopped after 7 steps (--max-steps 7)") {
		t.Errorf("no note that the run was stopped: %q", b.str(`document.getElementById("note").textContent`))
	}
	b.key("End")
	if at := b.str(`document.body.dataset.step`); at != "6" {
		t.Errorf("End goes to step %s, want the 7th (6)", at)
	}
}
