// Package views renders what the REPL and the debugger show about a
// running program: the coroutine table (:coros), a coroutine's frames
// with their locals (:inspect), a drawing of its stack (:stack), the
// stack pools' occupancy (:pools) and the job tree of structured
// concurrency (:jobs). Env also resolves the coroutine arguments that
// commands take: an id (5 or #5) or a variable bound to a coroutine,
// job or deferred.
//
// The renderers take plain data from vm (CoroInfo, StackLayout, JobInfo)
// and write text, coloured through a Palette that is switched off for
// NO_COLOR, --no-color, or output that is not a terminal.
package views
