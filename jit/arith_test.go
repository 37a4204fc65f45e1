//go:build (amd64 || arm64) && linux

package jit

import (
	"fmt"
	"math"
	"testing"
	"unsafe"

	"github.com/cprime-lang/cprime/stdlib"
	"github.com/cprime-lang/cprime/vm"
)

// The differential arithmetic test builds one tiny function per
// (instruction, operands) case, runs it in the interpreter (RunMain: the
// real dispatch loop and step) and in machine code, and requires the same
// bits whenever the machine code finishes; it may leave for Go at the
// instruction only where the interpreter leaves its fast path too (a
// result outside 48 bits, an error, mixed or non-numeric operands, and
// the float cases the baseline does not compile).

var (
	intOperands = []int64{0, 1, -1, 3, -7, 1000003, 1 << 24, 1<<31 - 1, -(1 << 31), 1 << 31,
		vm.MaxSmallInt, vm.MinSmallInt, vm.MaxSmallInt - 1, vm.MinSmallInt + 1}
	floatOperands = []float64{0, math.Copysign(0, -1), 1.5, -2.5, 3, math.Inf(1), math.Inf(-1), math.NaN(),
		1e308, 5e-324, -1e-300}
	immOperands = []int{0, 1, -1, 2, -3, 7, 32767, -32768}
)

func operands() []vm.Value {
	var out []vm.Value
	for _, i := range intOperands {
		out = append(out, vm.SmallInt(i))
	}
	for _, f := range floatOperands {
		out = append(out, vm.FloatValue(f))
	}
	return append(out, vm.True, vm.False, vm.Unit)
}

type arithCase struct {
	ins   vm.Instr
	x, y  vm.Value
	proto *vm.Proto
}

// caseProto is: R0 = x; R1 = y; the instruction (into R2, or a jump
// choosing R2 = false/true); RET R2.
func caseProto(ins vm.Instr, x, y vm.Value, k vm.Value) *vm.Proto {
	p := &vm.Proto{Name: "case", File: "gen", NumRegs: 3, Consts: []vm.Value{x, y, k}}
	p.Code = []vm.Instr{vm.ABx(vm.OpLoadK, 0, 0), vm.ABx(vm.OpLoadK, 1, 1), ins}
	if _, ok := jumpTarget(2, ins); ok {
		p.Code = append(p.Code, vm.ABx(vm.OpLoadFalse, 2, 0), vm.ABC(vm.OpRet, 2, 0, 0),
			vm.ABx(vm.OpLoadTrue, 2, 0), vm.ABC(vm.OpRet, 2, 0, 0))
	} else {
		p.Code = append(p.Code, vm.ABC(vm.OpRet, 2, 0, 0))
	}
	p.Lines = make([]int32, len(p.Code))
	return p
}

