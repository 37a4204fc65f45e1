package jit

import (
	. "github.com/cprime-lang/cprime/jit/arm64"
	"github.com/cprime-lang/cprime/vm"
)

// The arm64 code generator, the amd64 one's twin (x86gen.go). Registers
// (doc.go has the whole convention):
//
//	X0   the Context            X19  the frame's registers (R[0])
//	X28  g (read only)          X20  intBits, the int tag (and the
//	X21  the code Table              smallest tagged value)
//	X3..X11, X16  scratch       D0 D1  scratch
const (
	aTab = Reg(21)
	aCtx = Reg(0)
	aRP  = Reg(19)
	aTag = Reg(20)
	aG   = Reg(28)
	aTmp = Reg(16) // addresses of far slots
)

type a64gen struct {
	a      Asm
	p      *vm.Proto
	protos []*vm.Proto
	pcs    []Label
	steps  map[int]Label
	preems map[int]Label
	order  []a64stub
}

type a64stub struct {
	l        Label
	pc, exit int
}

func compileARM64(p *vm.Proto, protos []*vm.Proto, inline []bool) ([]byte, []int32, int) {
	g := &a64gen{p: p, protos: protos, steps: map[int]Label{}, preems: map[int]Label{}}
	a := &g.a
	g.pcs = make([]Label, len(p.Code)+1)
	for i := range g.pcs {
		g.pcs[i] = a.NewLabel()
	}
	// prologue: X19 = StackBase + (Base+FrameHeader)*8, X20 = intBits,
	// then to the pc the trampoline asked for (in X2)
	a.Load(3, aCtx, CtxStackBase)
	a.Load(aRP, aCtx, CtxBase)
	a.Lsl(aRP, aRP, 3)
	a.OpRRR(ADD, aRP, aRP, 3)
	a.OpRI(ADDI, aRP, aRP, frameSize)
	a.MovImm(aTag, intBits)
	a.Br(2)
	for pc, ins := range p.Code {
		a.Bind(g.pcs[pc])
		inline[pc] = g.instr(pc, ins)
		if !inline[pc] {
			a.B(g.step(pc))
		}
	}
	a.Bind(g.pcs[len(p.Code)])
	a.Brk() // the verifier guarantees no path falls off the end
	for _, s := range g.order {
		a.Bind(s.l)
		a.MovImm(5, uint64(s.pc))
		a.Store(5, aCtx, CtxPC)
		a.MovImm(5, uint64(s.exit))
		a.Store(5, aCtx, CtxExit)
		a.Ret()
	}
	code := a.Finish()
	entry := make([]int32, len(p.Code))
	for pc := range entry {
		entry[pc] = int32(a.Offset(g.pcs[pc]))
	}
	return code, entry, a.Offset(g.pcs[len(p.Code)])
}

func (g *a64gen) step(pc int) Label    { return g.stub(g.steps, pc, ExitStep) }
func (g *a64gen) preempt(pc int) Label { return g.stub(g.preems, pc, ExitPreempt) }

func (g *a64gen) stub(m map[int]Label, pc, exit int) Label {
	if l, ok := m[pc]; ok {
		return l
	}
	l := g.a.NewLabel()
	m[pc] = l
	g.order = append(g.order, a64stub{l, pc, exit})
	return l
}

// ldr loads register i of the frame; str stores it.
func (g *a64gen) ldr(t Reg, i int) {
	if d := 8 * i; MemOK(d) {
		g.a.Load(t, aRP, d)
	} else {
		g.a.MovImm(aTmp, uint64(d))
		g.a.LoadIdx(t, aRP, aTmp)
	}
}

func (g *a64gen) str(t Reg, i int) {
	if d := 8 * i; MemOK(d) {
		g.a.Store(t, aRP, d)
	} else {
		g.a.MovImm(aTmp, uint64(d))
		g.a.StoreIdx(t, aRP, aTmp)
	}
}

// isInt branches to fail unless r holds an inline int.
func (g *a64gen) isInt(r, tmp Reg, fail Label) {
	g.a.OpRRR(EOR, tmp, r, aTag)
	g.a.Lsr(tmp, tmp, 48)
	g.a.Cbnz(tmp, fail)
}

// isFloat branches to fail unless r holds a float.
func (g *a64gen) isFloat(r Reg, fail Label) {
	g.a.CmpRR(r, aTag)
	g.a.Bcond(HS, fail)
}

func (g *a64gen) unbox(r Reg) { g.a.Sbfx(r, r, 0, 48) }

func (g *a64gen) box(r Reg) {
	g.a.Ubfx(r, r, 0, 48)
	g.a.OpRRR(ORR, r, r, aTag)
}

