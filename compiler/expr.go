package compiler

import (
	"math"
	"strconv"
	"strings"

	"github.com/cprime-lang/cprime/parser"
	"github.com/cprime-lang/cprime/vm"
)

// binNode is a binary-operator tree built from a flat Binary chain.
type binNode struct {
	op          string
	left, right *binNode
	leaf        *parser.Unary
	pos         parser.Pos
	// For a + node: whether its chain was analysed (by it or by the +
	// node it is the left operand of), and whether it compiles as one
	// ADDN. Analysing each chain once keeps 1 + 1 + ... linear.
	chainSeen, addN bool
}

func precedence(op string) int {
	switch op {
	case "..", "..=":
		return 1
	case "||":
		return 2
	case "&&":
		return 3
	case "==", "!=", "<", "<=", ">", ">=":
		return 4
	case "+", "-":
		return 5
	case "*", "/", "%":
		return 6
	}
	return 0
}

// tree applies precedence (all binary operators group from the left).
func tree(b *parser.Binary) *binNode {
	operands := []*binNode{{leaf: b.Head, pos: b.Head.Pos}}
	var ops []*parser.BinOp
	reduce := func() {
		op := ops[len(ops)-1]
		ops = ops[:len(ops)-1]
		r := operands[len(operands)-1]
		l := operands[len(operands)-2]
		operands = operands[:len(operands)-2]
		operands = append(operands, &binNode{op: op.Op, left: l, right: r, pos: op.Pos})
	}
	for _, t := range b.Tail {
		for len(ops) > 0 && precedence(ops[len(ops)-1].Op) >= precedence(t.Op) {
			reduce()
		}
		ops = append(ops, t)
		operands = append(operands, &binNode{leaf: t.Right, pos: t.Right.Pos})
	}
	for len(ops) > 0 {
		reduce()
	}
	return operands[0]
}

// expr compiles e into register dst and returns its static type.
func (f *funcState) expr(e *parser.Expr, dst int) *Type {
	f.setPos(e.Pos)
	if e.Op != "" {
		f.assign(e)
		f.emitABC(vm.OpLoadUnit, dst, 0, 0)
		return unitT
	}
	return f.binary(tree(e.Left), dst)
}

// exprReg compiles e and returns a register holding its value: a plain
// local's own register when e is just that variable, else a new temporary.
func (f *funcState) exprReg(e *parser.Expr) (int, *Type) {
	if l := f.plainLocal(e); l != nil {
		return l.reg, l.typ
	}
	r := f.tmp()
	t := f.expr(e, r)
	return r, t
}

// plainLocal returns the local a bare variable expression names (not a
// cell), or nil.
func (f *funcState) plainLocal(e *parser.Expr) *local {
	if e.Op != "" || len(e.Left.Tail) > 0 {
		return nil
	}
	return f.plainLocalUnary(e.Left.Head)
}

func (f *funcState) plainLocalUnary(u *parser.Unary) *local {
	if len(u.Prefix) > 0 || len(u.Casts) > 0 || len(u.Value.Suffixes) > 0 {
		return nil
	}
	p, ok := u.Value.Primary.(*parser.PathExpr)
	if !ok || len(p.Segments) != 1 || p.Turbofish != nil {
		return nil
	}
	l := f.findLocal(p.Segments[0])
	if l == nil || l.cell {
		return nil
	}
	return l
}

func (f *funcState) nodeReg(n *binNode) (int, *Type) {
	if n.leaf != nil {
		if l := f.plainLocalUnary(n.leaf); l != nil {
			return l.reg, l.typ
		}
	}
	r := f.tmp()
	t := f.binary(n, r)
	return r, t
}

// smallIntLeaf returns the value of an int literal operand that fits an
// instruction's 16-bit immediate.
func smallIntLeaf(n *binNode) (int64, bool) {
	if n.leaf == nil {
		return 0, false
	}
	v, ok := intLiteral(n.leaf)
	if !ok || v < -32768 || v > 32767 {
		return 0, false
	}
	return v, true
}

