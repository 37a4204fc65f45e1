package stdlib

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cprime-lang/cprime/vm"
)

func installStrings(r *reg) {
	s1 := func(name string, f func(t *vm.Thread, s string) vm.Value) {
		r.method(vm.KString, "string", name, 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			s, _ := t.VM().Str(args[0])
			return f(t, s), nil
		})
	}
	s2 := func(name string, f func(t *vm.Thread, s, arg string) vm.Value) {
		r.method(vm.KString, "string", name, 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			s, _ := t.VM().Str(args[0])
			a, err := argStr(t, name, args, 1)
			if err != nil {
				return 0, err
			}
			return f(t, s, a), nil
		})
	}
	s1("len", func(t *vm.Thread, s string) vm.Value { return vm.SmallInt(int64(len(s))) })
	s1("is_empty", func(t *vm.Thread, s string) vm.Value { return vm.Bool(s == "") })
	s1("trim", func(t *vm.Thread, s string) vm.Value { return t.NewString(strings.TrimSpace(s)) })
	s1("trim_start", func(t *vm.Thread, s string) vm.Value { return t.NewString(strings.TrimLeft(s, " \t\r\n")) })
	s1("trim_end", func(t *vm.Thread, s string) vm.Value { return t.NewString(strings.TrimRight(s, " \t\r\n")) })
	s1("to_upper", func(t *vm.Thread, s string) vm.Value { return t.NewString(strings.ToUpper(s)) })
	s1("to_lower", func(t *vm.Thread, s string) vm.Value { return t.NewString(strings.ToLower(s)) })
	s1("chars", func(t *vm.Thread, s string) vm.Value {
		items := make([]vm.Value, 0, utf8.RuneCountInString(s))
		for _, c := range s {
			items = append(items, t.NewString(string(c)))
		}
		return t.NewVec(items)
	})
	s1("char_count", func(t *vm.Thread, s string) vm.Value { return vm.SmallInt(int64(utf8.RuneCountInString(s))) })
	s1("lines", func(t *vm.Thread, s string) vm.Value {
		var items []vm.Value
		for _, l := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
			items = append(items, t.NewString(strings.TrimSuffix(l, "\r")))
		}
		if s == "" {
			items = nil
		}
		return t.NewVec(items)
	})
	s1("parse_int", func(t *vm.Thread, s string) vm.Value {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return vm.None
		}
		return t.Some(t.Int(n))
	})
	s1("parse_float", func(t *vm.Thread, s string) vm.Value {
		x, err := parseFloat(s)
		if err != nil {
			return vm.None
		}
		return t.Some(vm.FloatValue(x))
	})
	s1("bytes", func(t *vm.Thread, s string) vm.Value {
		items := make([]vm.Value, len(s))
		for i := 0; i < len(s); i++ {
			items[i] = vm.SmallInt(int64(s[i]))
		}
		return t.NewVec(items)
	})
	s2("contains", func(t *vm.Thread, s, a string) vm.Value { return vm.Bool(strings.Contains(s, a)) })
	s2("starts_with", func(t *vm.Thread, s, a string) vm.Value { return vm.Bool(strings.HasPrefix(s, a)) })
	s2("ends_with", func(t *vm.Thread, s, a string) vm.Value { return vm.Bool(strings.HasSuffix(s, a)) })
	s2("find", func(t *vm.Thread, s, a string) vm.Value {
		i := strings.Index(s, a)
		if i < 0 {
			return vm.None
		}
		return t.Some(vm.SmallInt(int64(i)))
	})
	s2("split", func(t *vm.Thread, s, sep string) vm.Value {
		var parts []string
		if sep == "" {
			for _, c := range s {
				parts = append(parts, string(c))
			}
		} else {
			parts = strings.Split(s, sep)
		}
		items := make([]vm.Value, len(parts))
		for i, p := range parts {
			items[i] = t.NewString(p)
		}
		return t.NewVec(items)
	})
	r.method(vm.KString, "string", "replace", 3, 3, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		s, _ := t.VM().Str(args[0])
		from, err := argStr(t, "replace", args, 1)
		if err != nil {
			return 0, err
		}
		to, err := argStr(t, "replace", args, 2)
		if err != nil {
			return 0, err
		}
		return t.NewString(strings.ReplaceAll(s, from, to)), nil
	})
	r.method(vm.KString, "string", "repeat", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		s, _ := t.VM().Str(args[0])
		n, err := argInt(t, "repeat", args, 1)
		if err != nil {
			return 0, err
		}
		if n < 0 || len(s) > 0 && n > (1<<30)/int64(len(s)) { // (len*n could overflow)
			return 0, errf(vm.KindPanic, "repeat count %d out of range", n)
		}
		if n > 0 && int64(len(s)) > (1<<62)/n {
			return 0, vm.Errorf(vm.KindOutOfMemory, "out of memory: %q repeated %d times is too long", s, n)
		}
		if err := t.VM().CheckAlloc(len(s) * int(n)); err != nil {
			return 0, err
		}
		return t.NewString(strings.Repeat(s, int(n))), nil
	})
	r.method(vm.KString, "string", "substring", 3, 3, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		s, _ := t.VM().Str(args[0])
		a, err := argInt(t, "substring", args, 1)
		if err != nil {
			return 0, err
		}
		b, err := argInt(t, "substring", args, 2)
		if err != nil {
			return 0, err
		}
		if a < 0 || b > int64(len(s)) || a > b {
			return 0, errf(vm.KindIndexOutOfBounds, "byte range %d..%d out of bounds for a string of length %d", a, b, len(s))
		}
		return t.NewString(s[a:b]), nil
	})
}

// parseFloat accepts CPrime float syntax (and inf/NaN), not Go's hex floats.
func parseFloat(s string) (float64, error) {
	if strings.ContainsAny(s, "xXpP_ \t\n") {
		return 0, strconv.ErrSyntax
	}
	return strconv.ParseFloat(s, 64)
}
