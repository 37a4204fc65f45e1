// Package amd64 encodes the x86-64 instruction forms cprime's baseline JIT
// emits, and nothing more: 64-bit integer moves, loads and stores with
// base+index*scale+disp addressing, ALU ops with register, immediate and
// memory operands, shifts, multiply and divide, conditional moves,
// scalar-double SSE2 arithmetic and conversions, and rel32 jumps to labels
// patched when the code is finished.
//
// Every form is checked by golden tests that decode the bytes with
// golang.org/x/arch/x86/x86asm over every register, including the
// addressing special cases (RSP and R12 as a base need a SIB byte; RBP and
// R13 as a base with no displacement need a zero disp8; RSP cannot be an
// index).
//
// The package is pure Go and builds on every GOARCH, so the golden tests
// run everywhere.
package amd64
