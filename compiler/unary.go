package compiler

import (
	"math"
	"strconv"
	"strings"

	"github.com/cprime-lang/cprime/parser"
	"github.com/cprime-lang/cprime/vm"
)

// unary compiles prefix operators, the operand and its casts.
func (f *funcState) unary(u *parser.Unary, dst int) *Type {
	f.setPos(u.Pos)
	t := f.prefixed(u.Prefix, u.Value, dst)
	for _, c := range u.Casts {
		f.setPos(c.Pos)
		if c.As != nil {
			t = f.cast(c.As, dst, t)
		} else {
			t = f.narrowTo(dst, dst, c.With, c.Pos, t)
		}
	}
	return t
}

func (f *funcState) cast(at *parser.Type, dst int, from *Type) *Type {
	code := -1
	var t *Type
	switch at.Name {
	case "int", "i64", "i32", "usize":
		code, t = 0, intT
	case "float", "f64", "f32":
		code, t = 1, floatT
	case "string", "String":
		code, t = 2, stringT
	case "bool":
		code, t = 3, boolT
	}
	if code < 0 || at.Ref || at.Fn != nil || at.Tuple != nil {
		f.c.errorf(at.Pos, "cannot cast to %s (casts go to int, float, string or bool)", parser.PrintType(at))
		return unknownT
	}
	if from.known() {
		ok := true
		switch code {
		case 0, 1:
			ok = from.k == tInt || from.k == tFloat || (code == 0 && from.k == tBool)
		case 3:
			ok = from.k == tBool
		}
		if !ok {
			f.c.errorf(at.Pos, "cannot cast %s to %s", from, t)
		}
	}
	f.emitABC(vm.OpCast, dst, dst, code)
	return t
}

func (f *funcState) prefixed(prefix []*parser.PrefixOp, post *parser.Postfix, dst int) *Type {
	if len(prefix) == 0 {
		return f.postfix(post, dst)
	}
	op, rest := prefix[0], prefix[1:]
	f.setPos(op.Pos)
	switch op.Op {
	case "-":
		if len(rest) == 0 && len(post.Suffixes) == 0 {
			if lit, ok := post.Primary.(*parser.Literal); ok {
				switch {
				case lit.Int != nil:
					v, err := parseIntLit(*lit.Int, true)
					if err != nil {
						f.c.errorf(lit.Pos, "%v", err)
					}
					f.loadInt(dst, v)
					return intT
				case lit.Float != nil:
					x, _ := strconv.ParseFloat(strings.ReplaceAll(*lit.Float, "_", ""), 64)
					f.loadFloat(dst, -x)
					return floatT
				}
			}
		}
		t := f.prefixed(rest, post, dst)
		if t.known() && t.k != tInt && t.k != tFloat {
			f.c.errorf(op.Pos, "cannot negate %s", t)
		}
		f.emitABC(vm.OpNeg, dst, dst, 0)
		return t
	case "!":
		t := f.prefixed(rest, post, dst)
		f.checkBool(t, op.Pos, "operand of `!`")
		f.emitABC(vm.OpNot, dst, dst, 0)
		return boolT
	case "*":
		_, lit := post.Primary.(*parser.Literal)
		lit = lit && len(rest) == 0 && len(post.Suffixes) == 0
		if lit {
			// `1 + * 2`: a stray operator, not a dereference
			f.c.errorf(op.Pos, "unexpected `*` before a literal (`*x` dereferences a reference)")
		}
		save := f.free
		r := f.tmp()
		t := f.prefixed(rest, post, r)
		if !lit && t.known() && (t.k == tInt || t.k == tFloat || t.k == tBool || t.k == tString) {
			f.c.errorf(op.Pos, "cannot dereference %s (`*x` dereferences a reference)", t)
		}
		f.emitABC(vm.OpDeref, dst, r, 0)
		f.free = save
		if t.k == tRef {
			return t.elem
		}
		return unknownT
	case "&":
		if len(rest) > 0 {
			f.c.errorf(op.Pos, "cannot take a reference of this expression")
			return unknownT
		}
		return f.reference(post, op.Mut, dst, op.Pos)
	case "co_await":
		if len(rest) == 0 {
			if fi := f.directAsyncCall(post); fi != nil {
				return f.postfix(post, dst)
			}
		}
		save := f.free
		a := f.window(dst, 1)
		f.prefixed(rest, post, a+vm.FrameHeader)
		f.callNative("__await", a, 1, op.Pos)
		f.finishWindow(a, dst, save)
		f.noteSuspends(op.Pos, "co_await")
		return unknownT
	case "spawn":
		if len(rest) > 0 || len(post.Suffixes) != 1 || post.Suffixes[0].Call == nil {
			f.c.errorf(op.Pos, "spawn takes a function call: `spawn f(args)`")
			return unknownT
		}
		return f.spawn(post, dst, op.Pos)
	}
	return unknownT
}