func (g *a64gen) fits(r, tmp Reg, fail Label) {
	g.a.Sbfx(tmp, r, 0, 48)
	g.a.CmpRR(tmp, r)
	g.a.Bcond(NE, fail)
}

func (g *a64gen) budget(pc int) {
	g.a.Load(5, aCtx, CtxBudget)
	g.a.CmpRI(5, 1)
	g.a.Bcond(LE, g.step(pc))
	g.a.OpRI(SUBI, 5, 5, 1)
	g.a.Store(5, aCtx, CtxBudget)
}

func (g *a64gen) poll(target int) {
	g.a.Load(5, aG, gStackguard0)
	g.a.MovFromSP(6)
	g.a.CmpRR(6, 5)
	g.a.Bcond(LS, g.preempt(target))
}

func (g *a64gen) boolOf(c Cond, dst int) {
	g.a.MovImm(5, valFalse)
	g.a.OpRI(ADDI, 6, 5, 1)
	g.a.Csel(5, 6, 5, c)
	g.str(5, dst)
}

func (g *a64gen) instr(pc int, ins vm.Instr) bool {
	a := &g.a
	next := g.pcs[pc+1]
	op := ins.Op()
	if v, ok := immediate(g.p, ins); ok {
		a.MovImm(3, v)
		g.str(3, ins.A())
		return true
	}
	if x, ok := arith(g.p, ins); ok {
		return g.arith(x, g.step(pc))
	}
	if cj, ok := compareJump(op); ok {
		g.compareJump(pc, ins, cj)
		return true
	}
	switch op {
	case vm.OpNop:
	case vm.OpMove, vm.OpMoveResult:
		g.ldr(3, ins.B())
		g.str(3, ins.A())
	case vm.OpNeg:
		notFloat := a.NewLabel()
		g.ldr(3, ins.B())
		g.isFloat(3, notFloat)
		a.MovImm(4, signBit)
		a.OpRRR(EOR, 3, 3, 4)
		g.str(3, ins.A())
		a.B(next)
		a.Bind(notFloat)
		g.isInt(3, 4, g.step(pc))
		g.unbox(3)
		a.OpRRR(SUB, 3, ZR, 3)
		g.fits(3, 4, g.step(pc))
		g.box(3)
		g.str(3, ins.A())
	case vm.OpNot:
		g.ldr(3, ins.B())
		a.MovImm(4, valFalse)
		a.OpRRR(EOR, 5, 3, 4) // 0 for False, 1 for True
		a.CmpRI(5, 1)
		a.Bcond(HI, g.step(pc))
		a.OpRI(ADDI, 4, 4, 1) // True
		a.OpRRR(SUB, 3, 4, 5)
		g.str(3, ins.A())
	case vm.OpEq, vm.OpNe, vm.OpLt, vm.OpLe, vm.OpEqK:
		g.compare(ins, g.step(pc))
	case vm.OpJmp:
		target := pc + 1 + ins.SBx()
		if target <= pc {
			g.budget(pc)
			g.poll(target)
		}
		a.B(g.pcs[target])
	case vm.OpJTrue, vm.OpJFalse:
		taken, other := valTrue, valFalse
		if op == vm.OpJFalse {
			taken, other = valFalse, valTrue
		}
		g.ldr(3, ins.A())
		a.MovImm(4, taken)
		a.CmpRR(3, 4)
		a.Bcond(EQ, g.pcs[pc+1+ins.SBx()])
		a.MovImm(4, other)
		a.CmpRR(3, 4)
		a.Bcond(NE, g.step(pc))
	case vm.OpForPrep:
		g.forPrep(pc, ins, g.step(pc))
	case vm.OpForLoop:
		g.forLoop(pc, ins, g.step(pc))
	case vm.OpCallK:
		return g.callK(pc, ins)
	case vm.OpRet, vm.OpRetUnit:
		g.ret(pc, ins)
	default:
		return false
	}
	return true
}

// imm materialises v in r and returns r (for compares with constants
// outside ADD/SUB's 12-bit immediates).
func (g *a64gen) imm(r Reg, v uint64) Reg {
	g.a.MovImm(r, v)
	return r
}

