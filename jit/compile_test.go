//go:build (amd64 || arm64) && linux

package jit

import (
	"bufio"
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"github.com/cprime-lang/cprime/compiler"
	"github.com/cprime-lang/cprime/stdlib"
	"github.com/cprime-lang/cprime/vm"
)

// The compiler's tests run real protos from the real compiler natively
// and compare with the interpreter running the same program. A small
// driver stands in for the engine seam's exit loop: it performs the calls
// and returns compiled code hands back (CALLK, CALL of a function value,
// RET), refills the budget at checkpoints, and re-enters at the pc the
// code left in the context; any other exit ends the run, and a test says
// which exits it expects.

// program is a compiled program: its VM (for display), its protos by
// name, its loaded machine code, and what the interpreter printed.
type program struct {
	vm     *vm.VM
	protos map[string]*vm.Proto
	funcs  map[*vm.Proto]*Func
	table  *Table
	interp []string
}

func build(t testing.TB, src string) *program {
	t.Helper()
	v := vm.New(vm.Options{VirtualTime: true})
	var out bytes.Buffer
	v.Out = bufio.NewWriter(&out)
	stdlib.Install(v)
	s := compiler.NewSession(v)
	// the flow part of the prelude is compiled only for the programs that use it
	s.AddLazyPrelude(stdlib.PreludeName, stdlib.PreludeLazy, stdlib.Prelude, stdlib.PreludeLazyTriggers)
	if err := s.LoadPrelude(stdlib.PreludeName, stdlib.PreludeCore); err != nil {
		t.Fatal(err)
	}
	main, err := s.Compile("test.cpr", src)
	if err != nil {
		t.Fatal(err)
	}
	if o := v.RunMain(main); o.Failure != 0 {
		t.Fatalf("interpreter: %s", v.Display(o.Failure))
	}
	v.Flush()
	p := &program{vm: v, protos: map[string]*vm.Proto{}, funcs: map[*vm.Proto]*Func{},
		interp: strings.Split(strings.TrimSpace(out.String()), "\n")}
	arch, _ := HostArch()
	var codes []*Code
	for _, proto := range v.Protos {
		if proto.File != "test.cpr" {
			continue
		}
		p.protos[proto.Name] = proto
		c, err := Compile(proto, v.Protos, arch)
		if err != nil {
			t.Fatal(err)
		}
		codes = append(codes, c)
	}
	m, err := Load(codes...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Free() })
	p.table = NewTable(len(v.Protos))
	p.table.Add(m.Funcs...)
	for _, f := range m.Funcs {
		p.funcs[f.Code.Proto] = f
	}
	return p
}

// stats counts what a native run did.
type stats struct {
	exits, calls, checkpoints, preempts int
	last                                vm.Opcode // the instruction of the exit that ended the run
	lastPC, lastBase                    int
	gen                                 uint64 // frame generations handed out
}

// runOpts adjusts a native run.
type runOpts struct {
	budget, refill int64       // initial budget and the checkpoint refill (default: huge)
	limit          int64       // the stack limit in slots (default: the whole stack)
	stop           func() bool // polled at each preemption exit: abandon the run
}

