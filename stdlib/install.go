package stdlib

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/cprime-lang/cprime/vm"
)

// The CPrime half of the standard library, in three files: the core,
// cold and hot flows (§7.7.1-2), and the rest of the library (§7.7.3).
var (
	//go:embed prelude.cpr
	preludeCore string
	//go:embed flows.cpr
	preludeFlows string
	//go:embed library.cpr
	preludeLibrary string
)

// Prelude is the CPrime half of the standard library.
var Prelude = preludeCore + "\n" + preludeFlows + "\n" + preludeLibrary

// PreludeCore is the part of the prelude every program loads; PreludeLazy
// (flows and the rest of §7.7, padded with blank lines so its line numbers
// are those of Prelude) is compiled the first time a program mentions one
// of PreludeLazyTriggers.
var (
	PreludeCore = preludeCore
	PreludeLazy = strings.Repeat("\n", strings.Count(preludeCore, "\n")+1) +
		preludeFlows + "\n" + preludeLibrary
	PreludeLazyTriggers = []string{"flow", "Flow", "await_all", "join_all", "Semaphore", "actor",
		"ticker", "CoroutineScope", "current_scope", "GlobalScope", "emit"}
)

// PreludeName is the file name the prelude is compiled under.
const PreludeName = "<prelude>"

// Install registers every native function and method in v.
func Install(v *vm.VM) {
	r := &reg{v: v}
	installIO(r)
	// values, strings, Vec and Map (which lock themselves): these run
	// without the runtime lock on parallel threads
	r.pure = true
	installCollections(r)
	installStrings(r)
	installNumbers(r)
	installRights(r)
	r.pure = false
	installCoroutines(r)
	installConcurrency(r)
	installBuilders(r)
	installChannels(r)
	installContinuations(r)
	installIntrospection(r)
	installPools(r)
	installFlows(r)
	installLibrary(r)
}

type reg struct {
	v    *vm.VM
	pure bool // register natives as vm.Native.Pure
}

// fn registers a free function (its name may be a path: "Vec::new").
func (r *reg) fn(name string, min, max int, f vm.NativeFn) {
	r.v.DefineNative(&vm.Native{Name: name, Fn: f, MinArgs: min, MaxArgs: max, Pure: r.pure})
}

// blocking registers a free function that blocks in a system call: it
// runs without the runtime lock and outside the VM while it waits.
func (r *reg) blocking(name string, min, max int, f vm.NativeFn) {
	r.v.DefineNative(&vm.Native{Name: name, Fn: f, MinArgs: min, MaxArgs: max, Pure: true})
}

// async registers a free function that may suspend its caller.
func (r *reg) async(name string, min, max int, f vm.NativeFn) {
	r.v.DefineNative(&vm.Native{Name: name, Fn: f, MinArgs: min, MaxArgs: max, Suspends: true, Pure: r.pure})
}

// method registers a method of a built-in kind; min and max count the
// receiver (args[0]).
func (r *reg) method(k vm.Kind, typeName, name string, min, max int, f vm.NativeFn) {
	v := r.v.DefineNative(&vm.Native{Name: typeName + "." + name, Fn: f, MinArgs: min, MaxArgs: max, Pure: r.pure})
	r.v.DefineMethod(k, name, v)
}

func typeErr(format string, args ...any) error { return vm.Errorf(vm.KindTypeError, format, args...) }

// Argument helpers: each returns a TypeError naming the function and
// position when the argument has the wrong type.

func argStr(t *vm.Thread, fn string, args []vm.Value, i int) (string, error) {
	s, ok := t.VM().Str(args[i])
	if !ok {
		return "", typeErr("%s expects a string as argument %d, found %s", fn, i+1, t.VM().TypeName(args[i]))
	}
	return s, nil
}

func argInt(t *vm.Thread, fn string, args []vm.Value, i int) (int64, error) {
	n, ok := t.VM().IntOf(t.VM().Deref(args[i]))
	if !ok {
		return 0, typeErr("%s expects an int as argument %d, found %s", fn, i+1, t.VM().TypeName(args[i]))
	}
	return n, nil
}

func argNum(t *vm.Thread, fn string, args []vm.Value, i int) (float64, error) {
	n, ok := t.VM().NumberOf(t.VM().Deref(args[i]))
	if !ok {
		return 0, typeErr("%s expects a number as argument %d, found %s", fn, i+1, t.VM().TypeName(args[i]))
	}
	return n, nil
}

func recvVec(t *vm.Thread, fn string, args []vm.Value) (*vm.VecObj, error) {
	o, ok := t.VM().Vec(args[0])
	if !ok {
		return nil, typeErr("%s called on %s", fn, t.VM().TypeName(args[0]))
	}
	return o, nil
}

func recvMap(t *vm.Thread, fn string, args []vm.Value) (*vm.MapObj, error) {
	o, ok := t.VM().Map(args[0])
	if !ok {
		return nil, typeErr("%s called on %s", fn, t.VM().TypeName(args[0]))
	}
	return o, nil
}

func option(t *vm.Thread, v vm.Value, ok bool) vm.Value {
	if !ok {
		return vm.None
	}
	return t.Some(v)
}

func errf(kind, format string, args ...any) error { return vm.Errorf(kind, format, args...) }

var _ = fmt.Sprint
