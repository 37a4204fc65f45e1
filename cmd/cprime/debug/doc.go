// Package debug is cprime's debugger front end (cprime debug FILE).
//
// The program runs on a controlled VM (vm.Controller, with every
// dispatcher serialised onto the main thread), stopped before its first
// line. Breakpoints are set by FILE:LINE, LINE or function name; a hit
// says which coroutine reached it, and the debugger's view switches to
// that coroutine. step, next, finish and stepi move the coroutine in view
// (the rest of the program runs meanwhile, as threads do under gdb);
// bt, locals and print look at it; coros lists every coroutine and
// switch N changes which one is in view. The REPL's coroutine views
// (:inspect, :stack, :pools, :jobs) work while the program is stopped.
// Ctrl-C pauses a running program at its next safepoint.
package debug
