package trace

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"sync"
	"time"

	"github.com/cprime-lang/cprime/vm"
	"github.com/cprime-lang/cprime/vmstack"
)

// Recorder collects coroutine events from a VM's hooks.
type Recorder struct {
	mu     sync.Mutex
	vm     *vm.VM
	start  time.Time
	tracks map[*vm.Coroutine]*track
	order  []*track
	// chains is, per thread, the coroutines it runs: the one taken from a
	// ready queue, then any it resumed by hand, innermost last.
	chains  map[int][]*track
	events  []Event
	nextID  int
	virtual bool
	doc     *document
	// under the virtual clock: the virtual instant last seen, when (real
	// time) it began, and the last timestamp given (they never go back)
	vInstant int64
	vBegan   time.Time
	last     float64
}

// track is one coroutine's row of the timeline.
type track struct {
	co       *vm.Coroutine
	id       int64
	created  float64
	firstRun float64
	ran      bool
	// the open running slice, if any
	running    bool
	runStart   float64
	runThread  int
	lastThread int
	// the open suspension, if any
	waiting   bool
	waitStart float64
	waitWhy   string
	done      bool
	doneAt    float64
	resumer   *track // who resumed it by hand, while it runs for them
	body      string // the function the coroutine runs
	parkedWhy string // the reason the Parked hook gave for the current wait
}

// Event is one Chrome trace event.
type Event struct {
	Name  string         `json:"name"`
	Cat   string         `json:"cat,omitempty"`
	Ph    string         `json:"ph"`
	Ts    float64        `json:"ts"`
	Dur   *float64       `json:"dur,omitempty"`
	Pid   int            `json:"pid"`
	Tid   int64          `json:"tid"`
	ID    int            `json:"id,omitempty"`
	Bp    string         `json:"bp,omitempty"`
	S     string         `json:"s,omitempty"`
	Cname string         `json:"cname,omitempty"`
	Args  map[string]any `json:"args,omitempty"`
}

// New makes a recorder and attaches it to v's hooks (keeping any hook
// already set).
func New(v *vm.VM) *Recorder {
	r := &Recorder{vm: v, start: time.Now(), tracks: map[*vm.Coroutine]*track{}, chains: map[int][]*track{},
		virtual: v.Scheduler().Virtual()}
	r.attach()
	return r
}

// now is the time since the recording began, in microseconds. Under
// the virtual clock it is the virtual time (delay(10) spans 10 ms on the
// timeline), plus the real time spent within each virtual instant,
// capped under a millisecond, so events at one instant keep their order.
func (r *Recorder) now() float64 {
	if !r.virtual {
		return float64(time.Since(r.start).Nanoseconds()) / 1000
	}
	v := r.vm.Now()
	if v != r.vInstant || r.vBegan.IsZero() {
		r.vInstant, r.vBegan = v, time.Now()
	}
	t := float64(v)*1000 + min(float64(time.Since(r.vBegan).Nanoseconds())/1000, 999)
	if t < r.last {
		t = r.last
	}
	r.last = t
	return t
}

func (r *Recorder) track(co *vm.Coroutine) *track {
	t := r.tracks[co]
	if t == nil {
		t = &track{co: co, id: co.ID, created: r.now(), lastThread: -1}
		if fr := r.vm.Frames(co); len(fr) > 0 {
			t.body = fr[len(fr)-1].Proto.Name // the function it runs, for its label
		}
		r.tracks[co] = t
		r.order = append(r.order, t)
	}
	return t
}

