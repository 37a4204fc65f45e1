// Package repl is cprime's interactive loop: it reads CPrime input (several
// lines while brackets or strings are open), compiles it into the same
// session as everything typed before (so definitions and variables
// persist), runs it, and echoes the value of a final expression. Lines
// starting with ':' are commands (:help lists them, :help NAME explains
// one with an example).
//
// The VM runs serialised (vm.Options.Serial) under a vm.Controller, so
// coroutines are visible and stay where they are: an input runs until its
// own chunk finishes, and the coroutines it spawned or launched are then
// adopted by the session's scope job and wait in the ready queue until
// the user moves them (:step, :stepi, :run, or :auto on). :coros,
// :inspect, :stack, :pools and :jobs show them (package views).
//
// The loop itself (Session.Eval) is independent of the terminal; Run adds
// readline editing, persistent history, tab completion (keywords, names in
// scope, members after '.', commands and their arguments) and Ctrl-C:
// at the prompt it abandons the input, during an evaluation it interrupts
// it (the running coroutine fails with Interrupted; the session goes on).
package repl
