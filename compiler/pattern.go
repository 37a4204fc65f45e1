package compiler

import (
	"math"
	"strconv"
	"strings"

	"github.com/cprime-lang/cprime/parser"
	"github.com/cprime-lang/cprime/vm"
)

// match compiles a match expression: each arm's pattern is a chain of
// tests that jump to the next arm on failure.
func (f *funcState) match(e *parser.MatchExpr, dst int) *Type {
	f.setPos(e.Pos)
	save := f.free
	owned := f.plainLocal(e.Value) == nil
	r, st := f.matchScrutinee(e)
	var ends []int
	t := neverT
	for _, arm := range e.Arms {
		f.setPos(arm.Pos)
		f.pushScope()
		fails := f.patternTest(arm.Pat, r, st, owned)
		if arm.Guard != nil {
			fails = append(fails, f.cond(arm.Guard)...)
		}
		at := f.expr(arm.Body, dst)
		t = mergeTypes(t, at)
		f.popScope()
		ends = append(ends, f.emitJump(vm.OpJmp, 0, 0))
		for _, j := range fails {
			f.patchHere(j)
		}
	}
	f.setPos(e.Pos)
	f.emitABC(vm.OpMatchFail, r, 0, 0)
	for _, j := range ends {
		f.patchHere(j)
	}
	f.free = save
	f.checkExhaustive(e)
	if t.k == tNever {
		return unknownT
	}
	return t
}

// bindIrrefutable binds a destructuring pattern (let, for, parameters);
// a value that does not fit raises MatchError.
func (f *funcState) bindIrrefutable(p *parser.Pattern, src int, typ *Type) {
	for _, a := range p.Alts {
		if v := f.variantOfAlt(a); v != nil && len(v.Union.Variants) > 1 {
			f.c.errorf(p.Pos, "refutable pattern: %s does not match every value; use `if let` or `match`", parser.PrintPattern(p))
			return
		}
	}
	fails := f.patternTest(p, src, typ, true)
	if len(fails) == 0 {
		return
	}
	skip := f.emitJump(vm.OpJmp, 0, 0)
	for _, j := range fails {
		f.patchHere(j)
	}
	f.emitABC(vm.OpMatchFail, src, 0, 0)
	f.patchHere(skip)
}

// patternTest emits the tests of p against register r and binds its
// variables in the current scope; it returns the jumps taken on mismatch.
// owned says r is a temporary the pattern may bind in place.
func (f *funcState) patternTest(p *parser.Pattern, r int, t *Type, owned bool) []int {
	if len(p.Alts) == 1 {
		return f.altTest(p.Alts[0], r, t, owned, nil)
	}
	// or-pattern: every alternative binds the same names, into shared registers
	names := patternBindings(p)
	targets := map[string]int{}
	for _, b := range names {
		targets[b.name] = f.tmp()
	}
	var success, fails []int
	for i, a := range p.Alts {
		fs := f.altTest(a, r, t, false, targets)
		if i < len(p.Alts)-1 {
			success = append(success, f.emitJump(vm.OpJmp, 0, 0))
			for _, j := range fs {
				f.patchHere(j)
			}
		} else {
			fails = fs
		}
	}
	for _, j := range success {
		f.patchHere(j)
	}
	for _, b := range names {
		reg := targets[b.name]
		l := f.declare(b.name, reg, b.mutable, unknownT)
		l.cell = false
		if f.boxed(b.name) {
			f.emitABC(vm.OpNewCell, reg, reg, 0)
			l.cell = true
			f.locals[l.debug].Cell = true
		}
	}
	return fails
}

// bind binds name to the value in register src.
func (f *funcState) bind(name string, mut bool, src int, typ *Type, owned bool, targets map[string]int) {
	if name == "_" {
		return
	}
	if targets != nil {
		if reg, ok := targets[name]; ok {
			f.emitABC(vm.OpMove, reg, src, 0)
		}
		return
	}
	if owned && !mut && !f.boxed(name) && src == f.free-1 {
		f.declare(name, src, false, typ)
		return
	}
	f.declareVar(name, src, mut, typ)
}

