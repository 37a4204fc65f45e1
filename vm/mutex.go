package vm

// Mutex is a coroutine mutex: lock suspends while another coroutine holds
// it; waiters get it oldest first.
type Mutex struct {
	Self    Value
	ID      int64
	locked  bool
	waiters []jobWaiter
}

func (m *Mutex) trace(mk *marker) {
	for _, w := range m.waiters {
		mk.mark(w.co.Self)
	}
}

// NewMutex allocates a mutex.
func (t *Thread) NewMutex() *Mutex {
	m := &Mutex{ID: t.vm.nextCoID.Add(1)}
	m.Self = t.alloc(KMutex, m)
	return m
}

// MutexOf returns the mutex behind a value.
func (vm *VM) MutexOf(v Value) (*Mutex, bool) {
	v = vm.target(v)
	if v.Kind() != KMutex {
		return nil, false
	}
	m, ok := vm.heap.Get(v).(*Mutex)
	return m, ok
}

// Lock takes the mutex, suspending while it is held.
func (t *Thread) Lock(m *Mutex) (Value, error) {
	if err := t.cancellationCheck(t.co); err != nil {
		return 0, err
	}
	if !m.locked {
		m.locked = true
		return Unit, nil
	}
	co := t.co
	if err := t.Park(waitMutex, m.ID); err != nil {
		return 0, err
	}
	co.resumeMode = resumeValue
	m.waiters = append(m.waiters, jobWaiter{co: co, epoch: co.waitEpoch})
	return 0, errSwitch
}

// TryLock takes the mutex if it is free.
func (m *Mutex) TryLock() bool {
	if m.locked {
		return false
	}
	m.locked = true
	return true
}

// Unlock releases the mutex, handing it to the oldest waiter.
func (t *Thread) Unlock(m *Mutex) error {
	if !m.locked {
		return Errorf(KindCoroutineError, "unlock of a Mutex that is not locked")
	}
	for len(m.waiters) > 0 {
		w := m.waiters[0]
		m.waiters = m.waiters[1:]
		if w.co.parked && w.co.waitEpoch == w.epoch {
			w.co.x().heldMutex = m
			t.wake(w.co, Unit, 0) // the lock passes to it, still held
			return nil
		}
	}
	m.locked = false
	return nil
}

// IsLocked reports whether the mutex is held.
func (m *Mutex) IsLocked() bool { return m.locked }
