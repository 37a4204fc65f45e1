package vm

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Display renders a value the way println prints it: a string on its own
// is not quoted, strings nested inside other values are.
func (vm *VM) Display(v Value) string {
	if v.Kind() == KString {
		return vm.heap.Get(v).(*StrObj).S
	}
	var b strings.Builder
	vm.write(&b, v, 0)
	return b.String()
}

// Repr renders a value as the REPL echoes it: strings quoted.
func (vm *VM) Repr(v Value) string {
	var b strings.Builder
	vm.write(&b, v, 0)
	return b.String()
}

const maxDisplayDepth = 64

func (vm *VM) write(b *strings.Builder, v Value, depth int) {
	if depth > maxDisplayDepth {
		b.WriteString("...")
		return
	}
	switch {
	case v.IsFloat():
		b.WriteString(formatFloat(v.Float()))
		return
	case v.IsSmallInt():
		b.WriteString(strconv.FormatInt(v.Int(), 10))
		return
	case v == Unit:
		b.WriteString("()")
		return
	case v == True:
		b.WriteString("true")
		return
	case v == False:
		b.WriteString("false")
		return
	case v == None:
		b.WriteString("None")
		return
	case v == Suspended:
		b.WriteString("COROUTINE_SUSPENDED")
		return
	case v.IsFunc():
		if i := v.FuncIndex(); i < len(vm.Protos) {
			fmt.Fprintf(b, "<fn %s>", vm.Protos[i].Name)
		} else {
			b.WriteString("<fn>")
		}
		return
	case v.IsNative():
		if i := v.NativeIndex(); i < len(vm.Natives) {
			fmt.Fprintf(b, "<fn %s>", vm.Natives[i].Name)
		} else {
			b.WriteString("<fn>")
		}
		return
	case !v.IsObj():
		fmt.Fprintf(b, "<value %#x>", uint64(v))
		return
	}
	o := vm.heap.Get(v)
	switch o := o.(type) {
	case *StrObj:
		writeQuoted(b, o.S)
	case *BigIntObj:
		b.WriteString(strconv.FormatInt(o.I, 10))
	case *VecObj:
		b.WriteByte('[')
		for i, x := range o.Items() {
			if i > 0 {
				b.WriteString(", ")
			}
			vm.write(b, x, depth+1)
		}
		b.WriteByte(']')
	case *TupleObj:
		b.WriteByte('(')
		for i, x := range o.Items {
			if i > 0 {
				b.WriteString(", ")
			}
			vm.write(b, x, depth+1)
		}
		if len(o.Items) == 1 {
			b.WriteByte(',')
		}
		b.WriteByte(')')
	case *MapObj:
		b.WriteByte('{')
		first := true
		o.Each(func(k, v Value) bool {
			if !first {
				b.WriteString(", ")
			}
			first = false
			vm.write(b, k, depth+1)
			b.WriteString(": ")
			vm.write(b, v, depth+1)
			return true
		})
		b.WriteByte('}')
	case *Instance:
		b.WriteString(o.Class.Name)
		b.WriteString(" {")
		for i, f := range o.Class.Fields {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(" ")
			b.WriteString(f.Name)
			b.WriteString(": ")
			vm.write(b, loadValue(&o.Fields[i]), depth+1)
		}
		if len(o.Class.Fields) > 0 {
			b.WriteString(" ")
		}
		b.WriteByte('}')
	case *UnionObj:
		vm.writeVariantName(b, o.Variant)
		if len(o.Fields) > 0 {
			b.WriteByte('(')
			for i, x := range o.Fields {
				if i > 0 {
					b.WriteString(", ")
				}
				vm.write(b, x, depth+1)
			}
			b.WriteByte(')')
		}
	case *Closure:
		fmt.Fprintf(b, "<fn %s>", o.Proto.Name)
	case *Cell:
		vm.write(b, o.V, depth+1)
	case *RangeObj:
		op := ".."
		end := o.End
		if o.Inclusive {
			op = "..="
		}
		if o.Step != 1 {
			fmt.Fprintf(b, "(%d%s%d).step(%d)", o.Start, op, end, o.Step)
		} else {
			fmt.Fprintf(b, "%d%s%d", o.Start, op, end)
		}
	case *Coroutine:
		fmt.Fprintf(b, "<Coroutine #%d %s>", o.ID, o.State)
	case *RefObj:
		if t, err := vm.readRef(o); err == nil {
			vm.write(b, t, depth+1)
		} else {
			b.WriteString("<dangling reference>")
		}
	case *ErrorObj:
		fmt.Fprintf(b, "%s: %s", o.Kind, o.Message)
	case *NarrowObj:
		vm.write(b, o.Target, depth)
	case *IterObj:
		b.WriteString("<iterator>")
	case *TypeObj:
		b.WriteString(o.Name)
	case *Job:
		vm.writeJob(b, o)
	case *Channel:
		b.WriteString(o.describe())
	case *Mutex:
		fmt.Fprintf(b, "<Mutex #%d>", o.ID)
	case *Continuation:
		b.WriteString(o.describe())
	case *NativeObj:
		if d, ok := o.Data.(interface{ Display(vm *VM) string }); ok {
			b.WriteString(d.Display(vm))
		} else {
			fmt.Fprintf(b, "<%s>", o.TypeName)
		}
	case nil:
		b.WriteString("<freed>")
	default:
		fmt.Fprintf(b, "<%T>", o)
	}
}

