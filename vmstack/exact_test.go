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

// TestReserve: a reservation maps its blocks ahead, keeps them when they
// empty, and serves exact-size requests from the Micro reservation first.
func TestReserve(t *testing.T) {
	a := NewAllocator()
	a.Reserve(Small, 1500)
	pools, _, _ := a.Stats()
	if p := pools[Small]; p.Blocks != 2 || p.Reserved != 1500 || p.Used != 0 {
		t.Fatalf("after Reserve(Small, 1500): %+v", p)
	}
	s := a.Alloc(Small, 0)
	a.Free(s)
	if pools, _, _ = a.Stats(); pools[Small].Blocks != 2 {
		t.Fatalf("a reserved block was released when it emptied: %+v", pools[Small])
	}
	a.Reserve(Small, 0)
	if pools, _, _ = a.Stats(); pools[Small].Blocks != 0 || pools[Small].Reserved != 0 {
		t.Fatalf("dropping the reservation kept %+v", pools[Small])
	}

	a.Reserve(Micro, 10)
	e := a.AllocExact(6)
	if len(e.Mem) != Micro.Slots() {
		t.Errorf("with a Micro reservation an exact request got %d slots, want the reserved Micro stack", len(e.Mem))
	}
	a.Free(e)

	a.Reserve(Large, 3)
	if reserved, ready := a.LargeStats(); reserved != 3 || ready != 3 {
		t.Fatalf("Large reservation: reserved %d ready %d", reserved, ready)
	}
	l := a.Alloc(Large, 0)
	if _, ready := a.LargeStats(); ready != 2 {
		t.Errorf("a Large stack was not taken from the reservation")
	}
	a.Free(l)
	if _, ready := a.LargeStats(); ready != 3 {
		t.Errorf("a freed Large stack was not kept for the reservation")
	}
}

func TestParseReserve(t *testing.T) {
	r, err := ParseReserve("micro=4096, Small=256,large=1_000")
	if err != nil || r[Micro] != 4096 || r[Small] != 256 || r[Medium] != 0 || r[Large] != 1000 {
		t.Fatalf("%v %v", r, err)
	}
	for _, bad := range []string{"tiny=3", "micro", "micro=-1", "micro=x"} {
		if _, err := ParseReserve(bad); err == nil {
			t.Errorf("ParseReserve(%q) accepted", bad)
		}
	}
}