// run calls fn(args) in machine code and returns its result as the
// interpreter displays it (or a tuple being built, displayed, when the
// run stops at a NEWTUPLE of the outermost function).
func (p *program) run(t testing.TB, fn string, o runOpts, args ...vm.Value) (string, stats) {
	t.Helper()
	proto := p.protos[fn]
	if proto == nil {
		t.Fatalf("no function %s", fn)
	}
	stack := heapValues(1 << 16)
	stack[0] = vm.FuncValue(proto.Index)
	stack[1] = vm.Value(0xFFFFFFFF) // the entry frame's return: none
	copy(stack[vm.FrameHeader:], args)
	if o.budget == 0 {
		o.budget = 1 << 60
	}
	if o.refill == 0 {
		o.refill = 1 << 60
	}
	if o.limit == 0 {
		o.limit = int64(len(stack))
	}
	ctx := &Context{StackBase: uintptr(unsafe.Pointer(&stack[0])), StackLimit: o.limit, Budget: o.budget}
	var st stats
	for {
		exit := p.table.Enter(ctx)
		st.exits++
		if exit == ExitPreempt {
			st.preempts++
			if o.stop != nil && o.stop() {
				return "stopped", st
			}
			continue
		}
		if exit != ExitStep {
			t.Fatalf("exit %d", exit)
		}
		code := p.vm.Protos[stack[ctx.Base].FuncIndex()].Code
		pc, base := int(ctx.PC), int(ctx.Base)
		ins := code[pc]
		st.last, st.lastPC, st.lastBase, st.gen = ins.Op(), pc, base, ctx.Gen
		r := stack[base+vm.FrameHeader:]
		switch ins.Op() {
		case vm.OpJmp, vm.OpForLoop:
			if ctx.Budget > 1 {
				return fmt.Sprintf("exit at %s with budget %d", vm.Opcodes[ins.Op()].Name, ctx.Budget), st
			}
			// the checkpoint: the interpreter's step would run the
			// instruction and refill the budget; re-entering with the
			// refilled budget runs it natively
			st.checkpoints++
			ctx.Budget = o.refill + 1
		case vm.OpCallK, vm.OpCall:
			callee := vm.FuncValue(ins.C())
			if ins.Op() == vm.OpCall {
				callee = r[ins.A()]
			}
			nb := base + vm.FrameHeader + ins.A()
			if nb+vm.FrameHeader+p.vm.Protos[callee.FuncIndex()].NumRegs > int(ctx.StackLimit) {
				return fmt.Sprintf("stack overflow at depth %d", st.calls), st
			}
			stack[nb] = callee
			stack[nb+1] = vm.Value(uint64(pc+1)<<32 | uint64(base))
			ctx.Gen++
			stack[nb+2] = vm.Value(frameBits | ctx.Gen)
			ctx.Base, ctx.PC = int64(nb), 0
			st.calls++
		case vm.OpRet, vm.OpRetUnit:
			v := vm.Unit
			if ins.Op() == vm.OpRet {
				v = r[ins.A()]
			}
			ret := uint64(stack[base+1])
			stack[base], stack[base+2] = v, 0
			if uint32(ret) == 0xFFFFFFFF {
				return p.vm.Display(v), st
			}
			ctx.Base, ctx.PC = int64(uint32(ret)), int64(ret>>32)
		case vm.OpNewTuple:
			if base != 0 {
				t.Fatalf("tuple in a callee")
			}
			var parts []string
			for i := 0; i < ins.C(); i++ {
				parts = append(parts, p.vm.Display(r[ins.B()+i]))
			}
			return "(" + strings.Join(parts, ", ") + ")", st
		default:
			return fmt.Sprintf("exit at %d %s", pc, vm.Opcodes[ins.Op()].Name), st
		}
	}
}

const programSrc = `
fn fib(n: int) -> int {
    if n < 2 { return n }
    fib(n - 1) + fib(n - 2)
}
fn loop_mod(n: int) -> int {
    let mut s = 0;
    for i in 0..n { s += i % 7; }
    s
}
fn floats(n: int) -> (float, float, float, bool, bool) {
    let mut f = 0.5;
    let mut g = -3.0;
    for i in 0..=n {
        f = f * 1.5 - 0.25;
        g = g / 2.0 + f * 0.001;
        if f > 1000000.0 { f = f / 3.0 - g; }
    }
    let h = -f;
    (f, g, h, f < g, g <= f)
}
fn ints(a: int, b: int) -> (int, int, int, int, int, bool, bool, bool, bool) {
    let mut x = a;
    let mut k = 0;
    while k < 50 {
        x = (x * 3 + b) % 1000003 - k / 3;
        if x == b || x != a && !(x < 0) { k += 1; } else { k += 2; }
        if k >= 10 && k <= 12 { x = -x; }
    }
    (x, k, a / b, a % b, x * 7 / -2, a < b, a <= b, a == b, a != b)
}
fn while_nan(n: int) -> int {
    let z = 0.0 / 0.0;
    let mut c = 0;
    let mut i = 0;
    while i < n {
        if z < 1.0 { c += 100; }
        if !(z <= 1.0) { c += 1; }
        if 1.5 > 2.5 { c += 1000; }
        i += 1;
    }
    c
}
fn add(a: int, b: int) -> int { a + b }
fn mul(a: int, b: int) -> int { a * b }
fn spin(n: int) -> int {
    let mut s = 0;
    let mut i = 0;
    while i < n { s = (s + i) % 1000; i += 1; }
    s
}
println(fib(20));
println(loop_mod(1000));
println(loop_mod(0));
println(floats(30));
println(ints(17, 5));
println(ints(-12345, 77));
println(while_nan(9));
println(add(5, -8));
println(mul(-40000, 40000));
println(spin(12345));
`

