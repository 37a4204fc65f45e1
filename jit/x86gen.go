package jit

import (
	. "github.com/cprime-lang/cprime/jit/amd64"
	"github.com/cprime-lang/cprime/vm"
)

// The amd64 code generator. Registers (doc.go has the whole convention):
//
//	RDI  the Context            RSI  the frame's registers (R[0])
//	R14  g (read only)          R15  intBits, the int tag (and the
//	R12  the code Table              smallest tagged value)
//	RAX RCX RDX R8-R11 scratch  X0 X1  scratch
const (
	xCtx = RDI
	xRP  = RSI
	xG   = R14
	xTag = R15
	xTab = R12
)

type x86gen struct {
	a      Asm
	p      *vm.Proto
	protos []*vm.Proto
	pcs    []Label // native entry of each pc; pcs[len] ends the code
	steps  map[int]Label
	preems map[int]Label
	order  []stub
}

type stub struct {
	l        Label
	pc, exit int
}

func slotX(i int) Mem { return M(xRP, int32(8*i)) }

func compileAMD64(p *vm.Proto, protos []*vm.Proto, inline []bool) ([]byte, []int32, int) {
	g := &x86gen{p: p, protos: protos, steps: map[int]Label{}, preems: map[int]Label{}}
	a := &g.a
	g.pcs = make([]Label, len(p.Code)+1)
	for i := range g.pcs {
		g.pcs[i] = a.NewLabel()
	}
	// prologue: RSI = StackBase + (Base+FrameHeader)*8, R15 = intBits,
	// then to the pc the trampoline asked for (in RDX)
	a.Load(RAX, M(xCtx, CtxStackBase))
	a.Load(RCX, M(xCtx, CtxBase))
	a.Lea(xRP, MI(RAX, RCX, 8, frameSize))
	a.MovImm(xTag, intBits)
	a.JmpReg(RDX)
	for pc, ins := range p.Code {
		a.Bind(g.pcs[pc])
		inline[pc] = g.instr(pc, ins)
		if !inline[pc] {
			a.Jmp(g.step(pc))
		}
	}
	a.Bind(g.pcs[len(p.Code)])
	a.Int3() // the verifier guarantees no path falls off the end
	for _, s := range g.order {
		a.Bind(s.l)
		a.StoreImm(M(xCtx, CtxPC), int32(s.pc))
		a.StoreImm(M(xCtx, CtxExit), int32(s.exit))
		a.Ret()
	}
	code := a.Finish()
	entry := make([]int32, len(p.Code))
	for pc := range entry {
		entry[pc] = int32(a.Offset(g.pcs[pc]))
	}
	return code, entry, a.Offset(g.pcs[len(p.Code)])
}

// step returns the label of the out-of-line exit that hands pc to Go.
func (g *x86gen) step(pc int) Label { return g.stub(g.steps, pc, ExitStep) }

// preempt returns the label of the exit that leaves for preemption with
// execution continuing at pc.
func (g *x86gen) preempt(pc int) Label { return g.stub(g.preems, pc, ExitPreempt) }

func (g *x86gen) stub(m map[int]Label, pc, exit int) Label {
	if l, ok := m[pc]; ok {
		return l
	}
	l := g.a.NewLabel()
	m[pc] = l
	g.order = append(g.order, stub{l, pc, exit})
	return l
}

// isInt jumps to fail unless r holds an inline int (clobbers tmp).
func (g *x86gen) isInt(r, tmp Reg, fail Label) {
	g.a.MovRR(tmp, r)
	g.a.ShiftRI(SHR, tmp, 48)
	g.a.OpRI(CMP, tmp, intTag)
	g.a.Jcc(CondNE, fail)
}

// unbox sign-extends an inline int's 48-bit payload.
func (g *x86gen) unbox(r Reg) {
	g.a.ShiftRI(SHL, r, 16)
	g.a.ShiftRI(SAR, r, 16)
}

// box tags the low 48 bits of r as an inline int.
func (g *x86gen) box(r Reg) {
	g.a.ShiftRI(SHL, r, 16)
	g.a.ShiftRI(SHR, r, 16)
	g.a.OpRR(OR, r, xTag)
}

// fits jumps to fail unless r is within the inline int range.
func (g *x86gen) fits(r, tmp Reg, fail Label) {
	g.a.MovRR(tmp, r)
	g.unbox(tmp)
	g.a.OpRR(CMP, tmp, r)
	g.a.Jcc(CondNE, fail)
}

