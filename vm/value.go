package vm

import "math"

// Value is a NaN-boxed 64-bit word: a float64, or a quiet-NaN pattern whose
// top 16 bits are a tag and whose low 48 bits are a payload.
//
//	float       any float64 bit pattern below 0xFFF9_0000_0000_0000
//	int         tag 0xFFF9, payload = 48-bit two's complement integer
//	special     tag 0xFFFA: unit, false, true, None, COROUTINE_SUSPENDED
//	object      tag 0xFFFB, payload = kind (8 bits) << 40 | handle (40 bits)
//	function    tag 0xFFFC, payload = index of a compiled function
//	native      tag 0xFFFD, payload = index of a native function
//	frame mark  tag 0xFFFE, payload = frame generation (only in frame headers)
//
// The two NaNs hardware produces (0x7FF8... on arm64, 0xFFF8... on x86) and
// every NaN derived from a canonical NaN stay below the tag range, so float
// arithmetic needs no canonicalisation on the fast path; FloatValue
// canonicalises NaNs that come from elsewhere (parsing, natives).
type Value uint64

const (
	tagShift   = 48
	payload48  = uint64(1)<<48 - 1
	tagInt     = 0xFFF9
	tagSpecial = 0xFFFA
	tagObj     = 0xFFFB
	tagFunc    = 0xFFFC
	tagNative  = 0xFFFD
	tagFrame   = 0xFFFE

	intBits      = uint64(tagInt) << tagShift
	objBits      = uint64(tagObj) << tagShift
	funcBits     = uint64(tagFunc) << tagShift
	nativeBits   = uint64(tagNative) << tagShift
	frameBits    = uint64(tagFrame) << tagShift
	minTagged    = uint64(tagInt) << tagShift
	canonicalNaN = 0x7FF8000000000000

	// Inline ints hold 48 bits; larger ones are boxed as BigInt objects.
	MaxSmallInt = 1<<47 - 1
	MinSmallInt = -(1 << 47)

	handleBits = 40
	handleMask = uint64(1)<<handleBits - 1
)

// Special values.
const (
	Unit      = Value(uint64(tagSpecial)<<tagShift | 0)
	False     = Value(uint64(tagSpecial)<<tagShift | 2)
	True      = Value(uint64(tagSpecial)<<tagShift | 3)
	None      = Value(uint64(tagSpecial)<<tagShift | 4)
	Suspended = Value(uint64(tagSpecial)<<tagShift | 5) // COROUTINE_SUSPENDED
	Undefined = Value(uint64(tagSpecial)<<tagShift | 6) // an unset slot (never user-visible)
)

// Kind is the type of a heap object, stored in the value's payload so a
// type test needs no heap lookup.
type Kind uint8

const (
	KNone Kind = iota
	KString
	KBigInt
	KVec
	KMap
	KTuple
	KInstance
	KUnion
	KClosure
	KCell
	KRange
	KCoroutine
	KRef
	KError
	KIter
	KJob
	KChannel
	KMutex
	KContinuation
	KNative // a Go object defined outside vm (contexts, dispatchers...)
	KType   // a class, union or interface used as a value
	KNarrow // a class instance seen through a reference with fewer rights
	// pseudo-kinds of immediates, for method tables
	KInt
	KFloat
	KBool
	KUnitV
	numKinds
)

// SmallInt encodes an int known to fit in 48 bits.
func SmallInt(i int64) Value { return Value(intBits | uint64(i)&payload48) }

// FitsSmall reports whether i can be stored inline.
func FitsSmall(i int64) bool { return i >= MinSmallInt && i <= MaxSmallInt }

// FloatValue encodes a float, canonicalising NaN.
func FloatValue(f float64) Value {
	if f != f {
		return Value(canonicalNaN)
	}
	return Value(math.Float64bits(f))
}

// Bool encodes a bool.
func Bool(b bool) Value {
	if b {
		return True
	}
	return False
}

// FuncValue is the value of compiled function number i.
func FuncValue(i int) Value { return Value(funcBits | uint64(i)) }

// NativeValue is the value of native function number i.
func NativeValue(i int) Value { return Value(nativeBits | uint64(i)) }

func objValue(k Kind, h uint64) Value { return Value(objBits | uint64(k)<<handleBits | h) }

func frameMark(gen uint64) Value { return Value(frameBits | gen&payload48) }

// IsSmallInt reports an inline int.
func (v Value) IsSmallInt() bool { return uint64(v)>>tagShift == tagInt }

// IsFloat reports a float.
func (v Value) IsFloat() bool { return uint64(v) < minTagged }

// IsObj reports a heap object.
func (v Value) IsObj() bool { return uint64(v)>>tagShift == tagObj }

// IsFunc reports a compiled function value.
func (v Value) IsFunc() bool { return uint64(v)>>tagShift == tagFunc }

// IsNative reports a native function value.
func (v Value) IsNative() bool { return uint64(v)>>tagShift == tagNative }

// IsBool reports true or false.
func (v Value) IsBool() bool { return v == True || v == False }

// Int returns an inline int's value.
func (v Value) Int() int64 { return int64(uint64(v)<<16) >> 16 }

// Float returns a float's value.
func (v Value) Float() float64 { return math.Float64frombits(uint64(v)) }

// Kind returns the object kind, or KNone for non-objects.
func (v Value) Kind() Kind {
	if !v.IsObj() {
		return KNone
	}
	return Kind(uint64(v) >> handleBits & 0xFF)
}

// Handle returns the heap handle of an object value.
func (v Value) Handle() uint64 { return uint64(v) & handleMask }

// FuncIndex returns the index of a compiled function value.
func (v Value) FuncIndex() int { return int(uint64(v) & payload48) }

// NativeIndex returns the index of a native function value.
func (v Value) NativeIndex() int { return int(uint64(v) & payload48) }