// directAsyncCall returns the async function a postfix expression calls
// directly (`f(x)` with f an async fn), if it is one.
func (f *funcState) directAsyncCall(post *parser.Postfix) *fnInfo {
	if len(post.Suffixes) != 1 || post.Suffixes[0].Call == nil {
		return nil
	}
	p, ok := post.Primary.(*parser.PathExpr)
	if !ok {
		return nil
	}
	fi := f.staticFn(p.Segments)
	if fi != nil && fi.async {
		return fi
	}
	return nil
}

// spawn compiles `spawn f(args)`: the coroutine is created and queued on
// the current dispatcher; the value is its Deferred.
func (f *funcState) spawn(post *parser.Postfix, dst int, pos parser.Pos) *Type {
	call := post.Suffixes[0].Call
	args := call.Args
	nargs := 1 + len(args)
	if call.Block != nil {
		nargs++
	}
	save := f.free
	a := f.window(dst, nargs)
	f.primary(post.Primary, a+vm.FrameHeader)
	for i, e := range args {
		f.expr(e, a+vm.FrameHeader+1+i)
	}
	if call.Block != nil {
		f.trailingClosure(call.Block, a+vm.FrameHeader+1+len(args))
	}
	f.callNative("__spawn", a, nargs, pos)
	f.finishWindow(a, dst, save)
	return &Type{k: tDeferred}
}

// reference compiles `&x` / `&mut x`.
func (f *funcState) reference(post *parser.Postfix, mut bool, dst int, pos parser.Pos) *Type {
	mutFlag := 0
	if mut {
		mutFlag = 1
	}
	if p, ok := post.Primary.(*parser.PathExpr); ok && len(post.Suffixes) == 0 && len(p.Segments) == 1 {
		name := p.Segments[0]
		v := f.resolveVar(name)
		switch v.kind {
		case varLocal:
			if v.loc.cell {
				if v.loc.scoped {
					mutFlag |= 2
				}
				f.emitABC(vm.OpRefCell, dst, v.loc.reg, mutFlag)
			} else {
				f.emitABC(vm.OpRef, dst, v.loc.reg, mutFlag)
			}
			return &Type{k: tRef, elem: v.loc.typ, mut: mut}
		case varUpval:
			save := f.free
			r := f.tmp()
			f.emitABC(vm.OpGetUpvCell, r, v.up, 0)
			f.emitABC(vm.OpRefCell, dst, r, mutFlag)
			f.free = save
			return &Type{k: tRef, elem: v.cap.typ, mut: mut}
		case varGlobal:
			f.emitABC(vm.OpRefGlobal, dst, v.sym.global, mutFlag)
			return &Type{k: tRef, elem: v.sym.typ, mut: mut}
		}
	}
	// a reference to a temporary: the value is boxed, and the reference
	// keeps the box alive
	t := f.postfix(post, dst)
	f.emitABC(vm.OpNewCell, dst, dst, 0)
	f.emitABC(vm.OpRefCell, dst, dst, mutFlag)
	return &Type{k: tRef, elem: t, mut: mut}
}

// parseIntLit parses an int literal (decimal, 0x, 0b, with _), negated
// when neg (so -9223372036854775808 is in range).
func parseIntLit(s string, neg bool) (int64, error) {
	clean := strings.ReplaceAll(s, "_", "")
	base := 10
	switch {
	case strings.HasPrefix(clean, "0x") || strings.HasPrefix(clean, "0X"):
		base, clean = 16, clean[2:]
	case strings.HasPrefix(clean, "0b") || strings.HasPrefix(clean, "0B"):
		base, clean = 2, clean[2:]
	}
	u, err := strconv.ParseUint(clean, base, 64)
	if err != nil {
		return 0, &litError{s}
	}
	if neg {
		if u > 1<<63 {
			return 0, &litError{"-" + s}
		}
		return int64(-u), nil
	}
	if u > math.MaxInt64 {
		return 0, &litError{s}
	}
	return int64(u), nil
}

type litError struct{ lit string }

func (e *litError) Error() string {
	return "integer literal " + e.lit + " out of range for int (64-bit)"
}
