package amd64

import (
	"fmt"
	"reflect"
	"testing"

	"golang.org/x/arch/x86/x86asm"
)

// The golden tests encode each form over every register (and, for memory
// operands, every base, every index and displacements of each size), then
// decode the bytes with x86asm and require the decoder to see exactly the
// instruction meant, consuming exactly the bytes emitted.

var allRegs = []Reg{RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15}

func xr(r Reg) x86asm.Reg   { return x86asm.RAX + x86asm.Reg(r) }
func xr32(r Reg) x86asm.Reg { return x86asm.EAX + x86asm.Reg(r) }
func xx(r XReg) x86asm.Reg  { return x86asm.X0 + x86asm.Reg(r) }
func xm(m Mem) x86asm.Mem {
	out := x86asm.Mem{Base: xr(m.Base), Disp: int64(m.Disp)}
	if m.HasIndex {
		out.Index, out.Scale = xr(m.Index), m.Scale
	} else if m.Base&7 == RSP {
		out.Scale = 1 // the decoder reports the SIB byte's scale
	}
	return out
}

// mems is every memory operand shape worth testing: each base with
// displacements 0, disp8 and disp32 (negative too), and each index with
// each scale.
func mems() []Mem {
	var out []Mem
	for _, b := range allRegs {
		for _, d := range []int32{0, 8, -8, 127, 128, -129, 0x12345} {
			out = append(out, M(b, d))
		}
		for _, i := range allRegs {
			if i == RSP {
				continue
			}
			for _, s := range []uint8{1, 8} {
				out = append(out, MI(b, i, s, 24))
			}
			out = append(out, MI(b, i, 2, 0), MI(b, i, 4, -300))
		}
	}
	return out
}

type golden struct {
	name string
	emit func(a *Asm)
	op   x86asm.Op
	args []x86asm.Arg
}

func check(t *testing.T, g golden) {
	t.Helper()
	var a Asm
	g.emit(&a)
	code := a.Finish()
	inst, err := x86asm.Decode(code, 64)
	if err != nil {
		t.Fatalf("%s: % x does not decode: %v", g.name, code, err)
	}
	if inst.Len != len(code) {
		t.Fatalf("%s: % x decodes as %d bytes (%v), emitted %d", g.name, code, inst.Len, inst, len(code))
	}
	var got []x86asm.Arg
	for _, arg := range inst.Args {
		if arg != nil {
			got = append(got, arg)
		}
	}
	if inst.Op != g.op || !reflect.DeepEqual(got, g.args) {
		t.Fatalf("%s: % x decodes as %v %v, want %v %v", g.name, code, inst.Op, got, g.op, g.args)
	}
}

func TestGoldenRegReg(t *testing.T) {
	alu := map[ALU]x86asm.Op{ADD: x86asm.ADD, OR: x86asm.OR, AND: x86asm.AND, SUB: x86asm.SUB, XOR: x86asm.XOR, CMP: x86asm.CMP}
	n := 0
	for _, d := range allRegs {
		for _, s := range allRegs {
			d, s := d, s
			check(t, golden{"mov", func(a *Asm) { a.MovRR(d, s) }, x86asm.MOV, []x86asm.Arg{xr(d), xr(s)}})
			for op, xop := range alu {
				check(t, golden{fmt.Sprint("alu", op), func(a *Asm) { a.OpRR(op, d, s) }, xop, []x86asm.Arg{xr(d), xr(s)}})
			}
			check(t, golden{"test", func(a *Asm) { a.TestRR(d, s) }, x86asm.TEST, []x86asm.Arg{xr(d), xr(s)}})
			check(t, golden{"imul", func(a *Asm) { a.Imul(d, s) }, x86asm.IMUL, []x86asm.Arg{xr(d), xr(s)}})
			check(t, golden{"movsxd", func(a *Asm) { a.Movsxd(d, s) }, x86asm.MOVSXD, []x86asm.Arg{xr(d), xr32(s)}})
			for c, op := range map[Cond]x86asm.Op{CondE: x86asm.CMOVE, CondNE: x86asm.CMOVNE, CondL: x86asm.CMOVL,
				CondLE: x86asm.CMOVLE, CondG: x86asm.CMOVG, CondGE: x86asm.CMOVGE, CondA: x86asm.CMOVA,
				CondB: x86asm.CMOVB, CondAE: x86asm.CMOVAE, CondBE: x86asm.CMOVBE, CondP: x86asm.CMOVP,
				CondNP: x86asm.CMOVNP, CondO: x86asm.CMOVO, CondNO: x86asm.CMOVNO, CondS: x86asm.CMOVS, CondNS: x86asm.CMOVNS} {
				check(t, golden{"cmov", func(a *Asm) { a.Cmov(c, d, s) }, op, []x86asm.Arg{xr(d), xr(s)}})
			}
			n++
		}
	}
	if n != 256 {
		t.Fatalf("%d register pairs", n)
	}
}