// callK: see x86gen.callK.
func (g *a64gen) callK(pc int, ins vm.Instr) bool {
	a := &g.a
	p, ok := callee(g.protos, ins)
	if !ok {
		return false
	}
	fail := g.step(pc)
	c, hdr := ins.C(), ins.A()
	a.Load(3, aTab, 0) // the table covers the callee..
	a.CmpRR(3, g.imm(4, uint64(c)))
	a.Bcond(LS, fail)
	a.MovImm(4, uint64(8*(1+c)))
	a.LoadIdx(3, aTab, 4)
	a.Cbz(3, fail) // .. and it is compiled
	a.Load(5, aCtx, CtxBudget)
	a.CmpRI(5, 1)
	a.Bcond(LE, fail)
	a.Load(6, aCtx, CtxBase)
	a.MovImm(7, uint64(2*vm.FrameHeader+ins.A()+p.NumRegs))
	a.OpRRR(ADD, 7, 6, 7)
	a.Load(8, aCtx, CtxStackLimit)
	a.CmpRR(7, 8)
	a.Bcond(GT, fail) // Go grows the stack (or raises StackOverflow)
	a.OpRI(SUBI, 5, 5, 1)
	a.Store(5, aCtx, CtxBudget)
	a.MovImm(7, uint64(vm.FuncValue(c)))
	g.str(7, hdr)
	a.MovImm(7, uint64(pc+1)<<32)
	a.OpRRR(ORR, 7, 7, 6)
	g.str(7, hdr+1)
	a.Load(7, aCtx, CtxGen)
	a.OpRI(ADDI, 7, 7, 1)
	a.Store(7, aCtx, CtxGen)
	a.Ubfx(7, 7, 0, 48)
	a.OpRRR(ORR, 7, 7, g.imm(8, frameBits))
	g.str(7, hdr+2)
	a.OpRI(ADDI, 6, 6, vm.FrameHeader+ins.A())
	a.Store(6, aCtx, CtxBase)
	a.OpRRR(ADD, aRP, aRP, g.imm(8, uint64(8*(hdr+vm.FrameHeader))))
	g.poll(0) // the callee's pc 0, in the frame now at Base
	a.Load(3, 3, 0)
	a.Br(3)
	return true
}

// ret: see x86gen.ret.
func (g *a64gen) ret(pc int, ins vm.Instr) {
	a := &g.a
	fail := g.step(pc)
	a.Load(3, aRP, -frameSize+8) // return pc << 32 | caller base
	a.Ubfx(4, 3, 0, 32)
	a.CmpRR(4, g.imm(5, noCaller))
	a.Bcond(EQ, fail)
	a.Load(5, aCtx, CtxStackBase)
	a.Lsl(6, 4, 3)
	a.OpRRR(ADD, 6, 5, 6) // the caller's header
	a.Load(7, 6, 0)
	a.Lsr(8, 7, 48)
	a.CmpRR(8, g.imm(9, funcTag)) // a closure's caller: Go
	a.Bcond(NE, fail)
	a.Ubfx(7, 7, 0, 48)
	a.Load(8, aTab, 0)
	a.CmpRR(7, 8)
	a.Bcond(HS, fail)
	a.OpRI(ADDI, 8, 7, 1)
	a.Lsl(8, 8, 3)
	a.LoadIdx(10, aTab, 8)
	a.Cbz(10, fail)
	if ins.Op() == vm.OpRet {
		g.ldr(11, ins.A())
	} else {
		a.MovImm(11, uint64(vm.Unit))
	}
	a.Store(ZR, aRP, -frameSize+16)
	a.Store(11, aRP, -frameSize)
	a.Store(4, aCtx, CtxBase)
	a.OpRI(ADDI, aRP, 6, frameSize)
	a.Lsr(3, 3, 32)
	a.Lsl(3, 3, 3)
	a.LoadIdx(10, 10, 3)
	a.Br(10)
}

// double converts r (an inline int or a float) to a double in d, setting
// flag to 1 when it was an int; anything else goes to fail. It clobbers r
// and X8.
func (g *a64gen) double(r Reg, d FReg, flag Reg, fail Label) {
	a := &g.a
	notFloat, ok := a.NewLabel(), a.NewLabel()
	g.isFloat(r, notFloat)
	a.FmovToF(d, r)
	a.B(ok)
	a.Bind(notFloat)
	g.isInt(r, 8, fail)
	g.unbox(r)
	a.Scvtf(d, r)
	a.MovImm(flag, 1)
	a.Bind(ok)
}

