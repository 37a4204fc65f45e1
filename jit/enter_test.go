//go:build (amd64 || arm64) && linux

package jit

import (
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"github.com/cprime-lang/cprime/jit/amd64"
	"github.com/cprime-lang/cprime/jit/arena"
	"github.com/cprime-lang/cprime/jit/arm64"
	"github.com/cprime-lang/cprime/vm"
)

// load seals code into a fresh arena, freed when the test ends.
func load(t *testing.T, code ...[]byte) *arena.Arena {
	t.Helper()
	a, err := arena.Load(code...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Free() })
	return a
}

// heapSlots returns slot memory in Go's heap. Generated code addresses
// slots by raw address, so they must never be on a goroutine stack,
// which moves (returning the slice makes it escape; the VM's own stacks
// are mmap'ed).
//
//go:noinline
func heapSlots(n int) []int64 { return make([]int64, n) }

// heapValues is heapSlots for values.
//
//go:noinline
func heapValues(n int) []vm.Value { return make([]vm.Value, n) }

// mulAdd is generated code that computes slot[3] = slot[0]*slot[1] +
// slot[2] in the stack ctx points at, copies g's stack bounds and
// stackguard0 into ctx (Gen, Co, Resumer: fields it may scribble on in a
// test), stores exit code 7 and returns. It is entered at its start.
func mulAdd() []byte {
	if runtime.GOARCH == "amd64" {
		var a amd64.Asm
		a.Load(amd64.RAX, amd64.M(amd64.RDI, CtxStackBase))
		a.Load(amd64.RCX, amd64.M(amd64.RAX, 0))
		a.Load(amd64.R8, amd64.M(amd64.RAX, 8))
		a.Imul(amd64.RCX, amd64.R8)
		a.OpRM(amd64.ADD, amd64.RCX, amd64.M(amd64.RAX, 16))
		a.Store(amd64.M(amd64.RAX, 24), amd64.RCX)
		for i, off := range []int32{CtxGen, CtxCo, CtxResumer} {
			a.Load(amd64.RCX, amd64.M(amd64.R14, int32(8*i)))
			a.Store(amd64.M(amd64.RDI, off), amd64.RCX)
		}
		a.StoreImm(amd64.M(amd64.RDI, CtxExit), 7)
		a.Ret()
		return a.Finish()
	}
	var a arm64.Asm
	a.Load(3, 0, CtxStackBase)
	a.Load(4, 3, 0)
	a.Load(5, 3, 8)
	a.OpRRR(arm64.MUL, 4, 4, 5)
	a.Load(5, 3, 16)
	a.OpRRR(arm64.ADD, 4, 4, 5)
	a.Store(4, 3, 24)
	for i, off := range []int{CtxGen, CtxCo, CtxResumer} {
		a.Load(4, 28, 8*i)
		a.Store(4, 0, off)
	}
	a.MovImm(4, 7)
	a.Store(4, 0, CtxExit)
	a.Ret()
	return a.Finish()
}

// TestEnterRunsGeneratedCode: the trampoline enters sealed code, which
// computes from inputs in memory and leaves an exit code in the context,
// and finds g where the conventions say (its stack bounds contain this
// goroutine's stack; stackguard0 lies above stack.lo, below SP).
func TestEnterRunsGeneratedCode(t *testing.T) {
	a := load(t, mulAdd())
	slots := heapSlots(4)
	ctx := new(Context)
	ctx.StackBase = uintptr(unsafe.Pointer(&slots[0]))
	for i, c := range [][3]int64{{6, 7, 100}, {-3, 5, 1}, {1 << 40, 4, -1}} {
		copy(slots, c[:])
		slots[3] = 0
		ctx.Exit = 0
		enter(ctx, a.Addr(0), a.Addr(0), 0)
		if want := c[0]*c[1] + c[2]; slots[3] != want {
			t.Fatalf("case %d: slot 3 = %d, want %d", i, slots[3], want)
		}
		if ctx.Exit != 7 {
			t.Fatalf("exit code %d, want 7", ctx.Exit)
		}
		var local int
		sp := uintptr(unsafe.Pointer(&local))
		lo, hi, guard := uintptr(ctx.Gen), uintptr(ctx.Co), uintptr(ctx.Resumer)
		if !(lo < sp && sp < hi) || !(lo < guard && guard < sp) {
			t.Fatalf("g seen by generated code: stack [%#x, %#x), stackguard0 %#x; a local at %#x", lo, hi, guard, sp)
		}
	}
	runtime.KeepAlive(slots)
}