func (f *funcState) altTest(a *parser.PatAlt, r int, t *Type, owned bool, targets map[string]int) []int {
	switch {
	case a.Lit != nil:
		return f.litTest(a.Lit, r)
	case a.Tuple != nil:
		n := len(a.Tuple.Elems)
		fails := []int{f.emitJump(vm.OpJNTuple, r, n)}
		for i, e := range a.Tuple.Elems {
			et := unknownT
			if tt := t.deref(); tt.k == tTuple && i < len(tt.elems) {
				et = tt.elems[i]
			}
			x := f.tmp()
			f.emitABC(vm.OpGetTuple, x, r, i)
			fails = append(fails, f.subTest(e, x, et, targets)...)
		}
		return fails
	}
	pp := a.Path
	if pp.At != nil {
		if len(pp.Segments) == 1 {
			f.bind(pp.Segments[0], pp.Mut, r, t, false, targets)
		}
		return f.altTest(pp.At, r, t, owned, targets)
	}
	if pp.Args != nil {
		return f.ctorTest(pp, r, targets)
	}
	if len(pp.Segments) == 1 {
		name := pp.Segments[0]
		switch name {
		case "_":
			return nil
		case "None":
			k := f.valueConst(vm.None)
			return []int{f.emitJump(vm.OpJNEK, r, k)}
		}
		if s := f.c.lookup(name); s != nil && s.kind == symConst && f.resolveVar(name).kind == varGlobal && f.findLocal(name) == nil && isConstName(name) {
			x := f.tmp()
			f.emit(vm.ABx(vm.OpGetGlobal, x, uint32(s.global)))
			return []int{f.emitJump(vm.OpJNEq, r, x)}
		}
		f.bind(name, pp.Mut, r, t, owned, targets)
		return nil
	}
	vr := f.variantOfPath(pp.Segments, pp.Pos)
	if vr == nil {
		return nil
	}
	if vr.Arity != 0 {
		f.c.errorf(pp.Pos, "%s::%s has %d field(s); match them: %s::%s(..)", vr.Union.Name, vr.Name, vr.Arity, vr.Union.Name, vr.Name)
	}
	return []int{f.emitJump(vm.OpJNVariant, r, vr.ID)}
}

// isConstName: ALL_CAPS names in patterns compare against constants.
func isConstName(n string) bool {
	return n == strings.ToUpper(n) && strings.ToLower(n) != n
}

func (f *funcState) subTest(p *parser.Pattern, r int, t *Type, targets map[string]int) []int {
	if targets == nil {
		return f.patternTest(p, r, t, true)
	}
	if len(p.Alts) != 1 {
		f.c.errorf(p.Pos, "nested or-patterns inside an or-pattern are not supported")
		return nil
	}
	return f.altTest(p.Alts[0], r, t, false, targets)
}

// ctorTest tests a constructor pattern: Some(p), Shape::Rect(w, h), ...
func (f *funcState) ctorTest(pp *parser.PathPat, r int, targets map[string]int) []int {
	if len(pp.Segments) == 1 {
		if s := f.c.lookup(pp.Segments[0]); s != nil && s.kind == symFunctional {
			return f.rightsTest(pp, r, targets)
		}
	}
	vr := f.variantOfPath(pp.Segments, pp.Pos)
	if vr == nil {
		return nil
	}
	if len(pp.Args.Elems) != vr.Arity {
		f.c.errorf(pp.Pos, "%s::%s has %d field(s), the pattern has %d", vr.Union.Name, vr.Name, vr.Arity, len(pp.Args.Elems))
		return nil
	}
	fails := []int{f.emitJump(vm.OpJNVariant, r, vr.ID)}
	for i, e := range pp.Args.Elems {
		x := f.tmp()
		f.emitABC(vm.OpGetPayload, x, r, i)
		fails = append(fails, f.subTest(e, x, unknownT, targets)...)
	}
	return fails
}

// variantOfPath resolves a variant named in a pattern.
func (f *funcState) variantOfPath(segs []string, pos parser.Pos) *vm.Variant {
	v := f.lookupVariant(segs)
	if v == nil {
		f.c.errorf(pos, "unknown variant %s", joinPath(segs))
	}
	return v
}

func (f *funcState) lookupVariant(segs []string) *vm.Variant {
	vmm := f.c.vm
	if len(segs) == 1 {
		switch segs[0] {
		case "Some":
			return vmm.SomeV
		case "Ok":
			return vmm.OkV
		case "Err":
			return vmm.ErrV
		case "None":
			return vmm.Option.Variants[1]
		}
		return nil
	}
	if len(segs) != 2 {
		return nil
	}
	if s := f.c.lookup(segs[0]); s != nil && s.kind == symUnion {
		return s.union.u.Variant(segs[1])
	}
	if u := vmm.UnionByName(segs[0]); u != nil {
		return u.Variant(segs[1])
	}
	return nil
}

func (f *funcState) variantOfAlt(a *parser.PatAlt) *vm.Variant {
	if a.Path == nil || a.Path.At != nil {
		return nil
	}
	pp := a.Path
	if pp.Args == nil && len(pp.Segments) == 1 && pp.Segments[0] != "None" {
		return nil
	}
	return f.lookupVariant(pp.Segments)
}

