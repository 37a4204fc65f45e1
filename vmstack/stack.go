package vmstack

import (
	"fmt"
	"math/bits"
	"sync"
	"sync/atomic"
)

// Class is a stack size class.
type Class uint8

const (
	Micro Class = iota
	Small
	Medium
	Large
	NumClasses
)

var classNames = [...]string{"Micro", "Small", "Medium", "Large"}

func (c Class) String() string {
	if int(c) < len(classNames) {
		return classNames[c]
	}
	return fmt.Sprintf("Class(%d)", c)
}

// Bytes returns the stack size of a pooled class, or the initial size of Large.
func (c Class) Bytes() int {
	switch c {
	case Micro:
		return 256
	case Small:
		return 2 << 10
	case Medium:
		return 16 << 10
	default:
		return 64 << 10
	}
}

// Slots returns Bytes()/8.
func (c Class) Slots() int { return c.Bytes() / 8 }

// ClassFor returns the smallest class whose stacks hold n slots.
func ClassFor(slots int) Class {
	for c := Micro; c < Large; c++ {
		if slots <= c.Slots() {
			return c
		}
	}
	return Large
}

// StacksPerBlock is the number of stacks in one pool block.
const StacksPerBlock = 1024

// ExactStep is the granularity, in slots, of exact-size stacks: a body the
// compiler bounds below Micro gets a stack of its size rounded up to 16 B.
const ExactStep = 2

// numExact is the number of exact-size pools: 16 B, 32 B, .. 240 B.
const numExact = 256/8/ExactStep - 1

// ExactSlots returns the slots of the exact-size stack for a body needing
// n slots: n rounded up to ExactStep, or Micro's slots if that is not less.
func ExactSlots(n int) int {
	n = (max(n, 1) + ExactStep - 1) / ExactStep * ExactStep
	return min(n, Micro.Slots())
}

// Stack is one allocated stack.
type Stack struct {
	Mem   []uint64
	Class Class
	block *block // its pool block, or (Large) its own mapping
	index int32
}

// Valid reports whether the stack holds memory.
func (s Stack) Valid() bool { return s.Mem != nil }

// Ref is the compact form of a Stack that a coroutine keeps: where its
// memory came from, so it can be freed.
type Ref struct {
	block *block
	index int32
	class Class
	tag   uint16 // see WithTag
}

// Ref returns the compact form of s.
func (s Stack) Ref() Ref { return Ref{block: s.block, index: s.index, class: s.Class} }

// Class returns the stack's size class.
func (r Ref) Class() Class { return r.class }

// Valid reports whether the reference names a stack.
func (r Ref) Valid() bool { return r.block != nil }

// Released is the reference after the stack is freed: it keeps the class
// and the tag.
func (r Ref) Released() Ref { return Ref{class: r.class, tag: r.tag} }

// WithTag returns r carrying a number of the owner's choosing, kept in
// the reference's padding (so it costs no space) and across Released: the
// VM keeps the coroutine body's function there, for co.metadata().
func (r Ref) WithTag(tag uint16) Ref {
	r.tag = tag
	return r
}

// Tag returns what WithTag set.
func (r Ref) Tag() uint16 { return r.tag }

type block struct {
	mem    []uint64
	raw    []byte
	bitmap [StacksPerBlock / 64]uint64
	used   int
	pool   *pool // nil for a Large stack
	// reserved: pre-allocated by Reserve, kept when it empties
	reserved bool
}

type pool struct {
	class  Class
	slots  int
	blocks []*block
	// reserved is the number of stacks Reserve pre-allocated
	reserved int
	// spare is the last block that emptied, kept (out of blocks) for the
	// next block the pool needs: a loop that creates and completes one
	// coroutine at a time would otherwise map and unmap a block, and fault
	// its pages in, for every coroutine.
	spare *block
}

// Allocator hands out stacks of every class. It is safe for concurrent use
// once SetConcurrent has been called.
type Allocator struct {
	mu         sync.Mutex
	concurrent atomic.Bool // see SetConcurrent
	pools      [Large]pool
	exact      [numExact]pool // exact[i]: stacks of (i+1)*ExactStep slots, class Micro
	largeLive  int
	largeBytes int
	// largeCache keeps a few freed 64 KiB Large stacks for reuse: a map,
	// a guard-page mprotect and an unmap per coroutine would otherwise
	// dominate programs that start many Large coroutines.
	largeCache []*block
	// largeMapped counts the live Large stacks that have a mapping of
	// their own (see maxMappedLarge).
	largeMapped int
	// largeReserved is how many 64 KiB Large stacks Reserve asked to keep
	// ready: the cache holds up to that many (at least largeCacheMax).
	largeReserved int
}

