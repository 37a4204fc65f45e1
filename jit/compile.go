package jit

import (
	"fmt"
	"math"

	"github.com/cprime-lang/cprime/vm"
)

// Arch names a code generator.
type Arch uint8

const (
	AMD64 Arch = iota
	ARM64
)

func (a Arch) String() string { return [...]string{"amd64", "arm64"}[a] }

// Code is one function's machine code, before it is loaded: position
// independent (jumps are relative, constants are immediates, nothing
// points at Go memory), so it may be copied into any arena.
type Code struct {
	Proto *vm.Proto
	Arch  Arch
	Bytes []byte
	// Entry[pc] is the offset of bytecode pc's native code: every pc can
	// be entered (through the prologue at offset 0, which loads the
	// registers from the Context and jumps there).
	Entry []int32
	// BodyEnd is the offset where the last pc's code ends; the exit
	// stubs follow it.
	BodyEnd int
	// Inline[pc] reports whether pc's instruction runs in machine code
	// (on its fast path); the others always exit with ExitStep.
	Inline []bool
}

// Compile translates p's bytecode for arch. Instructions the baseline
// compiler does not handle (and the slow paths of those it does) exit
// with ExitStep at their pc. protos is the VM's function list (vm.Protos),
// which CALLK needs for its callee's register count; without it CALLK
// always exits.
func Compile(p *vm.Proto, protos []*vm.Proto, arch Arch) (*Code, error) {
	if len(p.Code) == 0 {
		return nil, fmt.Errorf("jit: %s has no code", p.Name)
	}
	if len(p.Code) > math.MaxInt32/64 {
		return nil, fmt.Errorf("jit: %s is too long (%d instructions)", p.Name, len(p.Code))
	}
	for pc, ins := range p.Code {
		if t, ok := jumpTarget(pc, ins); ok && (t < 0 || t >= len(p.Code)) {
			return nil, fmt.Errorf("jit: %s: jump at pc %d leaves the function (to %d)", p.Name, pc, t)
		}
	}
	c := &Code{Proto: p, Arch: arch, Inline: make([]bool, len(p.Code))}
	switch arch {
	case AMD64:
		c.Bytes, c.Entry, c.BodyEnd = compileAMD64(p, protos, c.Inline)
	case ARM64:
		c.Bytes, c.Entry, c.BodyEnd = compileARM64(p, protos, c.Inline)
	default:
		return nil, fmt.Errorf("jit: unknown architecture %d", arch)
	}
	return c, nil
}

// jumpTarget returns the pc a jump instruction may go to.
func jumpTarget(pc int, ins vm.Instr) (int, bool) {
	switch op := ins.Op(); {
	case op == vm.OpJmp, op == vm.OpJTrue, op == vm.OpJFalse:
		return pc + 1 + ins.SBx(), true
	case op >= vm.OpJLt && op <= vm.OpJNEqI, op == vm.OpForPrep, op == vm.OpForLoop,
		op == vm.OpIterNext, op == vm.OpJNVariant, op == vm.OpJNTuple, op == vm.OpJNEK, op == vm.OpJOk:
		return pc + 1 + ins.SJ(), true
	}
	return 0, false
}

// miscompile, when set to an opcode by a test, makes both code
// generators emit a wrong operation for it (ADD-family ops subtract), so
// that a test can prove results come from generated code and not from a
// silent fallback. It is never set outside tests.
var miscompile = vm.NumOpcodes

// Value encoding the generated code relies on (vm/value.go).
const (
	intBits   = uint64(0xFFF9) << 48 // tag of inline ints; also the smallest tagged value
	intTag    = 0xFFF9
	valFalse  = uint64(0xFFFA)<<48 | 2
	valTrue   = uint64(0xFFFA)<<48 | 3
	canonNaN  = 0x7FF8000000000000
	signBit   = uint64(1) << 63
	frameSize = vm.FrameHeader * 8
	frameBits = uint64(0xFFFE) << 48 // a frame mark's tag
	funcTag   = 0xFFFC               // tag of function values
	objTag    = 0xFFFB               // tag of heap objects
	noCaller  = 0xFFFFFFFF           // the caller base of an entry frame
)

// callee returns the function a CALLK calls, when it is known.
func callee(protos []*vm.Proto, ins vm.Instr) (*vm.Proto, bool) {
	if c := ins.C(); c < len(protos) && protos[c] != nil && protos[c].Index == c {
		return protos[c], true
	}
	return nil, false
}

// smallInt returns the inline int a constant holds.
func smallInt(v vm.Value) (int64, bool) {
	if v.IsSmallInt() {
		return v.Int(), true
	}
	return 0, false
}

