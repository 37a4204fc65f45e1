package host

import (
	"io"
	"os"
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
