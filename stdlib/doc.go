// Package stdlib is CPrime's standard library: natives written in Go
// (printing, collections, strings, numbers, coroutines, jobs, channels)
// and a prelude written in CPrime (prelude.cpr, embedded), which holds the
// higher-order functions and builders: natives never call back into
// script, so map, filter, coroutine_scope, with_timeout and friends are
// CPrime code that the VM runs like any other.
//
// Install registers the natives in a VM; the front end then compiles
// Prelude into its compiler session (stdlib does not import the compiler).
package stdlib
