// Package repl is cprime's interactive loop: it reads CPrime input (several
// lines while brackets or strings are open), compiles it into the same
// session as everything typed before (so definitions and variables
// persist), runs it, and echoes the value of a final expression. Lines
// starting with ':' are commands (:help lists them).
//
// The loop itself (Session.Eval) is independent of the terminal, so tests
// drive it directly; Run adds readline editing, history and Ctrl-C.
package repl
