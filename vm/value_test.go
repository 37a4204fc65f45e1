package vm

import (
	"math"
	"testing"
)

func TestSmallIntRoundTrip(t *testing.T) {
	for _, i := range []int64{0, 1, -1, 42, -42, MaxSmallInt, MinSmallInt, 1 << 40, -(1 << 40)} {
		v := SmallInt(i)
		if !v.IsSmallInt() || v.IsFloat() || v.IsObj() {
			t.Errorf("SmallInt(%d) has the wrong tag: %#x", i, uint64(v))
		}
		if got := v.Int(); got != i {
			t.Errorf("SmallInt(%d).Int() = %d", i, got)
		}
	}
	if FitsSmall(MaxSmallInt+1) || FitsSmall(MinSmallInt-1) || !FitsSmall(MaxSmallInt) {
		t.Error("FitsSmall boundaries wrong")
	}
}

func TestFloatRoundTrip(t *testing.T) {
	floats := []float64{0, math.Copysign(0, -1), 1.5, -1.5, math.Inf(1), math.Inf(-1), math.MaxFloat64,
		math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64, 1e-300, 3.14}
	for _, f := range floats {
		v := FloatValue(f)
		if !v.IsFloat() || v.IsSmallInt() || v.IsObj() {
			t.Errorf("FloatValue(%v) has the wrong tag: %#x", f, uint64(v))
		}
		if got := v.Float(); math.Float64bits(got) != math.Float64bits(f) {
			t.Errorf("FloatValue(%v).Float() = %v", f, got)
		}
	}
	// every NaN, whatever its payload, is a float
	for _, bits := range []uint64{0x7FF8000000000000, 0xFFF8000000000000, 0x7FF0000000000001, 0xFFFFFFFFFFFFFFFF, 0xFFF9000000000001} {
		v := FloatValue(math.Float64frombits(bits))
		if !v.IsFloat() || !math.IsNaN(v.Float()) {
			t.Errorf("NaN %#x not canonicalised: %#x", bits, uint64(v))
		}
	}
	// NaNs produced by arithmetic stay below the tag range
	zero := 0.0
	for _, f := range []float64{zero / zero, math.Inf(1) - math.Inf(1), -(zero / zero)} {
		if !Value(math.Float64bits(f)).IsFloat() {
			t.Errorf("hardware NaN %#x lands in the tag range", math.Float64bits(f))
		}
	}
}

func TestSpecialsAndHandles(t *testing.T) {
	specials := []Value{Unit, True, False, None, Suspended}
	for i, a := range specials {
		if a.IsFloat() || a.IsSmallInt() || a.IsObj() {
			t.Errorf("special %d has a numeric or object tag", i)
		}
		for j, b := range specials {
			if i != j && a == b {
				t.Errorf("specials %d and %d collide", i, j)
			}
		}
	}
	if Bool(true) != True || Bool(false) != False {
		t.Error("Bool")
	}
	for _, k := range []Kind{KString, KVec, KCoroutine, KType} {
		for _, h := range []uint64{1, 4095, 4096, handleMask} {
			v := objValue(k, h)
			if !v.IsObj() || v.IsFloat() || v.Kind() != k || v.Handle() != h {
				t.Errorf("objValue(%d, %d) decoded to kind %d handle %d", k, h, v.Kind(), v.Handle())
			}
		}
	}
	if f := FuncValue(123); !f.IsFunc() || f.FuncIndex() != 123 || f.IsObj() {
		t.Error("FuncValue")
	}
	if n := NativeValue(7); !n.IsNative() || n.NativeIndex() != 7 {
		t.Error("NativeValue")
	}
}

func TestFormatFloat(t *testing.T) {
	cases := map[float64]string{
		3.0: "3.0", 1.5: "1.5", 0.1: "0.1", 1e21: "1e+21", 1e20: "100000000000000000000.0",
		1.5e-7: "1.5e-7", 1e-6: "0.000001", -2.5: "-2.5", math.Inf(1): "inf", math.Inf(-1): "-inf",
		math.NaN(): "NaN", math.Copysign(0, -1): "-0.0", 0: "0.0", 123456789.125: "123456789.125",
	}
	for f, want := range cases {
		if got := formatFloat(f); got != want {
			t.Errorf("formatFloat(%v) = %q, want %q", f, got, want)
		}
	}
}
