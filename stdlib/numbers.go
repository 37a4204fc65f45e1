package stdlib

import (
	"math"

	"github.com/cprime-lang/cprime/vm"
)

func installNumbers(r *reg) {
	for _, k := range []vm.Kind{vm.KInt, vm.KFloat} {
		kind := k
		typeName := "int"
		if kind == vm.KFloat {
			typeName = "float"
		}
		m := func(name string, min, max int, f vm.NativeFn) { r.method(kind, typeName, name, min, max, f) }
		m("abs", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			if i, ok := t.VM().IntOf(args[0]); ok {
				if i == math.MinInt64 {
					return 0, errf(vm.KindIntegerOverflow, "integer overflow")
				}
				if i < 0 {
					i = -i
				}
				return t.Int(i), nil
			}
			return vm.FloatValue(math.Abs(args[0].Float())), nil
		})
		m("pow", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			if b, ok := t.VM().IntOf(args[0]); ok {
				if e, ok := t.VM().IntOf(args[1]); ok {
					if e < 0 {
						return 0, errf(vm.KindPanic, "negative exponent %d for an int pow; use floats", e)
					}
					r, ok := powInt(b, e)
					if !ok {
						return 0, errf(vm.KindIntegerOverflow, "integer overflow")
					}
					return t.Int(r), nil
				}
			}
			x, err := argNum(t, "pow", args, 0)
			if err != nil {
				return 0, err
			}
			y, err := argNum(t, "pow", args, 1)
			if err != nil {
				return 0, err
			}
			return vm.FloatValue(math.Pow(x, y)), nil
		})
		minmax := func(name string, pick func(c int) bool) {
			m(name, 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
				c, err := t.VM().Compare(args[0], args[1])
				if err != nil {
					return 0, err
				}
				if pick(c) {
					return args[0], nil
				}
				return args[1], nil
			})
		}
		minmax("min", func(c int) bool { return c <= 0 })
		minmax("max", func(c int) bool { return c >= 0 })
		f1 := func(name string, f func(float64) float64) {
			m(name, 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
				x, err := argNum(t, name, args, 0)
				if err != nil {
					return 0, err
				}
				return vm.FloatValue(f(x)), nil
			})
		}
		f1("sqrt", math.Sqrt)
		f1("floor", math.Floor)
		f1("ceil", math.Ceil)
		f1("round", math.Round)
		f1("sin", math.Sin)
		f1("cos", math.Cos)
		f1("ln", math.Log)
		f1("exp", math.Exp)
		m("is_nan", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return vm.Bool(args[0].IsFloat() && math.IsNaN(args[0].Float())), nil
		})
	}
	r.v.Consts["i64::MAX"] = r.v.Pin(r.v.Main.Int(math.MaxInt64))
	r.v.Consts["i64::MIN"] = r.v.Pin(r.v.Main.Int(math.MinInt64))
	r.v.Consts["f64::INFINITY"] = vm.FloatValue(math.Inf(1))
	r.v.Consts["f64::NAN"] = vm.FloatValue(math.NaN())
	r.v.Consts["PI"] = vm.FloatValue(math.Pi)
}

// powInt is b**e by squaring, in O(log e) steps (1.pow(i64::MAX) must not
// loop), false when the result leaves int64. A square that overflows
// while bits of e remain means the result does too: |acc| >= 1 unless b
// is 0, whose squares never overflow.
func powInt(b, e int64) (int64, bool) {
	acc := int64(1)
	for e > 0 {
		if e&1 == 1 {
			var ok bool
			if acc, ok = mulInt(acc, b); !ok {
				return 0, false
			}
		}
		e >>= 1
		if e > 0 {
			var ok bool
			if b, ok = mulInt(b, b); !ok {
				return 0, false
			}
		}
	}
	return acc, true
}

// mulInt is a*b, false on int64 overflow.
func mulInt(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	r := a * b
	if r/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
		return 0, false
	}
	return r, true
}
