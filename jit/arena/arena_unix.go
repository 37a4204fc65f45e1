//go:build linux || darwin || freebsd || netbsd || openbsd

package arena

import (
	"errors"
	"fmt"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Align is the alignment of every function placed in an arena.
const Align = 16

// Arena is one mapping of sealed, executable code.
type Arena struct {
	mem   []byte
	offs  []int
	sizes []int
}

// Supported reports whether this platform can map executable memory.
const Supported = true

var errFreed = errors.New("arena: freed")

// Load maps one arena holding every function in funcs, each at a 16-byte
// aligned address, seals it read+execute, and returns it; Addr(i) is the
// entry of funcs[i].
func Load(funcs ...[]byte) (*Arena, error) {
	total := 0
	for _, f := range funcs {
		total = (total+Align-1)&^(Align-1) + len(f)
	}
	if total == 0 {
		return nil, errors.New("arena: no code")
	}
	page := unix.Getpagesize()
	size := (total + page - 1) / page * page
	mem, err := unix.Mmap(-1, 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANON)
	if err != nil {
		return nil, fmt.Errorf("arena: mmap %d bytes: %w", size, err)
	}
	a := &Arena{mem: mem}
	off := 0
	for _, f := range funcs {
		off = (off + Align - 1) &^ (Align - 1)
		copy(mem[off:], f)
		a.offs = append(a.offs, off)
		a.sizes = append(a.sizes, len(f))
		off += len(f)
	}
	if err := unix.Mprotect(mem, unix.PROT_READ|unix.PROT_EXEC); err != nil {
		_ = unix.Munmap(mem)
		return nil, fmt.Errorf("arena: mprotect: %w", err)
	}
	return a, nil
}

// Addr returns the entry address of function i.
func (a *Arena) Addr(i int) uintptr { return uintptr(unsafe.Pointer(&a.mem[a.offs[i]])) }

// Code returns the sealed bytes of function i (read-only memory: writing
// to the slice faults).
func (a *Arena) Code(i int) []byte {
	return a.mem[a.offs[i] : a.offs[i]+a.sizes[i] : a.offs[i]+a.sizes[i]]
}

// Len returns the number of functions in the arena.
func (a *Arena) Len() int { return len(a.offs) }

// Contains reports whether pc lies inside the arena's mapping.
func (a *Arena) Contains(pc uintptr) bool {
	if a.mem == nil {
		return false
	}
	lo := uintptr(unsafe.Pointer(&a.mem[0]))
	return pc >= lo && pc < lo+uintptr(len(a.mem))
}

// Free unmaps the arena. No code in it may be running or entered again.
func (a *Arena) Free() error {
	if a.mem == nil {
		return errFreed
	}
	err := unix.Munmap(a.mem)
	a.mem, a.offs, a.sizes = nil, nil, nil
	return err
}
