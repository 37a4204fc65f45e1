package views

import (
	"fmt"
	"math/bits"
	"strings"
	"unicode/utf8"

	"github.com/cprime-lang/cprime/vm"
	"github.com/cprime-lang/cprime/vmstack"
)

// boxWidth is the inside width of the stack drawing.
const boxWidth = 58

// regsShown is how many registers of a frame :stack draws unless full.
const regsShown = 12

// Stack draws a coroutine's stack the way a textbook draws one: the pool
// and slot its memory lives in, then from the top down the free space and
// each frame, innermost first, with its header words and registers.
// Slot numbers are on the left; the stack grows upward.
func (e *Env) Stack(co *vm.Coroutine, full bool) {
	p := e.Pal
	l := e.Ctl.Layout(co)
	where := fmt.Sprintf("%s pool, block %d, slot %d of %d", poolName(l.Class, l.SizeSlots*8), l.Block, l.Slot, vmstack.StacksPerBlock)
	if l.Block < 0 {
		where = "Large stack, allocated on its own (with a guard page after it)"
	}
	fmt.Fprintf(e.Out, "coroutine %s  %s\n", p.Name.Sprint(Label(co)), p.Dim.Sprint(e.Ctl.Why(co)))
	if co.IsDone() {
		fmt.Fprintf(e.Out, "  its %s stack was released when it finished\n", l.Class)
		return
	}
	fmt.Fprintf(e.Out, "  memory: %s\n", where)
	free := l.SizeSlots - l.UsedSlots
	fmt.Fprintf(e.Out, "  size %d B (%d slots of 8 B): used %d slots (%d B), free %d slots (%d B)\n\n",
		l.SizeSlots*8, l.SizeSlots, l.UsedSlots, l.UsedSlots*8, free, free*8)

	border := func(left, label, right string) {
		fill := boxWidth - utf8.RuneCountInString(label)
		fmt.Fprintf(e.Out, "        %s%s%s%s\n", left, label, strings.Repeat("─", max(fill, 0)), right)
	}
	row := func(slot, text string, dim bool) {
		cell := clip(text, boxWidth-1)
		pad := strings.Repeat(" ", boxWidth-1-utf8.RuneCountInString(cell))
		if dim {
			cell = p.Dim.Sprint(cell)
		}
		fmt.Fprintf(e.Out, "  %5s │ %s%s│\n", slot, cell, pad)
	}
	border("┌", fmt.Sprintf("─ free ─ %d slots ", free), "┐")
	if free > 0 {
		row(fmt.Sprint(l.SizeSlots-1), strings.Repeat("░", boxWidth-2), true)
		if free > 1 {
			row(fmt.Sprint(l.UsedSlots), strings.Repeat("░", boxWidth-2), true)
		}
	}
	for i, f := range l.Frames {
		label := fmt.Sprintf("─ frame %d: %s (%s:%d), base %d ", i, f.Proto.Name, f.Proto.File, f.Line, f.Base)
		if i == 0 {
			label = fmt.Sprintf("─ frame %d (innermost): %s (%s:%d), base %d ", i, f.Proto.Name, f.Proto.File, f.Line, f.Base)
		}
		border("├", label, "┤")
		regs := f.Regs
		if i > 0 {
			// a caller's registers from the callee's base up hold the
			// call window (callee, return word, arguments): the frame
			// above draws them as its header and registers
			top := l.Frames[i-1].Base - f.Base - vm.FrameHeader
			n := 0
			for n < len(regs) && regs[n].Index < top {
				n++
			}
			if n < len(regs) {
				row("", fmt.Sprintf("R%d… lie in frame %d's header and registers (the call)", top, i-1), true)
			}
			regs = regs[:n]
		}
		hidden := 0
		if !full && len(regs) > regsShown {
			// keep the named registers and the lowest ones
			var keep []vm.RegSlot
			for _, r := range regs {
				if r.Local != "" || len(keep) < regsShown/2 {
					keep = append(keep, r)
				}
			}
			hidden = len(regs) - len(keep)
			regs = keep
		}
		if hidden > 0 {
			row("", fmt.Sprintf("… %d more registers (:stack N full shows them)", hidden), true)
		}
		for j := len(regs) - 1; j >= 0; j-- {
			r := regs[j]
			name := r.Local
			if name == "" {
				name = "·"
			}
			row(fmt.Sprint(f.Base+vm.FrameHeader+r.Index), fmt.Sprintf("R%-3d %-10s %s", r.Index, clip(name, 10), r.Value), false)
		}
		row(fmt.Sprint(f.Base+2), fmt.Sprintf("%-15s generation %d", "[frame mark]", f.Generation), true)
		ret := "none: entry frame (ends the coroutine)"
		if f.ReturnPC >= 0 {
			ret = fmt.Sprintf("pc %d of the caller's frame at slot %d", f.ReturnPC, f.CallerBase)
		}
		row(fmt.Sprint(f.Base+1), fmt.Sprintf("%-15s %s", "[return]", ret), true)
		row(fmt.Sprint(f.Base), fmt.Sprintf("%-15s %s", "[callee]", f.Proto.Name), true)
	}
	border("└", "", "┘")
}

