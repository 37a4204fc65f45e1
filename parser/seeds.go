package parser

import "strings"

// HostileSeeds are sources a fuzzer would take long to find: nesting far
// past the limit through every construct that recurses, chains longer
// than the compiler takes, and huge literals. The parser's and the
// compile-and-run fuzz targets start from them.
func HostileSeeds() []string {
	r := strings.Repeat
	const n = 100_000
	return []string{
		"let x = " + r("(", n) + "1" + r(")", n) + ";",
		"let x = " + r("[", n) + "1" + r("]", n) + ";",
		"let x = " + r("{", n) + r("}", n) + ";",
		"let x = " + r(`"${`, n) + r(`}"`, n) + ";",
		"fn f() { " + r("return ", n) + "1; }",
		"fn f(a: int) { if a == 0 { 0 } " + r("else if a == 1 { 1 } ", n/10) + "}",
		"let f = " + r("|a, b| ", n) + "a;",
		"let x: " + r("Vec<", n) + "int" + r(">", n) + " = 1;",
		"let x = 1" + r(" + 1", n) + ";",
		"let x = " + r("-", n) + "1;",
		"let x = a" + r(".f()", n) + ";",
		"let v = [" + r("1, ", n/10) + "]; println(v.len());",
		"let s = \"" + r("a", 1<<22) + "\"; println(s.len());",
		"let x = " + r("9", 10_000) + ";",
		"let x = 1." + r("5", 10_000) + "e99999;",
		"let m = #{" + r("1: 2, ", n/10) + "};",
	}
}