func vi(i int64) vm.Value { return vm.SmallInt(i) }

// TestCompiledMatchesInterpreter: every function runs in machine code
// (the driver only performs calls and returns) and gives the
// interpreter's result.
func TestCompiledMatchesInterpreter(t *testing.T) {
	p := build(t, programSrc)
	cases := []struct {
		fn   string
		args []vm.Value
		exit vm.Opcode // the exit that ends the run
	}{
		{"fib", []vm.Value{vi(20)}, vm.OpRet},
		{"loop_mod", []vm.Value{vi(1000)}, vm.OpRet},
		{"loop_mod", []vm.Value{vi(0)}, vm.OpRet},
		{"floats", []vm.Value{vi(30)}, vm.OpNewTuple},
		{"ints", []vm.Value{vi(17), vi(5)}, vm.OpNewTuple},
		{"ints", []vm.Value{vi(-12345), vi(77)}, vm.OpNewTuple},
		{"while_nan", []vm.Value{vi(9)}, vm.OpRet},
		{"add", []vm.Value{vi(5), vi(-8)}, vm.OpRet},
		{"mul", []vm.Value{vi(-40000), vi(40000)}, vm.OpRet},
		{"spin", []vm.Value{vi(12345)}, vm.OpRet},
	}
	if len(p.interp) != len(cases) {
		t.Fatalf("interpreter printed %q", p.interp)
	}
	for i, c := range cases {
		got, st := p.run(t, c.fn, runOpts{}, c.args...)
		if got != p.interp[i] {
			t.Errorf("%s%v: machine code gives %s, the interpreter %s", c.fn, c.args, got, p.interp[i])
		}
		if st.last != c.exit {
			t.Errorf("%s: run ended at %s", c.fn, vm.Opcodes[st.last].Name)
		}
		// one exit, the entry frame's return or the tuple (besides
		// preemption requests from Go's scheduler): everything else,
		// calls and returns included, ran in machine code
		if st.exits-st.preempts != 1 || st.calls != 0 {
			t.Errorf("%s: %d exits (%d to preempt), %d calls made by Go", c.fn, st.exits, st.preempts, st.calls)
		}
	}
	// fib(20) runs 21891 frames: 21890 calls, each a fresh generation
	if _, st := p.run(t, "fib", runOpts{}, vi(20)); st.gen != 21890 {
		t.Errorf("fib(20): %d frame generations, want 21890", st.gen)
	}
}

// TestStackLimit: a compiled call that would pass the stack limit leaves
// for Go at the CALLK (which grows the stack or raises StackOverflow),
// before writing the callee's frame; the calls before it ran natively.
func TestStackLimit(t *testing.T) {
	p := build(t, programSrc)
	fib := p.protos["fib"]
	for _, limit := range []int64{60, 61, 62, 100, 101} {
		got, st := p.run(t, "fib", runOpts{limit: limit}, vi(30))
		ins := fib.Code[st.lastPC]
		need := st.lastBase + 2*vm.FrameHeader + ins.A() + fib.NumRegs
		if !strings.HasPrefix(got, "stack overflow") || st.last != vm.OpCallK || int64(need) <= limit || st.lastBase == 0 {
			t.Errorf("limit %d: %s, last %s at base %d (needs %d)", limit, got, vm.Opcodes[st.last].Name, st.lastBase, need)
		}
		if int64(st.lastBase+vm.FrameHeader+fib.NumRegs) > limit { // the frame it leaves from fitted
			t.Errorf("limit %d: left at base %d, too early", limit, st.lastBase)
		}
	}
}

