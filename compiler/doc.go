// Package compiler turns parsed CPrime (parser's AST) into vm bytecode.
//
// A Session holds what successive compilations share: the prelude, then a
// script with its imports, or the REPL's inputs one after another. Each
// compilation declares every item first (so items may be used before they
// are declared), compiles function bodies, then compiles the top-level
// code into a main chunk that the VM runs as the body of run_blocking.
//
// Code generation is single-pass per function, Lua style: locals live in
// registers allocated in declaration order, temporaries above them, and a
// call's arguments are evaluated straight into the callee's frame (the
// call window). Variables captured by closures live in cells (capture is
// by reference); which ones is decided by a conservative scan of the
// names used inside nested closures (walk.go). try/finally and defer are
// protected pc ranges in the function's exception table, with finally
// bodies emitted inline on every normal exit path (return, break, `?`).
//
// An assignment to a local computes its value in a temporary and only the
// last instruction writes the local (retargeted when the code has a single
// path), so a failure part-way leaves the variable unchanged. Locals and
// match scrutinees that only ever hold private resume results get MOVERES
// (resumeresult.go; the VM then rewrites the result in place).
//
// After each compilation the stack analysis (analyze.go) recomputes every
// function's CoroMetadata from the call graph; attributes (meta.go) hint a
// body's class, declare metadata the analysis must agree with (checked
// once it has run), and anything unknown is an error.
//
// Types are checked where known: annotations, literals and declared
// signatures give static types; everything else is checked at run time.
package compiler