func (r *Recorder) attach() {
	h := &r.vm.Hooks
	chain := func(prev func(*vm.Coroutine), f func(*vm.Coroutine)) func(*vm.Coroutine) {
		return func(co *vm.Coroutine) {
			f(co)
			if prev != nil {
				prev(co)
			}
		}
	}
	h.CoroutineCreated = chain(h.CoroutineCreated, r.created)
	h.CoroutineFinished = chain(h.CoroutineFinished, r.finished)
	h.Resumed = chain(h.Resumed, r.resumed)
	prevYield := h.Yielded
	h.Yielded = func(co *vm.Coroutine, v vm.Value) {
		r.yielded(co, v)
		if prevYield != nil {
			prevYield(co, v)
		}
	}
	prevParked := h.Parked
	h.Parked = func(co *vm.Coroutine, reason string) {
		r.parked(co, reason)
		if prevParked != nil {
			prevParked(co, reason)
		}
	}
	prevMigrated := h.Migrated
	h.Migrated = func(co *vm.Coroutine, from, to vmstack.Class) {
		r.migrated(co, from, to)
		if prevMigrated != nil {
			prevMigrated(co, from, to)
		}
	}
	prevRunning := h.Running
	h.Running = func(t *vm.Thread, co *vm.Coroutine) {
		r.runningOn(t.ID, co)
		if prevRunning != nil {
			prevRunning(t, co)
		}
	}
	prevStopped := h.Stopped
	h.Stopped = func(t *vm.Thread, co *vm.Coroutine) {
		r.stoppedOn(t.ID)
		if prevStopped != nil {
			prevStopped(t, co)
		}
	}
}

func (r *Recorder) created(co *vm.Coroutine) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.track(co)
}

// open starts a running slice of t on thread th, ending its suspension.
func (r *Recorder) open(t *track, th int, at float64) {
	if t.waiting {
		r.slice(t, t.waitStart, at, "suspended: "+t.waitWhy, "suspend", "grey", nil)
		t.waiting = false
	}
	if !t.ran {
		t.ran, t.firstRun = true, at
	}
	if t.lastThread >= 0 && t.lastThread != th {
		r.instant(t, at, fmt.Sprintf("migrated: thread %d → %d", t.lastThread, th), "migrate",
			map[string]any{"from_thread": t.lastThread, "to_thread": th})
	}
	t.running, t.runStart, t.runThread, t.lastThread = true, at, th, th
}

// close ends t's running slice; why (if not "") opens a suspension.
func (r *Recorder) close(t *track, at float64, why string) {
	if t.running {
		r.slice(t, t.runStart, at, "running", "run", "good", map[string]any{"thread": t.runThread})
		t.running = false
	}
	if why != "" && !t.done && !t.waiting {
		t.waiting, t.waitStart, t.waitWhy = true, at, why
	}
}

func (r *Recorder) runningOn(th int, co *vm.Coroutine) {
	r.mu.Lock()
	defer r.mu.Unlock()
	at := r.now()
	t := r.track(co)
	r.open(t, th, at)
	r.chains[th] = append(r.chains[th][:0], t)
}

// stoppedOn closes whatever still runs on thread th: the chain suspended.
func (r *Recorder) stoppedOn(th int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	at := r.now()
	for _, t := range r.chains[th] {
		why := t.parkedWhy
		if why == "" && !r.vm.Parallel() {
			// single-threaded, nothing else can touch it: read why it waits
			// (a scope, with_context, suspend_coroutine)
			why = t.co.WaitReason()
		}
		if why == "" {
			why = "waiting (a scope, with_context or suspend_coroutine)"
		}
		r.close(t, at, why)
		t.parkedWhy = ""
	}
	r.chains[th] = r.chains[th][:0]
}

// threadOf finds the thread whose chain runs t.
func (r *Recorder) threadOf(t *track) (int, bool) {
	for th, c := range r.chains {
		if len(c) > 0 && c[len(c)-1] == t {
			return th, true
		}
	}
	return 0, false
}