// maxAddN bounds the operands one ADDN takes: a longer chain folds its
// first maxAddN operands, and the walk below stays constant per node
// (unbounded, compiling a long chain was quadratic).
const maxAddN = 32

// addChain lists the operands of a left-associated chain a + b + c ...,
// or nil when it has more than maxAddN.
func addChain(n *binNode) []*binNode {
	var ops []*binNode
	for n.leaf == nil && n.op == "+" {
		if len(ops) == maxAddN {
			return nil
		}
		ops = append(ops, n.right)
		n = n.left
	}
	ops = append(ops, n)
	for i, j := 0, len(ops)-1; i < j; i, j = i+1, j-1 {
		ops[i], ops[j] = ops[j], ops[i]
	}
	return ops
}

// markAddChains decides, for the + node n and every + node down its
// left spine (each the head of a shorter chain), whether that chain is
// worth an ADDN (foldable: at least three operands, each a literal, a
// name, or a string whose interpolations are names; one of them a
// string). One pass over the chain, so a long flat sum compiles in
// linear time.
func markAddChains(n *binNode) {
	ops := addChain(n) // operands, leftmost first
	spine := make([]*binNode, 0, len(ops)-1)
	for m := n; m.leaf == nil && m.op == "+"; m = m.left {
		spine = append(spine, m)
	}
	// the node at depth d heads the chain of the first len(ops)-d operands
	simple, str := true, false
	for k := 1; k <= len(ops); k++ {
		s, isStr := addOperand(ops[k-1])
		simple, str = simple && s, str || isStr
		if d := len(ops) - k; d < len(spine) {
			spine[d].chainSeen = true
			spine[d].addN = k >= 3 && simple && str
		}
	}
}

// addOperand reports whether an operand may be part of an ADDN, and
// whether it is a string.
func addOperand(o *binNode) (simple, str bool) {
	u := o.leaf
	if u == nil || len(u.Casts) > 0 || len(u.Value.Suffixes) > 0 || len(u.Prefix) > 0 {
		return false, false
	}
	switch p := u.Value.Primary.(type) {
	case *parser.Literal:
	case *parser.PathExpr:
		if len(p.Segments) != 1 {
			return false, false
		}
	case *parser.StringLit:
		for _, part := range p.Parts {
			if part.Expr != nil && !isName(part.Expr) {
				return false, false
			}
		}
		return true, true
	default:
		return false, false
	}
	return true, false
}

// isName reports an expression that is just a name (`${x}`).
func isName(e *parser.Expr) bool {
	if e.Op != "" || e.Left == nil || len(e.Left.Tail) > 0 {
		return false
	}
	u := e.Left.Head
	if len(u.Prefix) > 0 || len(u.Casts) > 0 || len(u.Value.Suffixes) > 0 {
		return false
	}
	p, ok := u.Value.Primary.(*parser.PathExpr)
	return ok && len(p.Segments) == 1
}

// constOperand recognises an arithmetic operator whose right operand is
// a literal that the K form of the operator can take from the constant
// table: an int too big for the immediate form, a float, or (for +) a
// string without interpolation. It returns the constant's index.
func (f *funcState) constOperand(n *binNode) (int, *Type, bool) {
	switch n.op {
	case "+", "-", "*", "/", "%":
	default:
		return 0, nil, false
	}
	if n.right.leaf == nil {
		return 0, nil, false
	}
	u := n.right.leaf
	var k int
	var t *Type
	if v, ok := intLiteral(u); ok {
		k, t = f.constant(intKey(v), func() vm.Value { return f.c.vm.Pin(f.c.vm.Main.Int(v)) }), intT
	} else if x, ok := floatLiteral(u); ok {
		k, t = f.constant(floatKey(math.Float64bits(x)), func() vm.Value { return vm.FloatValue(x) }), floatT
	} else if s, ok := plainString(u); ok && n.op == "+" {
		k, t = f.stringConst(s), stringT
	} else {
		return 0, nil, false
	}
	if k > 0xFFFF {
		return 0, nil, false
	}
	return k, t, true
}

