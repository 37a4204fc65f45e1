// Package arm64 encodes the AArch64 instruction forms cprime's baseline
// JIT emits, and nothing more: register moves and wide-immediate
// materialisation (MOVZ/MOVK/MOVN), add/sub (plain and flag-setting) with
// register and 12-bit immediate operands, logical ops, MUL/SMULH/SDIV/MSUB,
// the bitfield moves behind LSL/LSR/ASR/SBFX/UBFX, CSEL, 64-bit loads and
// stores (scaled unsigned offset, unscaled signed offset, register offset),
// B/B.cond/CBZ/CBNZ to labels patched when the code is finished, RET, and
// the double-precision FADD/FSUB/FMUL/FDIV/FCMP/FMOV/SCVTF.
//
// Register 31 means XZR or SP depending on the form, as in the
// architecture; each method's comment says which. Golden tests decode every
// form over every register with golang.org/x/arch/arm64/arm64asm. The
// package is pure Go and builds on every GOARCH.
package arm64
