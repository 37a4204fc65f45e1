package vm

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// TestOpcodeTable checks every opcode has a complete table entry (its
// operand kinds matching its format, which is what the verifier, the
// disassembler and engines read) and a case in the dispatch switch.
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
	vm := New(Options{})
	for op := Opcode(0); op < NumOpcodes; op++ {
		name := opConstName(op)
		info := Opcodes[op]
		if !handled[name] {
			t.Errorf("%s (%s) has no case in the dispatch switch", name, info.Name)
		}
		_, n := ABC(op, 0, 0, 0).Fields()
		for i, k := range info.Operands {
			if (i < n) != (k != OpndNone) {
				t.Errorf("%s: operand kinds %v do not fit its format's %d fields", info.Name, info.Operands, n)
				break
			}
			if k == OpndRegs && vm.regsLen(ABC(op, 0, 0, 0)) < 0 {
				t.Errorf("%s has a register span the verifier cannot size (regsLen)", info.Name)
			}
		}
	}
}

// TestOperandKindsDriveTheVerifier checks the verifier by the table: an
// out-of-range operand of each kind is refused.
func TestOperandKindsDriveTheVerifier(t *testing.T) {
	vm := New(Options{})
	cases := []struct {
		ins  Instr
		want string
	}{
		{ABC(OpMove, 0, 9, 0), "register 9"},
		{ABx(OpLoadK, 0, 5), "constant 5"},
		{ABC(OpGetField, 0, 1, 60000), "symbol 60000"},
		{ABC(OpCallN, 0, 0, 60000), "native 60000"},
		{ABC(OpCallK, 0, 0, 60000), "function 60000"},
		{ABx(OpGetGlobal, 0, 60000), "global 60000"},
		{ABC(OpGetUpv, 0, 3, 0), "captured cell 3"},
		{ABC(OpNewInst, 0, 60000, 0), "class 60000"},
		{ABsJ(OpJNVariant, 0, 60000, 0), "variant 60000"},
		{ABsJ(OpJLtI, 0, 0, 100), "jump to"},
		{ABC(OpCall, 0, 2, 0), "register 4"},
		{ABC(OpNewVec, 0, 0, 5), "register 4"},
	}
	for _, c := range cases {
		p := &Proto{Name: "f", NumRegs: 4, Code: []Instr{c.ins, ABC(OpRetUnit, 0, 0, 0)}, Lines: []int32{1, 1}}
		err := vm.verify(p)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: verify says %v, want an error about %s", DisassembleInstr(vm, p, 0, c.ins), err, c.want)
		}
	}
}

// TestExitsCoverLeavingOpcodes checks that every engine that compiles
// code names an exit code for every opcode the table marks as leaving,
// and only for those.
func TestExitsCoverLeavingOpcodes(t *testing.T) {
	for _, e := range Engines() {
		lb, ok := e.(LeavesBy)
		if !ok {
			t.Errorf("engine %s does not say how it leaves (LeavesBy)", e.Name())
			continue
		}
		for op := Opcode(0); op < NumOpcodes; op++ {
			x, leaves := lb.ExitFor(op)
			switch {
			case Opcodes[op].Leaves && !leaves:
				t.Errorf("%s: %s may leave the engine but has no exit code", e.Name(), Opcodes[op].Name)
			case !Opcodes[op].Leaves && leaves:
				t.Errorf("%s: %s leaves with %v but the table says it never leaves", e.Name(), Opcodes[op].Name, x)
			case leaves && (x == ExitDone || x >= NumExits):
				t.Errorf("%s: %s leaves with %v, not an exit the loop handles", e.Name(), Opcodes[op].Name, x)
			}
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
