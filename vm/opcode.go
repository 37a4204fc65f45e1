package vm

// Opcode is one bytecode operation. This file is the single table: the
// dispatch switch in interp.go, the disassembler, the compiler's emitter and
// the tests all work from it, and a test fails on an opcode without an entry.
type Opcode uint8

// Instr is one 64-bit instruction:
//
//	op [0:8] | A [8:24] | B [24:40] | C [40:56] | D [56:64]
//	Bx  = bits [24:56] (unsigned 32), sBx = the same, signed
//	sJ  = bits [40:64], signed 24 (jump offsets of fused compare-and-jump)
//
// Jump offsets are relative to the instruction after the jump.
type Instr uint64

// Operand shapes, for the disassembler and the encoders.
type Format uint8

const (
	FmtNone Format = iota
	FmtA           // A
	FmtAB          // A B
	FmtABC         // A B C
	FmtABx         // A Bx
	FmtAsBx        // A sBx
	FmtsBx         // sBx (A unused)
	FmtABsJ        // A B sJ
	FmtAsJ         // A sJ (B unused)
)

// Operand says what an instruction field names: the verifier checks it
// against its range, the disassembler annotates it, an engine decodes it.
type Operand uint8

const (
	OpndNone    Operand = iota
	OpndReg             // a register of the frame
	OpndRegs            // the first of consecutive registers; the instruction says how many
	OpndWindow          // a call window: the callee's frame header, then the arguments
	OpndConst           // a constant of the function (K)
	OpndSym             // an interned name (field, method): VM.SymName
	OpndImm             // an immediate: a signed int, a count, a flag or a type code
	OpndProto           // a compiled function (VM.Protos)
	OpndNative          // a native function (VM.Natives)
	OpndGlobal          // a global (G)
	OpndUpv             // a captured cell of the running closure (U)
	OpndClass           // a class (VM.Classes)
	OpndVariant         // a union variant (VM.Variants)
	OpndJump            // a jump offset, relative to the next instruction
)

// Operands are an instruction's operand kinds in its format's field order
// (A B C, A Bx, A sBx, sBx, A B sJ, A sJ).
type Operands [3]Operand

// OpInfo describes an opcode.
type OpInfo struct {
	Name     string
	Format   Format
	Operands Operands
	// Leaves: the instruction may leave straight-line execution: switch
	// coroutines, call a native, complete the coroutine, hit a checkpoint,
	// grow the stack or trap. (Any instruction may raise an error; that
	// alone does not count.) Engines report these through exit codes.
	Leaves bool
	Doc    string // what it does to the registers (the "stack picture")
}

// The opcodes. R[x] is register x of the current frame, K[x] constant x,
// S[x] symbol (interned name) x, G[x] global x, U[x] captured cell x of
// the running closure.
const (
	OpNop Opcode = iota
	OpMove
	OpMoveResult
	OpLoadK
	OpLoadI
	OpLoadUnit
	OpLoadTrue
	OpLoadFalse
	OpLoadNone
	OpLoadFn
	OpGetGlobal
	OpSetGlobal
	OpGetUpv
	OpSetUpv
	OpGetUpvCell
	OpNewCell
	OpGetCell
	OpSetCell
	OpClosure

	OpAdd
	OpSub
	OpMul
	OpDiv
	OpMod
	OpAddI
	OpMulI
	OpDivI
	OpModI
	OpAddK
	OpSubK
	OpMulK
	OpDivK
	OpModK
	OpNeg
	OpNot
	OpEq
	OpNe
	OpLt
	OpLe
	OpEqK

	OpJmp
	OpJTrue
	OpJFalse
	OpJLt
	OpJNLt
	OpJLe
	OpJNLe
	OpJEq
	OpJNEq
	OpJLtI
	OpJNLtI
	OpJLeI
	OpJNLeI
	OpJGtI
	OpJNGtI
	OpJGeI
	OpJNGeI
	OpJEqI
	OpJNEqI

	OpForPrep
	OpForLoop
	OpIterPrep
	OpIterNext

	OpCall
	OpCallK
	OpCallN
	OpCallM
	OpResume
	OpRet
	OpRetUnit

	OpNewVec
	OpNewMap
	OpNewTuple
	OpNewInst
	OpNewUnion
	OpGetField
	OpSetField
	OpGetIndex
	OpSetIndex
	OpGetTuple
	OpConcat
	OpAddN
	OpRange
	OpRangeInc
	OpCast
	OpTypeIs

	OpJNVariant
	OpGetPayload
	OpJNTuple
	OpJNEK
	OpJOk
	OpUnwrap

	OpYield
	OpThrow
	OpReraise
	OpMatchFail
	OpRef
	OpRefCell
	OpRefGlobal
	OpDeref
	OpSetRef
	OpWith
	OpTrap
	OpEndScope

	NumOpcodes
)

