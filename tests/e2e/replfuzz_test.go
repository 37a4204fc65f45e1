package e2e

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// fuzzLine makes one random REPL input line: code (some of it broken),
// brackets balanced or not, binary bytes, a long line, or a command with
// good or bad arguments. Nothing in it quits the session or loops for
// ever.
func fuzzLine(r *rand.Rand) string {
	snippets := []string{
		"let x = 1 + 2", "x * 3", "let v = [1, 2, 3];", "v.push(4)", "v.len()", "fn f(n: int) -> int { n * 2 }",
		"f(21)", "let s = \"a${x}b\"", "async fn w() -> int { delay(5); 7 }", "let d = spawn w()", "co_await d",
		"let c = Coroutine::new(w)", "1 / 0", "panic(\"boom\")", "let y = nosuch(1)", "y", "(1 + * 2)", "let = ;",
		"match 3 { 1 => 2 }", "[1, 2][5]", "i64::MAX + 1", "\"unterminated", "}", ")", "]", "{ }", "let m = Map::new();",
		"m.insert(\"k\", 1)", "try { throw Error::new(\"E\", \"m\") } catch e { e.kind }", "launch { delay(1); panic(\"late\") }",
	}
	commands := []string{":coros", ":jobs", ":pools", ":globals", ":run", ":run 3", ":auto on", ":auto off", ":step", ":step 1",
		":step nosuch", ":step #999999", ":stepi x", ":inspect", ":inspect -1", ":stack 0 full", ":stack abc", ":cancel",
		":cancel 12345", ":advance", ":advance -5", ":advance abc", ":advance 10", ":time", ":time bogus", ":time virtual",
		":disasm", ":disasm nosuch", ":disasm f", ":analyze f", ":analyze", ":load", ":load /nonexistent.cpr", ":load /",
		":help", ":help nosuch", ":nosuchcommand", ":", ":step d over", ":step d sideways", ":reset"}
	switch r.IntN(8) {
	case 0, 1:
		return snippets[r.IntN(len(snippets))]
	case 2:
		return commands[r.IntN(len(commands))]
	case 3: // brackets, balanced or not
		var b strings.Builder
		for range 1 + r.IntN(12) {
			b.WriteByte("()[]{}\"1+ "[r.IntN(10)])
		}
		return b.String()
	case 4: // binary bytes (no newline)
		b := make([]byte, 1+r.IntN(40))
		for i := range b {
			b[i] = byte(r.IntN(256))
			if b[i] == '\n' {
				b[i] = 0
			}
		}
		return string(b)
	case 5: // a long line
		return strings.Repeat(snippets[r.IntN(len(snippets))]+"; ", 300+r.IntN(1200))
	case 6:
		return commands[r.IntN(len(commands))] + " " + fmt.Sprint(r.Int64())
	}
	return snippets[r.IntN(len(snippets))] + snippets[r.IntN(len(snippets))]
}

// The REPL fed random lines and commands through a pipe survives every
// one of them: it never prints a Go panic, it ends normally at the end of
// input, and the last input either runs or is reported as cut off by the
// end of input (an unclosed bracket or string that swallowed it).
func TestREPLSurvivesRandomInput(t *testing.T) {
	for seed := range uint64(12) {
		r := rand.New(rand.NewPCG(seed, 13))
		var in strings.Builder
		for range 40 {
			in.WriteString(fuzzLine(r))
			in.WriteByte('\n')
		}
		in.WriteString("println(\"still alive\")\n")
		out, errOut, code := runBinary(t, in.String(), "repl", "--virtual-time")
		noGoPanic(t, out+errOut)
		if code != 0 {
			t.Errorf("seed %d: status %d\n%.2000s", seed, code, errOut)
		}
		alive := strings.Contains(out, "still alive\n")
		dropped := strings.Contains(errOut, "error: the input ended inside an unclosed bracket, string or comment; not run")
		if alive == dropped {
			t.Errorf("seed %d: the last input neither ran nor was reported dropped (ran %v, reported %v)\nstdout tail:\n%s\nstderr tail:\n%s",
				seed, alive, dropped, tail(out, 600), tail(errOut, 600))
		}
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
