package compiler

import (
	"math"

	"github.com/cprime-lang/cprime/parser"
	"github.com/cprime-lang/cprime/vm"
)

// funcState is the code generator of one function (or closure, or main chunk).
type funcState struct {
	c      *compiler
	parent *funcState
	fi     *fnInfo
	proto  *vm.Proto
	name   string

	code   []vm.Instr
	lines  []int32
	consts []vm.Value
	kmap   map[any]int

	nregs int // registers used at most
	free  int // first free register

	scope    *scope
	captures []*capInfo
	loops    []*loopInfo
	regions  []*region
	locals   []vm.LocalVar

	isMain     bool
	async      bool // declared async, or a closure found to suspend
	suspends   bool // contains a suspension (yield, a call to an async function)
	captured   map[string]bool
	refTaken   map[string]bool // names `&x` takes (scoperefs.go)
	scopedRegs []int           // registers of the scoped variables declared so far
	// resultLocals: locals that only ever hold resume results nobody else
	// sees (resumeresult.go)
	resultLocals map[string]bool
	line         int

	visible   map[string]*symbol // main chunk: the top-level lets declared so far
	selfClass *classInfo         // the class of self in a method
	accessor  string             // functional class (or class) whose code this is, for access rights
	retType   *Type
}

type scope struct {
	parent *scope
	vars   []*local
	free   int // register to restore at scope end
	top    bool
	root   bool // a function's body (scoperefs.go)
}

type local struct {
	name    string
	reg     int
	mutable bool
	cell    bool // the register holds a cell (the variable is captured)
	scoped  bool // block-scoped with its address taken (scoperefs.go)
	typ     *Type
	debug   int // index in funcState.locals
	global  int // >= 0: a top-level let of the main chunk (a global)
}

type capInfo struct {
	name     string
	fromCell bool
	index    int
	mutable  bool
	typ      *Type
}

type loopInfo struct {
	scope       *scope // the scope the loop is in (break and continue end the ones inside)
	label       string
	breaks      []int
	continues   []int
	result      int // register for `break value`, -1 if none
	regionDepth int
	isLoop      bool // `loop` (may break with a value)
}

// region is a protected range of code: a catch region (errors jump to
// the catch clauses) or a finally region (finally blocks and defers, whose
// body is also emitted inline on every normal exit from the range).
type region struct {
	finally bool
	start   int // start of the open range, or -1 while suspended
	ranges  [][2]int
	body    func() // emits the finally body
}

func newFuncState(c *compiler, parent *funcState, name string) *funcState {
	f := &funcState{c: c, parent: parent, name: name, kmap: map[any]int{}}
	f.proto = &vm.Proto{Name: name, File: c.file}
	f.scope = &scope{top: true}
	return f
}

// ---------------------------------------------------------------- emission

func (f *funcState) setPos(p parser.Pos) {
	if p.Line > 0 {
		f.line = p.Line
	}
}

func (f *funcState) emit(i vm.Instr) int {
	f.code = append(f.code, i)
	f.lines = append(f.lines, int32(f.line))
	return len(f.code) - 1
}

func (f *funcState) pc() int { return len(f.code) }

func (f *funcState) emitABC(op vm.Opcode, a, b, c int) int { return f.emit(vm.ABC(op, a, b, c)) }

// emitJump emits a jump-type instruction with a placeholder offset.
func (f *funcState) emitJump(op vm.Opcode, a, b int) int {
	switch vm.Opcodes[op].Format {
	case vm.FmtABsJ, vm.FmtAsJ:
		return f.emit(vm.ABsJ(op, a, b, 0))
	default:
		return f.emit(vm.AsBx(op, a, 0))
	}
}

// patch points the jump at pc j to target.
func (f *funcState) patch(j, target int) {
	off := target - (j + 1)
	ins := f.code[j]
	switch vm.Opcodes[ins.Op()].Format {
	case vm.FmtABsJ, vm.FmtAsJ:
		if off > vm.MaxSJ || off < -vm.MaxSJ {
			f.c.errorf(parser.Pos{Filename: f.c.file, Line: f.line}, "function too large (jump out of range)")
		}
		f.code[j] = ins.WithSJ(int32(off))
	default:
		f.code[j] = ins.WithSBx(int32(off))
	}
}

func (f *funcState) patchHere(j int) { f.patch(j, f.pc()) }

func (f *funcState) jumpTo(target int) {
	j := f.emitJump(vm.OpJmp, 0, 0)
	f.patch(j, target)
}

// ---------------------------------------------------------------- registers

func (f *funcState) alloc(n int) int {
	r := f.free
	f.free += n
	if f.free > f.nregs {
		f.nregs = f.free
	}
	if f.free > 0xFFF0 {
		f.c.errorf(parser.Pos{Filename: f.c.file, Line: f.line}, "function too large (more than 65520 registers)")
		f.free = 0
	}
	return r
}

func (f *funcState) tmp() int { return f.alloc(1) }

// ---------------------------------------------------------------- constants

func (f *funcState) constant(key any, make func() vm.Value) int {
	if i, ok := f.kmap[key]; ok {
		return i
	}
	f.consts = append(f.consts, make())
	f.kmap[key] = len(f.consts) - 1
	return len(f.consts) - 1
}

type strKey string
type floatKey uint64
type intKey int64

