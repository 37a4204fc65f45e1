//go:build linux || darwin || freebsd || netbsd || openbsd

package vmstack

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// pageSize is the system page size.
var pageSize = unix.Getpagesize()

// mapSlots maps n slots of zeroed memory (plus a guard page after them
// when guard is set); the memory is committed only as it is touched.
func mapSlots(n int, guard bool) ([]uint64, []byte, error) {
	size := roundPage(n * 8)
	total := size
	if guard {
		total += pageSize
	}
	raw, err := unix.Mmap(-1, 0, total, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANON)
	if err != nil {
		return nil, nil, err
	}
	if guard {
		if err := unix.Mprotect(raw[size:], unix.PROT_NONE); err != nil {
			unix.Munmap(raw)
			return nil, nil, err
		}
	}
	return unsafe.Slice((*uint64)(unsafe.Pointer(&raw[0])), n), raw, nil
}

// unmap releases memory from mapSlots.
func unmap(raw []byte) {
	if raw != nil {
		_ = unix.Munmap(raw)
	}
}

func roundPage(n int) int { return (n + pageSize - 1) / pageSize * pageSize }

// MmapBacked reports whether stacks come from mmap (true here).
const MmapBacked = true
