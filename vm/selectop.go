package vm

// Select clause kinds (the compiler passes them to __select).
const (
	SelRecv    = 0 // v = ch.recv()      → Option
	SelReceive = 1 // v = ch.receive()   → value (ChannelClosed raises)
	SelSend    = 2 // ch.send(x)
	SelAwait   = 3 // v = d.await()
	SelJoin    = 4 // job.join()
	SelTimeout = 5 // timeout(ms)
)

// SelectClause is one clause of a select.
type SelectClause struct {
	Kind int
	Obj  Value // channel, deferred or job
	Arg  Value // the value to send, or the timeout in ms
}

// selectWait is a parked select: the first clause to fire wins; the other
// registrations are dropped lazily (they see done).
type selectWait struct {
	co     *Coroutine
	epoch  uint32
	done   bool
	timers []*Timer
}

// Select waits for the first clause that can proceed; when several can at
// once, the first in source order wins. It returns (index, value).
func (t *Thread) Select(clauses []SelectClause) (Value, error) {
	vm := t.vm
	if err := t.cancellationCheck(t.co); err != nil {
		return 0, err
	}
	result := func(i int, v Value) Value { return t.NewTuple([]Value{SmallInt(int64(i)), v}) }
	// a clause that can proceed now, in source order
	for i, c := range clauses {
		switch c.Kind {
		case SelRecv, SelReceive:
			ch, ok := vm.ChannelOf(c.Obj)
			if !ok {
				return 0, Errorf(KindTypeError, "select: %s is not a channel", vm.TypeName(c.Obj))
			}
			if v, got, closed := t.tryReceive(ch); got {
				if c.Kind == SelRecv {
					v = t.Some(v)
				}
				return result(i, v), nil
			} else if closed {
				if c.Kind == SelRecv {
					return result(i, None), nil
				}
				return 0, ThrowValue(t.closedError(ch))
			}
		case SelSend:
			ch, ok := vm.ChannelOf(c.Obj)
			if !ok {
				return 0, Errorf(KindTypeError, "select: %s is not a channel", vm.TypeName(c.Obj))
			}
			sent, err := t.trySend(ch, c.Arg)
			if err != nil {
				return 0, err
			}
			if sent {
				return result(i, Unit), nil
			}
		case SelAwait, SelJoin:
			j, ok := vm.JobOf(c.Obj)
			if !ok {
				return 0, Errorf(KindTypeError, "select: %s is not a Job or Deferred", vm.TypeName(c.Obj))
			}
			if j.State == JobNew {
				t.StartJob(j)
			}
			if j.IsFinal() {
				if c.Kind == SelAwait {
					if j.Cause != 0 {
						return 0, ThrowValue(j.Cause)
					}
					return result(i, j.Value), nil
				}
				return result(i, Unit), nil
			}
		case SelTimeout:
			ms, ok := vm.IntOf(c.Arg)
			if !ok {
				return 0, Errorf(KindTypeError, "select: timeout needs an int, found %s", vm.TypeName(c.Arg))
			}
			if ms <= 0 {
				return result(i, Unit), nil
			}
		}
	}
	co := t.co
	if err := t.Park(waitSelect, int64(len(clauses))); err != nil {
		return 0, err
	}
	co.resumeMode = resumeValue
	sw := &selectWait{co: co, epoch: co.waitEpoch}
	for i, c := range clauses {
		switch c.Kind {
		case SelRecv, SelReceive:
			ch, _ := vm.ChannelOf(c.Obj)
			mode := recvOption
			if c.Kind == SelReceive {
				mode = recvRaise
			}
			ch.recvs.push(chanWaiter{co: co, epoch: sw.epoch, sel: sw, index: i, mode: mode})
		case SelSend:
			ch, _ := vm.ChannelOf(c.Obj)
			ch.senders.push(chanWaiter{co: co, epoch: sw.epoch, sel: sw, index: i, value: c.Arg})
		case SelAwait, SelJoin:
			j, _ := vm.JobOf(c.Obj)
			j.addWaiter(jobWaiter{co: co, epoch: sw.epoch, await: c.Kind == SelAwait, sel: sw, index: i})
		case SelTimeout:
			ms, _ := vm.IntOf(c.Arg)
			i := i
			sw.timers = append(sw.timers, vm.sched.AddTimer(t, ms, func(mt *Thread) { mt.selectFired(sw, i, Unit) }))
		}
	}
	return 0, errSwitch
}

// selectFired completes a parked select with clause index and value.
func (t *Thread) selectFired(sw *selectWait, index int, v Value) {
	t.selectFinish(sw, index, v, 0)
}

func (t *Thread) selectFinish(sw *selectWait, index int, v, errv Value) {
	if sw.done || !sw.co.parked || sw.co.waitEpoch != sw.epoch {
		return
	}
	sw.done = true
	for _, tm := range sw.timers {
		tm.dead = true
	}
	if errv != 0 {
		t.wake(sw.co, 0, errv)
		return
	}
	t.wake(sw.co, t.NewTuple([]Value{SmallInt(int64(index)), v}), 0)
}
