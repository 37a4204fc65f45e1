package vm

import (
	"math"
	"math/bits"
	"strings"
)

// IntOf returns the int64 of an int value (inline or boxed).
func (vm *VM) IntOf(v Value) (int64, bool) {
	if v.IsSmallInt() {
		return v.Int(), true
	}
	if v.Kind() == KBigInt {
		return vm.heap.Get(v).(*BigIntObj).I, true
	}
	return 0, false
}

// NumberOf returns a number as float64 (ints converted).
func (vm *VM) NumberOf(v Value) (float64, bool) {
	if v.IsFloat() {
		return v.Float(), true
	}
	if i, ok := vm.IntOf(v); ok {
		return float64(i), true
	}
	return 0, false
}

// IsInt reports an int value (inline or boxed).
func (vm *VM) IsInt(v Value) bool { return v.IsSmallInt() || v.Kind() == KBigInt }

var opSymbols = map[Opcode]string{OpAdd: "+", OpSub: "-", OpMul: "*", OpDiv: "/", OpMod: "%"}

func errOverflow() error { return Errorf(KindIntegerOverflow, "integer overflow") }
func errDivZero() error  { return Errorf(KindDivisionByZero, "division by zero") }

// arith is the general path of + - * / %.
func (t *Thread) arith(op Opcode, x, y Value) (Value, error) {
	vm := t.vm
	if a, ok := vm.IntOf(x); ok {
		if b, ok := vm.IntOf(y); ok {
			r, err := intArith(op, a, b)
			if err != nil {
				return 0, err
			}
			return t.Int(r), nil
		}
	}
	if a, ok := vm.NumberOf(x); ok {
		if b, ok := vm.NumberOf(y); ok {
			return FloatValue(floatArith(op, a, b)), nil
		}
	}
	if op == OpAdd && (x.Kind() == KJob || x.Kind() == KNative || x.Kind() == KInstance) {
		if v, ok := t.plusContexts(x, y); ok {
			return v, nil
		}
	}
	if op == OpAdd && x.Kind() == KString {
		s := vm.heap.Get(x).(*StrObj).S
		var s2 string
		if y.Kind() == KString {
			s2 = vm.heap.Get(y).(*StrObj).S
		} else {
			s2 = vm.Display(y)
		}
		if err := vm.CheckAlloc(len(s) + len(s2)); err != nil {
			return 0, err
		}
		return t.NewString(s + s2), nil
	}
	if op == OpAdd && x.Kind() == KVec && y.Kind() == KVec {
		a, b := vm.heap.Get(x).(*VecObj), vm.heap.Get(y).(*VecObj)
		ai, bi := a.Items(), b.Items()
		if err := vm.CheckAlloc(8 * (len(ai) + len(bi))); err != nil {
			return 0, err
		}
		items := make([]Value, 0, len(ai)+len(bi))
		items = append(append(items, ai...), bi...)
		return t.NewVec(items), nil
	}
	if x.Kind() == KRef || y.Kind() == KRef {
		return 0, Errorf(KindTypeError, "cannot apply `%s` to a reference; dereference it with `*`", opSymbols[op])
	}
	return 0, Errorf(KindTypeError, "cannot apply `%s` to %s and %s", opSymbols[op], vm.TypeName(x), vm.TypeName(y))
}

func intArith(op Opcode, a, b int64) (int64, error) {
	switch op {
	case OpAdd:
		r := a + b
		if (a > 0 && b > 0 && r < 0) || (a < 0 && b < 0 && r >= 0) {
			return 0, errOverflow()
		}
		return r, nil
	case OpSub:
		r := a - b
		if (a >= 0 && b < 0 && r < 0) || (a < 0 && b > 0 && r >= 0) {
			return 0, errOverflow()
		}
		return r, nil
	case OpMul:
		if a == 0 || b == 0 {
			return 0, nil
		}
		neg := (a < 0) != (b < 0)
		hi, lo := bits.Mul64(absU(a), absU(b))
		if hi != 0 || (!neg && lo > math.MaxInt64) || (neg && lo > 1<<63) {
			return 0, errOverflow()
		}
		if neg {
			return int64(-lo), nil
		}
		return int64(lo), nil
	case OpDiv:
		if b == 0 {
			return 0, errDivZero()
		}
		if a == math.MinInt64 && b == -1 {
			return 0, errOverflow()
		}
		return a / b, nil
	case OpMod:
		if b == 0 {
			return 0, errDivZero()
		}
		if b == -1 {
			return 0, nil
		}
		return a % b, nil
	}
	return 0, Errorf(KindInternal, "bad arithmetic op")
}

