//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package vmstack

// pageSize is nominal where memory is not mapped directly.
var pageSize = 4096

// mapSlots allocates slot memory from the Go heap ([]uint64 holds no
// pointers, so the Go collector does not scan it).
func mapSlots(n int, guard bool) ([]uint64, []byte, error) {
	return make([]uint64, n), nil, nil
}

func unmap(raw []byte) {}

func roundPage(n int) int { return (n + pageSize - 1) / pageSize * pageSize }

// MmapBacked reports whether stacks come from mmap (false here).
const MmapBacked = false