// immediate is the value an immediate-load instruction stores.
func immediate(p *vm.Proto, ins vm.Instr) (uint64, bool) {
	switch ins.Op() {
	case vm.OpLoadK:
		return uint64(p.Consts[ins.Bx()]), true
	case vm.OpLoadI:
		return uint64(vm.SmallInt(int64(ins.SBx()))), true
	case vm.OpLoadUnit:
		return uint64(vm.Unit), true
	case vm.OpLoadTrue:
		return uint64(vm.True), true
	case vm.OpLoadFalse:
		return uint64(vm.False), true
	case vm.OpLoadNone:
		return uint64(vm.None), true
	case vm.OpLoadFn:
		return uint64(vm.FuncValue(ins.Bx())), true
	}
	return 0, false
}

// arithOp is an arithmetic instruction, normalised: the operation (ADD ..
// MOD), and the right operand as a register or a constant.
type arithOp struct {
	op     vm.Opcode // OpAdd, OpSub, OpMul, OpDiv or OpMod
	a, b   int       // destination and left register
	c      int       // right register (when !konst)
	konst  bool      // the right operand is k
	k      vm.Value
	intK   bool // k is an inline int (its value ki)
	ki     int64
	intsOK bool // the int-int case is compiled
	fltsOK bool // the float-float case is compiled (k a float when konst)
	canon  bool // float results are canonicalised (FloatValue): division
	// fitDiv: an int quotient outside 48 bits leaves for Go, which boxes
	// it (MinSmallInt / -1 is +2^47, one past the inline range).
	fitDiv bool
}

// arith classifies ADD..MOD, their K and I forms; false for others.
func arith(p *vm.Proto, ins vm.Instr) (arithOp, bool) {
	op := ins.Op()
	x := arithOp{a: ins.A(), b: ins.B(), c: ins.C()}
	switch {
	case op >= vm.OpAdd && op <= vm.OpMod:
		x.op = op
	case op >= vm.OpAddK && op <= vm.OpModK:
		x.op, x.konst, x.k = op-vm.OpAddK+vm.OpAdd, true, p.Consts[ins.C()]
	case op == vm.OpAddI:
		x.op, x.konst, x.k = vm.OpAdd, true, vm.SmallInt(int64(ins.SC()))
	case op == vm.OpMulI:
		x.op, x.konst, x.k = vm.OpMul, true, vm.SmallInt(int64(ins.SC()))
	case op == vm.OpDivI:
		x.op, x.konst, x.k = vm.OpDiv, true, vm.SmallInt(int64(ins.SC()))
	case op == vm.OpModI:
		x.op, x.konst, x.k = vm.OpMod, true, vm.SmallInt(int64(ins.SC()))
	default:
		return x, false
	}
	if x.konst {
		x.ki, x.intK = smallInt(x.k)
		// a zero divisor always leaves for Go (which raises the error)
		x.intsOK = x.intK && !((x.op == vm.OpDiv || x.op == vm.OpMod) && x.ki == 0)
		x.fltsOK = x.k.IsFloat() && x.op != vm.OpMod
	} else {
		x.intsOK = true
		x.fltsOK = x.op != vm.OpMod
	}
	x.canon = x.op == vm.OpDiv
	x.fitDiv = x.op == vm.OpDiv
	return x, true
}

// condJump describes a compare-and-jump: the relation tested, whether
// the jump is taken when it holds or when it does not, and where the
// right operand comes from.
type condJump struct {
	rel    vm.Opcode // OpLt, OpLe or OpEq
	negate bool      // jump when the relation does not hold
	swap   bool      // compare (y, x) instead of (x, y): > and >=
	imm    bool      // the right operand is the immediate sB
	konst  bool      // the right operand is the constant K[B]
}

// compareJump classifies the fused compare-and-jump opcodes.
func compareJump(op vm.Opcode) (condJump, bool) {
	switch op {
	case vm.OpJLt, vm.OpJNLt:
		return condJump{rel: vm.OpLt, negate: op == vm.OpJNLt}, true
	case vm.OpJLe, vm.OpJNLe:
		return condJump{rel: vm.OpLe, negate: op == vm.OpJNLe}, true
	case vm.OpJEq, vm.OpJNEq:
		return condJump{rel: vm.OpEq, negate: op == vm.OpJNEq}, true
	case vm.OpJLtI, vm.OpJNLtI:
		return condJump{rel: vm.OpLt, negate: op == vm.OpJNLtI, imm: true}, true
	case vm.OpJLeI, vm.OpJNLeI:
		return condJump{rel: vm.OpLe, negate: op == vm.OpJNLeI, imm: true}, true
	case vm.OpJGtI, vm.OpJNGtI: // x > sB is sB < x
		return condJump{rel: vm.OpLt, negate: op == vm.OpJNGtI, imm: true, swap: true}, true
	case vm.OpJGeI, vm.OpJNGeI:
		return condJump{rel: vm.OpLe, negate: op == vm.OpJNGeI, imm: true, swap: true}, true
	case vm.OpJEqI, vm.OpJNEqI:
		return condJump{rel: vm.OpEq, negate: op == vm.OpJNEqI, imm: true}, true
	case vm.OpJNEK:
		return condJump{rel: vm.OpEq, negate: true, konst: true}, true
	}
	return condJump{}, false
}
