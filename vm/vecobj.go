package vm

import "sync/atomic"

// VM.objectLocking is set once the VM runs coroutines on parallel
// threads. From then on every operation on one of its Vecs or Maps takes
// the object's own lock, so a program that races on one gets a wrong
// answer at worst and never a torn slice header or a Go "concurrent map
// writes" fatal error. Single-threaded runs never pay for the locks. Each
// object points at its VM's flag (locking), set when it is allocated.
//
// Each operation reads the flag once and uses that answer for both its
// lock and its unlock: the flag flips while only the flipping thread runs
// VM code (the workers it starts are not running yet).

// noLocking is the flag of objects made outside a VM (NewVecObj).
var noLocking atomic.Bool

func (o *VecObj) lock() bool {
	if o.locking != nil && o.locking.Load() {
		o.mu.Lock()
		return true
	}
	return false
}

func (o *VecObj) unlock(locked bool) {
	if locked {
		o.mu.Unlock()
	}
}

// NewVecObj makes a vector that takes ownership of items.
func NewVecObj(items []Value) *VecObj { return &VecObj{items: items, locking: &noLocking} }

// Len returns the number of items.
func (o *VecObj) Len() int {
	l := o.lock()
	n := len(o.items)
	o.unlock(l)
	return n
}

// Get returns item i.
func (o *VecObj) Get(i int) (v Value, ok bool) {
	l := o.lock()
	if uint(i) < uint(len(o.items)) {
		v, ok = o.items[i], true
	}
	o.unlock(l)
	return v, ok
}

// Set replaces item i.
func (o *VecObj) Set(i int, v Value) (ok bool) {
	l := o.lock()
	if uint(i) < uint(len(o.items)) {
		o.items[i], ok = v, true
	}
	o.unlock(l)
	return ok
}

// Push appends one item.
func (o *VecObj) Push(v Value) {
	l := o.lock()
	o.items = append(o.items, v)
	o.unlock(l)
}

// PushChecked appends one item unless growing the vector would pass the
// heap limit (OutOfMemory).
func (o *VecObj) PushChecked(vm *VM, v Value) error {
	l := o.lock()
	defer o.unlock(l)
	if n := len(o.items); n == cap(o.items) {
		if err := vm.CheckAlloc(16 * n); err != nil { // append at most doubles it
			return err
		}
	}
	o.items = append(o.items, v)
	return nil
}

// Append appends items (a snapshot, see Items, when they come from a Vec).
func (o *VecObj) Append(vs []Value) {
	l := o.lock()
	o.items = append(o.items, vs...)
	o.unlock(l)
}

// Pop removes and returns the last item.
func (o *VecObj) Pop() (Value, bool) {
	l := o.lock()
	defer o.unlock(l)
	n := len(o.items)
	if n == 0 {
		return 0, false
	}
	v := o.items[n-1]
	o.items[n-1] = Unit
	o.items = o.items[:n-1]
	return v, true
}

// Insert puts v at index i (0 <= i <= len), shifting the rest up.
func (o *VecObj) Insert(i int, v Value) bool {
	l := o.lock()
	defer o.unlock(l)
	if i < 0 || i > len(o.items) {
		return false
	}
	o.items = append(o.items, Unit)
	copy(o.items[i+1:], o.items[i:])
	o.items[i] = v
	return true
}

// Remove deletes and returns item i, shifting the rest down.
func (o *VecObj) Remove(i int) (Value, bool) {
	l := o.lock()
	defer o.unlock(l)
	if i < 0 || i >= len(o.items) {
		return 0, false
	}
	v := o.items[i]
	copy(o.items[i:], o.items[i+1:])
	o.items[len(o.items)-1] = Unit
	o.items = o.items[:len(o.items)-1]
	return v, true
}

// Clear removes every item.
func (o *VecObj) Clear() {
	l := o.lock()
	o.items = nil
	o.unlock(l)
}

// Items returns the items for reading: the vector's own slice while the
// process is single-threaded, a copy once threads run in parallel. The
// caller must not modify it.
func (o *VecObj) Items() []Value {
	if o.locking == nil || !o.locking.Load() {
		return o.items
	}
	o.mu.Lock()
	cp := append([]Value(nil), o.items...)
	o.mu.Unlock()
	return cp
}

// Update runs f on the items under the vector's lock and keeps the slice
// it returns. f must not call back into the VM (no script, no other Vec).
func (o *VecObj) Update(f func(items []Value) []Value) {
	l := o.lock()
	defer o.unlock(l)
	o.items = f(o.items)
}