// TestLoopBodiesInline: the arithmetic, comparisons and loop control of
// the test functions all compile inline (no instruction of these bodies
// is left to Go but calls, returns and tuple building).
func TestLoopBodiesInline(t *testing.T) {
	p := build(t, programSrc)
	for _, name := range []string{"fib", "loop_mod", "floats", "ints", "while_nan", "spin"} {
		c := p.funcs[p.protos[name]].Code
		for pc, ins := range c.Proto.Code {
			switch ins.Op() {
			case vm.OpCallK, vm.OpCall, vm.OpRet, vm.OpRetUnit, vm.OpNewTuple:
				continue
			}
			if !c.Inline[pc] {
				t.Errorf("%s: pc %d %s not compiled inline", name, pc, vm.Opcodes[ins.Op()].Name)
			}
		}
		for pc := 1; pc < len(c.Entry); pc++ {
			if c.Entry[pc] <= c.Entry[pc-1] || int(c.Entry[pc]) >= len(c.Bytes) {
				t.Errorf("%s: entry of pc %d at %d", name, pc, c.Entry[pc])
			}
		}
	}
}

// TestOverflowLeavesForGo: a result outside the 48-bit inline range
// leaves for Go at the instruction, before writing anything; one inside
// stays in machine code.
func TestOverflowLeavesForGo(t *testing.T) {
	p := build(t, programSrc)
	for _, c := range []struct {
		fn     string
		a, b   int64
		leaves bool
	}{
		{"add", vm.MaxSmallInt, 1, true},
		{"add", vm.MaxSmallInt, 0, false},
		{"add", vm.MinSmallInt, -1, true},
		{"add", vm.MinSmallInt, vm.MaxSmallInt, false},
		{"mul", 1 << 24, 1 << 24, true},
		{"mul", 1 << 23, 1 << 24, true}, // 2^47: one past the top
		{"mul", 1 << 23, 1<<24 - 1, false},
		{"mul", -(1 << 23), 1 << 24, false},
		{"mul", 1 << 40, 1 << 40, true}, // overflows 64 bits too
		{"mul", vm.MinSmallInt, -1, true},
	} {
		got, st := p.run(t, c.fn, runOpts{}, vi(c.a), vi(c.b))
		op := map[string]vm.Opcode{"add": vm.OpAdd, "mul": vm.OpMul}[c.fn]
		if c.leaves {
			if st.last != op || !strings.HasPrefix(got, "exit at") {
				t.Errorf("%s(%d, %d): %s, want an exit at %s", c.fn, c.a, c.b, got, vm.Opcodes[op].Name)
			}
			continue
		}
		want := c.a + c.b
		if c.fn == "mul" {
			want = c.a * c.b
		}
		if got != fmt.Sprint(want) {
			t.Errorf("%s(%d, %d) = %s, want %d", c.fn, c.a, c.b, got, want)
		}
	}
}

// TestBudget: the budget falls at the same points as in the interpreter
// (each FORLOOP and backward JMP), and when it is spent the code leaves at
// that instruction for the checkpoint, then goes on when re-entered.
func TestBudget(t *testing.T) {
	p := build(t, programSrc)
	for _, c := range []struct {
		fn             string
		n              int64
		budget, refill int64
		backEdges      int
	}{
		{"loop_mod", 1000, 1, 1, 1000},
		{"loop_mod", 1000, 7, 100, 1000},
		{"spin", 500, 1024, 1024, 500},
		{"spin", 5000, 3, 1024, 5000},
	} {
		// the interpreter's rule: budget > 1: budget--; else the step
		// runs the instruction and the checkpoint refills it
		b, checkpoints := c.budget, 0
		for i := 0; i < c.backEdges; i++ {
			if b > 1 {
				b--
			} else {
				checkpoints++
				b = c.refill
			}
		}
		got, st := p.run(t, c.fn, runOpts{budget: c.budget, refill: c.refill}, vi(c.n))
		if want := p.interp[map[string]int{"loop_mod": 1, "spin": 9}[c.fn]]; c.n == 1000 && c.fn == "loop_mod" && got != want {
			t.Errorf("%s(%d) = %s, want %s", c.fn, c.n, got, want)
		}
		if st.checkpoints != checkpoints {
			t.Errorf("%s(%d) budget %d/%d: %d checkpoints, want %d", c.fn, c.n, c.budget, c.refill, st.checkpoints, checkpoints)
		}
	}
}

