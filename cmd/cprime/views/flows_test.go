package views

import (
	"testing"

	"github.com/cprime-lang/cprime/vm"
)

// A concurrent flow operator's producer coroutine is named after the
// operator and the flow it collects, so :coros shows where the channel sits.
func TestCorosNamesFlowProducers(t *testing.T) {
	s := newSession(t)
	s.input(`fn numbers() -> Flow { flow { for i in 1..=3 { delay(100); emit(i); } } }
async fn run_it() { numbers().buffer(2).to_vec() }
let d = spawn run_it();`)
	d := s.co("d")
	s.ctl.Step(d, vm.StepToSuspension, vm.StepOptions{})
	table := s.render(s.env.Coros)
	mustContain(t, table, "buffer producer of numbers()", "receive on channel")
}
