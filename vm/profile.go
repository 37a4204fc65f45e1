package vm

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"github.com/cprime-lang/cprime/vmstack"
)

// Profile records, per coroutine body, what the compiler predicted and
// what happened: how many coroutines ran it, their peak stack use, how
// often they migrated, and the class they ended in.
//
// The peak costs nothing when not profiling: while profiling, the
// interpreter's per-call check for stack room compares against the
// coroutine's peak so far instead of its capacity, so only a call that
// sets a new peak takes the slow path.
type Profile struct {
	bodies map[*Proto]*BodyProfile
}

// BodyProfile is the profile of one coroutine body.
type BodyProfile struct {
	Name              string `json:"name"`
	File              string `json:"file"`
	Line              int    `json:"line"`
	PredictedClass    string `json:"predicted_class"`
	PredictedMaxStack int    `json:"predicted_max_stack"` // bytes, 0 if unbounded
	Bounded           bool   `json:"bounded"`
	StartClass        string `json:"start_class"` // where its first coroutine started (main and with_class bodies may differ from the prediction)
	StartStack        int    `json:"start_stack"` // bytes its first coroutine started with (below 256: an exact-size Micro stack)
	Coroutines        int    `json:"coroutines"`
	PeakStack         int    `json:"actual_peak_stack"` // bytes
	Migrations        int    `json:"migrations"`
	FinalClass        string `json:"final_class"`
	FinalStack        int    `json:"final_stack"`   // bytes: the largest stack any of its coroutines ended with
	AliveAtExit       int    `json:"alive_at_exit"` // coroutines still unfinished when the profile was written (counted with what they used so far)
	finalClass        vmstack.Class
}

// EnableProfile starts recording a profile.
func (vm *VM) EnableProfile() { vm.profile = &Profile{bodies: map[*Proto]*BodyProfile{}} }

func (vm *VM) profileBody(co *Coroutine) *BodyProfile {
	p := vm.protoOf(co.x().body)
	if p == nil {
		return nil
	}
	bp := vm.profile.bodies[p]
	if bp == nil {
		bp = &BodyProfile{Name: p.Name, File: p.File, Line: p.Line}
		if m := p.Meta; m != nil {
			bp.PredictedClass = vmstack.Class(m.SizeClass).String()
			bp.Bounded = m.IsBounded
			if m.IsBounded {
				bp.PredictedMaxStack = m.MaxStackSize
			}
		}
		vm.profile.bodies[p] = bp
	}
	return bp
}

// profileCreated counts a new coroutine.
func (vm *VM) profileCreated(co *Coroutine, f Value) {
	x := co.x()
	x.body = f
	x.peak = co.top(vm) * 8
	if bp := vm.profileBody(co); bp != nil {
		if bp.Coroutines == 0 {
			bp.StartClass = co.Class().String()
			bp.StartStack = co.StackSize()
		}
		bp.Coroutines++
	}
}

// profileFinished folds a finished coroutine into its body's profile.
func (vm *VM) profileFinished(co *Coroutine) {
	if bp := vm.profileBody(co); bp != nil {
		bp.fold(co)
	}
}

// profileCollected folds in a coroutine the garbage collector frees before
// it finished (a generator dropped half-way), so its peak still counts.
func (vm *VM) profileCollected(co *Coroutine) {
	if vm.profile == nil || co.IsDone() || co.ext == nil || co.ext.body == 0 || co.sp == nil {
		return
	}
	co.notePeak(co.top(vm))
	vm.profileFinished(co)
}

// fold adds a coroutine's peak, migrations and class to the profile.
func (bp *BodyProfile) fold(co *Coroutine) {
	x := co.x()
	if x.peak > bp.PeakStack {
		bp.PeakStack = x.peak
	}
	bp.Migrations += x.migrations
	if s := co.StackSize(); s > bp.FinalStack {
		bp.FinalStack = s
	}
	if c := co.Class(); c >= bp.finalClass {
		bp.finalClass = c
		bp.FinalClass = c.String()
	}
}

// notePeak records a new stack peak of co (slots in use).
func (co *Coroutine) notePeak(slots int) {
	if b := slots * 8; b > co.x().peak {
		co.ext.peak = b
	}
}

// peakLimit is the stack room the interpreter checks calls against: the
// capacity, or while profiling the peak so far.
func (vm *VM) peakLimit(co *Coroutine) int {
	if vm.profile == nil || co.ext == nil {
		return int(co.slots)
	}
	return min(int(co.slots), co.ext.peak/8)
}

// WriteProfile writes the profile as JSON (coroutines still running are
// counted with what they used so far).
func (vm *VM) WriteProfile(path string) error {
	if vm.profile == nil {
		return fmt.Errorf("profiling is off")
	}
	// coroutines still unfinished (a generator never run to its end) count
	// with what they used so far, folded into copies: writing twice must
	// not count them twice
	bodies := map[*Proto]*BodyProfile{}
	for p, bp := range vm.profile.bodies {
		c := *bp
		bodies[p] = &c
	}
	for _, co := range vm.Coroutines() {
		if co.IsDone() || co.ext == nil || co.ext.body == 0 || co.sp == nil {
			continue
		}
		if p := vm.protoOf(co.ext.body); p != nil && bodies[p] != nil {
			co.notePeak(co.top(vm))
			bodies[p].fold(co)
			bodies[p].AliveAtExit++
		}
	}
	var out []*BodyProfile
	for _, bp := range bodies {
		if bp.FinalClass == "" {
			bp.FinalClass = bp.PredictedClass
		}
		out = append(out, bp)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	data, err := json.MarshalIndent(map[string]any{"bodies": out}, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// ApplyProfile reads a profile and starts each body it names in the class
// its measured peak fits (profile-guided optimisation, --pgo).
func (vm *VM) ApplyProfile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var prof struct {
		Bodies []BodyProfile `json:"bodies"`
	}
	if err := json.Unmarshal(data, &prof); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	for _, bp := range prof.Bodies {
		if bp.PeakStack == 0 {
			continue
		}
		for _, p := range vm.Protos {
			if p.Name == bp.Name && p.File == bp.File && p.Line == bp.Line {
				if p.Meta == nil {
					p.Meta = &CoroMetadata{}
				}
				p.Meta.SizeClass = int(vmstack.ClassFor((bp.PeakStack + 7) / 8))
				p.Meta.Profiled = true
				p.Meta.PeakStack = bp.PeakStack
			}
		}
	}
	return nil
}