// TestMiscompileChangesResult: with the test-only switch that makes ADD
// subtract, compiled code gives a different answer: results really come
// from the generated code.
func TestMiscompileChangesResult(t *testing.T) {
	miscompile = vm.OpAdd
	p := build(t, programSrc)
	miscompile = vm.NumOpcodes
	got, _ := p.run(t, "loop_mod", runOpts{}, vi(1000))
	if got == p.interp[1] {
		t.Fatalf("miscompiled ADD still gives %s", got)
	}
	good := build(t, programSrc)
	if got, _ := good.run(t, "loop_mod", runOpts{}, vi(1000)); got != good.interp[1] {
		t.Fatalf("after the switch is off: %s, want %s", got, good.interp[1])
	}
}

// TestCollectorNotHeldUp: while a compiled loop runs, runtime.GC() from
// another goroutine completes (the loop polls g.stackguard0 at its
// back-edge and leaves when Go asks it to stop).
func TestCollectorNotHeldUp(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	p := build(t, programSrc)
	var done atomic.Bool
	start := time.Now()
	var took time.Duration
	go func() {
		time.Sleep(20 * time.Millisecond) // let the loop start
		for i := 0; i < 3; i++ {
			runtime.GC()
		}
		took = time.Since(start)
		done.Store(true)
	}()
	got, st := p.run(t, "spin", runOpts{stop: done.Load}, vi(1<<46))
	if got != "stopped" || st.preempts == 0 {
		t.Fatalf("spin: %s after %d preemption exits", got, st.preempts)
	}
	if took > 10*time.Second {
		t.Fatalf("three collections took %v beside compiled code", took)
	}
	t.Logf("3 collections in %v beside a compiled loop; %d preemption exits", took, st.preempts)
}

// TestLiveDisasm: a loaded function's arena holds exactly its compiled
// bytes, and the disassembly of the live arena shows them.
func TestLiveDisasm(t *testing.T) {
	p := build(t, programSrc)
	f := p.funcs[p.protos["loop_mod"]]
	if p.table.Func(p.protos["loop_mod"].Index) != f || p.table.Func(-1) != nil || p.table.Func(1<<20) != nil {
		t.Fatal("Table.Func")
	}
	if !bytes.Equal(f.bytes(), f.Code.Bytes) {
		t.Fatal("arena bytes differ from the compiled code")
	}
	if got, want := f.Disasm(p.vm), f.Code.Disasm(p.vm); got != want || !strings.Contains(got, "FORLOOP") {
		t.Fatalf("live disassembly:\n%s", got)
	}
}

// BenchmarkFib: fib(25) in machine code (calls and returns included) and
// in the interpreter, side by side.
func BenchmarkFib(b *testing.B) {
	p := build(b, programSrc)
	b.Run("native", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if got, _ := p.run(b, "fib", runOpts{budget: 1024, refill: 1024}, vi(25)); got != "75025" {
				b.Fatal(got)
			}
		}
	})
	b.Run("interp", func(b *testing.B) {
		v, main := interpChunk(b, "fib(25)")
		for i := 0; i < b.N; i++ {
			if o := v.RunMain(main); o.Value != vi(75025) {
				b.Fatal(v.Display(o.Value))
			}
		}
	})
}

// interpChunk compiles the test program's functions and expr as a chunk
// for the interpreter.
func interpChunk(b *testing.B, expr string) (*vm.VM, *vm.Proto) {
	v := vm.New(vm.Options{VirtualTime: true})
	stdlib.Install(v)
	s := compiler.NewSession(v)
	// the flow part of the prelude is compiled only for the programs that use it
	s.AddLazyPrelude(stdlib.PreludeName, stdlib.PreludeLazy, stdlib.Prelude, stdlib.PreludeLazyTriggers)
	if err := s.LoadPrelude(stdlib.PreludeName, stdlib.PreludeCore); err != nil {
		b.Fatal(err)
	}
	main, err := s.Compile("bench.cpr", programSrc[:strings.Index(programSrc, "println")]+expr)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	return v, main
}

// BenchmarkLoopMod: loop_mod(10^6) (a for loop with % and +=) in machine
// code and in the interpreter, side by side.
func BenchmarkLoopMod(b *testing.B) {
	const n = 1000000
	p := build(b, programSrc)
	b.Run("native", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if got, _ := p.run(b, "loop_mod", runOpts{budget: 1024, refill: 1024}, vi(n)); got != "2999997" {
				b.Fatal(got)
			}
		}
	})
	b.Run("interp", func(b *testing.B) {
		v, main := interpChunk(b, "loop_mod(1000000)")
		for i := 0; i < b.N; i++ {
			if o := v.RunMain(main); o.Value != vi(2999997) {
				b.Fatal(v.Display(o.Value))
			}
		}
	})
}