// Opcodes is the opcode table, indexed by Opcode.
var Opcodes = [NumOpcodes]OpInfo{
	OpNop:        {"NOP", FmtNone, Operands{}, false, "nothing"},
	OpMove:       {"MOVE", FmtAB, Operands{OpndReg, OpndReg}, false, "R[A] = R[B]"},
	OpMoveResult: {"MOVERES", FmtAB, Operands{OpndReg, OpndReg}, false, "R[A] = R[B], the result of the resume call before it; R[A] holds only resume results nobody else sees, so the yield delivering R[B] may rewrite R[A]'s CoroResult in place"},
	OpLoadK:      {"LOADK", FmtABx, Operands{OpndReg, OpndConst}, false, "R[A] = K[Bx]"},
	OpLoadI:      {"LOADI", FmtAsBx, Operands{OpndReg, OpndImm}, false, "R[A] = sBx (an int)"},
	OpLoadUnit:   {"LOADUNIT", FmtA, Operands{OpndReg}, false, "R[A] = ()"},
	OpLoadTrue:   {"LOADTRUE", FmtA, Operands{OpndReg}, false, "R[A] = true"},
	OpLoadFalse:  {"LOADFALSE", FmtA, Operands{OpndReg}, false, "R[A] = false"},
	OpLoadNone:   {"LOADNONE", FmtA, Operands{OpndReg}, false, "R[A] = None"},
	OpLoadFn:     {"LOADFN", FmtABx, Operands{OpndReg, OpndProto}, false, "R[A] = function Bx"},
	OpGetGlobal:  {"GETGLOBAL", FmtABx, Operands{OpndReg, OpndGlobal}, false, "R[A] = G[Bx]"},
	OpSetGlobal:  {"SETGLOBAL", FmtABx, Operands{OpndReg, OpndGlobal}, false, "G[Bx] = R[A]"},
	OpGetUpv:     {"GETUPV", FmtAB, Operands{OpndReg, OpndUpv}, false, "R[A] = U[B].value"},
	OpSetUpv:     {"SETUPV", FmtAB, Operands{OpndReg, OpndUpv}, false, "U[B].value = R[A]"},
	OpGetUpvCell: {"GETUPVCELL", FmtAB, Operands{OpndReg, OpndUpv}, false, "R[A] = U[B] (the cell itself, for a reference)"},
	OpNewCell:    {"NEWCELL", FmtAB, Operands{OpndReg, OpndReg}, false, "R[A] = new cell holding R[B]"},
	OpGetCell:    {"GETCELL", FmtAB, Operands{OpndReg, OpndReg}, false, "R[A] = R[B].value (R[B] a cell)"},
	OpSetCell:    {"SETCELL", FmtAB, Operands{OpndReg, OpndReg}, false, "R[A].value = R[B] (R[A] a cell)"},
	OpClosure:    {"CLOSURE", FmtABx, Operands{OpndReg, OpndProto}, false, "R[A] = closure of function Bx over the cells its capture list names"},

	OpAdd:  {"ADD", FmtABC, Operands{OpndReg, OpndReg, OpndReg}, false, "R[A] = R[B] + R[C]"},
	OpSub:  {"SUB", FmtABC, Operands{OpndReg, OpndReg, OpndReg}, false, "R[A] = R[B] - R[C]"},
	OpMul:  {"MUL", FmtABC, Operands{OpndReg, OpndReg, OpndReg}, false, "R[A] = R[B] * R[C]"},
	OpDiv:  {"DIV", FmtABC, Operands{OpndReg, OpndReg, OpndReg}, false, "R[A] = R[B] / R[C]"},
	OpMod:  {"MOD", FmtABC, Operands{OpndReg, OpndReg, OpndReg}, false, "R[A] = R[B] % R[C]"},
	OpAddI: {"ADDI", FmtABC, Operands{OpndReg, OpndReg, OpndImm}, false, "R[A] = R[B] + sC (C a signed 16-bit int)"},
	OpMulI: {"MULI", FmtABC, Operands{OpndReg, OpndReg, OpndImm}, false, "R[A] = R[B] * sC"},
	OpDivI: {"DIVI", FmtABC, Operands{OpndReg, OpndReg, OpndImm}, false, "R[A] = R[B] / sC (sC != 0)"},
	OpModI: {"MODI", FmtABC, Operands{OpndReg, OpndReg, OpndImm}, false, "R[A] = R[B] % sC (sC != 0)"},
	OpAddK: {"ADDK", FmtABC, Operands{OpndReg, OpndReg, OpndConst}, false, "R[A] = R[B] + K[C] (a number too big for ADDI, or a float)"},
	OpSubK: {"SUBK", FmtABC, Operands{OpndReg, OpndReg, OpndConst}, false, "R[A] = R[B] - K[C]"},
	OpMulK: {"MULK", FmtABC, Operands{OpndReg, OpndReg, OpndConst}, false, "R[A] = R[B] * K[C]"},
	OpDivK: {"DIVK", FmtABC, Operands{OpndReg, OpndReg, OpndConst}, false, "R[A] = R[B] / K[C]"},
	OpModK: {"MODK", FmtABC, Operands{OpndReg, OpndReg, OpndConst}, false, "R[A] = R[B] % K[C]"},
	OpNeg:  {"NEG", FmtAB, Operands{OpndReg, OpndReg}, false, "R[A] = -R[B]"},
	OpNot:  {"NOT", FmtAB, Operands{OpndReg, OpndReg}, false, "R[A] = !R[B]"},
	OpEq:   {"EQ", FmtABC, Operands{OpndReg, OpndReg, OpndReg}, false, "R[A] = R[B] == R[C]"},
	OpNe:   {"NE", FmtABC, Operands{OpndReg, OpndReg, OpndReg}, false, "R[A] = R[B] != R[C]"},
	OpLt:   {"LT", FmtABC, Operands{OpndReg, OpndReg, OpndReg}, false, "R[A] = R[B] < R[C]"},
	OpLe:   {"LE", FmtABC, Operands{OpndReg, OpndReg, OpndReg}, false, "R[A] = R[B] <= R[C]"},
	OpEqK:  {"EQK", FmtABC, Operands{OpndReg, OpndReg, OpndConst}, false, "R[A] = R[B] == K[C]"},

	OpJmp:    {"JMP", FmtsBx, Operands{OpndJump}, true, "pc += sBx"},
	OpJTrue:  {"JTRUE", FmtAsBx, Operands{OpndReg, OpndJump}, false, "if R[A] { pc += sBx } (R[A] must be bool)"},
	OpJFalse: {"JFALSE", FmtAsBx, Operands{OpndReg, OpndJump}, false, "if !R[A] { pc += sBx } (R[A] must be bool)"},
	OpJLt:    {"JLT", FmtABsJ, Operands{OpndReg, OpndReg, OpndJump}, false, "if R[A] < R[B] { pc += sJ }"},
	OpJNLt:   {"JNLT", FmtABsJ, Operands{OpndReg, OpndReg, OpndJump}, false, "if !(R[A] < R[B]) { pc += sJ }"},
	OpJLe:    {"JLE", FmtABsJ, Operands{OpndReg, OpndReg, OpndJump}, false, "if R[A] <= R[B] { pc += sJ }"},
	OpJNLe:   {"JNLE", FmtABsJ, Operands{OpndReg, OpndReg, OpndJump}, false, "if !(R[A] <= R[B]) { pc += sJ }"},
	OpJEq:    {"JEQ", FmtABsJ, Operands{OpndReg, OpndReg, OpndJump}, false, "if R[A] == R[B] { pc += sJ }"},
	OpJNEq:   {"JNEQ", FmtABsJ, Operands{OpndReg, OpndReg, OpndJump}, false, "if R[A] != R[B] { pc += sJ }"},
	OpJLtI:   {"JLTI", FmtABsJ, Operands{OpndReg, OpndImm, OpndJump}, false, "if R[A] < sB { pc += sJ }"},
	OpJNLtI:  {"JNLTI", FmtABsJ, Operands{OpndReg, OpndImm, OpndJump}, false, "if !(R[A] < sB) { pc += sJ }"},
	OpJLeI:   {"JLEI", FmtABsJ, Operands{OpndReg, OpndImm, OpndJump}, false, "if R[A] <= sB { pc += sJ }"},
	OpJNLeI:  {"JNLEI", FmtABsJ, Operands{OpndReg, OpndImm, OpndJump}, false, "if !(R[A] <= sB) { pc += sJ }"},
	OpJGtI:   {"JGTI", FmtABsJ, Operands{OpndReg, OpndImm, OpndJump}, false, "if R[A] > sB { pc += sJ }"},
	OpJNGtI:  {"JNGTI", FmtABsJ, Operands{OpndReg, OpndImm, OpndJump}, false, "if !(R[A] > sB) { pc += sJ }"},
	OpJGeI:   {"JGEI", FmtABsJ, Operands{OpndReg, OpndImm, OpndJump}, false, "if R[A] >= sB { pc += sJ }"},
	OpJNGeI:  {"JNGEI", FmtABsJ, Operands{OpndReg, OpndImm, OpndJump}, false, "if !(R[A] >= sB) { pc += sJ }"},
	OpJEqI:   {"JEQI", FmtABsJ, Operands{OpndReg, OpndImm, OpndJump}, false, "if R[A] == sB { pc += sJ }"},
	OpJNEqI:  {"JNEQI", FmtABsJ, Operands{OpndReg, OpndImm, OpndJump}, false, "if R[A] != sB { pc += sJ }"},

	OpForPrep:  {"FORPREP", FmtABsJ, Operands{OpndRegs, OpndImm, OpndJump}, false, "R[A..A+2] = start, end, step (ints; B=1: end inclusive); if the range is empty pc += sJ else R[A+3] = start"},
	OpForLoop:  {"FORLOOP", FmtABsJ, Operands{OpndRegs, OpndImm, OpndJump}, true, "R[A] += R[A+2]; if R[A] is still in range (B=1: end inclusive) { R[A+3] = R[A]; pc += sJ }"},
	OpIterPrep: {"ITERPREP", FmtAB, Operands{OpndReg, OpndReg}, false, "R[A] = an iterator over R[B] (range, Vec, Map, string chars, coroutine, channel, iterator)"},
	OpIterNext: {"ITERNEXT", FmtABsJ, Operands{OpndReg, OpndReg, OpndJump}, true, "R[B] = next item of iterator R[A]; when there is none pc += sJ (a coroutine is resumed)"},

	OpCall:    {"CALL", FmtAB, Operands{OpndWindow, OpndImm}, true, "R[A] = R[A](R[A+3] .. R[A+3+B-1]); R[A+1], R[A+2] hold the callee's frame header"},
	OpCallK:   {"CALLK", FmtABC, Operands{OpndWindow, OpndImm, OpndProto}, true, "R[A] = function C (R[A+3] .. R[A+3+B-1])"},
	OpCallN:   {"CALLN", FmtABC, Operands{OpndWindow, OpndImm, OpndNative}, true, "R[A] = native C (R[A+3] .. R[A+3+B-1])"},
	OpCallM:   {"CALLM", FmtABC, Operands{OpndWindow, OpndImm, OpndSym}, true, "R[A] = method S[C] of R[A+3] called with R[A+3] .. R[A+3+B-1]"},
	OpResume:  {"RESUME", FmtABC, Operands{OpndWindow, OpndImm, OpndSym}, true, "CALLM of a method named resume (S[C]): when R[A+3] is a coroutine, it is resumed by hand without a method lookup"},
	OpRet:     {"RET", FmtA, Operands{OpndReg}, true, "return R[A]"},
	OpRetUnit: {"RETUNIT", FmtNone, Operands{}, true, "return ()"},

	OpNewVec:   {"NEWVEC", FmtABC, Operands{OpndReg, OpndRegs, OpndImm}, false, "R[A] = [R[B] .. R[B+C-1]]"},
	OpNewMap:   {"NEWMAP", FmtABC, Operands{OpndReg, OpndRegs, OpndImm}, false, "R[A] = #{R[B]: R[B+1], ..} with C pairs"},
	OpNewTuple: {"NEWTUPLE", FmtABC, Operands{OpndReg, OpndRegs, OpndImm}, false, "R[A] = (R[B] .. R[B+C-1])"},
	OpNewInst:  {"NEWINST", FmtABC, Operands{OpndReg, OpndClass, OpndRegs}, false, "R[A] = instance of class B with fields R[C] .. in declaration order"},
	OpNewUnion: {"NEWUNION", FmtABC, Operands{OpndReg, OpndVariant, OpndRegs}, false, "R[A] = union variant B with fields R[C] .."},
	OpGetField: {"GETFIELD", FmtABC, Operands{OpndReg, OpndReg, OpndSym}, false, "R[A] = R[B].S[C] (field S[C])"},
	OpSetField: {"SETFIELD", FmtABC, Operands{OpndReg, OpndSym, OpndReg}, false, "R[A].S[B] = R[C] (field S[B])"},
	OpGetIndex: {"GETINDEX", FmtABC, Operands{OpndReg, OpndReg, OpndReg}, false, "R[A] = R[B][R[C]]"},
	OpSetIndex: {"SETINDEX", FmtABC, Operands{OpndReg, OpndReg, OpndReg}, false, "R[A][R[B]] = R[C]"},
	OpGetTuple: {"GETTUPLE", FmtABC, Operands{OpndReg, OpndReg, OpndImm}, false, "R[A] = R[B].C (tuple element)"},
	OpConcat:   {"CONCAT", FmtABC, Operands{OpndReg, OpndRegs, OpndImm}, false, "R[A] = display(R[B]) + .. + display(R[B+C-1])"},
	OpAddN:     {"ADDN", FmtABC, Operands{OpndReg, OpndRegs, OpndImm}, false, "R[A] = R[B] + R[B+1] + .. + R[B+C-1] (left to right; strings joined in one copy)"},
	OpRange:    {"RANGE", FmtABC, Operands{OpndReg, OpndReg, OpndReg}, false, "R[A] = R[B]..R[C]"},
	OpRangeInc: {"RANGEINC", FmtABC, Operands{OpndReg, OpndReg, OpndReg}, false, "R[A] = R[B]..=R[C]"},
	OpCast:     {"CAST", FmtABC, Operands{OpndReg, OpndReg, OpndImm}, false, "R[A] = R[B] as type C (0 int, 1 float, 2 string, 3 bool)"},
	OpTypeIs:   {"TYPEIS", FmtABC, Operands{OpndReg, OpndReg, OpndConst}, false, "R[A] = R[B].is::<K[C]>()"},

	OpJNVariant:  {"JNVARIANT", FmtABsJ, Operands{OpndReg, OpndVariant, OpndJump}, false, "if R[A] is not union variant B { pc += sJ }"},
	OpGetPayload: {"GETPAYLOAD", FmtABC, Operands{OpndReg, OpndReg, OpndImm}, false, "R[A] = field C of union value R[B]"},
	OpJNTuple:    {"JNTUPLE", FmtABsJ, Operands{OpndReg, OpndImm, OpndJump}, false, "if R[A] is not a tuple of B elements { pc += sJ }"},
	OpJNEK:       {"JNEK", FmtABsJ, Operands{OpndReg, OpndConst, OpndJump}, false, "if R[A] != K[B] { pc += sJ }"},
	OpJOk:        {"JOK", FmtAsJ, Operands{OpndReg, OpndJump}, false, "if R[A] is Ok(_) or Some(_) { pc += sJ } (else it is Err/None: fall through to return it)"},
	OpUnwrap:     {"UNWRAP", FmtAB, Operands{OpndReg, OpndReg}, false, "R[A] = the payload of Ok/Some R[B]"},

	OpYield:     {"YIELD", FmtAB, Operands{OpndReg, OpndReg}, true, "suspend to the resumer with R[B]; R[A] = the value of the next resume"},
	OpThrow:     {"THROW", FmtA, Operands{OpndReg}, true, "raise error R[A]"},
	OpReraise:   {"RERAISE", FmtA, Operands{OpndReg}, true, "if R[A] holds an error in flight, raise it again (end of a finally)"},
	OpMatchFail: {"MATCHFAIL", FmtA, Operands{OpndReg}, true, "raise MatchError: no match arm for R[A]"},
	OpRef:       {"REF", FmtABC, Operands{OpndReg, OpndReg, OpndImm}, false, "R[A] = &R[B] (C=1: &mut)"},
	OpRefCell:   {"REFCELL", FmtABC, Operands{OpndReg, OpndReg, OpndImm}, false, "R[A] = & of the variable in cell R[B] (C&1: &mut; C&2: the variable is block-scoped, so the reference dangles once ENDSCOPE ends it)"},
	OpRefGlobal: {"REFGLOBAL", FmtABC, Operands{OpndReg, OpndGlobal, OpndImm}, false, "R[A] = &G[B] (C=1: &mut)"},
	OpDeref:     {"DEREF", FmtAB, Operands{OpndReg, OpndReg}, false, "R[A] = *R[B]"},
	OpSetRef:    {"SETREF", FmtAB, Operands{OpndReg, OpndReg}, false, "*R[A] = R[B] (R[A] must be &mut)"},
	OpWith:      {"WITH", FmtABC, Operands{OpndReg, OpndReg, OpndConst}, false, "R[A] = R[B] narrowed to the rights listed in K[C]"},
	OpEndScope:  {"ENDSCOPE", FmtA, Operands{OpndReg}, false, "the block-scoped variable in cell R[A] goes out of scope: references taken to it dangle from now on"},
	OpTrap:      {"TRAP", FmtNone, Operands{}, true, "debugger trap written over an instruction while a debugger runs code (never compiled)"},
}

