package arm64

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/arch/arm64/arm64asm"
)

// The golden tests encode each form over every register and decode the
// words with arm64asm; the decoder's text (ARM syntax, with the
// architecture's preferred aliases) must be exactly the instruction meant.

// x names register r as the decoder prints it where 31 is XZR.
func x(r Reg) string {
	if r == 31 {
		return "XZR"
	}
	return fmt.Sprintf("X%d", r)
}

// xs names register r where 31 is SP.
func xs(r Reg) string {
	if r == 31 {
		return "SP"
	}
	return fmt.Sprintf("X%d", r)
}

func decode1(t *testing.T, name string, code []byte) string {
	t.Helper()
	if len(code) != 4 {
		t.Fatalf("%s: %d bytes", name, len(code))
	}
	inst, err := arm64asm.Decode(code)
	if err != nil {
		t.Fatalf("%s: %08x does not decode: %v", name, binary.LittleEndian.Uint32(code), err)
	}
	return inst.String()
}

func check(t *testing.T, emit func(a *Asm), want string) {
	t.Helper()
	var a Asm
	emit(&a)
	if got := decode1(t, want, a.Finish()); got != want {
		t.Fatalf("%08x decodes as %q, want %q", binary.LittleEndian.Uint32(a.buf), got, want)
	}
}

func TestGoldenThreeRegs(t *testing.T) {
	names := map[Op3]string{ADD: "ADD", SUB: "SUB", ADDS: "ADDS", SUBS: "SUBS", AND: "AND", ORR: "ORR", EOR: "EOR",
		MUL: "MUL", SMULH: "SMULH", SDIV: "SDIV"}
	for d := Reg(0); d < 32; d++ {
		for n := Reg(0); n < 32; n++ {
			for m := Reg(0); m < 32; m++ {
				for op, name := range names {
					want := fmt.Sprintf("%s %s, %s, %s", name, x(d), x(n), x(m))
					switch {
					case d == ZR && op == SUBS:
						want = fmt.Sprintf("CMP %s, %s", x(n), x(m))
					case n == ZR && (op == SUB || op == SUBS):
						want = fmt.Sprintf("NEG%s %s, %s", strings.TrimPrefix(name, "SUB"), x(d), x(m))
					case d == ZR && op == SUBS:
						want = fmt.Sprintf("CMP %s, %s", x(n), x(m))
					case d == ZR && op == ADDS:
						want = fmt.Sprintf("CMN %s, %s", x(n), x(m))
					case d == ZR && op == AND:
						want = fmt.Sprintf("ANDS? %s", want) // not emitted: AND d=31 is XZR, a no-op
					case n == ZR && op == ORR:
						want = fmt.Sprintf("MOV %s, %s", x(d), x(m))
					}
					if strings.HasPrefix(want, "ANDS?") {
						continue
					}
					check(t, func(a *Asm) { a.OpRRR(op, d, n, m) }, want)
				}
				check(t, func(a *Asm) { a.Csel(d, n, m, NE) }, fmt.Sprintf("CSEL %s, %s, %s, NE", x(d), x(n), x(m)))
				if m != ZR {
					check(t, func(a *Asm) { a.Msub(d, n, m, Reg(7)) }, fmt.Sprintf("MSUB %s, %s, %s, X7", x(d), x(n), x(m)))
				}
			}
			check(t, func(a *Asm) { a.LoadIdx(d, n, Reg(5)) }, fmt.Sprintf("LDR %s, [%s,X5]", x(d), xs(n)))
			check(t, func(a *Asm) { a.StoreIdx(d, n, Reg(30)) }, fmt.Sprintf("STR %s, [%s,X30]", x(d), xs(n)))
		}
	}
}

func TestGoldenMovAndCmp(t *testing.T) {
	for d := Reg(0); d < 32; d++ {
		for m := Reg(0); m < 32; m++ {
			check(t, func(a *Asm) { a.MovRR(d, m) }, fmt.Sprintf("MOV %s, %s", x(d), x(m)))
			check(t, func(a *Asm) { a.CmpRR(d, m) }, fmt.Sprintf("CMP %s, %s", x(d), x(m)))
		}
		if d != SP {
			check(t, func(a *Asm) { a.MovFromSP(d) }, fmt.Sprintf("MOV %s, SP", x(d)))
		}
	}
}

