// Package tutor records a program's run for `cprime tutor` and writes one
// self-contained HTML page a student steps through, forwards and back:
// at every event that changes a coroutine (spawn, first run, resume,
// yield, suspension and its reason, wake-up, stack migration, completion,
// failure, cancellation, channel send and receive, each println) the page
// shows the source with every coroutine's line marked, each coroutine's
// stack drawn slot by slot as :stack draws it (with references drawn as
// arrows to the slots they point at), the stack pools' occupancy, the job
// tree, the channels, the output so far and a timeline strip.
//
// The Recorder attaches to vm.Hooks only under `cprime tutor`, so other
// runs pay nothing. The VM runs with Options.Serial: every hook fires on
// the main thread between instructions, where the running coroutine's pc
// has been saved, so reading every stack from a hook is safe. Snapshots
// are stored as differences: a step holds only the coroutines, pools,
// jobs and channels whose rendering changed, and the output it added.
package tutor