// backEdge decrements the budget (leaving for Go at pc when it is spent,
// where the interpreter's step runs the checkpoint) and polls the stack
// guard (leaving for preemption, continuing at target).
func (g *x86gen) budget(pc int) {
	g.a.OpMI(CMP, M(xCtx, CtxBudget), 1)
	g.a.Jcc(CondLE, g.step(pc))
	g.a.OpMI(SUB, M(xCtx, CtxBudget), 1)
}

func (g *x86gen) poll(target int) {
	g.a.OpRM(CMP, RSP, M(xG, gStackguard0))
	g.a.Jcc(CondBE, g.preempt(target))
}

// boolOf stores True in R[dst] when c holds after a comparison, else False.
func (g *x86gen) boolOf(c Cond, dst int) {
	g.a.MovImm(RAX, valFalse)
	g.a.Lea(RCX, M(RAX, 1))
	g.a.Cmov(c, RAX, RCX)
	g.a.Store(slotX(dst), RAX)
}

// instr emits pc's instruction; false: it always leaves for Go.
func (g *x86gen) instr(pc int, ins vm.Instr) bool {
	a := &g.a
	next := g.pcs[pc+1]
	slow := func() Label { return g.step(pc) }
	op := ins.Op()
	if v, ok := immediate(g.p, ins); ok {
		a.MovImm(RAX, v)
		a.Store(slotX(ins.A()), RAX)
		return true
	}
	if x, ok := arith(g.p, ins); ok {
		return g.arith(x, slow())
	}
	if cj, ok := compareJump(op); ok {
		g.compareJump(pc, ins, cj)
		return true
	}
	switch op {
	case vm.OpNop:
	case vm.OpMove, vm.OpMoveResult:
		a.Load(RAX, slotX(ins.B()))
		a.Store(slotX(ins.A()), RAX)
	case vm.OpNeg:
		notFloat := a.NewLabel()
		a.Load(RAX, slotX(ins.B()))
		a.OpRR(CMP, RAX, xTag)
		a.Jcc(CondAE, notFloat)
		a.MovImm(RCX, signBit)
		a.OpRR(XOR, RAX, RCX)
		a.Store(slotX(ins.A()), RAX)
		a.Jmp(next)
		a.Bind(notFloat)
		g.isInt(RAX, RCX, slow())
		g.unbox(RAX)
		a.Neg(RAX)
		g.fits(RAX, RCX, slow())
		g.box(RAX)
		a.Store(slotX(ins.A()), RAX)
	case vm.OpNot:
		a.Load(RAX, slotX(ins.B()))
		a.MovRR(RCX, RAX)
		a.OpRI(OR, RCX, 1)
		a.MovImm(RDX, valTrue)
		a.OpRR(CMP, RCX, RDX)
		a.Jcc(CondNE, slow())
		a.OpRI(XOR, RAX, 1) // True and False differ in bit 0
		a.Store(slotX(ins.A()), RAX)
	case vm.OpEq, vm.OpNe, vm.OpLt, vm.OpLe, vm.OpEqK:
		g.compare(ins, slow())
	case vm.OpJmp:
		target := pc + 1 + ins.SBx()
		if target <= pc {
			g.budget(pc)
			g.poll(target)
		}
		a.Jmp(g.pcs[target])
	case vm.OpJTrue, vm.OpJFalse:
		taken, other := valTrue, valFalse
		if op == vm.OpJFalse {
			taken, other = valFalse, valTrue
		}
		a.Load(RAX, slotX(ins.A()))
		a.MovImm(RCX, taken)
		a.OpRR(CMP, RAX, RCX)
		a.Jcc(CondE, g.pcs[pc+1+ins.SBx()])
		a.MovImm(RCX, other)
		a.OpRR(CMP, RAX, RCX)
		a.Jcc(CondNE, slow())
	case vm.OpForPrep:
		g.forPrep(pc, ins)
	case vm.OpForLoop:
		g.forLoop(pc, ins)
	case vm.OpCallK:
		return g.callK(pc, ins)
	case vm.OpRet, vm.OpRetUnit:
		g.ret(pc, ins)
	default:
		return false
	}
	return true
}

