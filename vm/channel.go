package vm

import "fmt"

// Channel capacities with special meaning.
const (
	Rendezvous = 0
	Unlimited  = -1
	Conflated  = -2
)

// Channel is a kotlinx.coroutines channel: rendezvous, buffered,
// unlimited or conflated. Waiting senders and receivers are served
// oldest first. All access happens under the scheduler lock.
type Channel struct {
	Self     Value
	ID       int64
	capacity int
	buf      []Value
	senders  waitQueue
	recvs    waitQueue
	closed   bool
	cause    Value // the error a failed producer closed it with
	// Owner is the coroutine a produce, actor or ticker channel belongs
	// to: cancel() on the channel cancels it too.
	Owner *Job
}

// chanWaiter is a coroutine parked on a channel (or a select clause).
type chanWaiter struct {
	co    *Coroutine
	epoch uint32
	value Value // a sender's value
	mode  uint8 // how a receiver wants the outcome
	sel   *selectWait
	index int // the select clause
}

// Receive modes.
const (
	recvRaise  uint8 = iota // receive(): the value, or ChannelClosed
	recvOption              // recv(): Some(v), or None once closed
	recvIter                // for v in ch: the value, or leave the loop
)

func (c *Channel) trace(m *marker) {
	for _, v := range c.buf {
		m.mark(v)
	}
	for _, w := range c.senders.waiting() {
		m.mark(w.co.Self)
		m.mark(w.value)
	}
	for _, w := range c.recvs.waiting() {
		m.mark(w.co.Self)
	}
	m.mark(c.cause)
	if c.Owner != nil {
		m.mark(c.Owner.Self)
	}
}

// NewChannel allocates a channel.
func (t *Thread) NewChannel(capacity int) *Channel {
	c := &Channel{capacity: capacity, ID: t.vm.nextCoID.Add(1)}
	c.Self = t.alloc(KChannel, c)
	return c
}

// ChannelOf returns the channel behind a value.
func (vm *VM) ChannelOf(v Value) (*Channel, bool) {
	v = vm.target(v)
	if v.Kind() != KChannel {
		return nil, false
	}
	c, ok := vm.heap.Get(v).(*Channel)
	return c, ok
}

func (c *Channel) describe() string {
	switch c.capacity {
	case Rendezvous:
		return fmt.Sprintf("<Channel #%d rendezvous>", c.ID)
	case Unlimited:
		return fmt.Sprintf("<Channel #%d unlimited>", c.ID)
	case Conflated:
		return fmt.Sprintf("<Channel #%d conflated>", c.ID)
	}
	return fmt.Sprintf("<Channel #%d capacity %d>", c.ID, c.capacity)
}

// waitQueue is a FIFO of waiters, stored by value in a slice reused as
// it drains: a ping-pong over a channel must not allocate per hand-off.
type waitQueue struct {
	ws   []chanWaiter
	head int
}

func (q *waitQueue) push(w chanWaiter) {
	if q.head == len(q.ws) {
		q.ws, q.head = q.ws[:0], 0
	} else if q.head > 64 && q.head*2 > len(q.ws) {
		n := copy(q.ws, q.ws[q.head:])
		clear(q.ws[n:])
		q.ws, q.head = q.ws[:n], 0
	}
	q.ws = append(q.ws, w)
}

// stillWaiting reports a waiter whose wait has not ended another way
// (cancelled, or a select that another clause won).
func (w *chanWaiter) stillWaiting() bool {
	return w.co.parked && w.co.waitEpoch == w.epoch && (w.sel == nil || !w.sel.done)
}

// pop removes and returns the oldest waiter still waiting (dropping the
// others on the way), or false.
func (q *waitQueue) pop() (chanWaiter, bool) {
	for q.head < len(q.ws) {
		w := q.ws[q.head]
		q.ws[q.head] = chanWaiter{}
		q.head++
		if w.stillWaiting() {
			return w, true
		}
	}
	return chanWaiter{}, false
}

// any reports whether a waiter is still waiting (dropping the others
// before it).
func (q *waitQueue) any() bool {
	for q.head < len(q.ws) {
		if q.ws[q.head].stillWaiting() {
			return true
		}
		q.ws[q.head] = chanWaiter{}
		q.head++
	}
	return false
}

// waiting returns the queued waiters (some may have stopped waiting).
func (q *waitQueue) waiting() []chanWaiter { return q.ws[q.head:] }

// takeAll empties the queue, returning the waiters still waiting.
func (q *waitQueue) takeAll() []chanWaiter {
	var out []chanWaiter
	for _, w := range q.ws[q.head:] {
		if w.stillWaiting() {
			out = append(out, w)
		}
	}
	q.ws, q.head = nil, 0
	return out
}

