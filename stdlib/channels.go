package stdlib

import (
	"github.com/cprime-lang/cprime/vm"
)

func installChannels(r *reg) {
	r.fn("Channel::new", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		capacity := int64(vm.Rendezvous)
		if len(args) == 1 {
			n, err := argInt(t, "Channel::new", args, 0)
			if err != nil {
				return 0, err
			}
			if n < 0 {
				return 0, errf(vm.KindPanic, "channel capacity must be >= 0, got %d", n)
			}
			capacity = n
		}
		return t.NewChannel(int(capacity)).Self, nil
	})
	r.fn("Channel::unlimited", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return t.NewChannel(vm.Unlimited).Self, nil
	})
	r.fn("Channel::conflated", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return t.NewChannel(vm.Conflated).Self, nil
	})
	ch := func(t *vm.Thread, v vm.Value, fn string) (*vm.Channel, error) {
		c, ok := t.VM().ChannelOf(v)
		if !ok {
			return nil, typeErr("%s called on %s", fn, t.VM().TypeName(v))
		}
		return c, nil
	}
	m := func(name string, min, max int, f vm.NativeFn) { r.method(vm.KChannel, "Channel", name, min, max, f) }
	m("send", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := ch(t, args[0], "send")
		if err != nil {
			return 0, err
		}
		return t.Send(c, args[1])
	})
	m("receive", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := ch(t, args[0], "receive")
		if err != nil {
			return 0, err
		}
		return t.Receive(c, vm.RecvRaise)
	})
	m("recv", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := ch(t, args[0], "recv")
		if err != nil {
			return 0, err
		}
		return t.Receive(c, vm.RecvOption)
	})
	m("try_send", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := ch(t, args[0], "try_send")
		if err != nil {
			return 0, err
		}
		ok, err := t.TrySendValue(c, args[1])
		if err != nil {
			return vm.False, nil
		}
		return vm.Bool(ok), nil
	})
	m("try_receive", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := ch(t, args[0], "try_receive")
		if err != nil {
			return 0, err
		}
		return t.TryReceiveValue(c), nil
	})
	m("close", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := ch(t, args[0], "close")
		if err != nil {
			return 0, err
		}
		return vm.Bool(t.CloseChannel(c, 0)), nil
	})
	m("is_closed_for_receive", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := ch(t, args[0], "is_closed_for_receive")
		if err != nil {
			return 0, err
		}
		return vm.Bool(c.IsClosedForReceive()), nil
	})
	m("is_closed_for_send", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := ch(t, args[0], "is_closed_for_send")
		if err != nil {
			return 0, err
		}
		return vm.Bool(c.IsClosedForSend()), nil
	})
	m("is_empty", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := ch(t, args[0], "is_empty")
		if err != nil {
			return 0, err
		}
		return vm.Bool(c.Len() == 0), nil
	})
	// send(v) inside produce { } sends to the producer's channel
	r.async("send", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		for j := t.CurrentJob(); j != nil; j = j.Parent {
			if ch := j.Channel(); ch != nil {
				return t.Send(ch, args[0])
			}
		}
		return 0, typeErr("send(v) is only available inside produce { }; use channel.send(v)")
	})
	r.async("__select", 0, -1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		var clauses []vm.SelectClause
		for i := 0; i+2 < len(args); i += 3 {
			k, _ := t.VM().IntOf(args[i])
			clauses = append(clauses, vm.SelectClause{Kind: int(k), Obj: args[i+1], Arg: args[i+2]})
		}
		return t.Select(clauses)
	})
	r.fn("Mutex::new", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return t.NewMutex().Self, nil
	})
	mu := func(t *vm.Thread, v vm.Value, fn string) (*vm.Mutex, error) {
		m, ok := t.VM().MutexOf(v)
		if !ok {
			return nil, typeErr("%s called on %s", fn, t.VM().TypeName(v))
		}
		return m, nil
	}
	r.method(vm.KMutex, "Mutex", "lock", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		m, err := mu(t, args[0], "lock")
		if err != nil {
			return 0, err
		}
		return t.Lock(m)
	})
	r.method(vm.KMutex, "Mutex", "unlock", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		m, err := mu(t, args[0], "unlock")
		if err != nil {
			return 0, err
		}
		return vm.Unit, t.Unlock(m)
	})
	r.method(vm.KMutex, "Mutex", "try_lock", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		m, err := mu(t, args[0], "try_lock")
		if err != nil {
			return 0, err
		}
		return vm.Bool(m.TryLock()), nil
	})
	r.method(vm.KMutex, "Mutex", "is_locked", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		m, err := mu(t, args[0], "is_locked")
		if err != nil {
			return 0, err
		}
		return vm.Bool(m.IsLocked()), nil
	})
}

func installContinuations(r *reg) {
	cont := func(t *vm.Thread, v vm.Value, fn string) (*vm.Continuation, error) {
		c, ok := t.VM().ContinuationOf(v)
		if !ok {
			return nil, typeErr("%s called on %s", fn, t.VM().TypeName(v))
		}
		return c, nil
	}
	r.fn("__continuation", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return t.CurrentContinuation(args[0] == vm.True, args[1] == vm.True).Self, nil
	})
	r.async("__suspend", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := cont(t, args[0], "__suspend")
		if err != nil {
			return 0, err
		}
		return t.SuspendOn(c)
	})
	m := func(name string, min, max int, f vm.NativeFn) {
		r.method(vm.KContinuation, "Continuation", name, min, max, f)
	}
	m("resume_with", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := cont(t, args[0], "resume_with")
		if err != nil {
			return 0, err
		}
		return t.ResumeWith(c, args[1])
	})
	m("resume", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := cont(t, args[0], "resume")
		if err != nil {
			return 0, err
		}
		v := vm.Unit
		if len(args) == 2 {
			v = args[1]
		}
		return t.ResumeWith(c, t.Ok(v))
	})
	m("resume_with_error", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := cont(t, args[0], "resume_with_error")
		if err != nil {
			return 0, err
		}
		return t.ResumeWith(c, t.Err(args[1]))
	})
	m("context", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := cont(t, args[0], "context")
		if err != nil {
			return 0, err
		}
		return t.ContinuationContext(c), nil
	})
	m("invoke_on_cancellation", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := cont(t, args[0], "invoke_on_cancellation")
		if err != nil {
			return 0, err
		}
		t.OnCancellation(c, args[1])
		return vm.Unit, nil
	})
	m("is_active", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := cont(t, args[0], "is_active")
		if err != nil {
			return 0, err
		}
		return vm.Bool(c.IsActive()), nil
	})
	m("cancel", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := cont(t, args[0], "cancel")
		if err != nil {
			return 0, err
		}
		var cause vm.Value
		if len(args) == 2 {
			cause = args[1]
		}
		return vm.Bool(t.CancelContinuation(c, cause)), nil
	})
	r.fn("Continuation::new", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		ctx, ok := t.VM().ContextOf(args[0])
		if !ok {
			return 0, typeErr("Continuation::new expects a context first, found %s", t.VM().TypeName(args[0]))
		}
		return t.NewCallbackContinuation(ctx, args[1]).Self, nil
	})
	r.fn("create_coroutine", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return t.CreateCoroutine(args[0], args[1]).Self, nil
	})
	r.fn("start_coroutine", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c := t.CreateCoroutine(args[0], args[1])
		return t.ResumeWith(c, t.Ok(vm.Unit))
	})
	r.fn("__run_task", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		co, ok := t.VM().CoroutineOf(args[0])
		if !ok {
			return 0, typeErr("a dispatcher task runs a coroutine")
		}
		return t.RunTask(co)
	})
}
