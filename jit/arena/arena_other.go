//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package arena

import "errors"

// Align is the alignment of every function placed in an arena.
const Align = 16

// Supported reports whether this platform can map executable memory.
const Supported = false

// Arena is unavailable here.
type Arena struct{}

// Load refuses: no executable memory on this platform.
func Load(funcs ...[]byte) (*Arena, error) {
	return nil, errors.New("arena: executable memory is not supported on this platform")
}

func (a *Arena) Addr(i int) uintptr       { return 0 }
func (a *Arena) Code(i int) []byte        { return nil }
func (a *Arena) Len() int                 { return 0 }
func (a *Arena) Contains(pc uintptr) bool { return false }
func (a *Arena) Free() error              { return nil }
