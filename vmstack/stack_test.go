package vmstack

import "testing"

func TestPoolAllocateFreeReuse(t *testing.T) {
	a := NewAllocator()
	s1 := a.Alloc(Micro, 0)
	s2 := a.Alloc(Micro, 0)
	if len(s1.Mem) != 32 || len(s2.Mem) != 32 {
		t.Fatalf("Micro stacks have %d and %d slots, want 32", len(s1.Mem), len(s2.Mem))
	}
	if &s1.Mem[0] == &s2.Mem[0] {
		t.Fatal("two live stacks share memory")
	}
	s1.Mem[5] = 99
	a.Free(s1)
	s3 := a.Alloc(Micro, 0)
	if &s3.Mem[0] != &s1.Mem[0] {
		t.Error("a freed slot is not reused first")
	}

	pools, _, _ := a.Stats()
	if pools[Micro].Used != 2 || pools[Micro].Blocks != 1 {
		t.Errorf("stats: %+v", pools[Micro])
	}
}

func TestBlocksAddedWhenFullAndReleasedWhenEmpty(t *testing.T) {
	a := NewAllocator()
	var stacks []Stack
	for i := 0; i < StacksPerBlock+1; i++ {
		stacks = append(stacks, a.Alloc(Small, 0))
	}
	pools, _, _ := a.Stats()
	if pools[Small].Blocks != 2 || pools[Small].Used != StacksPerBlock+1 {
		t.Fatalf("after %d allocations: %+v", StacksPerBlock+1, pools[Small])
	}
	for _, s := range stacks {
		a.Free(s)
	}
	pools, _, _ = a.Stats()
	if pools[Small].Blocks != 0 || pools[Small].Used != 0 {
		t.Fatalf("after freeing everything: blocks=%d used=%d", pools[Small].Blocks, pools[Small].Used)
	}
}

func TestLargeStacksDouble(t *testing.T) {
	a := NewAllocator()
	s := a.Alloc(Large, Large.Slots()+1)
	if len(s.Mem) != 2*Large.Slots() {
		t.Errorf("Large stack for %d slots has %d", Large.Slots()+1, len(s.Mem))
	}
	_, live, bytes := a.Stats()
	if live != 1 || bytes != 2*Large.Bytes() {
		t.Errorf("large stats live=%d bytes=%d", live, bytes)
	}
	a.Free(s)
	if _, live, _ := a.Stats(); live != 0 {
		t.Error("large stack not released")
	}
}

func TestClassFor(t *testing.T) {
	if ClassFor(10) != Micro || ClassFor(32) != Micro || ClassFor(33) != Small || ClassFor(3000) != Large {
		t.Error("ClassFor")
	}
}

// TestTenMillionCyclesLeavePoolsEmpty allocates and frees stacks of every
// pooled class ten million times (with a rolling window of live stacks)
// and checks every pool is empty, its blocks released, at the end.
func TestTenMillionCyclesLeavePoolsEmpty(t *testing.T) {
	n := 10_000_000
	if testing.Short() {
		n = 100_000
	}
	a := NewAllocator()
	var window [64]Stack
	for i := 0; i < n; i++ {
		slot := i % len(window)
		if window[slot].Valid() {
			a.Free(window[slot])
		}
		window[slot] = a.Alloc(Class(i%3), 0)
	}
	for _, s := range window {
		if s.Valid() {
			a.Free(s)
		}
	}
	pools, live, _ := a.Stats()
	for _, p := range pools {
		if p.Used != 0 || p.Blocks != 0 {
			t.Errorf("%s pool after %d cycles: used %d, blocks %d", p.Class, n, p.Used, p.Blocks)
		}
	}
	if live != 0 {
		t.Errorf("%d large stacks still live", live)
	}
}