func (f *funcState) stringConst(s string) int {
	return f.constant(strKey(s), func() vm.Value { return f.c.vm.Pin(f.c.vm.Main.NewString(s)) })
}

func (f *funcState) valueConst(v vm.Value) int {
	return f.constant(v, func() vm.Value { return v })
}

// loadInt loads an int into register r.
func (f *funcState) loadInt(r int, i int64) {
	if i >= math.MinInt32 && i <= math.MaxInt32 {
		f.emit(vm.AsBx(vm.OpLoadI, r, int32(i)))
		return
	}
	k := f.constant(intKey(i), func() vm.Value { return f.c.vm.Pin(f.c.vm.Main.Int(i)) })
	f.emit(vm.ABx(vm.OpLoadK, r, uint32(k)))
}

func (f *funcState) loadFloat(r int, x float64) {
	k := f.constant(floatKey(math.Float64bits(x)), func() vm.Value { return vm.FloatValue(x) })
	f.emit(vm.ABx(vm.OpLoadK, r, uint32(k)))
}

func (f *funcState) loadString(r int, s string) {
	f.emit(vm.ABx(vm.OpLoadK, r, uint32(f.stringConst(s))))
}

func (f *funcState) loadConst(r int, k int) { f.emit(vm.ABx(vm.OpLoadK, r, uint32(k))) }

// ---------------------------------------------------------------- scopes

func (f *funcState) pushScope() {
	f.scope = &scope{parent: f.scope, free: f.free}
}

func (f *funcState) popScope() {
	s := f.scope
	f.endScopeVars(s)
	for _, l := range s.vars {
		if l.debug >= 0 {
			f.locals[l.debug].End = f.pc()
		}
	}
	f.free = s.free
	f.scope = s.parent
}

// declare binds name to register reg in the current scope.
func (f *funcState) declare(name string, reg int, mutable bool, typ *Type) *local {
	l := &local{name: name, reg: reg, mutable: mutable, typ: typ, debug: -1, global: -1}
	l.cell = f.boxed(name)
	l.scoped = f.scoped(name)
	if l.scoped {
		f.scopedRegs = append(f.scopedRegs, reg)
	}
	if name != "_" {
		l.debug = len(f.locals)
		f.locals = append(f.locals, vm.LocalVar{Name: name, Reg: reg, Start: f.pc(), End: -1, Cell: l.cell})
	}
	f.scope.vars = append(f.scope.vars, l)
	return l
}

// declareVar allocates a register for a new variable holding the value now
// in src (moving it, and boxing it in a cell if the variable is captured).
func (f *funcState) declareVar(name string, src int, mutable bool, typ *Type) *local {
	reg := f.tmp()
	if f.boxed(name) {
		f.emitABC(vm.OpNewCell, reg, src, 0)
	} else if src != reg {
		f.emitABC(vm.OpMove, reg, src, 0)
	}
	return f.declare(name, reg, mutable, typ)
}

func (f *funcState) findLocal(name string) *local {
	for s := f.scope; s != nil; s = s.parent {
		for i := len(s.vars) - 1; i >= 0; i-- {
			if s.vars[i].name == name {
				return s.vars[i]
			}
		}
	}
	return nil
}

// ---------------------------------------------------------------- regions

func (f *funcState) openRegion(r *region) {
	r.start = f.pc()
	f.regions = append(f.regions, r)
}

// closeRegion ends the innermost region and returns its covered ranges.
func (f *funcState) closeRegion(r *region) [][2]int {
	f.suspend(r)
	f.regions = f.regions[:len(f.regions)-1]
	return r.ranges
}

func (f *funcState) suspend(r *region) {
	if r.start >= 0 && r.start < f.pc() {
		r.ranges = append(r.ranges, [2]int{r.start, f.pc()})
	}
	r.start = -1
}

func (f *funcState) resume(r *region) { r.start = f.pc() }

// exitThrough emits the finally bodies of the regions above depth (a
// break, continue, return or `?` leaving them), innermost first. Each
// body is emitted outside the coverage of the regions it leaves. The caller
// emits the jump or return, then calls reenter.
func (f *funcState) exitThrough(depth int) {
	saved := f.regions
	for i := len(saved) - 1; i >= depth; i-- {
		f.suspend(saved[i])
		if saved[i].finally {
			f.regions = saved[:i]
			saved[i].body()
			f.regions = saved
		}
	}
}

// reenter resumes coverage of the regions above depth after an exit sequence.
func (f *funcState) reenter(depth int) {
	for i := depth; i < len(f.regions); i++ {
		f.resume(f.regions[i])
	}
}

func (f *funcState) addHandlers(ranges [][2]int, target, reg int, kinds []string, finally bool) {
	for _, rg := range ranges {
		f.proto.Handlers = append(f.proto.Handlers, vm.Handler{
			Start: rg[0], End: rg[1], Target: target, Reg: reg, Kinds: kinds, Finally: finally,
		})
	}
}

// finish fills the proto from the generated code.
func (f *funcState) finish() *vm.Proto {
	p := f.proto
	p.Code = f.code
	p.Lines = f.lines
	p.Consts = f.consts
	p.NumRegs = f.nregs
	p.IsAsync = f.async || f.suspends
	for i := range f.locals {
		if f.locals[i].End < 0 {
			f.locals[i].End = len(f.code)
		}
	}
	p.Locals = f.locals
	f.c.finished = append(f.c.finished, p)
	return p
}
