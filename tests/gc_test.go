package tests

import (
	"bytes"
	"testing"

	"github.com/cprime-lang/cprime/cmd/cprime/host"
)

// TestGCKeepsHeapBounded allocates ten million short-lived objects; the
// VM's collector must keep the number of live objects bounded.
func TestGCKeepsHeapBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates ten million objects")
	}
	var out, errOut bytes.Buffer
	e, err := host.New(host.Options{Stdout: &out, Stderr: &errOut})
	if err != nil {
		t.Fatal(err)
	}
	peak := 0
	src := `
fn churn(n: int) -> int {
    let mut kept = 0;
    for i in 0..n {
        let v = [i, i + 1];          // a Vec
        let s = "item ${i}";         // a string
        kept += v.len() + s.len() - s.len();
    }
    kept
}
println(churn(5_000_000));
`
	done := make(chan int)
	go func() { done <- e.RunSource("gc.cpr", src) }()
	// sample the heap while it runs
	for {
		select {
		case code := <-done:
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut.String())
			}
			if got := out.String(); got != "10000000\n" {
				t.Fatalf("output %q", got)
			}
			if e.VM.Heap().Collections() == 0 {
				t.Fatal("the collector never ran")
			}
			if peak > 2_000_000 {
				t.Fatalf("heap grew to %d live objects", peak)
			}
			t.Logf("collections: %d, peak live objects sampled: %d", e.VM.Heap().Collections(), peak)
			return
		default:
			if n := e.VM.Heap().Live(); n > peak {
				peak = n
			}
		}
	}
}
