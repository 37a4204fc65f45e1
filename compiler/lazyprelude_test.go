package compiler

import (
	"testing"

	"github.com/cprime-lang/cprime/stdlib"
	"github.com/cprime-lang/cprime/vm"
)

// The flow part of the prelude is compiled only for a program that
// mentions one of its names, and then its functions exist.
func TestLazyPreludeLoadsOnFirstUse(t *testing.T) {
	v := vm.New(vm.Options{})
	stdlib.Install(v)
	s := NewSession(v)
	if err := s.LoadPrelude(stdlib.PreludeName, stdlib.PreludeCore); err != nil {
		t.Fatal(err)
	}
	s.AddLazyPrelude(stdlib.PreludeName, stdlib.PreludeLazy, stdlib.Prelude, stdlib.PreludeLazyTriggers)
	if _, err := s.Compile("a.cpr", `println(1);`); err != nil {
		t.Fatal(err)
	}
	if s.lazy[0].loaded {
		t.Fatal("a program without flows loaded the flow prelude")
	}
	if _, err := s.Compile("b.cpr", `println(flow_of(1, 2).to_vec());`); err != nil {
		t.Fatal(err)
	}
	if !s.lazy[0].loaded {
		t.Fatal("a program using flow_of did not load the flow prelude")
	}
	if s.Sources[stdlib.PreludeName] != stdlib.Prelude {
		t.Error("the prelude's source listing is not the whole prelude")
	}
}