func errClosed() error { return Errorf(KindChannelClosed, "Channel was closed") }

// canSend reports whether a send would complete at once.
func (c *Channel) canSend() bool {
	return c.closed || c.recvs.any() || c.capacity < 0 || len(c.buf) < c.capacity
}

// canReceive reports whether a receive would complete at once (with a
// value, or with the channel's closing).
func (c *Channel) canReceive() bool {
	return len(c.buf) > 0 || c.senders.any() || c.closed
}

// trySend sends without suspending; it reports whether it did.
func (t *Thread) trySend(c *Channel, v Value) (bool, error) {
	if c.closed {
		if c.cause != 0 {
			return false, ThrowValue(c.cause) // a failed producer or actor
		}
		return false, errClosed()
	}
	if w, ok := c.recvs.pop(); ok {
		t.chanOp(c, "send", v)
		if h := t.vm.Hooks.ChannelOp; h != nil {
			h(w.co, c, "receive", v) // the waiting receiver takes it
		}
		t.deliverReceived(&w, v)
		return true, nil
	}
	switch {
	case c.capacity == Conflated:
		c.buf = append(c.buf[:0], v)
		t.chanOp(c, "send", v)
		return true, nil
	case c.capacity == Unlimited || len(c.buf) < c.capacity:
		c.buf = append(c.buf, v)
		t.chanOp(c, "send", v)
		return true, nil
	}
	return false, nil
}

// chanOp reports a channel operation of the running coroutine to the
// ChannelOp hook, if one is set.
func (t *Thread) chanOp(c *Channel, op string, v Value) {
	if h := t.vm.Hooks.ChannelOp; h != nil {
		h(t.co, c, op, v)
	}
}

// tryReceive receives without suspending: (value, true) or, when nothing
// is there, (0, false); closed reports a closed and drained channel.
func (t *Thread) tryReceive(c *Channel) (v Value, ok, closed bool) {
	if len(c.buf) > 0 {
		v = c.buf[0]
		c.buf[0] = 0
		c.buf = c.buf[1:]
		// a waiting sender's value moves into the freed buffer slot
		if c.capacity > 0 {
			if w, ok := c.senders.pop(); ok {
				c.buf = append(c.buf, w.value)
				t.deliverSent(&w)
			}
		}
		t.chanOp(c, "receive", v)
		return v, true, false
	}
	if w, ok := c.senders.pop(); ok {
		if h := t.vm.Hooks.ChannelOp; h != nil {
			h(w.co, c, "send", w.value) // the waiting sender hands it over
		}
		t.chanOp(c, "receive", w.value)
		t.deliverSent(&w)
		return w.value, true, false
	}
	return 0, false, c.closed
}

// deliverReceived wakes a parked receiver with v.
func (t *Thread) deliverReceived(w *chanWaiter, v Value) {
	if w.mode == recvOption {
		v = t.Some(v)
	}
	if w.sel != nil {
		t.selectFired(w.sel, w.index, v)
		return
	}
	t.wake(w.co, v, 0)
}

// deliverSent wakes a parked sender whose value was taken.
func (t *Thread) deliverSent(w *chanWaiter) {
	if w.sel != nil {
		t.selectFired(w.sel, w.index, Unit)
		return
	}
	t.wake(w.co, Unit, 0)
}

// deliverClosed wakes a parked receiver of a closed, drained channel.
func (t *Thread) deliverClosed(c *Channel, w *chanWaiter) {
	if w.sel != nil {
		if w.mode == recvRaise {
			t.selectFinish(w.sel, w.index, 0, t.closedError(c))
		} else {
			t.selectFired(w.sel, w.index, None)
		}
		return
	}
	switch w.mode {
	case recvOption:
		t.wake(w.co, None, 0)
	case recvIter:
		t.wakeIterDone(w.co)
	default:
		t.wake(w.co, 0, t.closedError(c))
	}
}

func (t *Thread) closedError(c *Channel) Value {
	if c.cause != 0 {
		return c.cause
	}
	return t.NewError(KindChannelClosed, "Channel was closed")
}

// Send sends v, suspending the running coroutine while the channel is full.
func (t *Thread) Send(c *Channel, v Value) (Value, error) {
	if err := t.cancellationCheck(t.co); err != nil {
		return 0, err
	}
	ok, err := t.trySend(c, v)
	if err != nil || ok {
		return Unit, err
	}
	co := t.co
	t.chanOp(c, "wait send", v)
	if err := t.Park(waitSend, c.ID); err != nil {
		return 0, err
	}
	co.resumeMode = resumeValue
	c.senders.push(chanWaiter{co: co, epoch: co.waitEpoch, value: v})
	return 0, errSwitch
}