func TestGoldenOneReg(t *testing.T) {
	for _, r := range allRegs {
		r := r
		check(t, golden{"idiv", func(a *Asm) { a.Idiv(r) }, x86asm.IDIV, []x86asm.Arg{xr(r)}})
		check(t, golden{"neg", func(a *Asm) { a.Neg(r) }, x86asm.NEG, []x86asm.Arg{xr(r)}})
		check(t, golden{"jmp reg", func(a *Asm) { a.JmpReg(r) }, x86asm.JMP, []x86asm.Arg{xr(r)}})
		for sh, op := range map[Shift]x86asm.Op{SHL: x86asm.SHL, SHR: x86asm.SHR, SAR: x86asm.SAR} {
			for _, n := range []uint8{1, 16, 48, 63} {
				check(t, golden{"shift", func(a *Asm) { a.ShiftRI(sh, r, n) }, op, []x86asm.Arg{xr(r), x86asm.Imm(n)}})
			}
		}
		for _, imm := range []int32{0, 1, -1, 127, -128, 128, -129, 0xFFF9, -0x7FFFFFFF} {
			for op, xop := range map[ALU]x86asm.Op{ADD: x86asm.ADD, SUB: x86asm.SUB, CMP: x86asm.CMP, AND: x86asm.AND} {
				check(t, golden{"alu imm", func(a *Asm) { a.OpRI(op, r, imm) }, xop, []x86asm.Arg{xr(r), x86asm.Imm(imm)}})
			}
		}
		// mov imm: zero-extended imm32 (decoded as a 32-bit mov),
		// sign-extended imm32, and movabs
		for _, imm := range []uint64{0, 1, 0xFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFF80000000, 0xFFF9000000000000, 0x7FF8000000000001} {
			want := []x86asm.Arg{xr(r), x86asm.Imm(int64(imm))}
			if imm <= 0xFFFFFFFF {
				want = []x86asm.Arg{xr32(r), x86asm.Imm(int64(int32(uint32(imm))))}
			}
			check(t, golden{fmt.Sprintf("movimm %#x", imm), func(a *Asm) { a.MovImm(r, imm) }, x86asm.MOV, want})
		}
	}
	check(t, golden{"cqo", func(a *Asm) { a.Cqo() }, x86asm.CQO, nil})
	check(t, golden{"ret", func(a *Asm) { a.Ret() }, x86asm.RET, nil})
	check(t, golden{"int3", func(a *Asm) { a.Int3() }, x86asm.INT, []x86asm.Arg{x86asm.Imm(3)}})
}

func TestGoldenMemory(t *testing.T) {
	ms := mems()
	for _, m := range ms {
		for _, r := range allRegs {
			m, r := m, r
			check(t, golden{"load", func(a *Asm) { a.Load(r, m) }, x86asm.MOV, []x86asm.Arg{xr(r), xm(m)}})
			check(t, golden{"store", func(a *Asm) { a.Store(m, r) }, x86asm.MOV, []x86asm.Arg{xm(m), xr(r)}})
			check(t, golden{"lea", func(a *Asm) { a.Lea(r, m) }, x86asm.LEA, []x86asm.Arg{xr(r), xm(m)}})
			check(t, golden{"cmp rm", func(a *Asm) { a.OpRM(CMP, r, m) }, x86asm.CMP, []x86asm.Arg{xr(r), xm(m)}})
			check(t, golden{"add rm", func(a *Asm) { a.OpRM(ADD, r, m) }, x86asm.ADD, []x86asm.Arg{xr(r), xm(m)}})
		}
		for _, imm := range []int32{1, -1, 1000, -70000} {
			check(t, golden{"storeimm", func(a *Asm) { a.StoreImm(m, imm) }, x86asm.MOV, []x86asm.Arg{xm(m), x86asm.Imm(imm)}})
			check(t, golden{"sub mi", func(a *Asm) { a.OpMI(SUB, m, imm) }, x86asm.SUB, []x86asm.Arg{xm(m), x86asm.Imm(imm)}})
			check(t, golden{"cmp mi", func(a *Asm) { a.OpMI(CMP, m, imm) }, x86asm.CMP, []x86asm.Arg{xm(m), x86asm.Imm(imm)}})
		}
	}
	if len(ms) < 16*7+16*15*4 {
		t.Fatalf("only %d memory operands", len(ms))
	}
}

