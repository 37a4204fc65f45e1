// Package host wires the pieces of cprime together: a VM with the
// standard library installed, a compiler session with the prelude loaded,
// and the conventions for reporting errors and exit statuses that the
// CLI, the REPL and the tests share.
package host
