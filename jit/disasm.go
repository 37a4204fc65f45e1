package jit

import (
	"fmt"
	"strings"

	"golang.org/x/arch/arm64/arm64asm"
	"golang.org/x/arch/x86/x86asm"

	"github.com/cprime-lang/cprime/vm"
)

// Disasm renders c's machine code interleaved with its bytecode: the
// prologue, then each bytecode instruction followed by its native code,
// then the exit stubs; offsets are from the function's start. It is what
// `cprime disasm --native` is meant to print (Func.Disasm decodes the live
// arena instead of c.Bytes).
func (c *Code) Disasm(v *vm.VM) string { return disasm(v, c, c.Bytes) }

// Disasm renders the function as Code.Disasm does, decoding the bytes in
// its sealed arena.
func (f *Func) Disasm(v *vm.VM) string { return disasm(v, f.Code, f.bytes()) }

func disasm(v *vm.VM, c *Code, code []byte) string {
	var b strings.Builder
	fmt.Fprintf(&b, "native %s (%s) %d bytes, %d of %d instructions inline\n",
		c.Proto.Name, c.Arch, len(code), countTrue(c.Inline), len(c.Inline))
	b.WriteString("  prologue\n")
	decodeRange(&b, c.Arch, code, 0, int(c.Entry[0]))
	for pc, ins := range c.Proto.Code {
		end := c.BodyEnd
		if pc+1 < len(c.Entry) {
			end = int(c.Entry[pc+1])
		}
		b.WriteString(vm.DisassembleInstr(v, c.Proto, pc, ins))
		if !c.Inline[pc] {
			b.WriteString("   (exits)")
		}
		b.WriteByte('\n')
		decodeRange(&b, c.Arch, code, int(c.Entry[pc]), end)
	}
	b.WriteString("  exits\n")
	decodeRange(&b, c.Arch, code, c.BodyEnd, len(code))
	return b.String()
}

// decodeRange prints the instructions in code[from:to], one a line.
func decodeRange(b *strings.Builder, arch Arch, code []byte, from, to int) {
	for at := from; at < to; {
		text, n := decodeOne(arch, code[at:to], at)
		fmt.Fprintf(b, "        %6x  %s\n", at, text)
		at += n
	}
}

// decodeOne decodes the instruction at the start of code (at its offset
// pc in the function, for jump targets).
func decodeOne(arch Arch, code []byte, pc int) (string, int) {
	if arch == AMD64 {
		inst, err := x86asm.Decode(code, 64)
		if err != nil {
			return fmt.Sprintf("?? %02x", code[0]), 1
		}
		return x86asm.IntelSyntax(inst, uint64(pc), nil), inst.Len
	}
	if len(code) < 4 {
		return fmt.Sprintf("?? % x", code), len(code)
	}
	inst, err := arm64asm.Decode(code)
	if err != nil {
		return fmt.Sprintf("?? %08x", uint32(code[0])|uint32(code[1])<<8|uint32(code[2])<<16|uint32(code[3])<<24), 4
	}
	return inst.String(), 4
}

func countTrue(xs []bool) int {
	n := 0
	for _, x := range xs {
		if x {
			n++
		}
	}
	return n
}
