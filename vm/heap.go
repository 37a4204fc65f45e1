package vm

import "sync"

// Object is a heap object: a Go value owned by the VM heap and referred
// to from Values by handle. trace marks the values it holds.
type Object interface {
	trace(m *marker)
}

// finalizer is implemented by objects holding resources outside the Go
// heap (coroutine stacks from pools) that must be released when the VM's
// collector frees them.
type finalizer interface {
	finalize(vm *VM)
}

const (
	segBits  = 12
	segSize  = 1 << segBits
	segMask  = segSize - 1
	maxSegs  = 1 << 16 // 268 million objects
	segsMask = maxSegs - 1
)

type segment struct {
	objs  [segSize]Object
	marks [segSize / 64]uint64
}

// Heap is a segmented handle table. Segments never move once created, so
// reading a handle needs no lock; allocation is serialised (threads take
// handles in batches, see Thread.alloc).
type Heap struct {
	segs [maxSegs]*segment

	mu    sync.Mutex
	nsegs int
	next  uint64   // first never-used handle
	free  []uint64 // freed handles, reused first

	// unions are one-field union objects the last collections freed, for
	// reuse (Thread.newUnion1)
	unions []*unionObj1
	// coros are dead coroutines' structs, for reuse (NewCoroutine)
	coros []*Coroutine

	live        int // objects alive after the last collection
	allocated   int // objects allocated since the last collection
	threshold   int // allocations that trigger the next collection
	collections int
}

const minGCThreshold = 1 << 16

func newHeap() *Heap {
	h := &Heap{next: 1, threshold: minGCThreshold}
	h.segs[0] = &segment{}
	h.nsegs = 1
	return h
}

// get returns the object of a handle.
func (h *Heap) get(handle uint64) Object {
	return h.segs[(handle>>segBits)&segsMask].objs[handle&segMask]
}

// Get returns the object behind an object value.
func (h *Heap) Get(v Value) Object { return h.get(v.Handle()) }

// takeHandles hands out up to n free handles for a thread's cache.
func (h *Heap) takeHandles(dst []uint64, n int) []uint64 {
	h.mu.Lock()
	for len(h.free) > 0 && n > 0 {
		last := len(h.free) - 1
		dst = append(dst, h.free[last])
		h.free = h.free[:last]
		n--
	}
	for n > 0 {
		idx := h.next
		seg := int(idx >> segBits)
		if seg >= maxSegs {
			h.mu.Unlock()
			panic(errHeapExhausted)
		}
		if h.segs[seg] == nil {
			h.segs[seg] = &segment{}
			h.nsegs = seg + 1
		}
		h.next++
		dst = append(dst, idx)
		n--
	}
	h.mu.Unlock()
	return dst
}

// maxRecycledUnions bounds the union objects kept for reuse.
const maxRecycledUnions = 1 << 16

// maxRecycledCoroutines bounds the coroutine structs kept for reuse.
const maxRecycledCoroutines = 1 << 16

// takeCoroutines hands out up to n recycled coroutine structs.
func (h *Heap) takeCoroutines(dst []*Coroutine, n int) []*Coroutine {
	h.mu.Lock()
	defer h.mu.Unlock()
	return takeRecycled(dst, &h.coros, n)
}

// takeUnions hands out up to n recycled union objects.
func (h *Heap) takeUnions(dst []*unionObj1, n int) []*unionObj1 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return takeRecycled(dst, &h.unions, n)
}

// takeRecycled moves up to n objects from the end of *from to dst.
func takeRecycled[T any](dst []*T, from *[]*T, n int) []*T {
	src := *from
	k := min(n, len(src))
	dst = append(dst, src[len(src)-k:]...)
	clear(src[len(src)-k:])
	*from = src[:len(src)-k]
	return dst
}

func (h *Heap) set(handle uint64, o Object) {
	h.segs[(handle>>segBits)&segsMask].objs[handle&segMask] = o
}

// Live returns the number of objects alive after the last collection
// plus those allocated since. It may be called from any goroutine.
func (h *Heap) Live() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.live + h.allocated
}

// Collections returns how many collections have run.
func (h *Heap) Collections() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.collections
}
