//go:build linux || darwin || freebsd || netbsd || openbsd

#include "textflag.h"

// func enter(ctx *Context, fn, target, table uintptr)
//
// Not NOSPLIT: the assembler's stack-check prologue makes every entry a
// preemption point. Generated code gets R0 = ctx, R2 = target, R21 =
// table (the code table of calls and returns), reads g in
// R28 and never writes it (nor R18, R29, RSP), returns through R30 (set
// by the call), and may clobber every other register.
TEXT ·enter(SB), 0, $16-32
	MOVD ctx+0(FP), R0
	MOVD fn+8(FP), R1
	MOVD target+16(FP), R2
	MOVD table+24(FP), R21
	CALL (R1)
	RET