// caseTemplates are the instruction shapes the differential tests run:
// each makes the instruction (and its constant K[2]) for operands x, y
// and an immediate.
func caseTemplates() []func(x, y vm.Value, imm int) (vm.Instr, vm.Value) {
	var ts []func(x, y vm.Value, imm int) (vm.Instr, vm.Value)
	for op := vm.OpAdd; op <= vm.OpMod; op++ {
		op := op
		ts = append(ts,
			func(x, y vm.Value, imm int) (vm.Instr, vm.Value) { return vm.ABC(op, 2, 0, 1), 0 },
			func(x, y vm.Value, imm int) (vm.Instr, vm.Value) { return vm.ABC(op-vm.OpAdd+vm.OpAddK, 2, 0, 2), y })
	}
	for _, op := range []vm.Opcode{vm.OpEq, vm.OpNe, vm.OpLt, vm.OpLe, vm.OpNeg, vm.OpNot} {
		op := op
		ts = append(ts, func(x, y vm.Value, imm int) (vm.Instr, vm.Value) { return vm.ABC(op, 2, 0, 1), 0 })
	}
	for _, op := range []vm.Opcode{vm.OpJLt, vm.OpJNLt, vm.OpJLe, vm.OpJNLe, vm.OpJEq, vm.OpJNEq} {
		op := op
		ts = append(ts, func(x, y vm.Value, imm int) (vm.Instr, vm.Value) { return vm.ABsJ(op, 0, 1, 2), 0 })
	}
	for _, op := range []vm.Opcode{vm.OpAddI, vm.OpMulI, vm.OpDivI, vm.OpModI} {
		op := op
		ts = append(ts, func(x, y vm.Value, imm int) (vm.Instr, vm.Value) { return vm.ABC(op, 2, 0, imm), 0 })
	}
	for op := vm.OpJLtI; op <= vm.OpJNEqI; op++ {
		op := op
		ts = append(ts, func(x, y vm.Value, imm int) (vm.Instr, vm.Value) { return vm.ABsJ(op, 0, imm, 2), 0 })
	}
	for _, op := range []vm.Opcode{vm.OpJTrue, vm.OpJFalse} {
		op := op
		ts = append(ts, func(x, y vm.Value, imm int) (vm.Instr, vm.Value) { return vm.AsBx(op, 0, 2), 0 })
	}
	ts = append(ts,
		func(x, y vm.Value, imm int) (vm.Instr, vm.Value) { return vm.ABC(vm.OpEqK, 2, 0, 2), y },
		func(x, y vm.Value, imm int) (vm.Instr, vm.Value) { return vm.ABsJ(vm.OpJNEK, 0, 2, 2), y })
	return ts
}

func arithCases() []arithCase {
	var cs []arithCase
	vals := operands()
	add := func(ins vm.Instr, x, y, k vm.Value) {
		cs = append(cs, arithCase{ins, x, y, caseProto(ins, x, y, k)})
	}
	for _, x := range vals {
		for _, y := range vals {
			for op := vm.OpAdd; op <= vm.OpMod; op++ {
				add(vm.ABC(op, 2, 0, 1), x, y, 0)
				add(vm.ABC(op-vm.OpAdd+vm.OpAddK, 2, 0, 2), x, 0, y) // K[2] = y
			}
			for _, op := range []vm.Opcode{vm.OpEq, vm.OpNe, vm.OpLt, vm.OpLe} {
				add(vm.ABC(op, 2, 0, 1), x, y, 0)
			}
			for _, op := range []vm.Opcode{vm.OpJLt, vm.OpJNLt, vm.OpJLe, vm.OpJNLe, vm.OpJEq, vm.OpJNEq} {
				add(vm.ABsJ(op, 0, 1, 2), x, y, 0)
			}
			add(vm.ABC(vm.OpEqK, 2, 0, 2), x, 0, y)
			add(vm.ABsJ(vm.OpJNEK, 0, 2, 2), x, 0, y)
		}
		for _, imm := range immOperands {
			for _, op := range []vm.Opcode{vm.OpAddI, vm.OpMulI, vm.OpDivI, vm.OpModI} {
				if imm == 0 && (op == vm.OpDivI || op == vm.OpModI) {
					continue // the compiler never emits these
				}
				add(vm.ABC(op, 2, 0, imm), x, 0, 0)
			}
			for op := vm.OpJLtI; op <= vm.OpJNEqI; op++ {
				add(vm.ABsJ(op, 0, imm, 2), x, 0, 0)
			}
		}
		add(vm.ABC(vm.OpNeg, 2, 0, 0), x, 0, 0)
		add(vm.ABC(vm.OpNot, 2, 0, 0), x, 0, 0)
		add(vm.AsBx(vm.OpJTrue, 0, 2), x, 0, 0)
		add(vm.AsBx(vm.OpJFalse, 0, 2), x, 0, 0)
	}
	return cs
}

