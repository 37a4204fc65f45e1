package engine

import (
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
)

func BenchmarkScript(b *testing.B) {
	path := os.Getenv("CPRIME_BENCH_FILE")
	if path == "" {
		b.Skip("set CPRIME_BENCH_FILE")
	}
	src, _ := os.ReadFile(path)
	for i := 0; i < b.N; i++ {
		e, err := New(Options{Stdout: io.Discard, Stderr: os.Stderr})
		if err != nil {
			b.Fatal(err)
		}
		if code := e.RunSource(path, string(src)); code != 0 {
			b.Fatal(code)
		}
	}
}

// BenchmarkCompileLongFlatSum compiles `let x = 1 + 1 + ... ;` with 10,000
// and 40,000 terms: compile time must grow linearly with the terms (each
// + chain is analysed once, not again at every level).
func BenchmarkCompileLongFlatSum(b *testing.B) {
	for _, n := range []int{10_000, 40_000} {
		src := "let x = " + strings.Repeat("1 + ", n-1) + "1;\n"
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				e, err := New(Options{Stdout: io.Discard, Stderr: os.Stderr})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if _, err := e.Compile("flat.cpr", src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
