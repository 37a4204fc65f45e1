// Package trace records a program's coroutines as it runs (cprime run
// --trace, --trace-html) and writes the timeline in two forms:
//
//   - Chrome trace-event JSON, which Perfetto (ui.perfetto.dev) and
//     chrome://tracing open: one track per coroutine (a "thread" whose id
//     is the coroutine id) with running slices, suspension slices named by
//     their reason (delay until t=..., await #n, receive on channel #n,
//     yield ...), instant events for stack and thread migrations, and flow
//     arrows for spawns (parent to child's first run), hand-driven resumes
//     and completions (child's end to its parent).
//   - One self-contained HTML page that draws the same timeline with
//     inline SVG and script, no network needed; SourcePage adds the
//     program's source below it, coloured (cmd/cprime/highlight).
//
// The Recorder attaches to vm.Hooks. Hooks fire on every thread that runs
// coroutines (Default and IO run in parallel), so every hook takes the
// recorder's lock.
package trace