const largeCacheMax = 64

// maxMappedLarge bounds the Large stacks mapped individually. Linux
// allows a process about 65 000 mappings and a guarded stack takes two;
// the Go runtime needs its share too (running out is a fatal error in
// the Go heap, not a failed call). Past the bound, Large stacks come from
// the Go heap without a guard page: the VM checks every frame against
// its stack's bounds anyway, so the guard is defence in depth.
const maxMappedLarge = 8192

// allocSlots maps n slots (with a guard page after them when guard is
// set), or takes them from the Go heap if the system refuses.
func allocSlots(n int, guard bool) ([]uint64, []byte) {
	mem, raw, err := mapSlots(n, guard)
	if err != nil {
		return make([]uint64, n), nil
	}
	return mem, raw
}

// SetConcurrent tells the allocator that threads may now call it at the
// same time. Until then the pools' hot paths take no lock (a coroutine
// created and completed costs two lock round trips otherwise); it must be
// called while only the calling thread uses the allocator.
func (a *Allocator) SetConcurrent() { a.concurrent.Store(true) }

func (a *Allocator) lock() bool {
	if a.concurrent.Load() {
		a.mu.Lock()
		return true
	}
	return false
}

func (a *Allocator) unlock(locked bool) {
	if locked {
		a.mu.Unlock()
	}
}

// NewAllocator returns an empty allocator.
func NewAllocator() *Allocator {
	a := &Allocator{}
	for c := Micro; c < Large; c++ {
		a.pools[c] = pool{class: c, slots: c.Slots()}
	}
	for i := range a.exact {
		a.exact[i] = pool{class: Micro, slots: (i + 1) * ExactStep}
	}
	return a
}

// AllocExact returns a stack of ExactSlots(n) slots: below Micro's size an
// exact-size stack (its class is Micro), otherwise a stack of the class n
// slots need. While the Micro pool has reserved stacks free, those serve
// exact-size requests too: a reservation promises no allocation.
func (a *Allocator) AllocExact(n int) Stack {
	s := ExactSlots(n)
	if s >= Micro.Slots() {
		return a.Alloc(ClassFor(n), n)
	}
	l := a.lock()
	defer a.unlock(l)
	p := &a.exact[s/ExactStep-1]
	if m := &a.pools[Micro]; m.reserved > 0 && !p.hasRoom() && m.hasRoom() {
		return m.alloc()
	}
	return p.alloc()
}

// Alloc returns a stack of class c; a Large stack has at least minSlots
// slots (rounded up to a power-of-two multiple of 64 KiB) and a guard page
// after it. Pooled stacks come from blocks of StacksPerBlock stacks, each
// block one contiguous mapping.
func (a *Allocator) Alloc(c Class, minSlots int) Stack {
	if c >= Large {
		n := Large.Slots()
		for n < minSlots {
			n *= 2
		}
		a.mu.Lock()
		a.largeLive++
		a.largeBytes += n * 8
		if k := len(a.largeCache); k > 0 && n == Large.Slots() {
			b := a.largeCache[k-1]
			a.largeCache[k-1] = nil
			a.largeCache = a.largeCache[:k-1]
			a.mu.Unlock()
			return Stack{Mem: b.mem, Class: Large, block: b}
		}
		mapped := a.largeMapped < maxMappedLarge
		if mapped {
			a.largeMapped++
		}
		a.mu.Unlock()
		var mem []uint64
		var raw []byte
		if mapped {
			mem, raw = allocSlots(n, true)
		} else {
			mem = make([]uint64, n)
		}
		if mapped && raw == nil {
			a.mu.Lock()
			a.largeMapped--
			a.mu.Unlock()
		}
		return Stack{Mem: mem, Class: Large, block: &block{mem: mem, raw: raw}}
	}
	l := a.lock()
	defer a.unlock(l)
	return a.pools[c].alloc()
}

// hasRoom reports whether one of the pool's blocks has a free stack.
func (p *pool) hasRoom() bool {
	for _, b := range p.blocks {
		if b.used < StacksPerBlock {
			return true
		}
	}
	return false
}

