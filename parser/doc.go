// Package parser holds CPrime's syntax: the grammar, written as participle
// grammar structs that are also the AST (ast.go for items and statements,
// expr.go for expressions and patterns, every node with its position), the
// parser built from them over the lexer package's tokens (parser.go), an
// AST printer whose output parses back (printer.go), a
// reflection-based walker the compiler's analyses use (walk.go), and syntax
// errors phrased for CPrime users with file:line:column (errors.go).
//
// The grammar being the AST keeps one definition of the syntax instead of
// a grammar plus a tree that must agree with it; the cost is that a few
// constructs need lexer help (the lexer marks the `{` opening an if/while/
// for/match body, and the `,` continuing a `with` list) where Rust's
// grammar relies on context. Fuzz tests (fuzz_test.go, corpus in testdata)
// hold that parsing never panics and that printed code reparses and
// prints the same again.
package parser
