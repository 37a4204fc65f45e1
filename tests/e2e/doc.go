// Package e2e drives the real cprime binary the way people use it: the
// REPL and the debugger in a pseudo-terminal (tmux), typing keys and
// reading the screen; trace export through the CLI, and its HTML page in
// headless Chromium; the tutor's pages in Chromium driven through the
// DevTools protocol over a pipe (cdp_test.go), pressing keys and reading
// the DOM.
package e2e