// Receive receives a value, suspending while the channel is empty. mode
// says what a closed channel gives: an error, None, or the end of a loop.
func (t *Thread) Receive(c *Channel, mode uint8) (Value, error) {
	if err := t.cancellationCheck(t.co); err != nil {
		return 0, err
	}
	if v, ok, closed := t.tryReceive(c); ok {
		if mode == recvOption {
			return t.Some(v), nil
		}
		return v, nil
	} else if closed {
		if mode == recvOption {
			return None, nil
		}
		return 0, ThrowValue(t.closedError(c))
	}
	co := t.co
	t.chanOp(c, "wait receive", 0)
	if err := t.Park(waitReceive, c.ID); err != nil {
		return 0, err
	}
	c.recvs.push(chanWaiter{co: co, epoch: co.waitEpoch, mode: mode})
	return 0, errSwitch
}

// IterNext makes channels iterable: `for v in ch` receives until closed.
func (c *Channel) IterNext(t *Thread, co *Coroutine, slot int) (Value, int, error) {
	if err := t.cancellationCheck(co); err != nil {
		return 0, IterValue, err
	}
	if v, ok, closed := t.tryReceive(c); ok {
		return v, IterValue, nil
	} else if closed {
		if c.cause != 0 {
			return 0, IterValue, ThrowValue(c.cause)
		}
		return 0, IterDone, nil
	}
	co.resumeSlot = int32(int32(slot))
	t.chanOp(c, "wait receive", 0)
	if err := t.Park(waitReceive, c.ID); err != nil {
		return 0, IterValue, err
	}
	co.resumeMode = resumeIter
	c.recvs.push(chanWaiter{co: co, epoch: co.waitEpoch, mode: recvIter})
	return 0, IterSwitched, nil
}

// Close closes the channel (cause: the failure that closed it, or 0).
// Buffered values can still be received; waiting receivers of an empty
// channel learn it is closed; waiting senders fail.
func (t *Thread) CloseChannel(c *Channel, cause Value) bool {
	if c.closed {
		return false
	}
	c.closed = true
	c.cause = cause
	t.chanOp(c, "close", 0)
	for _, w := range c.senders.takeAll() {
		if w.sel != nil {
			t.selectFired(w.sel, w.index, Unit)
			continue
		}
		t.wake(w.co, 0, t.closedError(c))
	}
	if len(c.buf) == 0 {
		for _, w := range c.recvs.takeAll() {
			t.deliverClosed(c, &w)
		}
	}
	return true
}

// TryReceiveValue is try_receive(): Some(v) or None.
func (t *Thread) TryReceiveValue(c *Channel) Value {
	if v, ok, _ := t.tryReceive(c); ok {
		return t.Some(v)
	}
	return None
}

// TrySendValue is try_send(v): whether it was sent.
func (t *Thread) TrySendValue(c *Channel, v Value) (bool, error) { return t.trySend(c, v) }

// IsClosedForReceive reports a closed, drained channel.
func (c *Channel) IsClosedForReceive() bool { return c.closed && len(c.buf) == 0 }

// IsClosedForSend reports a closed channel.
func (c *Channel) IsClosedForSend() bool { return c.closed }

// Len returns the number of buffered values.
func (c *Channel) Len() int { return len(c.buf) }

// Receive modes for natives.
const (
	RecvRaise  = recvRaise
	RecvOption = recvOption
)

// wakeIterDone wakes a coroutine parked in a for loop over a channel so
// that it leaves the loop.
func (t *Thread) wakeIterDone(co *Coroutine) {
	vm := t.vm
	if !co.parked {
		return
	}
	co.parked = false
	co.waitKind = waitNone
	co.waitEpoch++
	co.pc += int32(int32(vm.protoOf(co.stk()[int(co.base)+hdrFn]).Code[int(co.pc)-1].SJ()))
	if vm.Hooks.Woken != nil {
		vm.Hooks.Woken(co)
	}
	t.dispatch(co)
}

// What the tutor and views read of a channel (between runs, or from a
// hook on the thread that runs it).

// Capacity returns the capacity: n, or Rendezvous, Unlimited, Conflated.
func (c *Channel) Capacity() int { return c.capacity }

// Buffered returns the values waiting in the buffer, oldest first.
func (c *Channel) Buffered() []Value { return append([]Value(nil), c.buf...) }

// Waiters returns the coroutines waiting to send and to receive, oldest
// first, with the values the senders offer.
func (c *Channel) Waiters() (senders []*Coroutine, values []Value, receivers []*Coroutine) {
	for _, w := range c.senders.waiting() {
		if w.stillWaiting() {
			senders, values = append(senders, w.co), append(values, w.value)
		}
	}
	for _, w := range c.recvs.waiting() {
		if w.stillWaiting() {
			receivers = append(receivers, w.co)
		}
	}
	return
}