// alloc takes a free stack, adding a block if every block is full.
func (p *pool) alloc() Stack {
	if n := len(p.blocks); n > 0 && p.blocks[n-1].used < StacksPerBlock {
		return p.take(p.blocks[n-1])
	}
	for _, b := range p.blocks {
		if b.used < StacksPerBlock {
			return p.take(b)
		}
	}
	return p.take(p.newBlock())
}

// newBlock adds a block to the pool: the spare, or a fresh mapping.
func (p *pool) newBlock() *block {
	b := p.spare
	if b != nil {
		p.spare = nil
	} else {
		mem, raw := allocSlots(p.slots*StacksPerBlock, false)
		b = &block{mem: mem, raw: raw, pool: p}
	}
	p.blocks = append(p.blocks, b)
	return b
}

func (p *pool) take(b *block) Stack {
	for w := range b.bitmap {
		if b.bitmap[w] != ^uint64(0) {
			bit := bits.TrailingZeros64(^b.bitmap[w])
			b.bitmap[w] |= 1 << bit
			b.used++
			i := w*64 + bit
			// a reused stack keeps its old words: the VM writes every slot
			// before reading it, so it is not cleared
			mem := b.mem[i*p.slots : (i+1)*p.slots : (i+1)*p.slots]
			return Stack{Mem: mem, Class: p.class, block: b, index: int32(i)}
		}
	}
	panic("vmstack: block full")
}

// Free returns a stack to its pool; an empty block is released.
func (a *Allocator) Free(s Stack) { a.FreeRef(s.Ref()) }

// FreeRef frees the stack a Ref names.
func (a *Allocator) FreeRef(s Ref) {
	if s.class >= Large {
		a.mu.Lock()
		a.largeLive--
		a.largeBytes -= len(s.block.mem) * 8
		if len(s.block.mem) == Large.Slots() && len(a.largeCache) < max(largeCacheMax, a.largeReserved) {
			a.largeCache = append(a.largeCache, s.block)
			a.mu.Unlock()
			return
		}
		if s.block.raw != nil {
			a.largeMapped--
		}
		a.mu.Unlock()
		unmap(s.block.raw)
		return
	}
	l := a.lock()
	defer a.unlock(l)
	b := s.block
	w, bit := int(s.index/64), s.index%64
	if b.bitmap[w]&(1<<bit) == 0 {
		panic("vmstack: double free")
	}
	b.bitmap[w] &^= 1 << bit
	b.used--
	if b.used == 0 && !b.reserved {
		p := b.pool
		for i, x := range p.blocks {
			if x == b {
				p.blocks = append(p.blocks[:i], p.blocks[i+1:]...)
				break
			}
		}
		if p.spare == nil {
			p.spare = b
		} else {
			unmap(b.raw)
		}
	}
}

// PoolStats describes one pool.
type PoolStats struct {
	Class    Class
	Bytes    int // the size of each stack: the class's, or an exact size below Micro
	Blocks   int
	Capacity int
	Used     int
	Reserved int // stacks pre-allocated by Reserve
	Bitmaps  [][StacksPerBlock / 64]uint64
}

// Exact reports whether the pool holds exact-size stacks below Micro.
func (s PoolStats) Exact() bool { return s.Class == Micro && s.Bytes < Micro.Bytes() }

// Stats returns the occupancy of every pooled class (Micro, Small and
// Medium first, in that order), then of each exact-size pool in use, and
// of Large stacks.
func (a *Allocator) Stats() (pools []PoolStats, largeLive, largeBytes int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for c := Micro; c < Large; c++ {
		pools = append(pools, a.pools[c].stats())
	}
	for i := range a.exact {
		if p := &a.exact[i]; len(p.blocks) > 0 || p.reserved > 0 {
			pools = append(pools, p.stats())
		}
	}
	return pools, a.largeLive, a.largeBytes
}

func (p *pool) stats() PoolStats {
	st := PoolStats{Class: p.class, Bytes: p.slots * 8, Blocks: len(p.blocks),
		Capacity: len(p.blocks) * StacksPerBlock, Reserved: p.reserved}
	for _, b := range p.blocks {
		st.Used += b.used
		st.Bitmaps = append(st.Bitmaps, b.bitmap)
	}
	return st
}

// Where returns the pool block (its index among its class's blocks) and
// the slot a stack occupies, for drawing it; Large stacks give -1, -1.
func (a *Allocator) Where(r Ref) (block, slot int) {
	if r.class >= Large || r.block == nil {
		return -1, -1
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for i, b := range r.block.pool.blocks {
		if b == r.block {
			return i, int(r.index)
		}
	}
	return -1, int(r.index)
}