// litTest tests a literal or range pattern.
func (f *funcState) litTest(l *parser.LitPat, r int) []int {
	if l.Op == "" {
		v := l.Value
		if v.Int != nil {
			n, err := parseIntLit(*v.Int, v.Neg)
			if err != nil {
				f.c.errorf(v.Pos, "%v", err)
			}
			if n >= -32768 && n <= 32767 {
				return []int{f.emitJump(vm.OpJNEqI, r, int(n))}
			}
		}
		k := f.patConst(v)
		return []int{f.emitJump(vm.OpJNEK, r, k)}
	}
	// range: fail when r < lo, or r > hi (..=) / r >= hi (..)
	var fails []int
	lo, loOK := f.patInt(l.Value)
	if loOK && lo >= -32768 && lo <= 32767 {
		fails = append(fails, f.emitJump(vm.OpJLtI, r, int(lo)))
	} else {
		x := f.tmp()
		f.loadConst(x, f.patConst(l.Value))
		fails = append(fails, f.emitJump(vm.OpJLt, r, x))
	}
	hi, hiOK := f.patInt(l.End)
	if hiOK && hi >= -32768 && hi <= 32767 {
		if l.Op == "..=" {
			fails = append(fails, f.emitJump(vm.OpJGtI, r, int(hi)))
		} else {
			fails = append(fails, f.emitJump(vm.OpJGeI, r, int(hi)))
		}
	} else {
		x := f.tmp()
		f.loadConst(x, f.patConst(l.End))
		if l.Op == "..=" {
			fails = append(fails, f.emitJump(vm.OpJLt, x, r))
		} else {
			fails = append(fails, f.emitJump(vm.OpJLe, x, r))
		}
	}
	return fails
}

func (f *funcState) patInt(v *parser.PatLiteral) (int64, bool) {
	if v.Int == nil {
		return 0, false
	}
	n, err := parseIntLit(*v.Int, v.Neg)
	return n, err == nil
}

// patConst returns the constant index of a pattern literal.
func (f *funcState) patConst(v *parser.PatLiteral) int {
	switch {
	case v.Int != nil:
		n, _ := parseIntLit(*v.Int, v.Neg)
		return f.constant(intKey(n), func() vm.Value { return f.c.vm.Pin(f.c.vm.Main.Int(n)) })
	case v.Float != nil:
		x, _ := strconv.ParseFloat(strings.ReplaceAll(*v.Float, "_", ""), 64)
		if v.Neg {
			x = -x
		}
		return f.constant(floatKey(math.Float64bits(x)), func() vm.Value { return vm.FloatValue(x) })
	case v.Bool != nil:
		return f.valueConst(vm.Bool(*v.Bool == "true"))
	case v.Raw != nil:
		return f.stringConst(*v.Raw)
	case v.Str != nil:
		s := ""
		for _, p := range v.Str.Parts {
			if p.Text == nil {
				f.c.errorf(v.Pos, "a string pattern cannot interpolate")
				continue
			}
			s += *p.Text
		}
		return f.stringConst(s)
	}
	return f.valueConst(vm.Unit)
}

// checkExhaustive reports a match over a union that misses a case. It
// runs the classic usefulness algorithm over the arms without guards, so
// nested patterns count (Ok(Some(_)), Ok(None), Err(_) is exhaustive), and
// it names a missing case (`non-exhaustive match: missing Ok(None)`).
func (f *funcState) checkExhaustive(e *parser.MatchExpr) {
	var rows [][]*spat
	for _, arm := range e.Arms {
		if arm.Guard != nil {
			continue
		}
		for _, a := range arm.Pat.Alts {
			rows = append(rows, []*spat{f.simplify(a)})
		}
	}
	witness, ok := exhaustive(rows, 1)
	if ok || len(witness) == 0 || !strings.ContainsAny(witness[0], "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
		return // complete, or only literal cases are missing (a run-time MatchError)
	}
	f.c.errorf(e.Pos, "non-exhaustive match: missing %s", witness[0])
}

// spat is a pattern reduced to what exhaustiveness needs.
type spat struct {
	kind    uint8 // spWild, spCtor, spTuple, spBool, spLit
	variant *vm.Variant
	args    []*spat
	b       bool
}

const (
	spWild uint8 = iota
	spCtor
	spTuple
	spBool
	spLit
)