// callK emits CALLK into a compiled function as the interpreter's fast
// path does it: with budget left and room on the stack, push the callee's
// frame header (callee, return pc and base, a fresh frame generation),
// move to its registers, poll the stack guard and jump to its pc 0
// through the code table. Anything else leaves for Go before writing.
func (g *x86gen) callK(pc int, ins vm.Instr) bool {
	a := &g.a
	p, ok := callee(g.protos, ins)
	if !ok {
		return false
	}
	fail := g.step(pc)
	c, hdr := ins.C(), 8*ins.A()
	a.OpMI(CMP, M(xTab, 0), int32(c)) // the table covers the callee..
	a.Jcc(CondBE, fail)
	a.Load(RAX, M(xTab, int32(8*(1+c))))
	a.TestRR(RAX, RAX) // .. and it is compiled
	a.Jcc(CondE, fail)
	a.OpMI(CMP, M(xCtx, CtxBudget), 1)
	a.Jcc(CondLE, fail)
	a.Load(RCX, M(xCtx, CtxBase))
	a.Lea(RDX, M(RCX, int32(2*vm.FrameHeader+ins.A()+p.NumRegs)))
	a.OpRM(CMP, RDX, M(xCtx, CtxStackLimit))
	a.Jcc(CondG, fail) // Go grows the stack (or raises StackOverflow)
	a.OpMI(SUB, M(xCtx, CtxBudget), 1)
	a.MovImm(R8, uint64(vm.FuncValue(c)))
	a.Store(M(xRP, int32(hdr)), R8)
	a.MovImm(R8, uint64(pc+1)<<32)
	a.OpRR(OR, R8, RCX)
	a.Store(M(xRP, int32(hdr+8)), R8)
	a.Load(R8, M(xCtx, CtxGen))
	a.OpRI(ADD, R8, 1)
	a.Store(M(xCtx, CtxGen), R8)
	g.a.ShiftRI(SHL, R8, 16)
	g.a.ShiftRI(SHR, R8, 16)
	a.MovImm(R9, frameBits)
	a.OpRR(OR, R8, R9)
	a.Store(M(xRP, int32(hdr+16)), R8)
	a.OpRI(ADD, RCX, int32(vm.FrameHeader+ins.A()))
	a.Store(M(xCtx, CtxBase), RCX)
	a.Lea(xRP, M(xRP, int32(hdr+frameSize)))
	g.poll(0) // the callee's pc 0, in the frame now at Base
	a.Load(RAX, M(RAX, 0))
	a.JmpReg(RAX)
	return true
}

// ret emits RET and RETUNIT to a compiled caller: the frame's value goes
// to its callee slot, its mark is cleared, and execution continues at
// the return pc through the code table. The entry frame's return (the
// coroutine completes) and returns into code not in the table leave for
// Go before writing.
func (g *x86gen) ret(pc int, ins vm.Instr) {
	a := &g.a
	fail := g.step(pc)
	a.Load(RAX, M(xRP, -frameSize+8)) // return pc << 32 | caller base
	a.MovRR(RCX, RAX)
	a.ShiftRI(SHL, RCX, 32)
	a.ShiftRI(SHR, RCX, 32)
	a.MovImm(R8, noCaller)
	a.OpRR(CMP, RCX, R8)
	a.Jcc(CondE, fail)
	a.Load(RDX, M(xCtx, CtxStackBase))
	a.Lea(R9, MI(RDX, RCX, 8, 0)) // the caller's header
	a.Load(R8, M(R9, 0))
	a.MovRR(R10, R8)
	a.ShiftRI(SHR, R10, 48)
	a.OpRI(CMP, R10, funcTag) // a closure's caller: Go
	a.Jcc(CondNE, fail)
	a.ShiftRI(SHL, R8, 16)
	a.ShiftRI(SHR, R8, 16)
	a.OpRM(CMP, R8, M(xTab, 0))
	a.Jcc(CondAE, fail)
	a.Load(R10, MI(xTab, R8, 8, 8))
	a.TestRR(R10, R10)
	a.Jcc(CondE, fail)
	if ins.Op() == vm.OpRet {
		a.Load(R11, slotX(ins.A()))
	} else {
		a.MovImm(R11, uint64(vm.Unit))
	}
	a.StoreImm(M(xRP, -frameSize+16), 0)
	a.Store(M(xRP, -frameSize), R11)
	a.Store(M(xCtx, CtxBase), RCX)
	a.Lea(xRP, M(R9, frameSize))
	a.ShiftRI(SHR, RAX, 32)
	a.Load(R10, MI(R10, RAX, 8, 0))
	a.JmpReg(R10)
}

