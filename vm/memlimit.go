package vm

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// The heap limit (--max-heap). Go ends a process that cannot get memory
// with a fatal error nothing can catch; the VM checks its large
// allocations against a limit first and raises a catchable OutOfMemory
// (with a CPrime stack trace) instead. The same limit is Go's soft memory
// limit (debug.SetMemoryLimit), so Go's collector works harder as the
// heap nears it rather than letting garbage push it over.

// KindOutOfMemory is the error raised when an allocation would pass the
// heap limit.
const KindOutOfMemory = "OutOfMemory"

// checkFrom is the smallest allocation checked against the limit: smaller
// ones cannot, one at a time, overshoot it by much, and the containers
// they pile up in are checked as they grow.
const checkFrom = 64 << 10

// DefaultMaxHeap is the heap limit when none is given: three quarters of
// physical memory (4 GiB where that is unknown).
func DefaultMaxHeap() int64 {
	if m := physicalMemory(); m > 0 {
		return int64(m / 4 * 3)
	}
	return 4 << 30
}

// applyMemoryLimit keeps Go's soft memory limit in step with MaxHeap.
func applyMemoryLimit(limit int64) { debug.SetMemoryLimit(limit) }

func heapInUse() int64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}

// CheckAlloc reports OutOfMemory if allocating n more bytes would pass the
// heap limit. It is called before the allocation, so a failing one costs
// nothing (and the program may catch the error and go on).
func (vm *VM) CheckAlloc(n int) error {
	if n < checkFrom {
		return nil
	}
	limit := vm.Opts.MaxHeap
	if int64(n) <= limit-heapInUse() {
		return nil
	}
	if int64(n) <= limit {
		runtime.GC() // garbage Go has not collected yet does not count
		if int64(n) <= limit-heapInUse() {
			return nil
		}
	}
	return Errorf(KindOutOfMemory, "out of memory: allocating %s would pass the heap limit of %s (--max-heap)",
		formatBytes(n), formatBytes(int(limit)))
}
