package vm

import "strconv"

// Why a parked coroutine waits. The reason is kept as a kind and one
// number in spare bytes of the Coroutine struct and only formatted when
// someone asks (:coros, a trace): a million parked coroutines must not
// carry a million strings.
const (
	waitNone uint8 = iota
	waitDelay
	waitYieldNow
	waitSwitch // to another dispatcher
	waitJoin
	waitAwait
	waitScope
	waitSend
	waitReceive
	waitSelect
	waitMutex
	waitContinuation
)

// setWait records why co waits (arg: a deadline, an object's ID, a count).
func (co *Coroutine) setWait(kind uint8, arg int64) {
	co.waitKind = kind
	if arg < 0 || arg > 0xFFFFFFFF {
		// rare (a deadline past 49 days of clock): kept whole in ext, so
		// that :coros shows the true time, not the 32-bit cap
		co.x().bigWait = arg
		arg = 0xFFFFFFFF
	} else if co.ext != nil {
		co.ext.bigWait = 0
	}
	co.waitArg = uint32(arg)
}

// WaitReason says why a parked coroutine waits ("" when it does not).
func (co *Coroutine) WaitReason() string {
	n := strconv.FormatUint(uint64(co.waitArg), 10)
	if co.waitArg == 0xFFFFFFFF && co.ext != nil && co.ext.bigWait != 0 {
		n = strconv.FormatInt(co.ext.bigWait, 10)
	}
	switch co.waitKind {
	case waitDelay:
		return "delay until t=" + n + "ms"
	case waitYieldNow:
		return "yield_now"
	case waitSwitch:
		return "switching dispatcher"
	case waitJoin:
		return "join #" + n
	case waitAwait:
		return "await #" + n
	case waitScope:
		return "scope #" + n + " waiting for its children"
	case waitSend:
		return "send on channel #" + n
	case waitReceive:
		return "receive on channel #" + n
	case waitSelect:
		return "select over " + n + " clauses"
	case waitMutex:
		return "lock on mutex #" + n
	case waitContinuation:
		return "suspended on continuation #" + n
	}
	return ""
}