// Instruction encoders.

func ABC(op Opcode, a, b, c int) Instr {
	return Instr(uint64(op) | uint64(a&0xFFFF)<<8 | uint64(b&0xFFFF)<<24 | uint64(c&0xFFFF)<<40)
}

func ABx(op Opcode, a int, bx uint32) Instr {
	return Instr(uint64(op) | uint64(a&0xFFFF)<<8 | uint64(bx)<<24)
}

func AsBx(op Opcode, a int, sbx int32) Instr {
	return ABx(op, a, uint32(sbx))
}

func ABsJ(op Opcode, a, b int, sj int32) Instr {
	return Instr(uint64(op) | uint64(a&0xFFFF)<<8 | uint64(b&0xFFFF)<<24 | (uint64(uint32(sj))&0xFFFFFF)<<40)
}

// Fields returns the instruction's operand fields in its format's order
// (the order of OpInfo.Operands) and how many there are.
func (i Instr) Fields() (f [3]int, n int) {
	switch Opcodes[i.Op()].Format {
	case FmtA:
		return [3]int{i.A()}, 1
	case FmtAB:
		return [3]int{i.A(), i.B()}, 2
	case FmtABC:
		return [3]int{i.A(), i.B(), i.C()}, 3
	case FmtABx:
		return [3]int{i.A(), i.Bx()}, 2
	case FmtAsBx:
		return [3]int{i.A(), i.SBx()}, 2
	case FmtsBx:
		return [3]int{i.SBx()}, 1
	case FmtABsJ:
		return [3]int{i.A(), i.B(), i.SJ()}, 3
	case FmtAsJ:
		return [3]int{i.A(), i.SJ()}, 2
	}
	return f, 0
}

