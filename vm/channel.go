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
	senders  []*chanWaiter
	recvs    []*chanWaiter
	closed   bool
	cause    Value // the error a failed producer closed it with
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
	for _, w := range c.senders {
		m.mark(w.co.Self)
		m.mark(w.value)
	}
	for _, w := range c.recvs {
		m.mark(w.co.Self)
	}
	m.mark(c.cause)
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

// live drops waiters that are no longer waiting (cancelled, or a select
// that another clause won).
func live(ws []*chanWaiter) []*chanWaiter {
	for len(ws) > 0 {
		w := ws[0]
		if w.co.parked && w.co.waitEpoch == w.epoch && (w.sel == nil || !w.sel.done) {
			break
		}
		ws = ws[1:]
	}
	return ws
}

func errClosed() error { return Errorf(KindChannelClosed, "Channel was closed") }

// canSend reports whether a send would complete at once.
func (c *Channel) canSend() bool {
	c.recvs = live(c.recvs)
	return c.closed || len(c.recvs) > 0 || c.capacity < 0 || len(c.buf) < c.capacity
}

// canReceive reports whether a receive would complete at once (with a
// value, or with the channel's closing).
func (c *Channel) canReceive() bool {
	c.senders = live(c.senders)
	return len(c.buf) > 0 || len(c.senders) > 0 || c.closed
}

// trySend sends without suspending; it reports whether it did.
func (t *Thread) trySend(c *Channel, v Value) (bool, error) {
	if c.closed {
		return false, errClosed()
	}
	c.recvs = live(c.recvs)
	if len(c.recvs) > 0 {
		w := c.recvs[0]
		c.recvs = c.recvs[1:]
		t.deliverReceived(w, v)
		return true, nil
	}
	switch {
	case c.capacity == Conflated:
		c.buf = append(c.buf[:0], v)
		return true, nil
	case c.capacity == Unlimited || len(c.buf) < c.capacity:
		c.buf = append(c.buf, v)
		return true, nil
	}
	return false, nil
}

// tryReceive receives without suspending: (value, true) or, when nothing
// is there, (0, false); closed reports a closed and drained channel.
func (t *Thread) tryReceive(c *Channel) (v Value, ok, closed bool) {
	if len(c.buf) > 0 {
		v = c.buf[0]
		c.buf[0] = 0
		c.buf = c.buf[1:]
		// a waiting sender's value moves into the freed buffer slot
		c.senders = live(c.senders)
		if len(c.senders) > 0 && c.capacity > 0 {
			w := c.senders[0]
			c.senders = c.senders[1:]
			c.buf = append(c.buf, w.value)
			t.deliverSent(w)
		}
		return v, true, false
	}
	c.senders = live(c.senders)
	if len(c.senders) > 0 {
		w := c.senders[0]
		c.senders = c.senders[1:]
		t.deliverSent(w)
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
	if err := t.Park(waitSend, c.ID); err != nil {
		return 0, err
	}
	co.resumeMode = resumeValue
	c.senders = append(c.senders, &chanWaiter{co: co, epoch: co.waitEpoch, value: v})
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
	if err := t.Park(waitReceive, c.ID); err != nil {
		return 0, err
	}
	c.recvs = append(c.recvs, &chanWaiter{co: co, epoch: co.waitEpoch, mode: mode})
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
	if err := t.Park(waitReceive, c.ID); err != nil {
		return 0, IterValue, err
	}
	co.resumeMode = resumeIter
	c.recvs = append(c.recvs, &chanWaiter{co: co, epoch: co.waitEpoch, mode: recvIter})
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
	for _, w := range live(c.senders) {
		if w.sel != nil {
			t.selectFired(w.sel, w.index, Unit)
			continue
		}
		t.wake(w.co, 0, t.closedError(c))
	}
	c.senders = nil
	if len(c.buf) == 0 {
		for _, w := range live(c.recvs) {
			t.deliverClosed(c, w)
		}
		c.recvs = nil
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
	t.dispatch(co)
}