// double converts r (an inline int or a float) to a double in x, setting
// flag to 1 when it was an int; anything else goes to fail. It clobbers r
// and R8.
func (g *x86gen) double(r Reg, x XReg, flag Reg, fail Label) {
	a := &g.a
	notFloat, ok := a.NewLabel(), a.NewLabel()
	a.OpRR(CMP, r, xTag)
	a.Jcc(CondAE, notFloat)
	a.MovqXR(x, r)
	a.Jmp(ok)
	a.Bind(notFloat)
	g.isInt(r, R8, fail)
	g.unbox(r)
	a.Cvtsi2sd(x, r)
	a.MovImm(flag, 1)
	a.Bind(ok)
}

// arith emits an arithmetic instruction: the int-int case with the
// interpreter's overflow rule (a result outside 48 bits leaves for Go,
// which boxes it), and the float case for every other pair of numbers as
// the interpreter's arith computes it (ints converted; the result
// canonicalised as FloatValue does, except a float-float ADD, SUB or MUL,
// which the interpreter's fastArith stores raw). MOD on floats, and
// everything not a number, goes to fail.
func (g *x86gen) arith(x arithOp, fail Label) bool {
	a := &g.a
	if x.op == vm.OpMod && !x.intsOK {
		return false // float remainders and zero divisors: Go's
	}
	done, num := a.NewLabel(), a.NewLabel()
	if x.op == vm.OpMod {
		num = fail
	}
	a.Load(RAX, slotX(x.b))
	if x.konst {
		a.MovImm(RCX, uint64(x.k))
	} else {
		a.Load(RCX, slotX(x.c))
	}
	switch {
	case x.intsOK:
		g.isInt(RAX, R8, num)
		if !x.konst {
			g.isInt(RCX, R8, num)
		}
		g.intArith(x, fail)
		a.Store(slotX(x.a), RAX)
		a.Jmp(done)
	case x.konst && x.intK: // an int divided by a constant zero raises
		g.isInt(RAX, R8, num)
		a.Jmp(fail)
	}
	if x.op == vm.OpMod {
		a.Bind(done)
		return true
	}
	a.Bind(num)
	a.MovImm(R9, 0)
	g.double(RAX, 0, R9, fail)
	g.double(RCX, 1, R9, fail)
	a.OpSD(map[vm.Opcode]SSE{vm.OpAdd: ADDSD, vm.OpSub: SUBSD, vm.OpMul: MULSD, vm.OpDiv: DIVSD}[x.op], 0, 1)
	a.MovqRX(RAX, 0)
	store := a.NewLabel()
	if !x.canon {
		a.TestRR(R9, R9) // two floats: stored raw
		a.Jcc(CondE, store)
	}
	// FloatValue: any NaN becomes the canonical one
	a.Ucomisd(0, 0)
	a.Jcc(CondNP, store)
	a.MovImm(RAX, canonNaN)
	a.Bind(store)
	a.Store(slotX(x.a), RAX)
	a.Bind(done)
	return true
}

// intArith computes RAX op RCX on two inline ints into RAX, boxed.
func (g *x86gen) intArith(x arithOp, fail Label) {
	a := &g.a
	g.unbox(RAX)
	g.unbox(RCX)
	switch x.op {
	case vm.OpAdd, vm.OpSub:
		alu := ADD
		if x.op == vm.OpSub || miscompile == vm.OpAdd {
			alu = SUB
		}
		a.OpRR(alu, RAX, RCX) // 48-bit operands: no 64-bit overflow
		g.fits(RAX, R8, fail)
	case vm.OpMul:
		a.Imul(RAX, RCX)
		a.Jcc(CondO, fail)
		g.fits(RAX, R8, fail)
	case vm.OpDiv, vm.OpMod:
		if !x.konst {
			a.TestRR(RCX, RCX)
			a.Jcc(CondE, fail)
		}
		a.Cqo()
		a.Idiv(RCX)
		if x.op == vm.OpMod {
			a.MovRR(RAX, RDX)
		} else if x.fitDiv {
			g.fits(RAX, R8, fail)
		}
	}
	g.box(RAX)
}

