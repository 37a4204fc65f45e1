package arm64

import (
	"encoding/binary"
	"fmt"
)

// Reg is X0..X30, or 31 (ZR or SP, depending on the form).
type Reg uint8

// Register 31, by its two meanings.
const (
	ZR Reg = 31
	SP Reg = 31
)

// FReg is a floating-point register D0..D31.
type FReg uint8

// Cond is a condition code.
type Cond uint8

const (
	EQ Cond = iota
	NE
	HS // unsigned >=, carry set
	LO // unsigned <
	MI
	PL
	VS // overflow
	VC
	HI // unsigned >
	LS // unsigned <=
	GE
	LT
	GT
	LE
)

// Invert returns the opposite condition.
func (c Cond) Invert() Cond { return c ^ 1 }

// Label is a position in the code, bound once, referenced by branches.
type Label int

type fixup struct {
	at    int // offset of the instruction to patch
	label Label
	kind  uint8 // 26: B; 19: B.cond, CBZ, CBNZ
}

// Asm accumulates machine code. Misuse (an immediate out of range, an
// unbound label) is a programming error in the caller and panics.
type Asm struct {
	buf    []byte
	labels []int
	fixups []fixup
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
		panic(fmt.Sprintf("arm64: label %d bound twice", l))
	}
	a.labels[l] = len(a.buf)
}

// Offset returns the position a bound label was bound to.
func (a *Asm) Offset(l Label) int { return a.labels[l] }

// Finish patches every branch and returns the code.
func (a *Asm) Finish() []byte {
	for _, f := range a.fixups {
		to := a.labels[f.label]
		if to < 0 {
			panic(fmt.Sprintf("arm64: label %d never bound", f.label))
		}
		d := (to - f.at) / 4
		w := binary.LittleEndian.Uint32(a.buf[f.at:])
		if f.kind == 26 {
			if d < -1<<25 || d >= 1<<25 {
				panic("arm64: branch out of range")
			}
			w |= uint32(d) & (1<<26 - 1)
		} else {
			if d < -1<<18 || d >= 1<<18 {
				panic("arm64: conditional branch out of range")
			}
			w |= (uint32(d) & (1<<19 - 1)) << 5
		}
		binary.LittleEndian.PutUint32(a.buf[f.at:], w)
	}
	a.fixups = a.fixups[:0]
	return a.buf
}

// Word emits one raw instruction word.
func (a *Asm) Word(w uint32) { a.buf = binary.LittleEndian.AppendUint32(a.buf, w) }

func rd(r Reg) uint32    { return uint32(r) & 31 }
func rn(r Reg) uint32    { return (uint32(r) & 31) << 5 }
func rm(r Reg) uint32    { return (uint32(r) & 31) << 16 }
func fd(r FReg) uint32   { return uint32(r) & 31 }
func fn(r FReg) uint32   { return (uint32(r) & 31) << 5 }
func fm(r FReg) uint32   { return (uint32(r) & 31) << 16 }
func imm12ok(v int) bool { return v >= 0 && v < 4096 }

// MovRR: d = m (ORR d, XZR, m; 31 is XZR).
func (a *Asm) MovRR(d, m Reg) { a.Word(0xAA0003E0 | rm(m) | rd(d)) }

// MovFromSP: d = SP (ADD d, SP, #0).
func (a *Asm) MovFromSP(d Reg) { a.Word(0x91000000 | rn(SP) | rd(d)) }

// MovImm: d = v, in at most four instructions (MOVZ or MOVN, then MOVK
// for each remaining non-trivial halfword).
func (a *Asm) MovImm(d Reg, v uint64) {
	zeros, ones := 0, 0
	for i := 0; i < 4; i++ {
		switch uint16(v >> (16 * i)) {
		case 0:
			zeros++
		case 0xFFFF:
			ones++
		}
	}
	inverted := ones > zeros
	fill := uint16(0)
	if inverted {
		fill = 0xFFFF
	}
	if v == uint64(fill)*0x0001000100010001 { // 0 or all ones
		if inverted {
			a.Word(0x92800000 | rd(d)) // MOVN d, #0
		} else {
			a.Word(0xD2800000 | rd(d)) // MOVZ d, #0
		}
		return
	}
	first := true
	for i := 0; i < 4; i++ {
		h := uint16(v >> (16 * i))
		if h == fill {
			continue
		}
		hw := uint32(i) << 21
		switch {
		case first && inverted:
			a.Word(0x92800000 | hw | uint32(^h)<<5 | rd(d)) // MOVN
		case first:
			a.Word(0xD2800000 | hw | uint32(h)<<5 | rd(d)) // MOVZ
		default:
			a.Word(0xF2800000 | hw | uint32(h)<<5 | rd(d)) // MOVK
		}
		first = false
	}
}

