package jit

import (
	"strings"
	"testing"

	"github.com/cprime-lang/cprime/compiler"
	"github.com/cprime-lang/cprime/stdlib"
	"github.com/cprime-lang/cprime/vm"
)

// TestGeneratedCodeDecodes compiles every function of the test program
// and of the prelude for both architectures (on any host) and decodes all
// of it with x/arch: every byte is a valid instruction, every bytecode
// instruction is listed in order with its native code after it.
func TestGeneratedCodeDecodes(t *testing.T) {
	v := vm.New(vm.Options{VirtualTime: true})
	stdlib.Install(v)
	s := compiler.NewSession(v)
	if err := s.LoadPrelude(stdlib.PreludeName, stdlib.Prelude); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Compile("test.cpr", programSrc); err != nil {
		t.Fatal(err)
	}
	if len(v.Protos) < 20 {
		t.Fatalf("only %d protos", len(v.Protos))
	}
	for _, arch := range []Arch{AMD64, ARM64} {
		for _, p := range v.Protos {
			c, err := Compile(p, v.Protos, arch)
			if err != nil {
				t.Fatal(err)
			}
			text := c.Disasm(v)
			if strings.Contains(text, "??") {
				t.Fatalf("%s %s: undecodable bytes:\n%s", arch, p.Name, text)
			}
			at := 0
			for pc, ins := range p.Code {
				line := vm.DisassembleInstr(v, p, pc, ins)
				i := strings.Index(text[at:], line)
				if i < 0 {
					t.Fatalf("%s %s: pc %d missing or out of order:\n%s", arch, p.Name, pc, text)
				}
				at += i + len(line)
			}
			if p.Name == "fib" && arch == AMD64 && !strings.Contains(text, "cmp ") {
				t.Fatalf("fib's amd64 code has no compare:\n%s", text)
			}
			if p.Name == "fib" && arch == ARM64 && !strings.Contains(text, "CMP ") {
				t.Fatalf("fib's arm64 code has no compare:\n%s", text)
			}
		}
	}
}