// isNum jumps to notNum unless r holds an inline int or a float.
func (g *x86gen) isNum(r Reg, notNum Label) {
	ok := g.a.NewLabel()
	g.a.OpRR(CMP, r, xTag)
	g.a.Jcc(CondB, ok)
	g.isInt(r, R8, notNum)
	g.a.Bind(ok)
}

// numEqual is vm.Equal where one side is a number: two numbers compare
// as numbers (an int and a float as floats, NaN unequal to everything);
// a number and an immediate that is not one (bool, unit, a function) are
// unequal; a number and a heap object (which may be a big int) and two
// non-numbers go to fail. It jumps to eq or ne.
func (g *x86gen) numEqual(x, y Reg, fail, eq, ne Label) {
	a := &g.a
	xNotNum, yNotNum := a.NewLabel(), a.NewLabel()
	g.isNum(x, xNotNum)
	g.isNum(y, yNotNum)
	g.double(x, 0, R9, fail)
	g.double(y, 1, R9, fail)
	a.Ucomisd(0, 1)
	a.Jcc(CondP, ne) // unordered
	a.Jcc(CondE, eq)
	a.Jmp(ne)
	a.Bind(xNotNum)
	g.isNum(y, fail)
	g.notObject(x, fail)
	a.Jmp(ne)
	a.Bind(yNotNum)
	g.notObject(y, fail)
	a.Jmp(ne)
}

// notObject jumps to fail when r holds a heap object.
func (g *x86gen) notObject(r Reg, fail Label) {
	g.a.MovRR(R8, r)
	g.a.ShiftRI(SHR, R8, 48)
	g.a.OpRI(CMP, R8, objTag)
	g.a.Jcc(CondE, fail)
}

// compare emits EQ, NE, EQK (inline ints; vm.Equal's rules where one
// side is a number) and LT, LE (any two numbers).
func (g *x86gen) compare(ins vm.Instr, fail Label) {
	a := &g.a
	op := ins.Op()
	done, num := a.NewLabel(), a.NewLabel()
	a.Load(RAX, slotX(ins.B()))
	if op == vm.OpEqK {
		op = vm.OpEq
		a.MovImm(RDX, uint64(g.p.Consts[ins.C()]))
	} else {
		a.Load(RDX, slotX(ins.C()))
	}
	g.isInt(RAX, R8, num)
	g.isInt(RDX, R8, num)
	// shifted left by 16, inline ints compare as their values do
	a.ShiftRI(SHL, RAX, 16)
	a.ShiftRI(SHL, RDX, 16)
	a.OpRR(CMP, RAX, RDX)
	g.boolOf(map[vm.Opcode]Cond{vm.OpEq: CondE, vm.OpNe: CondNE, vm.OpLt: CondL, vm.OpLe: CondLE}[op], ins.A())
	a.Jmp(done)
	a.Bind(num)
	if op == vm.OpEq || op == vm.OpNe {
		eq, ne := a.NewLabel(), a.NewLabel()
		g.numEqual(RAX, RDX, fail, eq, ne)
		a.Bind(eq)
		a.MovImm(RAX, map[bool]uint64{true: valTrue, false: valFalse}[op == vm.OpEq])
		a.Store(slotX(ins.A()), RAX)
		a.Jmp(done)
		a.Bind(ne)
		a.MovImm(RAX, map[bool]uint64{true: valFalse, false: valTrue}[op == vm.OpEq])
		a.Store(slotX(ins.A()), RAX)
	} else {
		g.double(RAX, 0, R9, fail)
		g.double(RDX, 1, R9, fail)
		a.Ucomisd(1, 0) // y against x: x < y is "above", false when unordered
		c := CondA
		if op == vm.OpLe {
			c = CondAE
		}
		g.boolOf(c, ins.A())
	}
	a.Bind(done)
}