// Op3 is a three-register integer operation (shifted-register form, no
// shift): d = n op m, 31 is XZR everywhere.
type Op3 uint32

const (
	ADD  Op3 = 0x8B000000
	ADDS Op3 = 0xAB000000
	SUB  Op3 = 0xCB000000
	SUBS Op3 = 0xEB000000
	AND  Op3 = 0x8A000000
	ORR  Op3 = 0xAA000000
	EOR  Op3 = 0xCA000000
	// data-processing (2/3 source)
	MUL   Op3 = 0x9B007C00 // MADD d, n, m, XZR
	SMULH Op3 = 0x9B407C00
	SDIV  Op3 = 0x9AC00C00
)

// OpRRR: d = n op m.
func (a *Asm) OpRRR(op Op3, d, n, m Reg) { a.Word(uint32(op) | rm(m) | rn(n) | rd(d)) }

// CmpRR sets flags from n - m.
func (a *Asm) CmpRR(n, m Reg) { a.OpRRR(SUBS, ZR, n, m) }

// Msub: d = x - n*m.
func (a *Asm) Msub(d, n, m, x Reg) { a.Word(0x9B008000 | rm(m) | uint32(x&31)<<10 | rn(n) | rd(d)) }

// OpI is an add/sub with a 12-bit immediate.
type OpI uint32

const (
	ADDI  OpI = 0x91000000 // d and n may be SP
	ADDSI OpI = 0xB1000000 // n may be SP, d is XZR at 31
	SUBI  OpI = 0xD1000000 // d and n may be SP
	SUBSI OpI = 0xF1000000 // n may be SP, d is XZR at 31
)

// OpRI: d = n op imm, imm in [0, 4096) or a multiple of 4096 below 2^24.
func (a *Asm) OpRI(op OpI, d, n Reg, imm int) {
	sh := uint32(0)
	if !imm12ok(imm) {
		if imm&0xFFF != 0 || !imm12ok(imm>>12) {
			panic(fmt.Sprintf("arm64: immediate %d not encodable", imm))
		}
		imm >>= 12
		sh = 1 << 22
	}
	a.Word(uint32(op) | sh | uint32(imm)<<10 | rn(n) | rd(d))
}

// ImmOK reports whether OpRI can encode imm.
func ImmOK(imm int) bool { return imm12ok(imm) || imm&0xFFF == 0 && imm12ok(imm>>12) }

// CmpRI sets flags from n - imm (n may be SP).
func (a *Asm) CmpRI(n Reg, imm int) { a.OpRI(SUBSI, ZR, n, imm) }

// Bitfield moves (64-bit).

// Sbfm and Ubfm are the bitfield moves behind the shift aliases.
func (a *Asm) Sbfm(d, n Reg, immr, imms uint32) {
	a.Word(0x93400000 | (immr&63)<<16 | (imms&63)<<10 | rn(n) | rd(d))
}

func (a *Asm) Ubfm(d, n Reg, immr, imms uint32) {
	a.Word(0xD3400000 | (immr&63)<<16 | (imms&63)<<10 | rn(n) | rd(d))
}

// Asr: d = n >> s (arithmetic), 0 < s < 64.
func (a *Asm) Asr(d, n Reg, s uint32) { a.Sbfm(d, n, s, 63) }

// Lsr: d = n >> s (logical), 0 < s < 64.
func (a *Asm) Lsr(d, n Reg, s uint32) { a.Ubfm(d, n, s, 63) }

// Lsl: d = n << s, 0 < s < 64.
func (a *Asm) Lsl(d, n Reg, s uint32) { a.Ubfm(d, n, (64-s)&63, 63-s) }

// Sbfx: d = the sign-extended bitfield n[lsb : lsb+width].
func (a *Asm) Sbfx(d, n Reg, lsb, width uint32) { a.Sbfm(d, n, lsb, lsb+width-1) }

// Ubfx: d = the zero-extended bitfield n[lsb : lsb+width].
func (a *Asm) Ubfx(d, n Reg, lsb, width uint32) { a.Ubfm(d, n, lsb, lsb+width-1) }