// regsLen is how many registers an OpndRegs operand of ins spans, or -1
// for an opcode without one.
func (vm *VM) regsLen(ins Instr) int {
	switch ins.Op() {
	case OpForPrep, OpForLoop:
		return 4 // index, end, step, the loop variable
	case OpNewVec, OpNewTuple, OpConcat, OpAddN:
		return ins.C()
	case OpNewMap:
		return 2 * ins.C()
	case OpNewInst:
		if b := ins.B(); b < len(vm.Classes) {
			return len(vm.Classes[b].Fields)
		}
		return 0 // (the class operand is out of range)
	case OpNewUnion:
		if b := ins.B(); b < len(vm.Variants) {
			return vm.Variants[b].Arity
		}
		return 0
	}
	return -1
}

// Field decoders.

func (i Instr) Op() Opcode { return Opcode(i & 0xFF) }
func (i Instr) A() int     { return int(i >> 8 & 0xFFFF) }
func (i Instr) B() int     { return int(i >> 24 & 0xFFFF) }
func (i Instr) C() int     { return int(i >> 40 & 0xFFFF) }
func (i Instr) SB() int    { return int(int16(i >> 24)) }
func (i Instr) SC() int    { return int(int16(i >> 40)) }
func (i Instr) Bx() int    { return int(uint32(i >> 24)) }
func (i Instr) SBx() int   { return int(int32(uint32(i >> 24))) }
func (i Instr) SJ() int    { return int(int64(i) >> 40) }

// WithSJ returns the instruction with its sJ field replaced (for patching).
func (i Instr) WithSJ(sj int32) Instr {
	return i&(1<<40-1) | Instr((uint64(uint32(sj))&0xFFFFFF)<<40)
}

// WithA returns the instruction with its A field replaced (the compiler
// retargets an instruction's destination register).
func (i Instr) WithA(a int) Instr {
	return i&^(0xFFFF<<8) | Instr(uint64(a&0xFFFF)<<8)
}

// WithSBx returns the instruction with its sBx field replaced.
func (i Instr) WithSBx(sbx int32) Instr {
	return i&(1<<24-1) | Instr(uint64(uint32(sbx))<<24)
}

// MaxSJ bounds the offsets of fused compare-and-jump instructions.
const MaxSJ = 1<<23 - 1