// Pools draws the stack pools (:pools): per size class the blocks, their
// capacity and use, and each block's occupancy bitmap, one cell per 8
// stacks (blank: all free, ▁ to █: one to eight in use). owners maps a
// pooled stack (class, block, slot) to the coroutine using it.
func (e *Env) Pools(full bool) {
	p := e.Pal
	pools, largeLive, largeBytes := e.VM.Stacks().Stats()
	owners := map[[3]int][]string{}
	for _, co := range e.VM.Coroutines() {
		if co.IsDone() {
			continue
		}
		l := e.Ctl.Layout(co)
		if l.Block >= 0 {
			k := [3]int{l.SizeSlots * 8, l.Block, l.Slot}
			owners[k] = append(owners[k], fmt.Sprintf("#%d", co.ID))
		}
	}
	largeReserved, largeReady := e.VM.Stacks().LargeStats()
	t := &table{head: []string{"CLASS", "STACK", "BLOCKS", "CAPACITY", "USED", "RESERVED", "FREE"}}
	for _, st := range pools {
		t.add([]string{st.Class.String(), sizeName(st.Bytes), fmt.Sprint(st.Blocks), fmt.Sprint(st.Capacity),
			fmt.Sprint(st.Used), fmt.Sprint(st.Reserved), fmt.Sprint(st.Capacity - st.Used)}, nil)
	}
	t.add([]string{"Large", sizeName(vmstack.Large.Bytes()) + "+", "-", fmt.Sprint(largeLive + largeReady), fmt.Sprint(largeLive),
		fmt.Sprint(largeReserved), fmt.Sprint(largeReady)}, nil)
	t.write(e.Out, p)
	if largeLive > 0 {
		p.Dim.Fprintf(e.Out, "Large stacks: %d live, %s in all (each mapped on its own, with a guard page)\n", largeLive, sizeName(largeBytes))
	}
	for _, st := range pools {
		for b, bm := range st.Bitmaps {
			used := 0
			for _, w := range bm {
				used += bits.OnesCount64(w)
			}
			fmt.Fprintf(e.Out, "\n%s block %d: %d of %d stacks in use\n", p.Name.Sprint(poolName(st.Class, st.Bytes)), b, used, vmstack.StacksPerBlock)
			if full {
				writeBitmapFull(e, bm)
			} else {
				writeBitmap(e, bm)
			}
			var occ []string
			for slot := 0; slot < vmstack.StacksPerBlock && len(occ) < 24; slot++ {
				if ids := owners[[3]int{st.Bytes, b, slot}]; len(ids) > 0 {
					occ = append(occ, fmt.Sprintf("%d:%s", slot, strings.Join(ids, ",")))
				}
			}
			if len(occ) > 0 {
				p.Dim.Fprintf(e.Out, "  slot:coroutine  %s\n", strings.Join(occ, "  "))
			}
		}
	}
	p.Dim.Fprintln(e.Out, "\n(one cell per 8 stacks: blank free, ▁▂▃▄▅▆▇█ 1-8 in use; :pools full draws one cell per stack)")
}

var eighths = []rune(" ▁▂▃▄▅▆▇█")

// writeBitmap draws 1024 bits as two rows of 64 cells of 8 stacks.
func writeBitmap(e *Env, bm [vmstack.StacksPerBlock / 64]uint64) {
	for row := 0; row < vmstack.StacksPerBlock/512; row++ {
		var b strings.Builder
		for cell := 0; cell < 64; cell++ {
			first := row*512 + cell*8
			w := bm[first/64]
			n := bits.OnesCount64(w >> (first % 64) & 0xFF)
			b.WriteRune(eighths[n])
		}
		fmt.Fprintf(e.Out, "  %4d ▕%s▏\n", row*512, e.Pal.Good.Sprint(b.String()))
	}
}

// writeBitmapFull draws one cell per stack: 16 rows of 64.
func writeBitmapFull(e *Env, bm [vmstack.StacksPerBlock / 64]uint64) {
	for w, word := range bm {
		var b strings.Builder
		for bit := 0; bit < 64; bit++ {
			if word&(1<<bit) != 0 {
				b.WriteRune('█')
			} else {
				b.WriteRune('·')
			}
		}
		fmt.Fprintf(e.Out, "  %4d ▕%s▏\n", w*64, e.Pal.Good.Sprint(b.String()))
	}
}

// poolName names a pool: its class, and the size of an exact-size pool
// (a body bounded below Micro gets a stack of its own size; its class is
// still Micro).
func poolName(c vmstack.Class, bytes int) string {
	if c == vmstack.Micro && bytes < c.Bytes() {
		return fmt.Sprintf("%s %d B (exact)", c, bytes)
	}
	return c.String()
}

func sizeName(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}