// mustStayNative: the baseline compiles this case, so the machine code
// must not leave for Go: two inline ints, or (except for MOD) any two
// numbers, where the result is inline.
func mustStayNative(c arithCase, r vm.Value, failed bool) bool {
	if failed || !(r.IsSmallInt() || r.IsFloat() || r.IsBool()) {
		return false
	}
	op, x, y := c.ins.Op(), c.x, c.y
	num := func(v vm.Value) bool { return v.IsSmallInt() || v.IsFloat() }
	if a, ok := arith(c.proto, c.ins); ok {
		if a.konst {
			y = a.k
		}
		if x.IsSmallInt() && y.IsSmallInt() {
			return a.intsOK
		}
		return a.op != vm.OpMod && num(x) && num(y)
	}
	switch op {
	case vm.OpNeg:
		return num(x)
	case vm.OpNot, vm.OpJTrue, vm.OpJFalse:
		return x.IsBool()
	case vm.OpEq, vm.OpNe, vm.OpJEq, vm.OpJNEq, vm.OpEqK, vm.OpJNEK:
		if op == vm.OpEqK || op == vm.OpJNEK {
			y = c.proto.Consts[2]
		}
		// vm.Equal with a number on one side, and no heap object
		return num(x) && num(y) || num(x) && !y.IsObj() || num(y) && !x.IsObj()
	case vm.OpLt, vm.OpLe, vm.OpJLt, vm.OpJNLt, vm.OpJLe, vm.OpJNLe:
		return num(x) && num(y)
	case vm.OpJEqI, vm.OpJNEqI:
		return !x.IsObj()
	}
	return num(x) // the other compare-with-immediate jumps
}

// checker runs cases in the interpreter and in machine code.
type checker struct {
	v     *vm.VM
	table *Table
	stack []vm.Value
}

func newChecker() *checker {
	v := vm.New(vm.Options{VirtualTime: true})
	stdlib.Install(v)
	return &checker{v: v, table: NewTable(0), stack: heapValues(16)}
}

// load compiles and loads a batch of cases (their protos join the VM).
func (ck *checker) load(t testing.TB, cases []arithCase) *Module {
	arch, _ := HostArch()
	codes := make([]*Code, len(cases))
	for i, c := range cases {
		ck.v.AddProto(c.proto)
		code, err := Compile(c.proto, nil, arch)
		if err != nil {
			t.Fatal(err)
		}
		codes[i] = code
	}
	m, err := Load(codes...) // one arena for the whole batch
	if err != nil {
		t.Fatal(err)
	}
	ck.table = NewTable(len(ck.v.Protos))
	ck.table.Add(m.Funcs...)
	return m
}

// check runs a loaded case both ways; it returns whether the machine
// code finished (rather than leaving for Go at the instruction) and a
// complaint, if any.
func (ck *checker) check(c arithCase) (bool, string) {
	v := ck.v
	o := v.RunMain(c.proto)
	want, failed := o.Value, o.Failure != 0
	stack := ck.stack
	for j := range stack {
		stack[j] = 0
	}
	stack[0], stack[1] = vm.FuncValue(c.proto.Index), vm.Value(noCaller)
	ctx := &Context{StackBase: uintptr(unsafe.Pointer(&stack[0])), StackLimit: int64(len(stack)), Budget: 1 << 40}
	ck.table.Enter(ctx)
	op := c.ins.Op()
	name := fmt.Sprintf("%s x=%s y=%s", vm.Opcodes[op].Name, v.Display(c.x), v.Display(c.y))
	if op >= vm.OpAddK && op <= vm.OpModK {
		name = fmt.Sprintf("%s x=%s k=%s", vm.Opcodes[op].Name, v.Display(c.x), v.Display(c.proto.Consts[2]))
	} else if op >= vm.OpAddI && op <= vm.OpModI {
		name = fmt.Sprintf("%s x=%s imm=%d", vm.Opcodes[op].Name, v.Display(c.x), c.ins.SC())
	} else if op >= vm.OpJLtI && op <= vm.OpJNEqI {
		name = fmt.Sprintf("%s x=%s imm=%d", vm.Opcodes[op].Name, v.Display(c.x), c.ins.SB())
	}
	pc := int(ctx.PC)
	if ctx.Exit != ExitStep {
		return false, fmt.Sprintf("%s: exit %d", name, ctx.Exit)
	}
	if pc == 2 {
		if mustStayNative(c, want, failed) {
			return false, fmt.Sprintf("%s: left for Go; the interpreter's fast path gives %s (%#x)", name, v.Display(want), uint64(want))
		}
		return false, ""
	}
	if c.proto.Code[pc].Op() != vm.OpRet {
		return true, fmt.Sprintf("%s: left at pc %d", name, pc)
	}
	got := stack[vm.FrameHeader+2]
	if failed {
		return true, fmt.Sprintf("%s: machine code gives %s, the interpreter raises %s", name, v.Display(got), v.Display(o.Failure))
	} else if got != want {
		return true, fmt.Sprintf("%s: machine code gives %s (%#x), the interpreter %s (%#x)", name, v.Display(got), uint64(got), v.Display(want), uint64(want))
	}
	return true, ""
}

