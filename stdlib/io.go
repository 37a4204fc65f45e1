package stdlib

import (
	"os"
	"strings"

	"github.com/cprime-lang/cprime/vm"
)

func installIO(r *reg) {
	r.fn("print", 0, -1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		write(t, joinDisplay(t.VM(), args), false)
		return vm.Unit, nil
	})
	r.fn("println", 0, -1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		write(t, joinDisplay(t.VM(), args), true)
		return vm.Unit, nil
	})
	r.fn("eprintln", 0, -1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		v := t.VM()
		v.Flush()
		_, _ = v.Err.Write([]byte(joinDisplay(v, args) + "\n"))
		return vm.Unit, nil
	})
	r.fn("format", 1, -1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		f, err := argStr(t, "format", args, 0)
		if err != nil {
			return 0, err
		}
		s, err := format(t.VM(), f, args[1:])
		if err != nil {
			return 0, err
		}
		return t.NewString(s), nil
	})
	r.fn("assert", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		if args[0] == vm.True {
			return vm.Unit, nil
		}
		if args[0] != vm.False {
			return 0, typeErr("assert expects a bool, found %s", t.VM().TypeName(args[0]))
		}
		msg := "assertion failed"
		if len(args) == 2 {
			msg += ": " + t.VM().Display(args[1])
		}
		return 0, errf(vm.KindAssertionFailed, "%s", msg)
	})
	r.fn("assert_eq", 2, 3, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		v := t.VM()
		if v.Equal(args[0], args[1]) {
			return vm.Unit, nil
		}
		msg := "assertion failed: " + v.Repr(args[0]) + " == " + v.Repr(args[1])
		if len(args) == 3 {
			msg += ": " + v.Display(args[2])
		}
		return 0, errf(vm.KindAssertionFailed, "%s", msg)
	})
	r.fn("panic", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		msg := "explicit panic"
		if len(args) == 1 {
			msg = t.VM().Display(args[0])
		}
		return 0, errf(vm.KindPanic, "%s", msg)
	})
	r.fn("type_of", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return t.NewString(t.VM().TypeName(args[0])), nil
	})
	r.fn("now_ms", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return t.Int(t.VM().Now()), nil
	})
	r.fn("args", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		var items []vm.Value
		for _, a := range t.VM().Opts.Args {
			items = append(items, t.NewString(a))
		}
		return t.NewVec(items), nil
	})
	r.blocking("read_line", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		v := t.VM()
		v.Flush()
		var line string
		var err error
		t.Blocking(func() {
			v.LockIn()
			line, err = v.In.ReadString('\n')
			v.UnlockIn()
		})
		if err != nil && line == "" {
			return vm.None, nil
		}
		line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
		return t.Some(t.NewString(line)), nil
	})
	r.blocking("read_file", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		path, err := argStr(t, "read_file", args, 0)
		if err != nil {
			return 0, err
		}
		var data []byte
		var ferr error
		t.Blocking(func() { data, ferr = os.ReadFile(path) })
		if ferr != nil {
			return t.Err(t.NewString(ferr.Error())), nil
		}
		return t.Ok(t.NewString(string(data))), nil
	})
	r.blocking("write_file", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		path, err := argStr(t, "write_file", args, 0)
		if err != nil {
			return 0, err
		}
		text := t.VM().Display(args[1])
		var ferr error
		t.Blocking(func() { ferr = os.WriteFile(path, []byte(text), 0o644) })
		if ferr != nil {
			return t.Err(t.NewString(ferr.Error())), nil
		}
		return t.Ok(vm.Unit), nil
	})
	r.fn("exit", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		var code int64
		if len(args) == 1 {
			c, err := argInt(t, "exit", args, 0)
			if err != nil {
				return 0, err
			}
			code = c
		}
		return 0, vm.ThrowValue(t.NewExit(code))
	})
	r.method(vm.KNone, "any", "to_string", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return t.NewString(t.VM().Display(args[0])), nil
	})
	r.fn("__suppress", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return t.VM().Suppress(args[0], args[1]), nil
	})
	// Error values
	r.fn("Error::new", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		kind, err := argStr(t, "Error::new", args, 0)
		if err != nil {
			return 0, err
		}
		return t.NewError(kind, t.VM().Display(args[1])), nil
	})
}

func write(t *vm.Thread, s string, nl bool) {
	v := t.VM()
	v.LockOut()
	v.Out.WriteString(s)
	if nl {
		v.Out.WriteByte('\n')
	}
	if v.Opts.LineBuffered && (nl || strings.IndexByte(s, '\n') >= 0) {
		v.Out.Flush()
	}
	v.UnlockOut()
}

func joinDisplay(v *vm.VM, args []vm.Value) string {
	switch len(args) {
	case 0:
		return ""
	case 1:
		return v.Display(args[0])
	}
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = v.Display(a)
	}
	return strings.Join(parts, " ")
}

// format replaces each {} with the display form of the next argument;
// {{ and }} are literal braces.
func format(v *vm.VM, f string, args []vm.Value) (string, error) {
	var b strings.Builder
	n := 0
	for i := 0; i < len(f); i++ {
		c := f[i]
		switch {
		case c == '{' && i+1 < len(f) && f[i+1] == '{':
			b.WriteByte('{')
			i++
		case c == '}' && i+1 < len(f) && f[i+1] == '}':
			b.WriteByte('}')
			i++
		case c == '{' && i+1 < len(f) && f[i+1] == '}':
			if n >= len(args) {
				return "", typeErr("format has more {} than arguments (%d)", len(args))
			}
			b.WriteString(v.Display(args[n]))
			n++
			i++
		default:
			b.WriteByte(c)
		}
	}
	if n < len(args) {
		return "", typeErr("format has %d {} but %d arguments", n, len(args))
	}
	return b.String(), nil
}