func TestGoldenImmediates(t *testing.T) {
	names := map[OpI]string{ADDI: "ADD", SUBI: "SUB", ADDSI: "ADDS", SUBSI: "SUBS"}
	for d := Reg(0); d < 32; d++ {
		for n := Reg(0); n < 32; n++ {
			for _, imm := range []int{0, 1, 8, 4095, 4096, 0xFFF000} {
				for op, name := range names {
					dn := xs(d)
					if op == ADDSI || op == SUBSI {
						dn = x(d)
					}
					immText := fmt.Sprintf("#0x%x", imm)
					if imm >= 4096 {
						immText = fmt.Sprintf("#0x%x, LSL #12", imm>>12)
					}
					want := fmt.Sprintf("%s %s, %s, %s", name, dn, xs(n), immText)
					switch {
					case op == SUBSI && d == ZR:
						want = fmt.Sprintf("CMP %s, %s", xs(n), immText)
					case op == ADDSI && d == ZR:
						want = fmt.Sprintf("CMN %s, %s", xs(n), immText)
					case op == ADDI && imm == 0 && (d == SP || n == SP):
						want = fmt.Sprintf("MOV %s, %s", xs(d), xs(n))
					}
					check(t, func(a *Asm) { a.OpRI(op, d, n, imm) }, want)
				}
			}
		}
	}
	for _, bad := range []int{-1, 4097, 1 << 24} {
		if ImmOK(bad) {
			t.Fatalf("ImmOK(%d)", bad)
		}
	}
}

func TestGoldenBitfield(t *testing.T) {
	for d := Reg(0); d < 32; d++ {
		for n := Reg(0); n < 32; n++ {
			for _, s := range []uint32{1, 16, 47, 48, 63} {
				check(t, func(a *Asm) { a.Asr(d, n, s) }, fmt.Sprintf("ASR %s, %s, #%d", x(d), x(n), s))
				check(t, func(a *Asm) { a.Lsr(d, n, s) }, fmt.Sprintf("LSR %s, %s, #%d", x(d), x(n), s))
				check(t, func(a *Asm) { a.Lsl(d, n, s) }, fmt.Sprintf("LSL %s, %s, #%d", x(d), x(n), s))
			}
			check(t, func(a *Asm) { a.Sbfx(d, n, 0, 48) }, fmt.Sprintf("SBFX %s, %s, #0, #48", x(d), x(n)))
			check(t, func(a *Asm) { a.Sbfx(d, n, 8, 16) }, fmt.Sprintf("SBFX %s, %s, #8, #16", x(d), x(n)))
			check(t, func(a *Asm) { a.Ubfx(d, n, 0, 48) }, fmt.Sprintf("UBFX %s, %s, #0, #48", x(d), x(n)))
			check(t, func(a *Asm) { a.Ubfx(d, n, 48, 16) }, fmt.Sprintf("LSR %s, %s, #48", x(d), x(n)))
		}
	}
}

func TestGoldenLoadStore(t *testing.T) {
	for r := Reg(0); r < 32; r++ {
		for n := Reg(0); n < 32; n++ {
			for _, disp := range []int{0, 8, 16, 32760, -8, -256, 255, 12} {
				if !MemOK(disp) {
					t.Fatalf("MemOK(%d)", disp)
				}
				addr := fmt.Sprintf("[%s,#%d]", xs(n), disp)
				if disp == 0 {
					addr = fmt.Sprintf("[%s]", xs(n))
				}
				ld, st := "LDR", "STR"
				if disp < 0 || disp%8 != 0 {
					ld, st = "LDUR", "STUR"
				}
				check(t, func(a *Asm) { a.Load(r, n, disp) }, fmt.Sprintf("%s %s, %s", ld, x(r), addr))
				check(t, func(a *Asm) { a.Store(r, n, disp) }, fmt.Sprintf("%s %s, %s", st, x(r), addr))
			}
		}
	}
	for _, bad := range []int{-264, 32768, 257} {
		if MemOK(bad) {
			t.Fatalf("MemOK(%d)", bad)
		}
	}
}

func TestGoldenFloat(t *testing.T) {
	names := map[FOp]string{FADD: "FADD", FSUB: "FSUB", FMUL: "FMUL", FDIV: "FDIV"}
	for d := FReg(0); d < 32; d++ {
		for n := FReg(0); n < 32; n++ {
			for op, name := range names {
				check(t, func(a *Asm) { a.OpF(op, d, n, 3) }, fmt.Sprintf("%s D%d, D%d, D3", name, d, n))
				check(t, func(a *Asm) { a.OpF(op, 30, d, n) }, fmt.Sprintf("%s D30, D%d, D%d", name, d, n))
			}
			check(t, func(a *Asm) { a.Fcmp(d, n) }, fmt.Sprintf("FCMP D%d, D%d", d, n))
		}
		for r := Reg(0); r < 32; r++ {
			check(t, func(a *Asm) { a.FmovToF(d, r) }, fmt.Sprintf("FMOV D%d, %s", d, x(r)))
			check(t, func(a *Asm) { a.FmovFromF(r, d) }, fmt.Sprintf("FMOV %s, D%d", x(r), d))
			check(t, func(a *Asm) { a.Scvtf(d, r) }, fmt.Sprintf("SCVTF D%d, %s", d, x(r)))
			if d == 0 {
				check(t, func(a *Asm) { a.Br(r) }, fmt.Sprintf("BR %s", x(r)))
			}
		}
	}
	check(t, func(a *Asm) { a.Ret() }, "RET X30")
	check(t, func(a *Asm) { a.Brk() }, "BRK #0x0")
}

