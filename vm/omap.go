package vm

import (
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// MapObj is an insertion-ordered hash map. Keys are ints, bools, strings,
// unit and tuples of those. Removing a key keeps the others' order;
// re-inserting an existing key keeps its position.
type MapObj struct {
	mu      sync.Mutex
	locking *atomic.Bool // the VM's objectLocking (vecobj.go)
	index   map[mapKey]int32
	entries []mapEntry
	live    int
}

type mapEntry struct {
	key, val Value
	deleted  bool
}

// mapKey is the hashable form of a key: ints and bools by value, strings
// by content, tuples by an encoding of their elements.
type mapKey struct {
	kind uint8
	i    int64
	s    string
}

const (
	mkInt uint8 = iota + 1
	mkBool
	mkString
	mkUnit
	mkTuple
	mkFloat
)

func newMapObj(locking *atomic.Bool) *MapObj {
	return &MapObj{index: map[mapKey]int32{}, locking: locking}
}

func (o *MapObj) trace(m *marker) {
	for _, e := range o.entries {
		if !e.deleted {
			m.mark(e.key)
			m.mark(e.val)
		}
	}
}

// keyOf returns the hashable form of a key value.
func (vm *VM) keyOf(v Value) (mapKey, error) {
	switch {
	case v.IsSmallInt():
		return mapKey{kind: mkInt, i: v.Int()}, nil
	case v == True:
		return mapKey{kind: mkBool, i: 1}, nil
	case v == False:
		return mapKey{kind: mkBool}, nil
	case v == Unit:
		return mapKey{kind: mkUnit}, nil
	}
	switch v.Kind() {
	case KString:
		return mapKey{kind: mkString, s: vm.heap.Get(v).(*StrObj).S}, nil
	case KBigInt:
		return mapKey{kind: mkInt, i: vm.heap.Get(v).(*BigIntObj).I}, nil
	case KTuple:
		var b strings.Builder
		if err := vm.encodeKey(&b, v, 0); err != nil {
			return mapKey{}, err
		}
		return mapKey{kind: mkTuple, s: b.String()}, nil
	}
	return mapKey{}, Errorf(KindTypeError, "%s cannot be a Map key (keys are int, bool, string, or tuples of those)", vm.TypeName(v))
}

func (vm *VM) encodeKey(b *strings.Builder, v Value, depth int) error {
	if depth > 32 {
		return Errorf(KindTypeError, "Map key nested too deeply")
	}
	if v.Kind() == KTuple {
		items := vm.heap.Get(v).(*TupleObj).Items
		b.WriteString("(")
		b.WriteString(strconv.Itoa(len(items)))
		for _, x := range items {
			b.WriteByte(',')
			if err := vm.encodeKey(b, x, depth+1); err != nil {
				return err
			}
		}
		b.WriteString(")")
		return nil
	}
	k, err := vm.keyOf(v)
	if err != nil {
		return err
	}
	switch k.kind {
	case mkString:
		b.WriteString("s")
		b.WriteString(strconv.Itoa(len(k.s)))
		b.WriteByte(':')
		b.WriteString(k.s)
	default:
		b.WriteByte('k')
		b.WriteString(strconv.Itoa(int(k.kind)))
		b.WriteByte(':')
		b.WriteString(strconv.FormatInt(k.i, 10))
	}
	return nil
}

func (o *MapObj) lock() bool {
	if o.locking != nil && o.locking.Load() {
		o.mu.Lock()
		return true
	}
	return false
}

func (o *MapObj) unlock(locked bool) {
	if locked {
		o.mu.Unlock()
	}
}

// MapGet looks a key up.
func (vm *VM) MapGet(o *MapObj, key Value) (Value, bool, error) {
	k, err := vm.keyOf(key)
	if err != nil {
		return 0, false, err
	}
	l := o.lock()
	defer o.unlock(l)
	if i, ok := o.index[k]; ok {
		return o.entries[i].val, true, nil
	}
	return 0, false, nil
}

// MapInsert sets a key; it returns the old value if there was one.
func (vm *VM) MapInsert(o *MapObj, key, val Value) (Value, bool, error) {
	k, err := vm.keyOf(key)
	if err != nil {
		return 0, false, err
	}
	l := o.lock()
	defer o.unlock(l)
	if i, ok := o.index[k]; ok {
		old := o.entries[i].val
		o.entries[i].val = val
		return old, true, nil
	}
	if n := len(o.entries); n == cap(o.entries) {
		if err := vm.CheckAlloc(48 * n); err != nil { // the entries and the index at most double
			return 0, false, err
		}
	}
	o.index[k] = int32(len(o.entries))
	o.entries = append(o.entries, mapEntry{key: key, val: val})
	o.live++
	return 0, false, nil
}

// MapRemove deletes a key; it returns the removed value if there was one.
func (vm *VM) MapRemove(o *MapObj, key Value) (Value, bool, error) {
	k, err := vm.keyOf(key)
	if err != nil {
		return 0, false, err
	}
	l := o.lock()
	defer o.unlock(l)
	i, ok := o.index[k]
	if !ok {
		return 0, false, nil
	}
	old := o.entries[i].val
	o.entries[i] = mapEntry{deleted: true}
	delete(o.index, k)
	o.live--
	if len(o.entries) > 32 && o.live < len(o.entries)/2 {
		vm.compactMap(o)
	}
	return old, true, nil
}

func (vm *VM) compactMap(o *MapObj) {
	out := o.entries[:0]
	for _, e := range o.entries {
		if !e.deleted {
			out = append(out, e)
		}
	}
	clear(o.entries[len(out):])
	o.entries = out
	for i, e := range o.entries {
		k, _ := vm.keyOf(e.key)
		o.index[k] = int32(i)
	}
}

// Len returns the number of keys.
func (o *MapObj) Len() int {
	l := o.lock()
	n := o.live
	o.unlock(l)
	return n
}

// Each calls f for each entry in order until it returns false. It walks a
// snapshot once threads run in parallel, so f may use the map.
func (o *MapObj) Each(f func(k, v Value) bool) {
	entries := o.entries
	if o.locking != nil && o.locking.Load() {
		o.mu.Lock()
		entries = append([]mapEntry(nil), o.entries...)
		o.mu.Unlock()
	}
	for _, e := range entries {
		if !e.deleted && !f(e.key, e.val) {
			return
		}
	}
}

// entryAt returns the i-th slot (possibly deleted) for iteration.
func (o *MapObj) entryAt(i int) (e mapEntry, ok bool) {
	l := o.lock()
	if i < len(o.entries) {
		e, ok = o.entries[i], true
	}
	o.unlock(l)
	return e, ok
}

// newMapFrom builds a map from key/value pairs (map literals).
func (t *Thread) newMapFrom(pairs []Value) (Value, error) {
	v, m := t.NewMap()
	for i := 0; i+1 < len(pairs); i += 2 {
		if _, _, err := t.vm.MapInsert(m, pairs[i], pairs[i+1]); err != nil {
			return 0, err
		}
	}
	return v, nil
}
