package vm

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// TestOpcodeTable checks every opcode has a complete table entry, a case
// in the dispatch switch, and a rule in the verifier.
func TestOpcodeTable(t *testing.T) {
	names := map[string]bool{}
	for op := Opcode(0); op < NumOpcodes; op++ {
		info := Opcodes[op]
		if info.Name == "" || info.Doc == "" {
			t.Errorf("opcode %d has no table entry", op)
			continue
		}
		if names[info.Name] {
			t.Errorf("opcode name %s used twice", info.Name)
		}
		names[info.Name] = true
	}
	// step runs every instruction in full; execute's inline cases are
	// fast paths of some of them, each of which must fall back to step
	handled := casesIn(t, "interp_slow.go", "step")
	for name := range casesIn(t, "interp.go", "execute") {
		if strings.HasPrefix(name, "Op") && !handled[name] {
			t.Errorf("%s is run inline by execute but has no case in step", name)
		}
	}
	verified := casesIn(t, "verify.go", "verify")
	for op := Opcode(0); op < NumOpcodes; op++ {
		name := opConstName(op)
		if !handled[name] {
			t.Errorf("%s (%s) has no case in the dispatch switch", name, Opcodes[op].Name)
		}
		if !verified[name] {
			t.Errorf("%s (%s) has no rule in the verifier", name, Opcodes[op].Name)
		}
	}
}

// opConstName maps an opcode to the name of its Go constant, read from opcode.go.
var opConstNames map[Opcode]string

func opConstName(op Opcode) string { return opConstNames[op] }

func init() {
	opConstNames = map[Opcode]string{}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "opcode.go", nil, 0)
	if err != nil {
		panic(err)
	}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		i := 0
		isOps := false
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for _, n := range vs.Names {
				if n.Name == "OpNop" {
					isOps = true
				}
				if isOps && n.Name != "NumOpcodes" {
					opConstNames[Opcode(i)] = n.Name
				}
				i++
			}
		}
	}
}

// casesIn collects the identifiers used as switch cases in a function.
func casesIn(t *testing.T, file, fn string) map[string]bool {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Name.Name != fn {
			continue
		}
		ast.Inspect(fd, func(n ast.Node) bool {
			if cc, ok := n.(*ast.CaseClause); ok {
				for _, e := range cc.List {
					if id, ok := e.(*ast.Ident); ok {
						out[id.Name] = true
					}
				}
			}
			return true
		})
	}
	return out
}

func TestInstructionEncoding(t *testing.T) {
	cases := []struct{ a, b, c int }{{0, 0, 0}, {1, 2, 3}, {0xFFFF, 0xFFFF, 0xFFFF}, {300, 40000, 7}}
	for _, c := range cases {
		i := ABC(OpAdd, c.a, c.b, c.c)
		if i.Op() != OpAdd || i.A() != c.a || i.B() != c.b || i.C() != c.c {
			t.Errorf("ABC(%v) decoded to %d %d %d", c, i.A(), i.B(), i.C())
		}
	}
	for _, sj := range []int32{0, 1, -1, 12345, -12345, MaxSJ, -MaxSJ} {
		i := ABsJ(OpJLt, 7, 9, sj)
		if i.A() != 7 || i.B() != 9 || i.SJ() != int(sj) {
			t.Errorf("ABsJ sJ %d decoded to %d", sj, i.SJ())
		}
		if got := ABsJ(OpJLt, 1, 2, 0).WithSJ(sj).SJ(); got != int(sj) {
			t.Errorf("WithSJ(%d) = %d", sj, got)
		}
	}
	for _, x := range []int32{0, 5, -5, 1 << 30, -(1 << 30)} {
		if got := AsBx(OpLoadI, 3, x).SBx(); got != int(x) {
			t.Errorf("sBx %d decoded to %d", x, got)
		}
	}
	if got := ABC(OpAddI, 1, 2, -3&0xFFFF).SC(); got != -3 {
		t.Errorf("sC = %d", got)
	}
}
