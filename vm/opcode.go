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

// OpInfo describes an opcode.
type OpInfo struct {
	Name   string
	Format Format
	Doc    string // what it does to the registers (the "stack picture")
}

// The opcodes. R[x] is register x of the current frame, K[x] constant x,
// G[x] global x, U[x] captured cell x of the running closure.
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
	OpNop:        {"NOP", FmtNone, "nothing"},
	OpMove:       {"MOVE", FmtAB, "R[A] = R[B]"},
	OpMoveResult: {"MOVERES", FmtAB, "R[A] = R[B], the result of the resume call before it; R[A] holds only resume results nobody else sees, so the yield delivering R[B] may rewrite R[A]'s CoroResult in place"},
	OpLoadK:      {"LOADK", FmtABx, "R[A] = K[Bx]"},
	OpLoadI:      {"LOADI", FmtAsBx, "R[A] = sBx (an int)"},
	OpLoadUnit:   {"LOADUNIT", FmtA, "R[A] = ()"},
	OpLoadTrue:   {"LOADTRUE", FmtA, "R[A] = true"},
	OpLoadFalse:  {"LOADFALSE", FmtA, "R[A] = false"},
	OpLoadNone:   {"LOADNONE", FmtA, "R[A] = None"},
	OpLoadFn:     {"LOADFN", FmtABx, "R[A] = function Bx"},
	OpGetGlobal:  {"GETGLOBAL", FmtABx, "R[A] = G[Bx]"},
	OpSetGlobal:  {"SETGLOBAL", FmtABx, "G[Bx] = R[A]"},
	OpGetUpv:     {"GETUPV", FmtAB, "R[A] = U[B].value"},
	OpSetUpv:     {"SETUPV", FmtAB, "U[B].value = R[A]"},
	OpGetUpvCell: {"GETUPVCELL", FmtAB, "R[A] = U[B] (the cell itself, for a reference)"},
	OpNewCell:    {"NEWCELL", FmtAB, "R[A] = new cell holding R[B]"},
	OpGetCell:    {"GETCELL", FmtAB, "R[A] = R[B].value (R[B] a cell)"},
	OpSetCell:    {"SETCELL", FmtAB, "R[A].value = R[B] (R[A] a cell)"},
	OpClosure:    {"CLOSURE", FmtABx, "R[A] = closure of function Bx over the cells its capture list names"},

	OpAdd:  {"ADD", FmtABC, "R[A] = R[B] + R[C]"},
	OpSub:  {"SUB", FmtABC, "R[A] = R[B] - R[C]"},
	OpMul:  {"MUL", FmtABC, "R[A] = R[B] * R[C]"},
	OpDiv:  {"DIV", FmtABC, "R[A] = R[B] / R[C]"},
	OpMod:  {"MOD", FmtABC, "R[A] = R[B] % R[C]"},
	OpAddI: {"ADDI", FmtABC, "R[A] = R[B] + sC (C a signed 16-bit int)"},
	OpMulI: {"MULI", FmtABC, "R[A] = R[B] * sC"},
	OpDivI: {"DIVI", FmtABC, "R[A] = R[B] / sC (sC != 0)"},
	OpModI: {"MODI", FmtABC, "R[A] = R[B] % sC (sC != 0)"},
	OpAddK: {"ADDK", FmtABC, "R[A] = R[B] + K[C] (a number too big for ADDI, or a float)"},
	OpSubK: {"SUBK", FmtABC, "R[A] = R[B] - K[C]"},
	OpMulK: {"MULK", FmtABC, "R[A] = R[B] * K[C]"},
	OpDivK: {"DIVK", FmtABC, "R[A] = R[B] / K[C]"},
	OpModK: {"MODK", FmtABC, "R[A] = R[B] % K[C]"},
	OpNeg:  {"NEG", FmtAB, "R[A] = -R[B]"},
	OpNot:  {"NOT", FmtAB, "R[A] = !R[B]"},
	OpEq:   {"EQ", FmtABC, "R[A] = R[B] == R[C]"},
	OpNe:   {"NE", FmtABC, "R[A] = R[B] != R[C]"},
	OpLt:   {"LT", FmtABC, "R[A] = R[B] < R[C]"},
	OpLe:   {"LE", FmtABC, "R[A] = R[B] <= R[C]"},
	OpEqK:  {"EQK", FmtABC, "R[A] = R[B] == K[C]"},

	OpJmp:    {"JMP", FmtsBx, "pc += sBx"},
	OpJTrue:  {"JTRUE", FmtAsBx, "if R[A] { pc += sBx } (R[A] must be bool)"},
	OpJFalse: {"JFALSE", FmtAsBx, "if !R[A] { pc += sBx } (R[A] must be bool)"},
	OpJLt:    {"JLT", FmtABsJ, "if R[A] < R[B] { pc += sJ }"},
	OpJNLt:   {"JNLT", FmtABsJ, "if !(R[A] < R[B]) { pc += sJ }"},
	OpJLe:    {"JLE", FmtABsJ, "if R[A] <= R[B] { pc += sJ }"},
	OpJNLe:   {"JNLE", FmtABsJ, "if !(R[A] <= R[B]) { pc += sJ }"},
	OpJEq:    {"JEQ", FmtABsJ, "if R[A] == R[B] { pc += sJ }"},
	OpJNEq:   {"JNEQ", FmtABsJ, "if R[A] != R[B] { pc += sJ }"},
	OpJLtI:   {"JLTI", FmtABsJ, "if R[A] < sB { pc += sJ }"},
	OpJNLtI:  {"JNLTI", FmtABsJ, "if !(R[A] < sB) { pc += sJ }"},
	OpJLeI:   {"JLEI", FmtABsJ, "if R[A] <= sB { pc += sJ }"},
	OpJNLeI:  {"JNLEI", FmtABsJ, "if !(R[A] <= sB) { pc += sJ }"},
	OpJGtI:   {"JGTI", FmtABsJ, "if R[A] > sB { pc += sJ }"},
	OpJNGtI:  {"JNGTI", FmtABsJ, "if !(R[A] > sB) { pc += sJ }"},
	OpJGeI:   {"JGEI", FmtABsJ, "if R[A] >= sB { pc += sJ }"},
	OpJNGeI:  {"JNGEI", FmtABsJ, "if !(R[A] >= sB) { pc += sJ }"},
	OpJEqI:   {"JEQI", FmtABsJ, "if R[A] == sB { pc += sJ }"},
	OpJNEqI:  {"JNEQI", FmtABsJ, "if R[A] != sB { pc += sJ }"},

	OpForPrep:  {"FORPREP", FmtABsJ, "R[A..A+2] = start, end, step (ints; B=1: end inclusive); if the range is empty pc += sJ else R[A+3] = start"},
	OpForLoop:  {"FORLOOP", FmtABsJ, "R[A] += R[A+2]; if R[A] is still in range (B=1: end inclusive) { R[A+3] = R[A]; pc += sJ }"},
	OpIterPrep: {"ITERPREP", FmtAB, "R[A] = an iterator over R[B] (range, Vec, Map, string chars, coroutine, channel, iterator)"},
	OpIterNext: {"ITERNEXT", FmtABsJ, "R[B] = next item of iterator R[A]; when there is none pc += sJ (a coroutine is resumed)"},

	OpCall:    {"CALL", FmtAB, "R[A] = R[A](R[A+3] .. R[A+3+B-1]); R[A+1], R[A+2] hold the callee's frame header"},
	OpCallK:   {"CALLK", FmtABC, "R[A] = function C (R[A+3] .. R[A+3+B-1])"},
	OpCallN:   {"CALLN", FmtABC, "R[A] = native C (R[A+3] .. R[A+3+B-1])"},
	OpCallM:   {"CALLM", FmtABC, "R[A] = method K[C] of R[A+3] called with R[A+3] .. R[A+3+B-1]"},
	OpResume:  {"RESUME", FmtABC, "CALLM of a method named resume (K[C]): when R[A+3] is a coroutine, it is resumed by hand without a method lookup"},
	OpRet:     {"RET", FmtA, "return R[A]"},
	OpRetUnit: {"RETUNIT", FmtNone, "return ()"},

	OpNewVec:   {"NEWVEC", FmtABC, "R[A] = [R[B] .. R[B+C-1]]"},
	OpNewMap:   {"NEWMAP", FmtABC, "R[A] = #{R[B]: R[B+1], ..} with C pairs"},
	OpNewTuple: {"NEWTUPLE", FmtABC, "R[A] = (R[B] .. R[B+C-1])"},
	OpNewInst:  {"NEWINST", FmtABC, "R[A] = instance of class B with fields R[C] .. in declaration order"},
	OpNewUnion: {"NEWUNION", FmtABC, "R[A] = union variant B with fields R[C] .."},
	OpGetField: {"GETFIELD", FmtABC, "R[A] = R[B].K[C]"},
	OpSetField: {"SETFIELD", FmtABC, "R[A].K[B] = R[C]"},
	OpGetIndex: {"GETINDEX", FmtABC, "R[A] = R[B][R[C]]"},
	OpSetIndex: {"SETINDEX", FmtABC, "R[A][R[B]] = R[C]"},
	OpGetTuple: {"GETTUPLE", FmtABC, "R[A] = R[B].C (tuple element)"},
	OpConcat:   {"CONCAT", FmtABC, "R[A] = display(R[B]) + .. + display(R[B+C-1])"},
	OpAddN:     {"ADDN", FmtABC, "R[A] = R[B] + R[B+1] + .. + R[B+C-1] (left to right; strings joined in one copy)"},
	OpRange:    {"RANGE", FmtABC, "R[A] = R[B]..R[C]"},
	OpRangeInc: {"RANGEINC", FmtABC, "R[A] = R[B]..=R[C]"},
	OpCast:     {"CAST", FmtABC, "R[A] = R[B] as type C (0 int, 1 float, 2 string, 3 bool)"},
	OpTypeIs:   {"TYPEIS", FmtABC, "R[A] = R[B].is::<K[C]>()"},

	OpJNVariant:  {"JNVARIANT", FmtABsJ, "if R[A] is not union variant B { pc += sJ }"},
	OpGetPayload: {"GETPAYLOAD", FmtABC, "R[A] = field C of union value R[B]"},
	OpJNTuple:    {"JNTUPLE", FmtABsJ, "if R[A] is not a tuple of B elements { pc += sJ }"},
	OpJNEK:       {"JNEK", FmtABsJ, "if R[A] != K[B] { pc += sJ }"},
	OpJOk:        {"JOK", FmtAsJ, "if R[A] is Ok(_) or Some(_) { pc += sJ } (else it is Err/None: fall through to return it)"},
	OpUnwrap:     {"UNWRAP", FmtAB, "R[A] = the payload of Ok/Some R[B]"},

	OpYield:     {"YIELD", FmtAB, "suspend to the resumer with R[B]; R[A] = the value of the next resume"},
	OpThrow:     {"THROW", FmtA, "raise error R[A]"},
	OpReraise:   {"RERAISE", FmtA, "if R[A] holds an error in flight, raise it again (end of a finally)"},
	OpMatchFail: {"MATCHFAIL", FmtA, "raise MatchError: no match arm for R[A]"},
	OpRef:       {"REF", FmtABC, "R[A] = &R[B] (C=1: &mut)"},
	OpRefCell:   {"REFCELL", FmtABC, "R[A] = & of the variable in cell R[B] (C&1: &mut; C&2: the variable is block-scoped, so the reference dangles once ENDSCOPE ends it)"},
	OpRefGlobal: {"REFGLOBAL", FmtABC, "R[A] = &G[B] (C=1: &mut)"},
	OpDeref:     {"DEREF", FmtAB, "R[A] = *R[B]"},
	OpSetRef:    {"SETREF", FmtAB, "*R[A] = R[B] (R[A] must be &mut)"},
	OpWith:      {"WITH", FmtABC, "R[A] = R[B] narrowed to the rights listed in K[C]"},
	OpTrap:      {"TRAP", FmtNone, "debugger trap written over an instruction while a debugger runs code (never compiled)"},
	OpEndScope:  {"ENDSCOPE", FmtA, "the block-scoped variable in cell R[A] goes out of scope: references taken to it dangle from now on"},
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