// Csel: d = c ? n : m.
func (a *Asm) Csel(d, n, m Reg, c Cond) { a.Word(0x9A800000 | rm(m) | uint32(c)<<12 | rn(n) | rd(d)) }

// MemOK reports whether Load and Store can address [n + disp] directly.
func MemOK(disp int) bool {
	return disp >= -256 && disp < 256 || disp >= 0 && disp%8 == 0 && disp < 8*4096
}

// Load: t = [n + disp] (64-bit; n may be SP). The scaled unsigned form
// when disp is a multiple of 8 in range, else the unscaled signed form.
func (a *Asm) Load(t, n Reg, disp int) { a.mem(0xF9400000, 0xF8400000, t, n, disp) }

// Store: [n + disp] = t (64-bit; n may be SP; t 31 is XZR).
func (a *Asm) Store(t, n Reg, disp int) { a.mem(0xF9000000, 0xF8000000, t, n, disp) }

func (a *Asm) mem(scaled, unscaled uint32, t, n Reg, disp int) {
	switch {
	case disp >= 0 && disp%8 == 0 && disp < 8*4096:
		a.Word(scaled | uint32(disp/8)<<10 | rn(n) | rd(t))
	case disp >= -256 && disp < 256:
		a.Word(unscaled | (uint32(disp)&0x1FF)<<12 | rn(n) | rd(t))
	default:
		panic(fmt.Sprintf("arm64: displacement %d not encodable", disp))
	}
}

// LoadIdx: t = [n + m] (m a byte offset; n may be SP).
func (a *Asm) LoadIdx(t, n, m Reg) { a.Word(0xF8606800 | rm(m) | rn(n) | rd(t)) }

// StoreIdx: [n + m] = t.
func (a *Asm) StoreIdx(t, n, m Reg) { a.Word(0xF8206800 | rm(m) | rn(n) | rd(t)) }

// B branches to l.
func (a *Asm) B(l Label) {
	a.fixups = append(a.fixups, fixup{len(a.buf), l, 26})
	a.Word(0x14000000)
}

// Bcond branches to l when c holds.
func (a *Asm) Bcond(c Cond, l Label) {
	a.fixups = append(a.fixups, fixup{len(a.buf), l, 19})
	a.Word(0x54000000 | uint32(c))
}

// Cbz branches to l when t is zero.
func (a *Asm) Cbz(t Reg, l Label) {
	a.fixups = append(a.fixups, fixup{len(a.buf), l, 19})
	a.Word(0xB4000000 | rd(t))
}

// Cbnz branches to l when t is not zero.
func (a *Asm) Cbnz(t Reg, l Label) {
	a.fixups = append(a.fixups, fixup{len(a.buf), l, 19})
	a.Word(0xB5000000 | rd(t))
}

// Br jumps to the address in n.
func (a *Asm) Br(n Reg) { a.Word(0xD61F0000 | rn(n)) }

// Ret returns through X30.
func (a *Asm) Ret() { a.Word(0xD65F03C0) }

// Brk is a breakpoint (fills unreachable space).
func (a *Asm) Brk() { a.Word(0xD4200000) }

// FOp is a double-precision two-source operation.
type FOp uint32

const (
	FADD FOp = 0x1E602800
	FSUB FOp = 0x1E603800
	FMUL FOp = 0x1E600800
	FDIV FOp = 0x1E601800
)

// OpF: d = n op m (doubles).
func (a *Asm) OpF(op FOp, d, n, m FReg) { a.Word(uint32(op) | fm(m) | fn(n) | fd(d)) }

// Fcmp sets flags from comparing n with m (unordered: C and V set).
func (a *Asm) Fcmp(n, m FReg) { a.Word(0x1E602000 | fm(m) | fn(n)) }

// FmovToF: d = the 64 bits of n.
func (a *Asm) FmovToF(d FReg, n Reg) { a.Word(0x9E670000 | rn(n) | fd(d)) }

// FmovFromF: d = the 64 bits of n.
func (a *Asm) FmovFromF(d Reg, n FReg) { a.Word(0x9E660000 | fn(n) | rd(d)) }

// Scvtf: d = float64(n) (n a signed 64-bit int).
func (a *Asm) Scvtf(d FReg, n Reg) { a.Word(0x9E620000 | rn(n) | fd(d)) }
