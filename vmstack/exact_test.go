package vmstack

import "testing"

func TestExactSlots(t *testing.T) {
	for _, c := range []struct{ in, want int }{{0, 2}, {1, 2}, {2, 2}, {3, 4}, {6, 6}, {7, 8}, {30, 30}, {31, 32}, {32, 32}, {500, 32}} {
		if got := ExactSlots(c.in); got != c.want {
			t.Errorf("ExactSlots(%d) = %d, want %d", c.in, got, c.want)
		}
	}
}

// TestExactPools: stacks below Micro come from a pool per exact size,
// class Micro, disjoint from each other and from the Micro pool; each
// pool shows in Stats while it has blocks, and goes when it empties.
func TestExactPools(t *testing.T) {
	a := NewAllocator()
	s6 := a.AllocExact(6)
	s7 := a.AllocExact(7)
	s8 := a.AllocExact(8)
	big := a.AllocExact(40)
	if len(s6.Mem) != 6 || len(s7.Mem) != 8 || len(s8.Mem) != 8 || s6.Class != Micro || s8.Class != Micro {
		t.Fatalf("exact stacks: %d %d %d slots, classes %s %s", len(s6.Mem), len(s7.Mem), len(s8.Mem), s6.Class, s8.Class)
	}
	if big.Class != Small || len(big.Mem) != Small.Slots() {
		t.Fatalf("40 slots: %s with %d slots", big.Class, len(big.Mem))
	}
	if &s7.Mem[0] == &s8.Mem[0] {
		t.Fatal("two live exact stacks share memory")
	}
	for i := range s7.Mem {
		s7.Mem[i] = 7
	}
	for i := range s8.Mem {
		s8.Mem[i] = 8
	}
	if s7.Mem[7] != 7 {
		t.Fatal("a neighbouring exact stack overwrote another")
	}
	pools, _, _ := a.Stats()
	var sizes []int
	for _, p := range pools {
		if p.Exact() {
			sizes = append(sizes, p.Bytes)
			if p.Bytes == 64 && p.Used != 2 {
				t.Errorf("64 B pool: used %d, want 2", p.Used)
			}
		}
	}
	if len(sizes) != 2 || sizes[0] != 48 || sizes[1] != 64 {
		t.Errorf("exact pools %v, want [48 64]", sizes)
	}
	if b, slot := a.Where(s8.Ref()); b != 0 || slot != 1 {
		t.Errorf("Where(s8) = block %d slot %d", b, slot)
	}
	for _, s := range []Stack{s6, s7, s8, big} {
		a.Free(s)
	}
	pools, _, _ = a.Stats()
	for _, p := range pools {
		if p.Used != 0 || p.Exact() {
			t.Errorf("after freeing: %+v", p)
		}
	}
}
