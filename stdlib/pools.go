package stdlib

import (
	"github.com/cprime-lang/cprime/vm"
	"github.com/cprime-lang/cprime/vmstack"
)

// installPools adds vm_configure_pools(CoroPoolConfig { micro, small,
// medium, large }): the program's form of --pool-reserve. Each field is a
// number of stacks of that class to pre-allocate and keep (0 drops a
// reservation), so that spawning on a hot path allocates no memory.
func installPools(r *reg) {
	r.fn("vm_configure_pools", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		v := t.VM()
		inst, ok := v.Instance(args[0])
		if !ok || inst.Class.Name != "CoroPoolConfig" {
			return 0, typeErr("vm_configure_pools expects a CoroPoolConfig { micro, small, medium, large }, found %s", v.TypeName(args[0]))
		}
		var counts [vmstack.Large + 1]int
		for c := vmstack.Micro; c <= vmstack.Large; c++ {
			name := []string{"micro", "small", "medium", "large"}[c]
			i := inst.Class.FieldIndex(v.Intern(name))
			if i < 0 {
				return 0, typeErr("vm_configure_pools: CoroPoolConfig has no field %s", name)
			}
			if n, isInt := v.IntOf(inst.Fields[i]); isInt && n >= 0 {
				counts[c] = int(n)
				continue
			}
			return 0, typeErr("vm_configure_pools: CoroPoolConfig.%s must be a non-negative int", name)
		}
		for c, n := range counts {
			v.Stacks().Reserve(vmstack.Class(c), n)
		}
		return vm.Unit, nil
	})
}