// compareJump emits the fused compare-and-jump opcodes.
func (g *x86gen) compareJump(pc int, ins vm.Instr, cj condJump) {
	a := &g.a
	target := g.pcs[pc+1+ins.SJ()]
	fail := g.step(pc)
	num := a.NewLabel()
	a.Load(RAX, slotX(ins.A()))
	if cj.imm {
		a.MovImm(RDX, uint64(vm.SmallInt(int64(ins.SB()))))
	} else if cj.konst {
		a.MovImm(RDX, uint64(g.p.Consts[ins.B()]))
	} else {
		a.Load(RDX, slotX(ins.B()))
	}
	g.isInt(RAX, R8, num)
	g.isInt(RDX, R8, num)
	a.ShiftRI(SHL, RAX, 16)
	a.ShiftRI(SHL, RDX, 16)
	a.OpRR(CMP, RAX, RDX)
	// the int relation, on flags of cmp(x, y)
	c := map[vm.Opcode]Cond{vm.OpLt: CondL, vm.OpLe: CondLE, vm.OpEq: CondE}[cj.rel]
	if cj.swap { // x > k, x >= k
		c = map[vm.Opcode]Cond{vm.OpLt: CondG, vm.OpLe: CondGE}[cj.rel]
	}
	if cj.negate {
		c = c.Invert()
	}
	a.Jcc(c, target)
	a.Jmp(g.pcs[pc+1])
	a.Bind(num)
	if cj.rel == vm.OpEq {
		if cj.negate {
			g.numEqual(RAX, RDX, fail, g.pcs[pc+1], target)
		} else {
			g.numEqual(RAX, RDX, fail, target, g.pcs[pc+1])
		}
		return
	}
	g.double(RAX, 0, R9, fail)
	g.double(RDX, 1, R9, fail)
	// x < y: ucomisd y, x gives "above" (CF=0, ZF=0); x <= y "above or
	// equal" (CF=0); both false when unordered, so their inversions jump
	// on NaN. x > k and x >= k compare the other way round.
	if cj.swap {
		a.Ucomisd(0, 1)
	} else {
		a.Ucomisd(1, 0)
	}
	fc := CondA
	if cj.rel == vm.OpLe {
		fc = CondAE
	}
	if cj.negate {
		fc = fc.Invert()
	}
	a.Jcc(fc, target)
}

// forPrep emits FORPREP: inline-int bounds and a positive step; an empty
// range jumps past the loop, otherwise R[A+3] = start.
func (g *x86gen) forPrep(pc int, ins vm.Instr) {
	a := &g.a
	fail := g.step(pc)
	r := ins.A()
	a.Load(RAX, slotX(r))
	a.Load(RCX, slotX(r+1))
	a.Load(RDX, slotX(r+2))
	g.isInt(RAX, R8, fail)
	g.isInt(RCX, R8, fail)
	g.isInt(RDX, R8, fail)
	a.MovRR(R9, RAX) // the start, boxed
	g.unbox(RAX)
	g.unbox(RCX)
	g.unbox(RDX)
	a.TestRR(RDX, RDX)
	a.Jcc(CondLE, fail) // a step <= 0 raises in Go
	target := g.pcs[pc+1+ins.SJ()]
	a.OpRR(CMP, RAX, RCX)
	a.Jcc(CondG, target)
	if ins.B() != 1 {
		a.Jcc(CondE, target)
	}
	a.Store(slotX(r+3), R9)
}

// forLoop emits FORLOOP: the interpreter's fast path (inline ints and
// budget left: budget--, step, and loop with R[A] = R[A+3] = the next
// value while it is in range), with the stack-guard poll on the way back.
func (g *x86gen) forLoop(pc int, ins vm.Instr) {
	a := &g.a
	fail := g.step(pc)
	r := ins.A()
	a.Load(RAX, slotX(r))
	a.Load(RCX, slotX(r+1))
	a.Load(RDX, slotX(r+2))
	g.isInt(RAX, R8, fail)
	g.isInt(RCX, R8, fail)
	g.isInt(RDX, R8, fail)
	g.budget(pc)
	g.unbox(RAX)
	g.unbox(RCX)
	g.unbox(RDX)
	a.OpRR(ADD, RAX, RDX) // 48-bit values: the sum cannot overflow
	a.OpRR(CMP, RAX, RCX)
	again := a.NewLabel()
	a.Jcc(CondL, again)
	if ins.B() == 1 {
		a.Jcc(CondE, again)
	}
	a.Jmp(g.pcs[pc+1])
	a.Bind(again)
	g.box(RAX)
	a.Store(slotX(r), RAX)
	a.Store(slotX(r+3), RAX)
	target := pc + 1 + ins.SJ()
	if target <= pc {
		g.poll(target)
	}
	a.Jmp(g.pcs[target])
}
