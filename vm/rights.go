package vm

import (
	"sort"
	"strings"
)

// NarrowObj is a reference to a class instance that holds only some of
// the rights its class exposes (`c with UserOps`). A reference fresh from
// the constructor is the plain instance value and holds every right, so
// only narrowed references pay for a rights check on field access.
type NarrowObj struct {
	Target Value // the instance
	Class  *Class
	Mask   uint64 // rights held, one bit per exposed functional class
}

func (o *NarrowObj) trace(m *marker) { m.mark(o.Target) }

// Held returns the names of the rights a narrowed reference holds.
func (o *NarrowObj) Held() []string {
	var out []string
	for name, bit := range o.Class.rightBits {
		if o.Mask&(1<<bit) != 0 {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// instanceAndRights resolves a value to a class instance and the rights
// the reference holds (all for a plain instance).
func (vm *VM) instanceAndRights(v Value) (Value, *Instance, uint64, bool) {
	v = vm.target(v)
	switch v.Kind() {
	case KInstance:
		return v, vm.heap.Get(v).(*Instance), ^uint64(0), true
	case KNarrow:
		n := vm.heap.Get(v).(*NarrowObj)
		return n.Target, vm.heap.Get(n.Target).(*Instance), n.Mask, true
	}
	return 0, nil, 0, false
}

func accessDenied(format string, args ...any) error { return Errorf(KindAccessDenied, format, args...) }

// checkFieldAccess enforces access rights on a field read or write: for a
// class with exposes clauses, only its constructed_by class, its own
// methods, and the exposed functional classes (their listed fields,
// through a reference holding their right, writing only `as mutable`
// fields) may touch a field. semconst fields are written only by the
// constructing class.
func (t *Thread) checkFieldAccess(accessor string, mask uint64, o *Instance, sym Sym, write bool) error {
	c := o.Class
	i := c.FieldIndex(sym)
	if i < 0 {
		return nil // reported as a missing field by the caller
	}
	f := c.Fields[i]
	owner := accessor != "" && (accessor == c.ConstructedBy || accessor == c.Name)
	if write && f.Modifier == "semconst" && accessor != c.ConstructedBy {
		by := c.ConstructedBy
		if by == "" {
			by = "its constructor"
		}
		return accessDenied("%s.%s is semconst: only %s may write it", c.Name, f.Name, by)
	}
	if !c.Guarded() || owner {
		return nil
	}
	who := accessor
	if who == "" {
		who = "top-level code"
	}
	e := c.exposure(accessor)
	if e == nil {
		return accessDenied("%s.%s is not exposed to %s", c.Name, f.Name, who)
	}
	mode, listed := e.Fields[f.Name]
	if !listed {
		return accessDenied("%s.%s is not exposed to %s", c.Name, f.Name, who)
	}
	if mask&(1<<c.rightBits[accessor]) == 0 {
		return accessDenied("%s reference lacks %s", c.Name, accessor)
	}
	if write && mode != "mutable" && f.Modifier != "mutable" {
		return accessDenied("%s.%s is read-only for %s", c.Name, f.Name, accessor)
	}
	return nil
}

// narrow implements `x with Caps`: caps is a Vec of functional-class names.
// Rights narrow and never widen.
func (t *Thread) narrow(x, caps Value) (Value, error) {
	vm := t.vm
	names, _ := vm.Vec(caps)
	target, inst, held, ok := vm.instanceAndRights(x)
	if !ok {
		return 0, Errorf(KindTypeError, "only class instances carry rights; found %s", vm.TypeName(x))
	}
	c := inst.Class
	if !c.Guarded() {
		return 0, Errorf(KindTypeError, "%s has no exposes clauses, so it has no rights to narrow", c.Name)
	}
	var mask uint64
	for _, n := range names.Items() {
		name, _ := vm.Str(n)
		bit, ok := c.rightBits[name]
		if !ok {
			return 0, accessDenied("%s exposes nothing to %s", c.Name, name)
		}
		if held&(1<<bit) == 0 {
			return 0, accessDenied("%s reference lacks %s", c.Name, name)
		}
		mask |= 1 << bit
	}
	return t.alloc(KNarrow, &NarrowObj{Target: target, Class: c, Mask: mask}), nil
}

// HasRight reports whether x is a reference holding the right name.
func (vm *VM) HasRight(x Value, name string) bool {
	_, inst, held, ok := vm.instanceAndRights(x)
	if !ok {
		return false
	}
	bit, ok := inst.Class.rightBits[name]
	return ok && held&(1<<bit) != 0
}

// RequireRight raises AccessDenied unless x (a reference to a class that
// exposes fields to name) holds the right name: the check at the entry of
// a functional-class function.
func (vm *VM) RequireRight(x Value, name string) error {
	_, inst, held, ok := vm.instanceAndRights(x)
	if !ok || !inst.Class.Guarded() {
		return nil
	}
	bit, ok := inst.Class.rightBits[name]
	if !ok {
		return nil
	}
	if held&(1<<bit) == 0 {
		return accessDenied("%s reference lacks %s", inst.Class.Name, name)
	}
	return nil
}

// RightsOf describes the rights a value holds (for display and the REPL).
func (vm *VM) RightsOf(x Value) string {
	if x.Kind() != KNarrow {
		return "all"
	}
	return strings.Join(vm.heap.Get(x).(*NarrowObj).Held(), ", ")
}

// Narrow returns x with only the right name (for natives such as cast).
func (t *Thread) Narrow(x Value, name string) (Value, error) {
	caps := t.NewVec([]Value{t.NewString(name)})
	return t.narrow(x, caps)
}
