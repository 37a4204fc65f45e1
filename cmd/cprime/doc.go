// Command cprime runs CPrime programs, compiles and disassembles them, and
// hosts the REPL and the debugger.
//
//	cprime run FILE [ARGS...]     run a program (--trace/--trace-html: timeline export)
//	cprime check FILE             compile only (report errors)
//	cprime disasm FILE            print the bytecode
//	cprime analyze FILE           print the coroutine bodies' stack analysis
//	cprime debug FILE             debug a program (breakpoints, stepping, coroutine views)
//	cprime tutor FILE -o P.html   a page that steps through every coroutine's stack, pools, jobs
//	cprime version                print the version
//	cprime [repl]                 start the REPL
//
// Every command takes --help. Exit status: 0 success, 1 runtime error,
// 2 compile error, 64 usage error.
package main