// floatLiteral recognises an (optionally negated) float literal.
func floatLiteral(u *parser.Unary) (float64, bool) {
	if len(u.Casts) > 0 || len(u.Value.Suffixes) > 0 {
		return 0, false
	}
	lit, ok := u.Value.Primary.(*parser.Literal)
	if !ok || lit.Float == nil {
		return 0, false
	}
	x, err := strconv.ParseFloat(strings.ReplaceAll(*lit.Float, "_", ""), 64)
	if err != nil {
		return 0, false
	}
	for _, p := range u.Prefix {
		if p.Op != "-" {
			return 0, false
		}
		x = -x
	}
	return x, true
}

// plainString recognises a string literal without interpolation.
func plainString(u *parser.Unary) (string, bool) {
	if len(u.Casts) > 0 || len(u.Value.Suffixes) > 0 || len(u.Prefix) > 0 {
		return "", false
	}
	lit, ok := u.Value.Primary.(*parser.StringLit)
	if !ok {
		return "", false
	}
	var b strings.Builder
	for _, p := range lit.Parts {
		if p.Text == nil {
			return "", false
		}
		b.WriteString(*p.Text)
	}
	return b.String(), true
}

// intLiteral recognises an (optionally negated) int literal.
func intLiteral(u *parser.Unary) (int64, bool) {
	if len(u.Casts) > 0 || len(u.Value.Suffixes) > 0 {
		return 0, false
	}
	lit, ok := u.Value.Primary.(*parser.Literal)
	if !ok || lit.Int == nil {
		return 0, false
	}
	neg := false
	for _, p := range u.Prefix {
		if p.Op != "-" {
			return 0, false
		}
		neg = !neg
	}
	v, err := parseIntLit(*lit.Int, neg)
	if err != nil {
		return 0, false
	}
	return v, true
}

