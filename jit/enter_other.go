//go:build !((amd64 || arm64) && (linux || darwin || freebsd || netbsd || openbsd))

package jit

// Native reports whether this build can run generated code.
const Native = false

func enter(ctx *Context, fn, target, table uintptr) { panic("jit: no native code on this platform") }
