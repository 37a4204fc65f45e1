// suspended.js: the Node peer of suspended.cpr (BenchmarkSuspendedPeakRSS): N generators,
// each run to its first `yield` and kept in an array. Usage: node suspended.js [N]
function* parked() { yield 1; }
const n = +(process.argv[2] ?? 1000000);
const held = [];
for (let i = 0; i < n; i++) { const g = parked(); g.next(); held.push(g); }
console.log(held.length);