func (r *Recorder) resumed(co *vm.Coroutine) {
	r.mu.Lock()
	defer r.mu.Unlock()
	at := r.now()
	t := r.track(co)
	th := 0
	if p := co.Resumer(); p != nil {
		parent := r.track(p)
		th = parent.runThread
		from := at
		if parent.running {
			from = max(parent.runStart, at-0.001) // inside the slice that ends now
		}
		r.close(parent, at, fmt.Sprintf("resuming #%d", co.ID))
		r.flow(parent, from, t, at, "resume", true)
		t.resumer = parent
	}
	r.open(t, th, at)
	r.chains[th] = append(r.chains[th], t)
}

// popChain removes t from its thread's chain and reopens its resumer.
func (r *Recorder) popChain(t *track, at float64) {
	th, ok := r.threadOf(t)
	if !ok {
		return
	}
	c := r.chains[th]
	r.chains[th] = c[:len(c)-1]
	if len(c) > 1 {
		r.open(c[len(c)-2], th, at)
	}
}

func (r *Recorder) yielded(co *vm.Coroutine, v vm.Value) {
	r.mu.Lock()
	defer r.mu.Unlock()
	at := r.now()
	t := r.track(co)
	r.close(t, at, "yield "+r.vm.SafeRepr(v, 30))
	r.popChain(t, at)
}

func (r *Recorder) parked(co *vm.Coroutine, reason string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	at := r.now()
	t := r.track(co)
	r.close(t, at, reason)
	t.parkedWhy = reason
	// the rest of its chain stops too, unless it was resumed inline (Stopped closes those)
}

func (r *Recorder) finished(co *vm.Coroutine) {
	r.mu.Lock()
	defer r.mu.Unlock()
	at := r.now()
	t := r.track(co)
	t.done, t.doneAt = true, at
	r.close(t, at, "")
	what := "completed"
	switch co.State {
	case vm.CoroFailed:
		what = "failed"
	case vm.CoroCancelled:
		what = "cancelled"
	}
	r.instant(t, at, what, "end", nil)
	r.popChain(t, at)
}

func (r *Recorder) migrated(co *vm.Coroutine, from, to vmstack.Class) {
	r.mu.Lock()
	defer r.mu.Unlock()
	t := r.track(co)
	r.instant(t, r.now(), fmt.Sprintf("stack migrated: %s → %s", from, to), "migrate",
		map[string]any{"from": from.String(), "to": to.String()})
}

func (r *Recorder) slice(t *track, from, to float64, name, cat, cname string, args map[string]any) {
	d := to - from
	r.events = append(r.events, Event{Name: name, Cat: cat, Ph: "X", Ts: from, Dur: &d, Pid: 1, Tid: t.id, Cname: cname, Args: args})
}

func (r *Recorder) instant(t *track, at float64, name, cat string, args map[string]any) {
	r.events = append(r.events, Event{Name: name, Cat: cat, Ph: "i", S: "t", Ts: at, Pid: 1, Tid: t.id, Args: args})
}

// flow draws an arrow from track a at time ta to track b at tb. The end
// binds to the slice enclosing tb when enclosing is set, else to the next
// slice b begins after tb.
func (r *Recorder) flow(a *track, ta float64, b *track, tb float64, name string, enclosing bool) {
	r.nextID++
	id := r.nextID
	r.events = append(r.events, Event{Name: name, Cat: name, Ph: "s", Ts: ta, Pid: 1, Tid: a.id, ID: id})
	end := Event{Name: name, Cat: name, Ph: "f", Ts: tb, Pid: 1, Tid: b.id, ID: id}
	if enclosing {
		end.Bp = "e"
	}
	r.events = append(r.events, end)
}

// Track describes one coroutine's row (for the HTML page and tests).
type Track struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	Dispatcher string `json:"dispatcher"`
	Parent     int64  `json:"parent,omitempty"`
}

