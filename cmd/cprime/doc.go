// Command cprime runs CPrime programs, compiles and disassembles them, and
// hosts the REPL.
//
//	cprime run FILE [ARGS...]     run a program
//	cprime check FILE             compile only (report errors)
//	cprime disasm FILE            print the bytecode
//	cprime version                print the version
//	cprime [repl]                 start the REPL
//
// Every command takes --help. Exit status: 0 success, 1 runtime error,
// 2 compile error, 64 usage error.
package main