// arith: see x86gen.arith.
func (g *a64gen) arith(x arithOp, fail Label) bool {
	a := &g.a
	if x.op == vm.OpMod && !x.intsOK {
		return false
	}
	done, num := a.NewLabel(), a.NewLabel()
	if x.op == vm.OpMod {
		num = fail
	}
	g.ldr(3, x.b)
	if x.konst {
		a.MovImm(4, uint64(x.k))
	} else {
		g.ldr(4, x.c)
	}
	switch {
	case x.intsOK:
		g.isInt(3, 8, num)
		if !x.konst {
			g.isInt(4, 8, num)
		}
		g.intArith(x, fail)
		g.str(3, x.a)
		a.B(done)
	case x.konst && x.intK: // an int divided by a constant zero raises
		g.isInt(3, 8, num)
		a.B(fail)
	}
	if x.op == vm.OpMod {
		a.Bind(done)
		return true
	}
	a.Bind(num)
	a.MovRR(9, ZR)
	g.double(3, 0, 9, fail)
	g.double(4, 1, 9, fail)
	a.OpF(map[vm.Opcode]FOp{vm.OpAdd: FADD, vm.OpSub: FSUB, vm.OpMul: FMUL, vm.OpDiv: FDIV}[x.op], 0, 0, 1)
	a.FmovFromF(3, 0)
	store := a.NewLabel()
	if !x.canon {
		a.Cbz(9, store) // two floats: stored raw
	}
	a.Fcmp(0, 0)
	a.Bcond(VC, store) // ordered: not a NaN
	a.MovImm(3, canonNaN)
	a.Bind(store)
	g.str(3, x.a)
	a.Bind(done)
	return true
}

// intArith computes X3 op X4 on two inline ints into X3, boxed.
func (g *a64gen) intArith(x arithOp, fail Label) {
	a := &g.a
	g.unbox(3)
	g.unbox(4)
	switch x.op {
	case vm.OpAdd, vm.OpSub:
		op := ADD
		if x.op == vm.OpSub || miscompile == vm.OpAdd {
			op = SUB
		}
		a.OpRRR(op, 3, 3, 4)
		g.fits(3, 8, fail)
	case vm.OpMul:
		a.OpRRR(MUL, 5, 3, 4)
		a.OpRRR(SMULH, 6, 3, 4)
		a.Asr(7, 5, 63)
		a.CmpRR(6, 7) // the high half is the low half's sign: no overflow
		a.Bcond(NE, fail)
		g.fits(5, 8, fail)
		a.MovRR(3, 5)
	case vm.OpDiv, vm.OpMod:
		if !x.konst {
			a.Cbz(4, fail)
		}
		a.OpRRR(SDIV, 5, 3, 4)
		if x.op == vm.OpMod {
			a.Msub(3, 5, 4, 3) // x - q*y
		} else {
			a.MovRR(3, 5)
			if x.fitDiv {
				g.fits(3, 8, fail)
			}
		}
	}
	g.box(3)
}

// isNum branches to notNum unless r holds an inline int or a float.
func (g *a64gen) isNum(r Reg, notNum Label) {
	ok := g.a.NewLabel()
	g.a.CmpRR(r, aTag)
	g.a.Bcond(LO, ok)
	g.isInt(r, 8, notNum)
	g.a.Bind(ok)
}

// numEqual: see x86gen.numEqual.
func (g *a64gen) numEqual(x, y Reg, fail, eq, ne Label) {
	a := &g.a
	xNotNum, yNotNum := a.NewLabel(), a.NewLabel()
	g.isNum(x, xNotNum)
	g.isNum(y, yNotNum)
	g.double(x, 0, 9, fail)
	g.double(y, 1, 9, fail)
	a.Fcmp(0, 1)
	a.Bcond(EQ, eq) // false when unordered
	a.B(ne)
	a.Bind(xNotNum)
	g.isNum(y, fail)
	g.notObject(x, fail)
	a.B(ne)
	a.Bind(yNotNum)
	g.notObject(y, fail)
	a.B(ne)
}

// notObject branches to fail when r holds a heap object.
func (g *a64gen) notObject(r Reg, fail Label) {
	g.a.Lsr(8, r, 48)
	g.a.CmpRR(8, g.imm(7, objTag))
	g.a.Bcond(EQ, fail)
}

