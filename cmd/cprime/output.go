package main

import (
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/cprime-lang/cprime/vm"
)

// flushEvery bounds how long printed output may sit in the buffer while a
// script runs with stdout on a pipe or a file.
const flushEvery = 100 * time.Millisecond

// isTerminal reports whether w is a terminal (output there is
// line-buffered, so it appears as it is printed).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}

// guardOutput keeps a script's buffered stdout from being lost: a timer
// flushes it while the program runs, and SIGINT, SIGTERM or SIGHUP
// flush it before the process dies of that signal (so the shell still
// sees the signal as the cause). stop ends both.
func guardOutput(v *vm.VM) (stop func()) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	done := make(chan struct{})
	tick := time.NewTicker(flushEvery)
	go func() {
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				v.Flush()
			case s := <-sigs:
				dieOfSignal(v, s.(syscall.Signal))
			}
		}
	}()
	return func() {
		signal.Stop(sigs)
		tick.Stop()
		close(done)
	}
}

// dieOfSignal flushes stdout (holding it, so nothing more is written
// after what was flushed) and ends the process by sig. A stdout that
// cannot take the bytes (a pipe nobody reads) gets two seconds.
func dieOfSignal(v *vm.VM, sig syscall.Signal) {
	flushed := make(chan struct{})
	go func() {
		v.LockOut()
		v.Out.Flush()
		close(flushed)
	}()
	select {
	case <-flushed:
	case <-time.After(2 * time.Second):
	}
	signal.Reset(sig)
	syscall.Kill(os.Getpid(), sig)
	time.Sleep(time.Second)
	os.Exit(128 + int(sig))
}

// testFault provokes a fault for the end-to-end tests of exit statuses
// (CPRIME_TEST_FAULT=panic: a Go panic, which realMain reports as an
// internal error; =fatal: a Go runtime fatal error).
func testFault(kind string) {
	switch kind {
	case "panic":
		panic("provoked by CPRIME_TEST_FAULT")
	case "fatal":
		m := map[int]int{}
		for g := 0; g < 4; g++ {
			go func() {
				for i := 0; ; i++ {
					m[i%64] = i // concurrent map writes: a Go fatal error
				}
			}()
		}
		select {}
	}
}