// TestMovImm: the MOVZ/MOVN/MOVK sequence, decoded and simulated, builds
// exactly the value asked for, in as few instructions as its halfwords
// allow.
func TestMovImm(t *testing.T) {
	vals := []uint64{0, 1, 0xFFFF, 0x10000, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFF0000, 0xFFF9000000000000,
		0xFFFA000000000003, 0x7FF8000000000000, 0x123456789ABCDEF0, 0xFFFF1234FFFF5678, 0x0000800000000000}
	for r := Reg(0); r < 31; r++ {
		for _, v := range vals {
			var a Asm
			a.MovImm(r, v)
			code := a.Finish()
			if len(code) > 16 || len(code) == 0 {
				t.Fatalf("%#x: %d instructions", v, len(code)/4)
			}
			var got uint64
			for i := 0; i < len(code); i += 4 {
				inst, err := arm64asm.Decode(code[i : i+4])
				if err != nil {
					t.Fatalf("%#x: %v", v, err)
				}
				got = simulateMov(t, inst, r, got)
			}
			if got != v {
				t.Fatalf("X%d = %#x: sequence builds %#x", r, v, got)
			}
		}
	}
}

// simulateMov applies one decoded MOV (MOVZ/MOVN alias) or MOVK to x.
func simulateMov(t *testing.T, inst arm64asm.Inst, r Reg, cur uint64) uint64 {
	t.Helper()
	text := inst.String()
	prefix := fmt.Sprintf(" %s, #", x(r))
	switch {
	case strings.HasPrefix(text, "MOV"+prefix):
		s := strings.TrimPrefix(text, "MOV"+prefix)
		v, err := strconv.ParseInt(s, 0, 64)
		if err != nil {
			u, err2 := strconv.ParseUint(s, 0, 64)
			if err2 != nil {
				t.Fatalf("%q: %v", text, err)
			}
			return u
		}
		return uint64(v)
	case strings.HasPrefix(text, "MOVK"+prefix):
		var imm, sh uint64
		rest := strings.TrimPrefix(text, "MOVK"+prefix)
		if _, err := fmt.Sscanf(rest, "0x%x, LSL #%d", &imm, &sh); err != nil {
			if _, err := fmt.Sscanf(rest, "0x%x", &imm); err != nil {
				t.Fatalf("%q: %v", text, err)
			}
		}
		return cur&^(0xFFFF<<sh) | imm<<sh
	}
	t.Fatalf("unexpected %q", text)
	return 0
}

// TestBranches: each branch form lands on its label, forwards and back.
func TestBranches(t *testing.T) {
	var a Asm
	back, fwd := a.NewLabel(), a.NewLabel()
	a.Bind(back)
	a.Ret()
	type br struct {
		at   int
		want string
		to   Label
	}
	var brs []br
	add := func(want string, to Label, emit func()) {
		brs = append(brs, br{a.Len(), want, to})
		emit()
	}
	for c := EQ; c <= LE; c++ {
		c := c
		name := []string{"EQ", "NE", "CS", "CC", "MI", "PL", "VS", "VC", "HI", "LS", "GE", "LT", "GT", "LE"}[c]
		add("B."+name, back, func() { a.Bcond(c, back) })
		add("B."+name, fwd, func() { a.Bcond(c, fwd) })
		if c.Invert().Invert() != c || c.Invert() == c {
			t.Fatal("Invert")
		}
	}
	for r := Reg(0); r < 32; r++ {
		r := r
		add("CBZ "+x(r), fwd, func() { a.Cbz(r, fwd) })
		add("CBNZ "+x(r), back, func() { a.Cbnz(r, back) })
	}
	add("B", back, func() { a.B(back) })
	add("B", fwd, func() { a.B(fwd) })
	a.Bind(fwd)
	code := a.Finish()
	for _, b := range brs {
		inst, err := arm64asm.Decode(code[b.at : b.at+4])
		if err != nil {
			t.Fatal(err)
		}
		var args []string
		var rel int64
		found := false
		for _, arg := range inst.Args {
			if arg == nil {
				break
			}
			if r, ok := arg.(arm64asm.PCRel); ok {
				rel, found = int64(r), true
				continue
			}
			args = append(args, arg.String())
		}
		text := inst.Op.String()
		if inst.Op.String() == "B" && len(args) == 1 {
			text = "B." + args[0] // B.cond: the decoder lists the condition as an argument
		} else if len(args) > 0 {
			text += " " + strings.Join(args, ", ")
		}
		if text != b.want || !found || b.at+int(rel) != a.Offset(b.to) {
			t.Fatalf("branch at %d decodes as %q to %d, want %q to %d", b.at, inst, b.at+int(rel), b.want, a.Offset(b.to))
		}
	}
}
