package tests

import (
	"path/filepath"
	"testing"
)

// TestParallelSafetyProgramsRaceFree runs the parallel golden programs of
// programs/safety several times each: shared mutation without a Mutex,
// references into a migrating stack, raw stack reads of a running
// coroutine. Under the race detector (README's second test command) any
// race the runtime has fails the run; without it the programs must still
// do what they expect, every time.
func TestParallelSafetyProgramsRaceFree(t *testing.T) {
	files, _ := filepath.Glob("programs/safety/parallel_*.cpr")
	if len(files) < 3 {
		t.Fatalf("found %d parallel safety programs", len(files))
	}
	rounds := 3
	if raceEnabled {
		rounds = 2
	}
	for _, f := range files {
		for i := 0; i < rounds; i++ {
			if msg := runFile(f); msg != "" {
				t.Fatalf("%s (round %d):\n%s", f, i, msg)
			}
		}
	}
}