// TestPerfMap: each loaded function gets a perf map line whose range is
// its code, named after the function.
func TestPerfMap(t *testing.T) {
	p := build(t, programSrc)
	f := p.funcs[p.protos["fib"]]
	var buf bytes.Buffer
	if err := f.module.WritePerfMap(&buf); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var start, size uint64
		var name string
		if _, err := fmt.Sscanf(line, "%x %x %s", &start, &size, &name); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		if name == "cprime:fib" {
			found = true
			if uintptr(start) != f.Addr(0)-uintptr(f.Code.Entry[0]) || int(size) != len(f.Code.Bytes) {
				t.Fatalf("%q: fib's code is at %#x, %d bytes", line, f.addr, len(f.Code.Bytes))
			}
		}
	}
	if !found {
		t.Fatalf("no fib in\n%s", buf.String())
	}
}

// TestRunReentersAfterPreemption: Table.Run hides preemption exits (they
// happen: a collection runs meanwhile) and returns the real exit.
func TestRunReentersAfterPreemption(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	p := build(t, programSrc)
	stack := heapValues(64)
	stack[0], stack[1], stack[3] = vm.FuncValue(p.protos["spin"].Index), vm.Value(noCaller), vi(3000000)
	ctx := &Context{StackBase: uintptr(unsafe.Pointer(&stack[0])), StackLimit: 64, Budget: 1 << 40}
	stop := make(chan bool)
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
				runtime.GC()
			}
		}
	}()
	x := p.table.Run(ctx)
	close(stop)
	if x != ExitStep || p.protos["spin"].Code[ctx.PC].Op() != vm.OpRet {
		t.Fatalf("exit %d at pc %d", x, ctx.PC)
	}
	want := int64(0)
	for i := int64(0); i < 3000000; i++ {
		want = (want + i) % 1000
	}
	if got := stack[vm.FrameHeader+p.protos["spin"].Code[ctx.PC].A()]; got != vi(want) {
		t.Fatalf("spin = %s, want %d", p.vm.Display(got), want)
	}
}

// TestEnterFuncRunsAClosure: a closure's frame names the closure object,
// so the engine resolves its function and enters with EnterFunc; the
// closure's arithmetic runs natively and its return to the entry frame
// leaves for Go.
func TestEnterFuncRunsAClosure(t *testing.T) {
	p := build(t, `
fn make_adder(k: int) -> fn(int) -> int { |x: int| x * 3 + k }
let f = make_adder(4);
println(f(5));
`)
	var cl *vm.Proto
	for _, proto := range p.vm.Protos {
		if proto.File == "test.cpr" && proto.Closure {
			cl = proto
		}
	}
	if cl == nil {
		t.Fatal("no closure")
	}
	f := p.table.Func(cl.Index)
	stack := heapValues(64)
	stack[0], stack[1] = vm.Unit, vm.Value(noCaller) // stands for the closure object
	stack[vm.FrameHeader] = vi(5)
	ctx := &Context{StackBase: uintptr(unsafe.Pointer(&stack[0])), StackLimit: 64, Budget: 1 << 40}
	// the closure reads k through its cell (GETUPV): Go runs that one
	// instruction; stand in for it here and re-enter after it
	for x := p.table.EnterFunc(ctx, f); ; x = p.table.EnterFunc(ctx, f) {
		ins := cl.Code[ctx.PC]
		if x != ExitStep {
			t.Fatalf("exit %d", x)
		}
		if ins.Op() == vm.OpRet {
			if got := p.vm.Display(stack[vm.FrameHeader+ins.A()]); got != p.interp[0] {
				t.Fatalf("closure gives %s, the interpreter %s", got, p.interp[0])
			}
			return
		}
		if ins.Op() != vm.OpGetUpv {
			t.Fatalf("left at %s", vm.Opcodes[ins.Op()].Name)
		}
		stack[vm.FrameHeader+ins.A()] = vi(4)
		ctx.PC++
	}
}
