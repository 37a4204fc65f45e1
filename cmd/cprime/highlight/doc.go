// Package highlight colours CPrime source where people read it: the
// tutor and trace pages (HTML spans), the REPL's input line as it is typed
// (ANSI colours through readline's Painter), and editors (a TextMate
// grammar, editors/cprime.tmLanguage.json).
//
// All three use one grammar, built by Grammar from the lexer's own token
// table (lexer.Keywords, lexer.Puncts), and one small TextMate engine
// (Scanner) that runs the grammar's rules line by line the way editors
// do. The tests tokenize every golden program with the grammar and compare
// the token kinds with the lexer's, so the colours never disagree with
// what the compiler reads; the JSON file is checked against Grammar.
package highlight