func (g *a64gen) compare(ins vm.Instr, fail Label) {
	a := &g.a
	op := ins.Op()
	done, num := a.NewLabel(), a.NewLabel()
	g.ldr(3, ins.B())
	if op == vm.OpEqK {
		op = vm.OpEq
		a.MovImm(4, uint64(g.p.Consts[ins.C()]))
	} else {
		g.ldr(4, ins.C())
	}
	g.isInt(3, 8, num)
	g.isInt(4, 8, num)
	a.Lsl(3, 3, 16)
	a.Lsl(4, 4, 16)
	a.CmpRR(3, 4)
	g.boolOf(map[vm.Opcode]Cond{vm.OpEq: EQ, vm.OpNe: NE, vm.OpLt: LT, vm.OpLe: LE}[op], ins.A())
	a.B(done)
	a.Bind(num)
	if op == vm.OpEq || op == vm.OpNe {
		eq, ne := a.NewLabel(), a.NewLabel()
		g.numEqual(3, 4, fail, eq, ne)
		a.Bind(eq)
		a.MovImm(3, map[bool]uint64{true: valTrue, false: valFalse}[op == vm.OpEq])
		g.str(3, ins.A())
		a.B(done)
		a.Bind(ne)
		a.MovImm(3, map[bool]uint64{true: valFalse, false: valTrue}[op == vm.OpEq])
		g.str(3, ins.A())
	} else {
		g.double(3, 0, 9, fail)
		g.double(4, 1, 9, fail)
		a.Fcmp(0, 1)
		// after FCMP: x < y is MI, x <= y is LS, both false when unordered
		c := MI
		if op == vm.OpLe {
			c = LS
		}
		g.boolOf(c, ins.A())
	}
	a.Bind(done)
}

func (g *a64gen) compareJump(pc int, ins vm.Instr, cj condJump) {
	a := &g.a
	target := g.pcs[pc+1+ins.SJ()]
	fail := g.step(pc)
	num := a.NewLabel()
	g.ldr(3, ins.A())
	if cj.imm {
		a.MovImm(4, uint64(vm.SmallInt(int64(ins.SB()))))
	} else if cj.konst {
		a.MovImm(4, uint64(g.p.Consts[ins.B()]))
	} else {
		g.ldr(4, ins.B())
	}
	g.isInt(3, 8, num)
	g.isInt(4, 8, num)
	a.Lsl(3, 3, 16)
	a.Lsl(4, 4, 16)
	a.CmpRR(3, 4)
	c := map[vm.Opcode]Cond{vm.OpLt: LT, vm.OpLe: LE, vm.OpEq: EQ}[cj.rel]
	if cj.swap {
		c = map[vm.Opcode]Cond{vm.OpLt: GT, vm.OpLe: GE}[cj.rel]
	}
	if cj.negate {
		c = c.Invert()
	}
	a.Bcond(c, target)
	a.B(g.pcs[pc+1])
	a.Bind(num)
	if cj.rel == vm.OpEq {
		if cj.negate {
			g.numEqual(3, 4, fail, g.pcs[pc+1], target)
		} else {
			g.numEqual(3, 4, fail, target, g.pcs[pc+1])
		}
		return
	}
	g.double(3, 0, 9, fail)
	g.double(4, 1, 9, fail)
	if cj.swap {
		a.Fcmp(1, 0)
	} else {
		a.Fcmp(0, 1)
	}
	fc := MI
	if cj.rel == vm.OpLe {
		fc = LS
	}
	if cj.negate {
		fc = fc.Invert() // PL, HI: taken when unordered
	}
	a.Bcond(fc, target)
}

func (g *a64gen) forPrep(pc int, ins vm.Instr, fail Label) {
	a := &g.a
	r := ins.A()
	g.ldr(3, r)
	g.ldr(4, r+1)
	g.ldr(5, r+2)
	g.isInt(3, 8, fail)
	g.isInt(4, 8, fail)
	g.isInt(5, 8, fail)
	a.MovRR(6, 3) // the start, boxed
	g.unbox(3)
	g.unbox(4)
	g.unbox(5)
	a.CmpRI(5, 0)
	a.Bcond(LE, fail) // a step <= 0 raises in Go
	target := g.pcs[pc+1+ins.SJ()]
	a.CmpRR(3, 4)
	a.Bcond(GT, target)
	if ins.B() != 1 {
		a.Bcond(EQ, target)
	}
	g.str(6, r+3)
}

func (g *a64gen) forLoop(pc int, ins vm.Instr, fail Label) {
	a := &g.a
	r := ins.A()
	g.ldr(3, r)
	g.ldr(4, r+1)
	g.ldr(7, r+2)
	g.isInt(3, 8, fail)
	g.isInt(4, 8, fail)
	g.isInt(7, 8, fail)
	g.budget(pc)
	g.unbox(3)
	g.unbox(4)
	g.unbox(7)
	a.OpRRR(ADD, 3, 3, 7)
	a.CmpRR(3, 4)
	again := a.NewLabel()
	a.Bcond(LT, again)
	if ins.B() == 1 {
		a.Bcond(EQ, again)
	}
	a.B(g.pcs[pc+1])
	a.Bind(again)
	g.box(3)
	g.str(3, r)
	g.str(3, r+3)
	target := pc + 1 + ins.SJ()
	if target <= pc {
		g.poll(target)
	}
	a.B(g.pcs[target])
}
