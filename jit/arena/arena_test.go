//go:build linux

package arena

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"testing"
)

// permsAt returns the permission field of the /proc/self/maps line that
// covers addr.
func permsAt(t *testing.T, addr uintptr) string {
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		t.Skip("no /proc/self/maps")
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var lo, hi uintptr
		var perms string
		if _, err := fmt.Sscanf(sc.Text(), "%x-%x %s", &lo, &hi, &perms); err == nil && addr >= lo && addr < hi {
			return perms
		}
	}
	return ""
}

func TestLoadSealsABatch(t *testing.T) {
	funcs := [][]byte{{1, 2, 3}, bytes.Repeat([]byte{0xCC}, 5000), {4}, {}}
	a, err := Load(funcs...)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Free()
	if a.Len() != len(funcs) {
		t.Fatalf("Len %d", a.Len())
	}
	for i, f := range funcs {
		if a.Addr(i)%Align != 0 {
			t.Fatalf("function %d at %#x, not %d-aligned", i, a.Addr(i), Align)
		}
		if !bytes.Equal(a.Code(i), f) {
			t.Fatalf("function %d holds % x, want % x", i, a.Code(i), f)
		}
		if !a.Contains(a.Addr(i)) {
			t.Fatalf("Contains(Addr(%d)) false", i)
		}
		if i > 0 && a.Addr(i) < a.Addr(i-1)+uintptr(len(funcs[i-1])) {
			t.Fatalf("function %d overlaps %d", i, i-1)
		}
	}
	// one mapping for the batch, readable and executable, not writable
	if p := permsAt(t, a.Addr(0)); p != "r-xp" {
		t.Fatalf("arena mapped %q, want r-xp", p)
	}
	if permsAt(t, a.Addr(1)+4999) != permsAt(t, a.Addr(0)) {
		t.Fatal("batch split over mappings with different permissions")
	}
}

// TestSealedIsNotWritable: a write into a sealed arena faults (turned into
// a panic here), so code is never patched in place.
func TestSealedIsNotWritable(t *testing.T) {
	a, err := Load([]byte{0xC3})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Free()
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	faulted := func() (f bool) {
		defer func() { f = recover() != nil }()
		a.Code(0)[0] = 0x90
		return false
	}()
	if !faulted {
		t.Fatal("wrote into a sealed arena")
	}
	if a.Code(0)[0] != 0xC3 {
		t.Fatal("sealed code changed")
	}
}

func TestFreeAndErrors(t *testing.T) {
	if _, err := Load(); err == nil || !strings.Contains(err.Error(), "no code") {
		t.Fatalf("Load() = %v", err)
	}
	a, err := Load([]byte{1})
	if err != nil {
		t.Fatal(err)
	}
	addr := a.Addr(0)
	if err := a.Free(); err != nil {
		t.Fatal(err)
	}
	if a.Contains(addr) {
		t.Fatal("freed arena still contains its code")
	}
	if a.Free() == nil {
		t.Fatal("double free accepted")
	}
	if p := permsAt(t, addr); p == "r-xp" {
		t.Fatal("mapping still present after Free")
	}
}
