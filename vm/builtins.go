package vm

// registerBuiltinTypes creates the unions every program has: Option and
// Result (displayed unqualified: Some(1), Err("x")), and the coroutine
// unions CoroResult, CoroState and CoroSizeTag; and the interface
// CoroLifecycle that coroutines implement.
func (vm *VM) registerBuiltinTypes() {
	vm.Option = vm.NewUnion("Option", false, []string{"Some", "None"}, []int{1, 0})
	vm.Result = vm.NewUnion("Result", false, []string{"Ok", "Err"}, []int{1, 1})
	vm.CoroResult = vm.NewUnion("CoroResult", true, []string{"Yield", "Complete", "Error"}, []int{1, 1, 1})
	vm.CoroStateU = vm.NewUnion("CoroState", true, coroStateNames[:], []int{0, 0, 0, 0, 0, 0})
	vm.CoroSizeTag = vm.NewUnion("CoroSizeTag", true, []string{"Micro", "Small", "Medium", "Large"}, []int{0, 0, 0, 0})
	vm.SomeV, vm.OkV, vm.ErrV = vm.Option.Variants[0], vm.Result.Variants[0], vm.Result.Variants[1]
	vm.YieldV, vm.CompleteV, vm.ErrorV = vm.CoroResult.Variants[0], vm.CoroResult.Variants[1], vm.CoroResult.Variants[2]
	// None is the immediate None, not an object
	vm.Option.Variants[1].unit = None

	lifecycle := vm.NewInterface("CoroLifecycle", []string{"resume", "is_complete"})
	vm.kindIfaces[KCoroutine] = map[*Interface]bool{lifecycle: true}
}

// NewUnion declares a union type (qualified: displayed as Name::Variant).
func (vm *VM) NewUnion(name string, qualified bool, variants []string, arities []int) *UnionType {
	u := &UnionType{ID: len(vm.Unions), Name: name, Qualified: qualified}
	for i, vn := range variants {
		v := &Variant{ID: len(vm.Variants), Union: u, Name: vn, Arity: arities[i]}
		if v.Arity == 0 {
			v.unit = vm.Pin(vm.Main.alloc(KUnion, &UnionObj{Variant: v}))
		}
		u.Variants = append(u.Variants, v)
		vm.Variants = append(vm.Variants, v)
	}
	vm.Unions = append(vm.Unions, u)
	vm.unionByName[name] = u
	return u
}

// VariantValue returns the shared value of a unit variant.
func (v *Variant) UnitValue() Value { return v.unit }

// Variant looks a variant up by name.
func (u *UnionType) Variant(name string) *Variant {
	for _, v := range u.Variants {
		if v.Name == name {
			return v
		}
	}
	return nil
}

// NewInterface declares an interface.
func (vm *VM) NewInterface(name string, methods []string) *Interface {
	it := &Interface{ID: len(vm.Interfaces), Name: name, Defaults: map[Sym]Value{}}
	for _, m := range methods {
		it.Methods = append(it.Methods, vm.Intern(m))
	}
	vm.Interfaces = append(vm.Interfaces, it)
	vm.ifaceByName[name] = it
	return it
}

// NewClass declares a class.
func (vm *VM) NewClass(name string) *Class {
	c := &Class{ID: len(vm.Classes), Name: name, Methods: map[Sym]Value{}, Interfaces: map[*Interface]bool{}}
	vm.Classes = append(vm.Classes, c)
	vm.classByName[name] = c
	return c
}

// NewRecordClass declares a data class the runtime builds values of
// (Frame, Pool). Its name is not registered: a program may declare a
// class of the same name.
func (vm *VM) NewRecordClass(name string, fields ...string) *Class {
	c := &Class{ID: len(vm.Classes), Name: name, Methods: map[Sym]Value{}, Interfaces: map[*Interface]bool{}}
	vm.Classes = append(vm.Classes, c)
	fs := make([]Field, len(fields))
	for i, f := range fields {
		fs[i] = Field{Name: f, Sym: vm.Intern(f)}
	}
	c.SetFields(fs)
	return c
}

// ClassByName, UnionByName and InterfaceByName find declared types.
func (vm *VM) ClassByName(n string) *Class         { return vm.classByName[n] }
func (vm *VM) UnionByName(n string) *UnionType     { return vm.unionByName[n] }
func (vm *VM) InterfaceByName(n string) *Interface { return vm.ifaceByName[n] }

// kindImplements reports whether a built-in kind implements an interface.
func (vm *VM) kindImplements(k Kind, it *Interface) bool {
	return vm.kindIfaces[k][it]
}

// CoroStateValue returns the CoroState value of a state.
func (vm *VM) CoroStateValue(s CoroState) Value { return vm.CoroStateU.Variants[s].unit }

// TypeValue returns a value standing for a type (for is::<T>, cast::<T>).
func (t *Thread) TypeValue(o *TypeObj) Value { return t.vm.Pin(t.alloc(KType, o)) }