func (vm *VM) writeVariantName(b *strings.Builder, v *Variant) {
	if v.Union.Qualified {
		b.WriteString(v.Union.Name)
		b.WriteString("::")
	}
	b.WriteString(v.Name)
}

func writeQuoted(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(b, `\u{%x}`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
}

// formatFloat prints the shortest form that reads back to the same float,
// with ".0" added when that form has no point: decimal for
// 1e-6 <= |x| < 1e21, otherwise exponent form (1e+21, 1.5e-7).
func formatFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case f == 0:
		if math.Signbit(f) {
			return "-0.0"
		}
		return "0.0"
	}
	abs := math.Abs(f)
	if abs >= 1e-6 && abs < 1e21 {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if !strings.ContainsRune(s, '.') {
			s += ".0"
		}
		return s
	}
	s := strconv.FormatFloat(f, 'e', -1, 64)
	// Go writes e-07 / e+21; drop the exponent's leading zeros.
	if i := strings.IndexByte(s, 'e'); i >= 0 && i+2 < len(s) {
		exp := strings.TrimLeft(s[i+2:], "0")
		if exp == "" {
			exp = "0"
		}
		s = s[:i+2] + exp
	}
	return s
}

// FormatFloat is formatFloat for other packages.
func FormatFloat(f float64) string { return formatFloat(f) }

// TypeName returns the name type_of() gives a value.
func (vm *VM) TypeName(v Value) string {
	switch {
	case v.IsFloat():
		return "float"
	case v.IsSmallInt():
		return "int"
	case v == Unit:
		return "unit"
	case v == True || v == False:
		return "bool"
	case v == None:
		return "Option"
	case v.IsFunc() || v.IsNative():
		return "fn"
	case !v.IsObj():
		return "unknown"
	}
	switch o := vm.heap.Get(v).(type) {
	case *StrObj:
		return "string"
	case *BigIntObj:
		return "int"
	case *VecObj:
		return "Vec"
	case *MapObj:
		return "Map"
	case *TupleObj:
		return "tuple"
	case *Instance:
		return o.Class.Name
	case *UnionObj:
		return o.Variant.Union.Name
	case *Closure:
		return "fn"
	case *RangeObj:
		return "range"
	case *Coroutine:
		return "Coroutine"
	case *RefObj:
		if t, err := vm.readRef(o); err == nil {
			return vm.TypeName(t)
		}
		return "reference"
	case *ErrorObj:
		return "Error"
	case *NarrowObj:
		return o.Class.Name
	case *IterObj:
		return "iterator"
	case *TypeObj:
		return "type"
	case *Job:
		if o.Deferred {
			return "Deferred"
		}
		return "Job"
	case *NativeObj:
		return o.TypeName
	case *Channel:
		return "Channel"
	case *Mutex:
		return "Mutex"
	case *Continuation:
		return "Continuation"
	}
	return "unknown"
}
