package vmstack

import (
	"fmt"
	"strconv"
	"strings"
)

// Reserve pre-allocates room for n stacks of class c, kept even while
// unused, for programs that want no allocation on their hot path: pooled
// classes get enough blocks marked reserved (never released when they
// empty); Large gets n 64 KiB stacks mapped ahead and kept on reuse. A
// later call replaces the class's reservation (0 drops it; blocks it no
// longer covers are released once empty).
func (a *Allocator) Reserve(c Class, n int) {
	n = max(n, 0)
	if c >= Large {
		a.mu.Lock()
		a.largeReserved = n
		for len(a.largeCache)+a.largeLive < n {
			mem, raw := allocSlots(Large.Slots(), true)
			if raw != nil {
				a.largeMapped++
			}
			a.largeCache = append(a.largeCache, &block{mem: mem, raw: raw})
		}
		a.mu.Unlock()
		return
	}
	l := a.lock()
	defer a.unlock(l)
	p := &a.pools[c]
	p.reserved = n
	covered := 0
	for _, b := range p.blocks {
		b.reserved = covered < n
		if b.reserved {
			covered += StacksPerBlock
		}
	}
	for covered < n {
		p.newBlock().reserved = true
		covered += StacksPerBlock
	}
	// blocks the reservation no longer covers go if they are empty
	kept := p.blocks[:0]
	for _, b := range p.blocks {
		if b.used == 0 && !b.reserved {
			unmap(b.raw)
			continue
		}
		kept = append(kept, b)
	}
	p.blocks = kept
}

// LargeStats returns the Large stacks reserved and kept ready for reuse.
func (a *Allocator) LargeStats() (reserved, ready int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.largeReserved, len(a.largeCache)
}

// ParseReserve reads a reservation such as "micro=4096,small=256" (the
// --pool-reserve flag): a count of stacks per class, named in any case.
func ParseReserve(s string) ([NumClasses]int, error) {
	var out [NumClasses]int
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, count, ok := strings.Cut(part, "=")
		c, known := ClassNamed(strings.TrimSpace(name))
		n, err := strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(count), "_", ""))
		switch {
		case !ok:
			return out, fmt.Errorf("%q: want CLASS=COUNT, e.g. micro=4096", part)
		case !known:
			return out, fmt.Errorf("%q: unknown size class %q (micro, small, medium or large)", part, name)
		case err != nil || n < 0:
			return out, fmt.Errorf("%q: the count must be a non-negative integer", part)
		}
		out[c] = n
	}
	return out, nil
}

// ClassNamed finds a class by name, in any case (Micro, micro).
func ClassNamed(name string) (Class, bool) {
	for c := Micro; c < NumClasses; c++ {
		if strings.EqualFold(c.String(), name) {
			return c, true
		}
	}
	return 0, false
}
