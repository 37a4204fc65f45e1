package vm

// CancelChannel is ch.cancel(): it closes the channel, drops its buffered
// values (so waiting receivers learn it is closed and suspended senders
// raise ChannelClosed), and cancels the coroutine that owns it.
func (t *Thread) CancelChannel(c *Channel) {
	c.buf = c.buf[:0]
	if !t.CloseChannel(c, 0) {
		for _, w := range c.recvs.takeAll() {
			t.deliverClosed(c, &w)
		}
	}
	if c.Owner != nil {
		t.CancelJob(c.Owner, t.NewError(KindCancellation, "Channel was cancelled"))
	}
}
