//go:build linux || darwin || freebsd || netbsd || openbsd

#include "textflag.h"

// func enter(ctx *Context, fn, target, table uintptr)
//
// Not NOSPLIT: the assembler's stack-check prologue makes every entry a
// preemption point. Generated code gets DI = ctx, DX = target, R12 =
// table (the code table calls and returns read) and R14 = g, uses the
// goroutine stack only for the return address CALL pushes, keeps SP and
// BP, and may clobber every other register.
TEXT ·enter(SB), 0, $8-32
	MOVQ ctx+0(FP), DI
	MOVQ fn+8(FP), AX
	MOVQ target+16(FP), DX
	MOVQ table+24(FP), R12
	MOVQ (TLS), R14
	CALL AX
	// back in Go: X15 is the zero register of Go's internal ABI
	XORPS X15, X15
	MOVQ (TLS), R14
	RET
