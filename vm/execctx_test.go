package vm

import (
	"reflect"
	"testing"
	"unsafe"
)

// TestExecContextLayout holds ExecContext to the offsets non-Go code
// uses, and to scalars only: a Go pointer in it would be invisible to
// code without write barriers.
func TestExecContextLayout(t *testing.T) {
	var c ExecContext
	offsets := []struct {
		name string
		got  uintptr
		want uintptr
	}{
		{"StackBase", unsafe.Offsetof(c.StackBase), CtxStackBase},
		{"StackLimit", unsafe.Offsetof(c.StackLimit), CtxStackLimit},
		{"PC", unsafe.Offsetof(c.PC), CtxPC},
		{"Base", unsafe.Offsetof(c.Base), CtxBase},
		{"Budget", unsafe.Offsetof(c.Budget), CtxBudget},
		{"Gen", unsafe.Offsetof(c.Gen), CtxGen},
		{"Co", unsafe.Offsetof(c.Co), CtxCo},
		{"Resumer", unsafe.Offsetof(c.Resumer), CtxResumer},
		{"Exit", unsafe.Offsetof(c.Exit), CtxExit},
	}
	for _, o := range offsets {
		if o.got != o.want {
			t.Errorf("ExecContext.%s at offset %d, constant says %d", o.name, o.got, o.want)
		}
	}
	if unsafe.Sizeof(c) != CtxSize {
		t.Errorf("ExecContext is %d bytes, CtxSize says %d", unsafe.Sizeof(c), CtxSize)
	}
	rt := reflect.TypeOf(c)
	if rt.NumField() != len(offsets) {
		t.Errorf("ExecContext has %d fields, the layout test knows %d", rt.NumField(), len(offsets))
	}
	for i := 0; i < rt.NumField(); i++ {
		f := rt.Field(i)
		switch f.Type.Kind() {
		case reflect.Int64, reflect.Uint64, reflect.Uintptr:
		default:
			t.Errorf("ExecContext.%s is a %s: only 64-bit scalars belong in it", f.Name, f.Type)
		}
	}
	// a thread's context is inside the Thread (which Go never moves) at
	// an 8-byte-aligned offset
	if off := unsafe.Offsetof(Thread{}.ctx); off%8 != 0 {
		t.Errorf("Thread.ctx at offset %d, not 8-byte aligned", off)
	}
}

// TestExecContextEnter checks that entering a coroutine describes it
// with handles and slot indices.
func TestExecContextEnter(t *testing.T) {
	vm := New(Options{})
	th := vm.Main
	p := &Proto{Name: "f", NumRegs: 2, Code: []Instr{ABC(OpRetUnit, 0, 0, 0)}, Lines: []int32{1}}
	vm.AddProto(p)
	co, err := th.NewCoroutine(FuncValue(p.Index), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	r, err := th.NewCoroutine(FuncValue(p.Index), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	co.resumer = r
	co.pc, co.base = 7, 3
	th.ctx.enter(vm, co)
	c := th.Context()
	if c.Co != co.Self.Handle() || c.Resumer != r.Self.Handle() {
		t.Errorf("handles: co %d resumer %d, want %d %d", c.Co, c.Resumer, co.Self.Handle(), r.Self.Handle())
	}
	if c.PC != 7 || c.Base != 3 || c.StackLimit != int64(co.slots) || c.StackBase != uintptr(co.sp) {
		t.Errorf("frame: pc %d base %d limit %d, want 7 3 %d", c.PC, c.Base, c.StackLimit, co.slots)
	}
	if obj, _ := vm.heap.Get(objValue(KCoroutine, c.Co)).(*Coroutine); obj != co {
		t.Errorf("the Co handle does not lead back to the coroutine")
	}
}