func TestIndexRSPRefused(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("RSP as an index was encoded")
		}
	}()
	var a Asm
	a.Load(RAX, MI(RBX, RSP, 8, 0))
}

func TestGoldenSSE(t *testing.T) {
	ops := map[SSE]x86asm.Op{ADDSD: x86asm.ADDSD, SUBSD: x86asm.SUBSD, MULSD: x86asm.MULSD, DIVSD: x86asm.DIVSD}
	for d := XReg(0); d < 16; d++ {
		for s := XReg(0); s < 16; s++ {
			d, s := d, s
			for op, xop := range ops {
				check(t, golden{"sd", func(a *Asm) { a.OpSD(op, d, s) }, xop, []x86asm.Arg{xx(d), xx(s)}})
			}
			check(t, golden{"ucomisd", func(a *Asm) { a.Ucomisd(d, s) }, x86asm.UCOMISD, []x86asm.Arg{xx(d), xx(s)}})
		}
		for _, r := range allRegs {
			r := r
			check(t, golden{"movq x,r", func(a *Asm) { a.MovqXR(d, r) }, x86asm.MOVQ, []x86asm.Arg{xx(d), xr(r)}})
			check(t, golden{"movq r,x", func(a *Asm) { a.MovqRX(r, d) }, x86asm.MOVQ, []x86asm.Arg{xr(r), xx(d)}})
			check(t, golden{"cvtsi2sd", func(a *Asm) { a.Cvtsi2sd(d, r) }, x86asm.CVTSI2SD, []x86asm.Arg{xx(d), xr(r)}})
		}
	}
}

// TestJumps: forward and backward jumps to labels land where the labels
// were bound, for every condition.
func TestJumps(t *testing.T) {
	conds := map[Cond]x86asm.Op{CondO: x86asm.JO, CondNO: x86asm.JNO, CondB: x86asm.JB, CondAE: x86asm.JAE,
		CondE: x86asm.JE, CondNE: x86asm.JNE, CondBE: x86asm.JBE, CondA: x86asm.JA, CondS: x86asm.JS,
		CondNS: x86asm.JNS, CondP: x86asm.JP, CondNP: x86asm.JNP, CondL: x86asm.JL, CondGE: x86asm.JGE,
		CondLE: x86asm.JLE, CondG: x86asm.JG}
	for c, op := range conds {
		var a Asm
		back, fwd := a.NewLabel(), a.NewLabel()
		a.Bind(back)
		a.Ret()
		jb := a.Len()
		a.Jcc(c, back)
		jf := a.Len()
		a.Jcc(c, fwd)
		a.Jmp(back)
		a.Ret()
		a.Bind(fwd)
		code := a.Finish()
		for _, j := range []struct {
			at, to int
			op     x86asm.Op
		}{{jb, a.Offset(back), op}, {jf, a.Offset(fwd), op}, {jf + 6, a.Offset(back), x86asm.JMP}} {
			inst, err := x86asm.Decode(code[j.at:], 64)
			if err != nil || inst.Op != j.op {
				t.Fatalf("cond %x: at %d: %v %v", c, j.at, inst, err)
			}
			if got := j.at + inst.Len + int(inst.Args[0].(x86asm.Rel)); got != j.to {
				t.Fatalf("cond %x: jump at %d lands at %d, want %d", c, j.at, got, j.to)
			}
		}
		if c.Invert().Invert() != c || c.Invert() == c {
			t.Fatalf("Invert(%x) = %x", c, c.Invert())
		}
	}
}