func (f *funcState) binary(n *binNode, dst int) *Type {
	if n.leaf != nil {
		return f.unary(n.leaf, dst)
	}
	f.setPos(n.pos)
	switch n.op {
	case "&&", "||":
		lt := f.binary(n.left, dst)
		f.checkBool(lt, n.left.pos, "operand of `"+n.op+"`")
		op := vm.OpJFalse
		if n.op == "||" {
			op = vm.OpJTrue
		}
		j := f.emitJump(op, dst, 0)
		rt := f.binary(n.right, dst)
		f.checkBool(rt, n.right.pos, "operand of `"+n.op+"`")
		f.patchHere(j)
		return boolT
	case "..", "..=":
		save := f.free
		a, at := f.nodeReg(n.left)
		b, bt := f.nodeReg(n.right)
		f.checkIntOperand(at, n.left.pos)
		f.checkIntOperand(bt, n.right.pos)
		op := vm.OpRange
		if n.op == "..=" {
			op = vm.OpRangeInc
		}
		f.emitABC(op, dst, a, b)
		f.free = save
		return rangeT
	}
	save := f.free
	if n.op == "+" && !n.chainSeen {
		markAddChains(n)
	}
	if n.addN {
		ops := addChain(n)
		// a chain of + with a string in it: one ADDN (one copy of the
		// growing string instead of one per operand). Its operands are
		// literals and variables only, so evaluating them all first can
		// neither fail nor reorder side effects.
		base := f.alloc(len(ops))
		ts := make([]*Type, len(ops))
		for i, o := range ops {
			ts[i] = f.binary(o, base+i)
		}
		f.emitABC(vm.OpAddN, dst, base, len(ops))
		f.free = save
		t := ts[0]
		for i := 1; i < len(ts); i++ {
			t = f.arithType("+", t, ts[i], n.pos)
		}
		return t
	}
	if imm, ok := smallIntLeaf(n.right); ok && imm > -32768 {
		var op vm.Opcode
		switch {
		case n.op == "+" || n.op == "-":
			op = vm.OpAddI
			if n.op == "-" {
				imm = -imm
			}
		case n.op == "*":
			op = vm.OpMulI
		case (n.op == "/" || n.op == "%") && imm != 0:
			op = map[string]vm.Opcode{"/": vm.OpDivI, "%": vm.OpModI}[n.op]
		}
		if op != 0 {
			a, at := f.nodeReg(n.left)
			f.emitABC(op, dst, a, int(imm))
			f.free = save
			return f.arithType(n.op, at, intT, n.pos)
		}
	}
	if k, kt, ok := f.constOperand(n); ok {
		op := map[string]vm.Opcode{"+": vm.OpAddK, "-": vm.OpSubK, "*": vm.OpMulK, "/": vm.OpDivK, "%": vm.OpModK}[n.op]
		a, at := f.nodeReg(n.left)
		f.emitABC(op, dst, a, k)
		f.free = save
		return f.arithType(n.op, at, kt, n.pos)
	}
	a, at := f.nodeReg(n.left)
	b, bt := f.nodeReg(n.right)
	f.free = save
	switch n.op {
	case "+", "-", "*", "/", "%":
		op := map[string]vm.Opcode{"+": vm.OpAdd, "-": vm.OpSub, "*": vm.OpMul, "/": vm.OpDiv, "%": vm.OpMod}[n.op]
		f.emitABC(op, dst, a, b)
		return f.arithType(n.op, at, bt, n.pos)
	case "==":
		f.emitABC(vm.OpEq, dst, a, b)
	case "!=":
		f.emitABC(vm.OpNe, dst, a, b)
	case "<":
		f.checkOrdered(at, bt, n.pos)
		f.emitABC(vm.OpLt, dst, a, b)
	case "<=":
		f.checkOrdered(at, bt, n.pos)
		f.emitABC(vm.OpLe, dst, a, b)
	case ">":
		f.checkOrdered(at, bt, n.pos)
		f.emitABC(vm.OpLt, dst, b, a)
	case ">=":
		f.checkOrdered(at, bt, n.pos)
		f.emitABC(vm.OpLe, dst, b, a)
	}
	return boolT
}

// arithType is the static result of an arithmetic operator, reporting
// operand types that can never work.
func (f *funcState) arithType(op string, a, b *Type, pos parser.Pos) *Type {
	if !a.known() || !b.known() {
		if op == "+" && a.k == tString {
			return stringT
		}
		return unknownT
	}
	num := func(t *Type) bool { return t.k == tInt || t.k == tFloat }
	switch {
	case num(a) && num(b):
		if a.k == tFloat || b.k == tFloat {
			return floatT
		}
		return intT
	case op == "+" && a.k == tString:
		return stringT
	case op == "+" && a.k == tVec && b.k == tVec:
		return vecT
	}
	if a.k == tRef || b.k == tRef {
		return unknownT
	}
	f.c.errorf(pos, "cannot apply `%s` to %s and %s", op, a, b)
	return unknownT
}

func (f *funcState) checkOrdered(a, b *Type, pos parser.Pos) {
	if !a.known() || !b.known() {
		return
	}
	num := func(t *Type) bool { return t.k == tInt || t.k == tFloat }
	if (num(a) && num(b)) || (a.k == tString && b.k == tString) {
		return
	}
	f.c.errorf(pos, "cannot compare %s with %s", a, b)
}

func (f *funcState) checkBool(t *Type, pos parser.Pos, what string) {
	if t.known() && t.k != tBool {
		f.c.errorf(pos, "%s must be bool, found %s", what, t)
	}
}

func (f *funcState) checkIntOperand(t *Type, pos parser.Pos) {
	if t.known() && t.k != tInt {
		f.c.errorf(pos, "range bounds must be int, found %s", t)
	}
}
