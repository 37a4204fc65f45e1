package amd64

import (
	"encoding/binary"
	"fmt"
	"math"
)

// Reg is a general-purpose register, numbered as the hardware numbers it.
type Reg uint8

const (
	RAX Reg = iota
	RCX
	RDX
	RBX
	RSP
	RBP
	RSI
	RDI
	R8
	R9
	R10
	R11
	R12
	R13
	R14
	R15
)

// XReg is an SSE register X0..X15.
type XReg uint8

// Cond is a condition code (the low nibble of Jcc, SETcc and CMOVcc).
type Cond uint8

const (
	CondO  Cond = 0x0 // overflow
	CondNO Cond = 0x1
	CondB  Cond = 0x2 // unsigned <, carry
	CondAE Cond = 0x3 // unsigned >=
	CondE  Cond = 0x4
	CondNE Cond = 0x5
	CondBE Cond = 0x6 // unsigned <=
	CondA  Cond = 0x7 // unsigned >
	CondS  Cond = 0x8
	CondNS Cond = 0x9
	CondP  Cond = 0xA // parity (unordered after UCOMISD)
	CondNP Cond = 0xB
	CondL  Cond = 0xC // signed <
	CondGE Cond = 0xD
	CondLE Cond = 0xE
	CondG  Cond = 0xF
)

// Invert returns the opposite condition.
func (c Cond) Invert() Cond { return c ^ 1 }

// Mem is a memory operand [Base + Index*Scale + Disp]. Index is used only
// when HasIndex is set; Scale is 1, 2, 4 or 8.
type Mem struct {
	Base     Reg
	Index    Reg
	Scale    uint8
	HasIndex bool
	Disp     int32
}

// M is the memory operand [base + disp].
func M(base Reg, disp int32) Mem { return Mem{Base: base, Disp: disp} }

// MI is the memory operand [base + index*scale + disp].
func MI(base, index Reg, scale uint8, disp int32) Mem {
	return Mem{Base: base, Index: index, Scale: scale, HasIndex: true, Disp: disp}
}

// Label is a position in the code, bound once, referenced by jumps.
type Label int

// Asm accumulates machine code. Errors (an unbound label, RSP as an index)
// are programming errors in the caller and panic.
type Asm struct {
	buf    []byte
	labels []int // offset of each label, -1 while unbound
	fixups []fixup
}

type fixup struct {
	at    int // offset of the rel32 field
	label Label
}

// Len returns the number of bytes emitted so far.
func (a *Asm) Len() int { return len(a.buf) }

// NewLabel returns a fresh unbound label.
func (a *Asm) NewLabel() Label {
	a.labels = append(a.labels, -1)
	return Label(len(a.labels) - 1)
}

// Bind binds l to the current position.
func (a *Asm) Bind(l Label) {
	if a.labels[l] >= 0 {
		panic(fmt.Sprintf("amd64: label %d bound twice", l))
	}
	a.labels[l] = len(a.buf)
}

// Offset returns the position a bound label was bound to.
func (a *Asm) Offset(l Label) int { return a.labels[l] }

// Finish patches every jump and returns the code.
func (a *Asm) Finish() []byte {
	for _, f := range a.fixups {
		to := a.labels[f.label]
		if to < 0 {
			panic(fmt.Sprintf("amd64: label %d never bound", f.label))
		}
		binary.LittleEndian.PutUint32(a.buf[f.at:], uint32(int32(to-(f.at+4))))
	}
	a.fixups = a.fixups[:0]
	return a.buf
}

func (a *Asm) byte1(b ...byte) { a.buf = append(a.buf, b...) }

func (a *Asm) imm32(v int32) { a.buf = binary.LittleEndian.AppendUint32(a.buf, uint32(v)) }

// rex emits a REX prefix when any bit is set (or force is true).
func (a *Asm) rex(w bool, r, x, b byte, force bool) {
	v := byte(0x40)
	if w {
		v |= 8
	}
	v |= (r >> 3 & 1) << 2
	v |= (x >> 3 & 1) << 1
	v |= b >> 3 & 1
	if v != 0x40 || force {
		a.byte1(v)
	}
}

// rr emits [prefix] REX opcode ModRM for a register-direct operand pair:
// reg goes in ModRM.reg, rm in ModRM.rm.
func (a *Asm) rr(w bool, prefix byte, op []byte, reg, rm byte) {
	if prefix != 0 {
		a.byte1(prefix)
	}
	a.rex(w, reg, 0, rm, false)
	a.byte1(op...)
	a.byte1(0xC0 | (reg&7)<<3 | rm&7)
}

