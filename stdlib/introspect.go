package stdlib

import (
	"strings"

	"github.com/cprime-lang/cprime/vm"
	"github.com/cprime-lang/cprime/vmstack"
)

// Introspection (LANGUAGE.md §8): what the REPL and the debugger show,
// callable from programs. These read other coroutines' state, so with
// parallel threads they stop the world while they look (they are Pure
// natives: a thread stopping the world must not hold the runtime lock).
func installIntrospection(r *reg) {
	v := r.v
	frameClass := v.NewRecordClass("Frame", "function", "file", "line", "locals")
	poolClass := v.NewRecordClass("Pool", "size_class", "stack_size", "blocks", "capacity", "used", "reserved", "bitmap")
	pure := r.pure
	r.pure = true
	defer func() { r.pure = pure }()

	// coroutines() -> Vec of every live (unfinished) coroutine, by ID
	r.fn("coroutines", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		var items []vm.Value
		t.StopTheWorld(func() {
			for _, co := range t.VM().Coroutines() {
				if !co.IsDone() {
					items = append(items, co.Self)
				}
			}
		})
		return t.NewVec(items), nil
	})

	// co.frames() -> Vec of Frame { function, file, line, locals: Map },
	// innermost first
	r.method(vm.KCoroutine, "Coroutine", "frames", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		v := t.VM()
		co, ok := v.CoroutineOf(v.Deref(args[0]))
		if !ok {
			return 0, typeErr("frames called on %s", v.TypeName(args[0]))
		}
		type frame struct {
			fn, file string
			line     int
			locals   []vm.NamedValue
		}
		var frames []frame
		whole := t.CallerIsDanger()
		t.StopTheWorld(func() {
			for _, f := range v.Frames(co) {
				locals := v.Locals(co, f)
				if !whole {
					// a reference is read while the world is stopped: the
					// stack it points into may move once it runs again
					for i := range locals {
						if x, err := t.AutoDeref(locals[i].Value); err == nil {
							locals[i].Value = x
						}
					}
				}
				frames = append(frames, frame{f.Proto.Name, f.Proto.File, f.Line(), locals})
			}
		})
		items := make([]vm.Value, 0, len(frames))
		for _, f := range frames {
			locals, m := t.NewMap()
			for _, l := range f.locals {
				val := l.Value
				if !whole {
					val = t.Seal(val) // introspection never widens a right (§8)
				}
				if _, _, err := v.MapInsert(m, t.NewString(l.Name), val); err != nil {
					return 0, err
				}
			}
			items = append(items, t.NewInstance(frameClass, []vm.Value{
				t.NewString(f.fn), t.NewString(f.file), vm.SmallInt(int64(f.line)), locals,
			}))
		}
		return t.NewVec(items), nil
	})

	// pools() -> Vec of Pool { size_class, stack_size, blocks, capacity, used,
	// reserved, bitmap }: Micro, Small and Medium, then each exact-size pool
	// in use (size_class Micro, a smaller stack_size), then Large. bitmap
	// draws each block's stacks, # for a stack in use and . for a free one,
	// a line per block; reserved counts the stacks --pool-reserve or
	// vm_configure_pools asked for. Large stacks are allocated one by one:
	// blocks and used count the live ones, capacity adds those kept ready
	// for reuse, stack_size is the initial 64 KiB.
	r.fn("pools", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		stats, largeLive, _ := t.VM().Stacks().Stats()
		largeReserved, largeReady := t.VM().Stacks().LargeStats()
		items := make([]vm.Value, 0, len(stats)+1)
		for _, p := range stats {
			var b strings.Builder
			for i, bm := range p.Bitmaps {
				if i > 0 {
					b.WriteByte('\n')
				}
				for _, w := range bm {
					drawWord(&b, w)
				}
			}
			items = append(items, t.NewInstance(poolClass, []vm.Value{
				t.NewString(p.Class.String()), vm.SmallInt(int64(p.Bytes)), vm.SmallInt(int64(p.Blocks)),
				vm.SmallInt(int64(p.Capacity)), vm.SmallInt(int64(p.Used)), vm.SmallInt(int64(p.Reserved)), t.NewString(b.String()),
			}))
		}
		live := vm.SmallInt(int64(largeLive))
		items = append(items, t.NewInstance(poolClass, []vm.Value{
			t.NewString(vmstack.Large.String()), vm.SmallInt(int64(vmstack.Large.Bytes())), live,
			vm.SmallInt(int64(largeLive + largeReady)), live, vm.SmallInt(int64(largeReserved)), t.NewString(""),
		}))
		return t.NewVec(items), nil
	})
}

// drawWord draws 64 stacks of a block's occupancy bitmap.
func drawWord(b *strings.Builder, w uint64) {
	for bit := 0; bit < 64; bit++ {
		if w&(1<<bit) != 0 {
			b.WriteByte('#')
		} else {
			b.WriteByte('.')
		}
	}
}
