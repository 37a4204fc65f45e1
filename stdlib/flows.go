package stdlib

import (
	"fmt"
	"strings"

	"github.com/cprime-lang/cprime/vm"
)

// flowToken records where a flow's collection started: the coroutine and
// the context elements emit must still see (§7.7.1, context preservation).
// Scope jobs (coroutine_scope) may differ; name, dispatcher and
// NonCancellable may not.
type flowToken struct {
	co   *vm.Coroutine
	name string
	disp vm.Dispatcher
	nc   int
	ctx  *vm.Context // for the error message
}

func (k *flowToken) Trace(mark func(vm.Value)) {}

func newFlowToken(t *vm.Thread) *flowToken {
	co := t.Current()
	k := &flowToken{co: co, ctx: t.CurrentContext()}
	if co != nil {
		k.name, k.disp, k.nc = co.Name(), co.Dispatcher(t.VM()), co.NonCancellableDepth()
	}
	return k
}

// same reports whether the running coroutine may emit under k; it
// allocates nothing, as it runs for every value.
func (k *flowToken) same(t *vm.Thread) bool {
	co := t.Current()
	return co == k.co && (co == nil || co.Name() == k.name && co.Dispatcher(t.VM()) == k.disp &&
		co.NonCancellableDepth() == k.nc)
}

// installFlows registers the natives behind the prelude's flows.
func installFlows(r *reg) {
	r.fn("__flow_token", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return t.Alloc(&vm.NativeObj{TypeName: "FlowToken", Data: newFlowToken(t)}), nil
	})
	// __flow_check(tok, checkCancel): what a flow body's emit does first
	r.fn("__flow_check", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		n, ok := t.VM().Native(args[0])
		if !ok {
			return 0, typeErr("__flow_check expects a flow token")
		}
		k := n.Data.(*flowToken)
		if args[1] == vm.True {
			if err := t.CancellationCheck(); err != nil {
				return 0, err
			}
		}
		if !k.same(t) {
			where := "another coroutine"
			if t.Current() == k.co {
				where = t.CurrentContext().Display(t.VM())
			}
			return 0, errf("IllegalState", "Flow invariant is violated: the flow was collected in %s, but emission happened in %s. Use flow_on or channel_flow to emit from another context",
				k.ctx.Display(t.VM()), where)
		}
		return vm.Unit, nil
	})
	r.fn("__is_state_flow", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return vm.Bool(t.VM().TypeName(t.VM().Deref(args[0])) == "MutableStateFlow"), nil
	})
	// __same(a, b): identity, for the abort errors of take and first
	r.fn("__same", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return vm.Bool(args[0] == args[1]), nil
	})
	// __set_role(job, text): how :coros and traces name a producer
	r.fn("__set_role", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		j, ok := t.VM().JobOf(args[0])
		s, ok2 := t.VM().Str(args[1])
		if ok && ok2 && j.Co != nil {
			j.Co.SetRole(s)
		}
		return vm.Unit, nil
	})
	// __caller_name(): the function that called the prelude function
	// calling this, as a flow's label: "numbers()"
	r.fn("__caller_name", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		co := t.Current()
		if co == nil {
			return t.NewString("a flow"), nil
		}
		fr := t.VM().Frames(co)
		if len(fr) < 2 {
			return t.NewString("a flow"), nil
		}
		f := fr[1]
		if f.Proto.IsMain {
			return t.NewString(fmt.Sprintf("the flow on line %d", f.Line())), nil
		}
		name := strings.TrimSuffix(f.Proto.Name, "::<closure>")
		if name == "<closure>" {
			return t.NewString(fmt.Sprintf("the flow on line %d", f.Line())), nil
		}
		return t.NewString(name + "()"), nil
	})
	r.fn("__arity", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		p := t.VM().ProtoOf(args[0])
		if p == nil {
			return vm.SmallInt(-1), nil
		}
		return vm.SmallInt(int64(p.NumParams)), nil
	})
}