// rm emits [prefix] REX opcode ModRM [SIB] [disp] for a memory operand.
func (a *Asm) rm(w bool, prefix byte, op []byte, reg byte, m Mem) {
	if prefix != 0 {
		a.byte1(prefix)
	}
	var x byte
	if m.HasIndex {
		if m.Index == RSP {
			panic("amd64: RSP cannot be an index register")
		}
		x = byte(m.Index)
	}
	a.rex(w, reg, x, byte(m.Base), false)
	a.byte1(op...)
	var mod byte
	switch {
	case m.Disp == 0 && m.Base&7 != RBP&7: // [rbp]/[r13] need a disp8 of 0
		mod = 0
	case m.Disp >= math.MinInt8 && m.Disp <= math.MaxInt8:
		mod = 1
	default:
		mod = 2
	}
	if m.HasIndex || m.Base&7 == RSP&7 { // [rsp]/[r12] need a SIB byte
		a.byte1(mod<<6 | (reg&7)<<3 | 4)
		idx := byte(4) // none
		if m.HasIndex {
			idx = byte(m.Index) & 7
		}
		a.byte1(scaleBits(m.Scale, m.HasIndex)<<6 | idx<<3 | byte(m.Base)&7)
	} else {
		a.byte1(mod<<6 | (reg&7)<<3 | byte(m.Base)&7)
	}
	switch mod {
	case 1:
		a.byte1(byte(int8(m.Disp)))
	case 2:
		a.imm32(m.Disp)
	}
}

func scaleBits(s uint8, has bool) byte {
	if !has {
		return 0
	}
	switch s {
	case 1:
		return 0
	case 2:
		return 1
	case 4:
		return 2
	case 8:
		return 3
	}
	panic(fmt.Sprintf("amd64: bad scale %d", s))
}

// MovRR: dst = src (64-bit).
func (a *Asm) MovRR(dst, src Reg) { a.rr(true, 0, []byte{0x89}, byte(src), byte(dst)) }

// Load: dst = [m] (64-bit).
func (a *Asm) Load(dst Reg, m Mem) { a.rm(true, 0, []byte{0x8B}, byte(dst), m) }

// Store: [m] = src (64-bit).
func (a *Asm) Store(m Mem, src Reg) { a.rm(true, 0, []byte{0x89}, byte(src), m) }

// StoreImm: [m] = imm sign-extended to 64 bits.
func (a *Asm) StoreImm(m Mem, imm int32) {
	a.rm(true, 0, []byte{0xC7}, 0, m)
	a.imm32(imm)
}

// Lea: dst = address of m.
func (a *Asm) Lea(dst Reg, m Mem) { a.rm(true, 0, []byte{0x8D}, byte(dst), m) }

// MovImm: dst = imm, in the shortest form (mov r32, imm32 zero-extends;
// REX.W C7 sign-extends an imm32; otherwise a 10-byte movabs).
func (a *Asm) MovImm(dst Reg, imm uint64) {
	switch {
	case imm <= math.MaxUint32:
		a.rex(false, 0, 0, byte(dst), false)
		a.byte1(0xB8 + byte(dst)&7)
		a.imm32(int32(uint32(imm)))
	case int64(imm) >= math.MinInt32 && int64(imm) <= math.MaxInt32:
		a.rr(true, 0, []byte{0xC7}, 0, byte(dst))
		a.imm32(int32(imm))
	default:
		a.rex(true, 0, 0, byte(dst), false)
		a.byte1(0xB8 + byte(dst)&7)
		a.buf = binary.LittleEndian.AppendUint64(a.buf, imm)
	}
}

// ALU is a two-operand arithmetic/logic operation (its /digit is the
// value; the register-form opcode is 8*digit+1).
type ALU byte

const (
	ADD ALU = 0
	OR  ALU = 1
	AND ALU = 4
	SUB ALU = 5
	XOR ALU = 6
	CMP ALU = 7
)

// OpRR: dst op= src (64-bit).
func (a *Asm) OpRR(op ALU, dst, src Reg) {
	a.rr(true, 0, []byte{byte(op)<<3 | 1}, byte(src), byte(dst))
}

// OpRM: dst op= [m] (64-bit).
func (a *Asm) OpRM(op ALU, dst Reg, m Mem) { a.rm(true, 0, []byte{byte(op)<<3 | 3}, byte(dst), m) }

// OpRI: dst op= imm (sign-extended; imm8 form when it fits).
func (a *Asm) OpRI(op ALU, dst Reg, imm int32) {
	if imm >= math.MinInt8 && imm <= math.MaxInt8 {
		a.rr(true, 0, []byte{0x83}, byte(op), byte(dst))
		a.byte1(byte(int8(imm)))
		return
	}
	a.rr(true, 0, []byte{0x81}, byte(op), byte(dst))
	a.imm32(imm)
}

