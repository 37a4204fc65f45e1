package compiler

import (
	"fmt"
	"sort"
	"strings"

	"github.com/cprime-lang/cprime/vm"
	"github.com/cprime-lang/cprime/vmstack"
)

// Stack-size analysis. For every function the compiler works out the
// worst-case stack a coroutine running it can need: its frame plus the
// deepest chain of frames below it. Direct calls have one callee; a call
// through a function value may reach any function whose value is taken
// (a closure, or an fn item used as a value) with that many parameters;
// a method call may reach any method of that name. Recursion (a cycle in
// the call graph, found with Tarjan's strongly connected components) makes
// the need unbounded, and the body starts Large. The result picks each
// coroutine body's size class; #[coro_size_hint(..)] overrides it.

// analysis holds the call graph of every compiled function.
type analysis struct {
	vm      *vm.VM
	callees [][]int
	byArity map[int][]int
	byName  map[vm.Sym][]int
}

// Analyze recomputes the metadata of every compiled function (after each
// compilation, so a REPL redefinition re-analyses what depends on it).
func (s *Session) Analyze() {
	a := &analysis{vm: s.VM, byArity: map[int][]int{}, byName: map[vm.Sym][]int{}}
	a.collectTargets()
	a.buildGraph()
	a.solve()
}

// collectTargets finds the functions that may be called dynamically.
func (a *analysis) collectTargets() {
	seen := map[int]bool{}
	for _, p := range a.vm.Protos {
		for _, ins := range p.Code {
			switch ins.Op() {
			case vm.OpLoadFn, vm.OpClosure:
				i := ins.Bx()
				if i < len(a.vm.Protos) && !seen[i] && !a.vm.Protos[i].CoroutineBody {
					seen[i] = true
					a.byArity[a.vm.Protos[i].NumParams] = append(a.byArity[a.vm.Protos[i].NumParams], i)
				}
			}
		}
	}
	addMethods := func(m map[vm.Sym]vm.Value) {
		for sym, v := range m {
			if v.IsFunc() {
				a.byName[sym] = appendUnique(a.byName[sym], v.FuncIndex())
			}
		}
	}
	for _, c := range a.vm.Classes {
		addMethods(c.Methods)
	}
	for _, u := range a.vm.Unions {
		addMethods(u.Methods)
	}
	for _, it := range a.vm.Interfaces {
		addMethods(it.Defaults)
	}
	a.vm.EachKindMethod(func(sym vm.Sym, v vm.Value) {
		if v.IsFunc() {
			a.byName[sym] = appendUnique(a.byName[sym], v.FuncIndex())
		}
	})
}

func appendUnique(xs []int, x int) []int {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

// buildGraph lists each function's possible callees.
func (a *analysis) buildGraph() {
	a.callees = make([][]int, len(a.vm.Protos))
	for i, p := range a.vm.Protos {
		var out []int
		for _, ins := range p.Code {
			switch ins.Op() {
			case vm.OpCallK:
				out = appendUnique(out, ins.C())
			case vm.OpCall:
				for _, c := range a.byArity[ins.B()] {
					out = appendUnique(out, c)
				}
			case vm.OpCallM, vm.OpResume:
				for _, c := range a.byName[vm.Sym(ins.C())] {
					out = appendUnique(out, c)
				}
			}
		}
		a.callees[i] = out
	}
}

// solve computes every function's metadata, strongly connected components
// first (Tarjan), then depths in reverse topological order.
func (a *analysis) solve() {
	n := len(a.vm.Protos)
	index := make([]int, n)
	low := make([]int, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	comp := make([]int, n)
	recursive := make([]bool, n)
	var stack []int
	next, ncomp := 0, 0
	var strong func(v int)
	strong = func(v int) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range a.callees[v] {
			if index[w] < 0 {
				strong(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] == index[v] {
			var members []int
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				comp[w] = ncomp
				members = append(members, w)
				if w == v {
					break
				}
			}
			cyclic := len(members) > 1
			if !cyclic {
				for _, c := range a.callees[v] {
					if c == v {
						cyclic = true
					}
				}
			}
			for _, m := range members {
				recursive[m] = cyclic
			}
			ncomp++
		}
	}
	for v := 0; v < n; v++ {
		if index[v] < 0 {
			strong(v)
		}
	}
	// Tarjan numbers components in reverse topological order: a callee's
	// component is finished before its callers', so one pass over the
	// functions sorted by component computes depths bottom-up.
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(i, j int) bool { return comp[order[i]] < comp[order[j]] })
	slots := make([]int, n)
	depth := make([]int, n)
	bounded := make([]bool, n)
	// recursion anywhere on the call chain, in a callee too
	recursion := make([]bool, n)
	for _, v := range order {
		p := a.vm.Protos[v]
		frame := vm.FrameHeader + p.NumRegs
		if recursive[v] {
			slots[v], depth[v], bounded[v], recursion[v] = frame, 1, false, true
			continue
		}
		deepest, d, ok := 0, 0, true
		for _, c := range a.callees[v] {
			if !bounded[c] {
				ok = false
			}
			if recursion[c] {
				recursion[v] = true
			}
			if slots[c] > deepest {
				deepest = slots[c]
			}
			if depth[c] > d {
				d = depth[c]
			}
		}
		slots[v], depth[v], bounded[v] = frame+deepest, d+1, ok
	}
	for v, p := range a.vm.Protos {
		meta := &vm.CoroMetadata{
			MaxStackSize:      slots[v] * 8,
			IsBounded:         bounded[v],
			CallDepth:         depth[v],
			RecursionDetected: recursion[v],
		}
		if bounded[v] {
			meta.SizeClass = int(vmstack.ClassFor(slots[v]))
		} else {
			meta.SizeClass = int(vmstack.Large)
		}
		if p.Meta != nil && (p.Meta.Hinted || p.Meta.Profiled) {
			meta.SizeClass, meta.Hinted, meta.Profiled = p.Meta.SizeClass, p.Meta.Hinted, p.Meta.Profiled
		}
		p.Meta = meta
	}
}

// AnalysisTable renders the metadata of every coroutine body a source
// defines: its async functions and closures (cprime analyze).
func AnalysisTable(protos []*vm.Proto) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-36s %-8s %8s %10s %7s %6s %9s  %s\n", "coroutine body", "class", "stack", "max stack", "bounded", "depth", "recursion", "where")
	for _, p := range protos {
		if p.Meta == nil || p.IsMain || (!p.IsAsync && !strings.Contains(p.Name, "<closure>")) {
			continue
		}
		m := p.Meta
		size := fmt.Sprintf("%d B", m.MaxStackSize)
		if !m.IsBounded {
			size = "unbounded"
		}
		class := vmstack.Class(m.SizeClass).String()
		if m.Hinted {
			class += "*"
		}
		stack := stackName(vm.StartStack(p))
		if m.SizeClass == int(vmstack.Large) {
			stack += "+"
		}
		fmt.Fprintf(&b, "%-36s %-8s %8s %10s %7v %6d %9v  %s:%d\n", p.Name, class, stack, size, m.IsBounded, m.CallDepth, m.RecursionDetected, p.File, p.Line)
	}
	b.WriteString("(* = #[coro_size_hint]; stack: what a coroutine starts with, an exact size below Micro's 256 B)\n")
	return b.String()
}

func stackName(n int) string {
	if n >= 1<<10 && n%(1<<10) == 0 {
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}