// spin is generated code that counts in ctx.PC and polls g.stackguard0 at
// its back-edge exactly as compiled loops do (pollStack), leaving with
// ExitPreempt when Go asks the goroutine to stop.
func spin() []byte {
	if runtime.GOARCH == "amd64" {
		var a amd64.Asm
		top, out := a.NewLabel(), a.NewLabel()
		a.Bind(top)
		a.OpMI(amd64.ADD, amd64.M(amd64.RDI, CtxPC), 1)
		a.OpRM(amd64.CMP, amd64.RSP, amd64.M(amd64.R14, gStackguard0))
		a.Jcc(amd64.CondBE, out)
		a.Jmp(top)
		a.Bind(out)
		a.StoreImm(amd64.M(amd64.RDI, CtxExit), ExitPreempt)
		a.Ret()
		return a.Finish()
	}
	var a arm64.Asm
	top, out := a.NewLabel(), a.NewLabel()
	a.Bind(top)
	a.Load(3, 0, CtxPC)
	a.OpRI(arm64.ADDI, 3, 3, 1)
	a.Store(3, 0, CtxPC)
	a.Load(4, 28, gStackguard0)
	a.MovFromSP(5)
	a.CmpRR(5, 4)
	a.Bcond(arm64.LS, out)
	a.B(top)
	a.Bind(out)
	a.MovImm(3, ExitPreempt)
	a.Store(3, 0, CtxExit)
	a.Ret()
	return a.Finish()
}

// TestPreemptionPoll: generated code that spins with a stack-guard poll
// at its back-edge lets the Go collector stop the world: runtime.GC()
// from another goroutine completes, and the code left with ExitPreempt.
func TestPreemptionPoll(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	a := load(t, spin())
	ctx := new(Context)
	var done atomic.Bool
	go func() {
		for i := 0; i < 3; i++ {
			runtime.GC()
		}
		done.Store(true)
	}()
	deadline := time.Now().Add(20 * time.Second)
	preempts := 0
	for !done.Load() {
		ctx.Exit = 0
		enter(ctx, a.Addr(0), a.Addr(0), 0)
		if ctx.Exit != ExitPreempt {
			t.Fatalf("exit %d", ctx.Exit)
		}
		preempts++
		if time.Now().After(deadline) {
			t.Fatal("collector still not done")
		}
	}
	if preempts == 0 || ctx.PC == 0 {
		t.Fatalf("preempts %d, iterations %d", preempts, ctx.PC)
	}
	t.Logf("%d preemption exits over %d iterations", preempts, ctx.PC)
}

// TestContextLayout holds Context to the offsets generated code uses.
func TestContextLayout(t *testing.T) {
	var c Context
	for _, f := range []struct {
		name     string
		got, off uintptr
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
		{"size", unsafe.Sizeof(c), CtxSize},
	} {
		if f.got != f.off {
			t.Errorf("Context.%s at %d, constant says %d", f.name, f.got, f.off)
		}
	}
}

// TestTrampolinesAreNotNosplit: the trampolines keep the assembler's
// stack-check prologue (each entry is a preemption point), so their TEXT
// lines carry no NOSPLIT flag and a non-zero frame.
func TestTrampolinesAreNotNosplit(t *testing.T) {
	for _, f := range []string{"enter_amd64.s", "enter_arm64.s"} {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var text string
		for _, line := range strings.Split(string(src), "\n") {
			if strings.HasPrefix(line, "TEXT ·enter(SB)") {
				text = line
			}
		}
		if text == "" || strings.Contains(text, "NOSPLIT") || !strings.Contains(text, ", 0, $") || strings.Contains(text, "$0-") {
			t.Errorf("%s: %q", f, text)
		}
	}
}