func (f *funcState) simplify(a *parser.PatAlt) *spat {
	switch {
	case a.Lit != nil:
		if a.Lit.Op == "" && a.Lit.Value.Bool != nil {
			return &spat{kind: spBool, b: *a.Lit.Value.Bool == "true"}
		}
		return &spat{kind: spLit}
	case a.Tuple != nil:
		t := &spat{kind: spTuple}
		for _, e := range a.Tuple.Elems {
			t.args = append(t.args, f.simplifyPattern(e))
		}
		return t
	}
	pp := a.Path
	if pp.At != nil {
		return f.simplify(pp.At)
	}
	if len(pp.Segments) == 1 && pp.Args == nil && pp.Segments[0] != "None" {
		if isConstName(pp.Segments[0]) {
			return &spat{kind: spLit}
		}
		return &spat{kind: spWild}
	}
	if pp.Args != nil && len(pp.Segments) == 1 {
		if s := f.c.lookup(pp.Segments[0]); s != nil && s.kind == symFunctional {
			return &spat{kind: spLit} // a rights pattern: never complete on its own
		}
	}
	v := f.lookupVariant(pp.Segments)
	if v == nil {
		return &spat{kind: spLit}
	}
	c := &spat{kind: spCtor, variant: v}
	if pp.Args != nil {
		for _, e := range pp.Args.Elems {
			c.args = append(c.args, f.simplifyPattern(e))
		}
	}
	for len(c.args) < v.Arity {
		c.args = append(c.args, &spat{kind: spWild})
	}
	return c
}

// simplifyPattern reduces a nested pattern; an or-pattern inside is only
// complete here if one of its alternatives is a wildcard.
func (f *funcState) simplifyPattern(p *parser.Pattern) *spat {
	if len(p.Alts) == 1 {
		return f.simplify(p.Alts[0])
	}
	for _, a := range p.Alts {
		if s := f.simplify(a); s.kind == spWild {
			return s
		}
	}
	return &spat{kind: spLit}
}

var wild = &spat{kind: spWild}

// exhaustive reports whether the rows cover every value of width columns;
// if not it returns a witness (one string per column) of a missing case.
func exhaustive(rows [][]*spat, width int) ([]string, bool) {
	if width == 0 {
		return nil, len(rows) > 0
	}
	var union *vm.UnionType
	tupleArity, hasBool := -1, false
	for _, r := range rows {
		switch r[0].kind {
		case spCtor:
			union = r[0].variant.Union
		case spTuple:
			tupleArity = len(r[0].args)
		case spBool:
			hasBool = true
		}
	}
	specialize := func(match func(p *spat) bool, arity int) [][]*spat {
		var out [][]*spat
		for _, r := range rows {
			p := r[0]
			var head []*spat
			switch {
			case p.kind == spWild:
				for i := 0; i < arity; i++ {
					head = append(head, wild)
				}
			case match(p):
				head = p.args
			default:
				continue
			}
			out = append(out, append(append([]*spat{}, head...), r[1:]...))
		}
		return out
	}
	switch {
	case union != nil:
		for _, v := range union.Variants {
			v := v
			spec := specialize(func(p *spat) bool { return p.kind == spCtor && p.variant == v }, v.Arity)
			if w, ok := exhaustive(spec, v.Arity+width-1); !ok {
				name := v.Name
				if union.Qualified {
					name = union.Name + "::" + v.Name
				}
				if v.Arity > 0 {
					name += "(" + strings.Join(w[:v.Arity], ", ") + ")"
				}
				return append([]string{name}, w[v.Arity:]...), false
			}
		}
		return nil, true
	case tupleArity >= 0:
		spec := specialize(func(p *spat) bool { return p.kind == spTuple && len(p.args) == tupleArity }, tupleArity)
		if w, ok := exhaustive(spec, tupleArity+width-1); !ok {
			return append([]string{"(" + strings.Join(w[:tupleArity], ", ") + ")"}, w[tupleArity:]...), false
		}
		return nil, true
	case hasBool:
		for _, b := range []bool{true, false} {
			b := b
			spec := specialize(func(p *spat) bool { return p.kind == spBool && p.b == b }, 0)
			if w, ok := exhaustive(spec, width-1); !ok {
				return append([]string{strconv.FormatBool(b)}, w...), false
			}
		}
		return nil, true
	}
	var def [][]*spat
	for _, r := range rows {
		if r[0].kind == spWild {
			def = append(def, r[1:])
		}
	}
	if w, ok := exhaustive(def, width-1); !ok {
		return append([]string{"_"}, w...), false
	}
	return nil, true
}

// irrefutable reports a pattern that matches every value.
func irrefutable(a *parser.PatAlt) bool {
	switch {
	case a.Path != nil:
		pp := a.Path
		if pp.At != nil {
			return irrefutable(pp.At)
		}
		return pp.Args == nil && len(pp.Segments) == 1 && pp.Segments[0] != "None" && !isConstName(pp.Segments[0])
	}
	return false
}