// finish closes what is still open and adds the spawn and completion
// flows, which need the job tree (known only once coroutines have run).
func (r *Recorder) finish() ([]Event, []Track) {
	r.mu.Lock()
	defer r.mu.Unlock()
	at := r.now()
	events := append([]Event(nil), r.events...)
	var tracks []Track
	saved := r.events
	for _, t := range r.order {
		if t.running {
			r.close(t, at, "")
		}
		if t.waiting {
			r.slice(t, t.waitStart, at, "suspended: "+t.waitWhy+" (at the end)", "suspend", "grey", nil)
		}
	}
	events = append(events, r.events[len(saved):]...)
	r.events = saved
	byID := map[int64]*track{}
	for _, t := range r.order {
		byID[t.id] = t
	}
	for _, t := range r.order {
		tr := Track{ID: t.id, Name: t.co.Name(), Dispatcher: "by hand"}
		if d := t.co.Dispatcher(r.vm); d != nil {
			tr.Dispatcher = d.Name()
		}
		if j := t.co.Job; j != nil {
			if tr.Name == "" {
				tr.Name = j.Name
			}
			if tr.Name == "" {
				tr.Name = t.co.Role()
			}
			if j.Dispatcher != nil {
				tr.Dispatcher = j.Dispatcher.Name()
			}
			if p := parentCoroutine(j); p != nil {
				if pt := byID[p.ID]; pt != nil {
					tr.Parent = p.ID
					if t.ran {
						r.nextID++
						events = append(events,
							Event{Name: "spawn", Cat: "spawn", Ph: "s", Ts: t.created, Pid: 1, Tid: pt.id, ID: r.nextID},
							Event{Name: "spawn", Cat: "spawn", Ph: "f", Bp: "e", Ts: t.firstRun, Pid: 1, Tid: t.id, ID: r.nextID})
					}
					if t.done {
						r.nextID++
						events = append(events,
							Event{Name: "completion", Cat: "completion", Ph: "s", Ts: t.doneAt - 0.001, Pid: 1, Tid: t.id, ID: r.nextID},
							Event{Name: "completion", Cat: "completion", Ph: "f", Ts: t.doneAt, Pid: 1, Tid: pt.id, ID: r.nextID})
					}
				}
			}
		} else if t.resumer != nil {
			tr.Parent = t.resumer.id
		}
		if tr.Name == "" {
			tr.Name = t.body
		}
		if tr.Name == "" {
			tr.Name = "coroutine"
		}
		tracks = append(tracks, tr)
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].Ts < events[j].Ts })
	return events, tracks
}

// parentCoroutine is the coroutine that launched a job's body: the
// parent job's coroutine (for a scope, the coroutine running the scope).
func parentCoroutine(j *vm.Job) *vm.Coroutine {
	for p := j.Parent; p != nil; p = p.Parent {
		if p.Co != nil {
			return p.Co
		}
	}
	return nil
}

// document is the JSON trace file.
type document struct {
	TraceEvents     []Event        `json:"traceEvents"`
	DisplayTimeUnit string         `json:"displayTimeUnit"`
	OtherData       map[string]any `json:"otherData"`
}

// document builds the trace once (later calls return the same one).
func (r *Recorder) document() document {
	if r.doc != nil {
		return *r.doc
	}
	events, tracks := r.finish()
	meta := []Event{{Name: "process_name", Ph: "M", Pid: 1, Args: map[string]any{"name": "cprime coroutines"}}}
	for i, t := range tracks {
		meta = append(meta,
			Event{Name: "thread_name", Ph: "M", Pid: 1, Tid: t.ID, Args: map[string]any{"name": fmt.Sprintf("#%d %s (%s)", t.ID, t.Name, t.Dispatcher)}},
			Event{Name: "thread_sort_index", Ph: "M", Pid: 1, Tid: t.ID, Args: map[string]any{"sort_index": i}})
	}
	r.doc = &document{TraceEvents: append(meta, events...), DisplayTimeUnit: "ms",
		OtherData: map[string]any{"generator": "cprime run --trace", "coroutines": tracks, "virtual_time": r.virtual}}
	return *r.doc
}

// WriteJSON writes the Chrome trace-event JSON.
func (r *Recorder) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	return enc.Encode(r.document())
}
