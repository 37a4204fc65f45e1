// Package e2e drives the real cprime binary the way people use it: the
// REPL and the debugger in a pseudo-terminal (tmux), typing keys and
// reading the screen; trace export through the CLI, and its HTML page in
// headless Chromium.
package e2e