func TestArithmeticMatchesInterpreter(t *testing.T) {
	cases := arithCases()
	ck := newChecker()
	defer ck.load(t, cases).Free()
	native := 0
	for _, c := range cases {
		ran, complaint := ck.check(c)
		if complaint != "" {
			t.Error(complaint)
		}
		if ran {
			native++
		}
	}
	if native < len(cases)/2 {
		t.Fatalf("only %d of %d cases ran natively", native, len(cases))
	}
	t.Logf("%d cases: %d finished in machine code, %d left for Go at the instruction", len(cases), native, len(cases)-native)
}

// fuzzValue turns fuzzer bits into a value a program can hold: any float
// (NaNs as the VM makes them: canonical, or the x86 default NaN that raw
// float arithmetic leaves), an inline int, a bool or unit.
func fuzzValue(bits uint64) vm.Value {
	v := vm.Value(bits)
	switch {
	case v.IsFloat() && v.Float() != v.Float() && bits != 0xFFF8000000000000:
		return vm.FloatValue(v.Float())
	case v.IsFloat():
		return v
	}
	switch bits >> 48 & 3 {
	case 0, 1:
		return vm.SmallInt(int64(bits<<16) >> 16)
	case 2:
		return vm.Bool(bits&1 == 1)
	}
	return vm.Unit
}

// FuzzArithmetic is the differential test over generated operands: every
// case template (arithCases' instructions) with fuzzer-chosen operands
// and immediates. The seeds are the boundary operands.
func FuzzArithmetic(f *testing.F) {
	for _, x := range operands() {
		for _, y := range []vm.Value{vm.SmallInt(-1), vm.FloatValue(math.NaN()), vm.SmallInt(vm.MaxSmallInt)} {
			f.Add(uint64(x), uint64(y), int16(-1), uint8(0))
		}
	}
	templates := caseTemplates()
	ck := newChecker()
	f.Fuzz(func(t *testing.T, xb, yb uint64, imm int16, which uint8) {
		x, y := fuzzValue(xb), fuzzValue(yb)
		var cs []arithCase
		for i := 0; i < 4; i++ {
			tpl := templates[(int(which)+i*len(templates)/4)%len(templates)]
			ins, k := tpl(x, y, int(imm))
			if ins.Op() == vm.OpDivI || ins.Op() == vm.OpModI {
				if imm == 0 {
					continue
				}
			}
			cs = append(cs, arithCase{ins, x, y, caseProto(ins, x, y, k)})
		}
		m := ck.load(t, cs)
		defer m.Free()
		for _, c := range cs {
			if _, complaint := ck.check(c); complaint != "" {
				t.Error(complaint)
			}
		}
	})
}
