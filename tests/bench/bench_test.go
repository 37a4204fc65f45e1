package bench

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/cprime-lang/cprime/cmd/cprime/host"
	"github.com/cprime-lang/cprime/vm"
	lua "github.com/yuin/gopher-lua"
)

// workload is one benchmark program, NAME.cpr / NAME.lua, taking its size as
// its first argument.
type workload struct {
	name  string
	small string // the size TestWorkloadsAgree uses; "" means the default (full) size
	want  string // the checksum at the small size
}

var workloads = []workload{
	{"fib", "18", "2584"},
	{"loop", "20000", "59997"},
	{"strings", "30", "46840"},
	{"dispatch", "20", "275000"},
	{"generator", "5000", "12497500"},
	{"forin", "5000", "12497500"},
	{"switch", "5000", "12497500"},
	{"spawn", "5000", "19995"},
}

func args(size string) []string {
	if size == "" {
		return nil
	}
	return []string{size}
}

func readSource(tb testing.TB, file string) string {
	tb.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		tb.Fatal(err)
	}
	return string(src)
}

// newCPrime makes an engine whose output goes to out.
func newCPrime(tb testing.TB, size string, out, errOut *bytes.Buffer) *host.Host {
	tb.Helper()
	e, err := host.New(host.Options{VM: vm.Options{Args: args(size)}, Stdout: out, Stderr: errOut})
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

// runCPrime runs NAME.cpr in-process and returns its output.
func runCPrime(tb testing.TB, name, size string) string {
	tb.Helper()
	var out, errOut bytes.Buffer
	e := newCPrime(tb, size, &out, &errOut)
	if code := e.RunSource(name+".cpr", readSource(tb, name+".cpr")); code != 0 {
		tb.Fatalf("%s.cpr exited with %d:\n%s%s", name, code, out.String(), errOut.String())
	}
	return strings.TrimSpace(out.String())
}

// newGopherLua makes a Lua state whose print writes to out and whose global
// arg holds the script name and size, as the lua command sets it.
func newGopherLua(file, size string, out *bytes.Buffer) *lua.LState {
	L := lua.NewState()
	L.SetGlobal("print", L.NewFunction(func(L *lua.LState) int {
		for i := 1; i <= L.GetTop(); i++ {
			if i > 1 {
				out.WriteByte('\t')
			}
			out.WriteString(L.ToStringMeta(L.Get(i)).String())
		}
		out.WriteByte('\n')
		return 0
	}))
	arg := L.NewTable()
	L.RawSetInt(arg, 0, lua.LString(file))
	for i, a := range args(size) {
		L.RawSetInt(arg, i+1, lua.LString(a))
	}
	L.SetGlobal("arg", arg)
	return L
}

// runGopherLua runs NAME.lua with gopher-lua and returns its output.
func runGopherLua(tb testing.TB, name, size string) string {
	tb.Helper()
	var out bytes.Buffer
	L := newGopherLua(name+".lua", size, &out)
	defer L.Close()
	if err := L.DoString(readSource(tb, name+".lua")); err != nil {
		tb.Fatalf("%s.lua: %v", name, err)
	}
	return strings.TrimSpace(out.String())
}

func TestWorkloadsAgree(t *testing.T) {
	lua54, _ := exec.LookPath("lua5.4")
	for _, w := range workloads {
		t.Run(w.name, func(t *testing.T) {
			cp := runCPrime(t, w.name, w.small)
			gl := runGopherLua(t, w.name, w.small)
			if cp != gl {
				t.Errorf("checksums differ: cprime %q, gopher-lua %q", cp, gl)
			}
			if cp != w.want {
				t.Errorf("cprime printed %q, want %q", cp, w.want)
			}
			if lua54 != "" {
				out, err := exec.Command(lua54, w.name+".lua", w.small).CombinedOutput()
				if err != nil {
					t.Fatalf("lua5.4 %s.lua: %v\n%s", w.name, err, out)
				}
				if got := strings.TrimSpace(string(out)); got != cp {
					t.Errorf("checksums differ: cprime %q, lua5.4 %q", cp, got)
				}
			}
		})
	}
}

// TestEmptyProgram checks the startup workload compare.sh uses.
func TestEmptyProgram(t *testing.T) {
	if out := runCPrime(t, "empty", ""); out != "" {
		t.Errorf("empty.cpr printed %q", out)
	}
	if out := runGopherLua(t, "empty", ""); out != "" {
		t.Errorf("empty.lua printed %q", out)
	}
}

// BenchmarkCPrime runs each workload at full size in-process: compile and
// run, not counting the engine's creation (prelude load).
func BenchmarkCPrime(b *testing.B) {
	for _, w := range workloads {
		b.Run(w.name, func(b *testing.B) {
			src := readSource(b, w.name+".cpr")
			var first string
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				var out, errOut bytes.Buffer
				e := newCPrime(b, "", &out, &errOut)
				b.StartTimer()
				if code := e.RunSource(w.name+".cpr", src); code != 0 {
					b.Fatalf("%s.cpr exited with %d:\n%s", w.name, code, errOut.String())
				}
				first = out.String()
			}
			b.Logf("checksum %s", strings.TrimSpace(first))
		})
	}
}

// BenchmarkGopherLua runs each workload at full size with gopher-lua: compile
// and run, not counting the state's creation.
func BenchmarkGopherLua(b *testing.B) {
	for _, w := range workloads {
		b.Run(w.name, func(b *testing.B) {
			src := readSource(b, w.name+".lua")
			var first string
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				var out bytes.Buffer
				L := newGopherLua(w.name+".lua", "", &out)
				b.StartTimer()
				if err := L.DoString(src); err != nil {
					b.Fatalf("%s.lua: %v", w.name, err)
				}
				b.StopTimer()
				L.Close()
				b.StartTimer()
				first = out.String()
			}
			b.Logf("checksum %s", strings.TrimSpace(first))
		})
	}
}

// TestFlowPipelinesAgree checks that the flow pipeline and the generator
// pipeline BenchmarkFlowPipeline compares compute the same sum.
func TestFlowPipelinesAgree(t *testing.T) {
	fl := runCPrime(t, "flowpipe", "3000")
	gen := runCPrime(t, "genpipe", "3000")
	if fl != gen || fl != "2997000" {
		t.Errorf("flowpipe printed %q, genpipe %q, want 2997000", fl, gen)
	}
}

// BenchmarkFlowPipeline runs 10^6 values through map and filter, as a
// sequential flow into collect and as a generator driven by for (§7.7.1:
// the flow should take at most 1.5x the generator's time).
func BenchmarkFlowPipeline(b *testing.B) {
	for _, name := range []string{"flowpipe", "genpipe"} {
		b.Run(name, func(b *testing.B) {
			src := readSource(b, name+".cpr")
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				var out, errOut bytes.Buffer
				e := newCPrime(b, "", &out, &errOut)
				// the flow part of the prelude is compiled on first use:
				// load it before timing, for both programs alike
				if err := e.Session.LoadAllPrelude(); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if code := e.RunSource(name+".cpr", src); code != 0 {
					b.Fatalf("%s.cpr exited with %d:\n%s", name, code, errOut.String())
				}
			}
		})
	}
}