func absU(a int64) uint64 {
	if a < 0 {
		return uint64(-a) // wraps correctly for MinInt64
	}
	return uint64(a)
}

func floatArith(op Opcode, a, b float64) float64 {
	switch op {
	case OpAdd:
		return a + b
	case OpSub:
		return a - b
	case OpMul:
		return a * b
	case OpDiv:
		return a / b
	default:
		return math.Mod(a, b)
	}
}

// compareOp evaluates x < y (or x <= y when le).
func (t *Thread) compareOp(le bool, x, y Value) (bool, error) {
	c, err := t.vm.Compare(x, y)
	if err != nil {
		return false, err
	}
	if c == cmpUnordered {
		return false, nil
	}
	if le {
		return c <= 0, nil
	}
	return c < 0, nil
}

const cmpUnordered = 2

// Compare orders two numbers or two strings: -1, 0, 1, or cmpUnordered
// (a NaN is involved).
func (vm *VM) Compare(x, y Value) (int, error) {
	if a, ok := vm.IntOf(x); ok {
		if b, ok := vm.IntOf(y); ok {
			switch {
			case a < b:
				return -1, nil
			case a > b:
				return 1, nil
			}
			return 0, nil
		}
	}
	if a, ok := vm.NumberOf(x); ok {
		if b, ok := vm.NumberOf(y); ok {
			switch {
			case a < b:
				return -1, nil
			case a > b:
				return 1, nil
			case a == b:
				return 0, nil
			}
			return cmpUnordered, nil
		}
	}
	if x.Kind() == KString && y.Kind() == KString {
		return strings.Compare(vm.heap.Get(x).(*StrObj).S, vm.heap.Get(y).(*StrObj).S), nil
	}
	return 0, Errorf(KindTypeError, "cannot compare %s with %s", vm.TypeName(x), vm.TypeName(y))
}

// compareImm evaluates a compare-with-immediate for a non-inline-int x.
func (t *Thread) compareImm(op Opcode, x Value, imm int64) (bool, error) {
	if op == OpJEqI || op == OpJNEqI {
		return t.vm.Equal(x, SmallInt(imm)), nil
	}
	c, err := t.vm.Compare(x, SmallInt(imm))
	if err != nil {
		return false, err
	}
	if c == cmpUnordered {
		return false, nil
	}
	switch op {
	case OpJLtI, OpJNLtI:
		return c < 0, nil
	case OpJLeI, OpJNLeI:
		return c <= 0, nil
	case OpJGtI, OpJNGtI:
		return c > 0, nil
	default:
		return c >= 0, nil
	}
}

// cast implements `x as int|float|string|bool`.
func (t *Thread) cast(x Value, to int) (Value, error) {
	vm := t.vm
	switch to {
	case 0: // int
		if vm.IsInt(x) {
			return x, nil
		}
		if x.IsFloat() {
			f := x.Float()
			if f != f || f >= 9223372036854775808.0 || f < -9223372036854775808.0 {
				return 0, Errorf(KindIntegerOverflow, "float %s out of int range", formatFloat(f))
			}
			return t.Int(int64(f)), nil
		}
		if x.IsBool() {
			if x == True {
				return SmallInt(1), nil
			}
			return SmallInt(0), nil
		}
	case 1: // float
		if f, ok := vm.NumberOf(x); ok {
			return FloatValue(f), nil
		}
	case 2: // string
		if x.Kind() == KString {
			return x, nil
		}
		return t.NewString(vm.Display(x)), nil
	case 3: // bool
		if x.IsBool() {
			return x, nil
		}
	}
	return 0, Errorf(KindTypeError, "cannot cast %s to %s", vm.TypeName(x), [...]string{"int", "float", "string", "bool"}[to])
}

// Add is `x + y` for natives.
func (t *Thread) Add(x, y Value) (Value, error) { return t.arith(OpAdd, x, y) }

// Mul is `x * y` for natives.
func (t *Thread) Mul(x, y Value) (Value, error) { return t.arith(OpMul, x, y) }
