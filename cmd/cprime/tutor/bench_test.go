package tutor

import (
	"testing"
	"time"
)

// tenThousand is a program of about 10,000 events: a generator resumed
// and yielding 3,200 times, and a producer and consumer passing 1,250
// values through a buffered channel with a delay now and then.
const tenThousand = `
async fn counter() { let mut i = 0; loop { yield i; i += 1; } }
let g = Coroutine::new(counter);
let mut sum = 0;
for k in 0..3200 {
    match g.resume() { CoroResult::Yield(v) => { sum += v; }, _ => {} }
}
let ch = Channel::new(4);
let p = launch(CoroutineName("producer")) { for i in 0..1250 { if i % 50 == 0 { delay(1); } ch.send(i); } ch.close(); };
let c = async(CoroutineName("consumer")) { let mut s = 0; for v in ch { s += v; } s };
println("sums ${sum} ${c.await()}");
`

// BenchmarkTutor10kEvents records the program and writes its page (the
// target: under 2 s on the project's machine). It reports the steps and
// the page's size.
func BenchmarkTutor10kEvents(b *testing.B) {
	var steps, size int
	start := time.Now()
	for i := 0; i < b.N; i++ {
		r, page, _ := record(b, tenThousand, 0)
		steps, size = len(r.Steps()), len(page)
	}
	b.ReportMetric(float64(steps), "steps")
	b.ReportMetric(float64(size)/1024, "page-KiB")
	b.ReportMetric(time.Since(start).Seconds()/float64(b.N), "s/page")
	if steps < 10000 {
		b.Fatalf("only %d steps; the benchmark needs at least 10,000", steps)
	}
}