// OpMI: [m] op= imm (64-bit, sign-extended immediate).
func (a *Asm) OpMI(op ALU, m Mem, imm int32) {
	if imm >= math.MinInt8 && imm <= math.MaxInt8 {
		a.rm(true, 0, []byte{0x83}, byte(op), m)
		a.byte1(byte(int8(imm)))
		return
	}
	a.rm(true, 0, []byte{0x81}, byte(op), m)
	a.imm32(imm)
}

// TestRR sets flags from dst & src.
func (a *Asm) TestRR(dst, src Reg) { a.rr(true, 0, []byte{0x85}, byte(src), byte(dst)) }

// Imul: dst *= src (signed, 64-bit; OF set when the product overflows).
func (a *Asm) Imul(dst, src Reg) { a.rr(true, 0, []byte{0x0F, 0xAF}, byte(dst), byte(src)) }

// Cqo sign-extends RAX into RDX:RAX.
func (a *Asm) Cqo() { a.byte1(0x48, 0x99) }

// Idiv: RAX, RDX = RDX:RAX / src, RDX:RAX % src (signed).
func (a *Asm) Idiv(src Reg) { a.rr(true, 0, []byte{0xF7}, 7, byte(src)) }

// Neg: dst = -dst.
func (a *Asm) Neg(dst Reg) { a.rr(true, 0, []byte{0xF7}, 3, byte(dst)) }

// Shift is a shift's /digit.
type Shift byte

const (
	SHL Shift = 4
	SHR Shift = 5
	SAR Shift = 7
)

// ShiftRI: dst = dst shift n (64-bit).
func (a *Asm) ShiftRI(op Shift, dst Reg, n uint8) {
	a.rr(true, 0, []byte{0xC1}, byte(op), byte(dst))
	a.byte1(n)
}

// Movsxd: dst = sign-extension of the low 32 bits of src.
func (a *Asm) Movsxd(dst, src Reg) { a.rr(true, 0, []byte{0x63}, byte(dst), byte(src)) }

// Cmov: if cond { dst = src } (64-bit).
func (a *Asm) Cmov(c Cond, dst, src Reg) {
	a.rr(true, 0, []byte{0x0F, 0x40 | byte(c)}, byte(dst), byte(src))
}

// Jcc jumps to l when c holds (rel32).
func (a *Asm) Jcc(c Cond, l Label) {
	a.byte1(0x0F, 0x80|byte(c))
	a.fixups = append(a.fixups, fixup{len(a.buf), l})
	a.imm32(0)
}

// Jmp jumps to l (rel32).
func (a *Asm) Jmp(l Label) {
	a.byte1(0xE9)
	a.fixups = append(a.fixups, fixup{len(a.buf), l})
	a.imm32(0)
}

// JmpReg jumps to the address in r.
func (a *Asm) JmpReg(r Reg) { a.rr(false, 0, []byte{0xFF}, 4, byte(r)) }

// Ret returns to the caller.
func (a *Asm) Ret() { a.byte1(0xC3) }

// Int3 is a breakpoint (fills unreachable space).
func (a *Asm) Int3() { a.byte1(0xCC) }

// MovqXR: x = the 64 bits of r.
func (a *Asm) MovqXR(x XReg, r Reg) { a.rr(true, 0x66, []byte{0x0F, 0x6E}, byte(x), byte(r)) }

// MovqRX: r = the 64 bits of x.
func (a *Asm) MovqRX(r Reg, x XReg) { a.rr(true, 0x66, []byte{0x0F, 0x7E}, byte(x), byte(r)) }

// SSE is a scalar-double operation (the second opcode byte after F2 0F).
type SSE byte

const (
	ADDSD SSE = 0x58
	MULSD SSE = 0x59
	SUBSD SSE = 0x5C
	DIVSD SSE = 0x5E
)

// OpSD: dst = dst op src (scalar double).
func (a *Asm) OpSD(op SSE, dst, src XReg) {
	a.rr(false, 0xF2, []byte{0x0F, byte(op)}, byte(dst), byte(src))
}

// Ucomisd compares dst with src (unordered: ZF=PF=CF=1).
func (a *Asm) Ucomisd(dst, src XReg) { a.rr(false, 0x66, []byte{0x0F, 0x2E}, byte(dst), byte(src)) }

// Cvtsi2sd: x = float64(r) (r a signed 64-bit int).
func (a *Asm) Cvtsi2sd(x XReg, r Reg) { a.rr(true, 0xF2, []byte{0x0F, 0x2A}, byte(x), byte(r)) }
