package trace

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
)

// WriteHTML writes one self-contained page that draws the timeline: a
// row per coroutine with its running and suspended slices, migrations as
// marks, and spawn, resume and completion arrows. The trace is embedded;
// the page needs nothing from the network.
func (r *Recorder) WriteHTML(w io.Writer) error {
	var data bytes.Buffer
	if err := json.NewEncoder(&data).Encode(r.document()); err != nil {
		return err
	}
	// keep "</script>" in a string from closing the data element
	embedded := strings.ReplaceAll(data.String(), "</", `<\/`)
	page := strings.Replace(pageTemplate, "/*TRACE-DATA*/", embedded, 1)
	_, err := io.WriteString(w, page)
	return err
}

// pageTemplate is the timeline page; the trace JSON replaces the marker.
const pageTemplate = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>cprime coroutine timeline</title>
<style>
  body { font: 13px/1.4 system-ui, sans-serif; margin: 16px; color: #222; }
  h1 { font-size: 18px; margin: 0 0 4px; }
  #summary { color: #555; margin: 0 0 10px; }
  .legend span { display: inline-block; margin-right: 14px; }
  .sw { display: inline-block; width: 12px; height: 12px; vertical-align: -2px; margin-right: 4px; border-radius: 2px; }
  svg text { font: 12px system-ui, sans-serif; }
  .label { fill: #222; }
  .axis text { fill: #666; font-size: 11px; }
  .run { fill: #43a047; }
  .suspend { fill: #cfd8dc; }
  .mark { fill: #e53935; }
  .end { fill: #1e88e5; }
  .flow-spawn { stroke: #1e88e5; }
  .flow-completion { stroke: #8e24aa; }
  .flow-resume { stroke: #fb8c00; }
  .flow { fill: none; stroke-width: 1.2; opacity: .8; }
  #detail { margin-top: 8px; min-height: 1.4em; color: #333; }
</style>
</head>
<body>
<h1>cprime coroutine timeline</h1>
<p id="summary">drawing…</p>
<div class="legend">
  <span><i class="sw run" style="background:#43a047"></i>running</span>
  <span><i class="sw" style="background:#cfd8dc"></i>suspended (hover for the reason)</span>
  <span><i class="sw" style="background:#e53935"></i>migration</span>
  <span><i class="sw" style="background:#1e88e5"></i>spawn / end</span>
  <span><i class="sw" style="background:#8e24aa"></i>completion</span>
  <span><i class="sw" style="background:#fb8c00"></i>resume</span>
</div>
<div id="chart"></div>
<div id="detail"></div>
<script type="application/json" id="trace-data">/*TRACE-DATA*/</script>
<script>
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var doc = JSON.parse(document.getElementById("trace-data").textContent);
  var events = doc.traceEvents || [];
  var tracks = (doc.otherData && doc.otherData.coroutines) || [];
  if (!tracks.length) {
    // a trace from elsewhere: one track per thread id that has events
    var seen = {};
    events.forEach(function (e) { if (e.ph !== "M" && !seen[e.tid]) { seen[e.tid] = 1; tracks.push({id: e.tid, name: "", dispatcher: ""}); } });
  }
  var row = {}, labelW = 280, plotW = 940, rowH = 26, top = 30;
  tracks.forEach(function (t, i) { row[t.id] = i; });
  var t0 = Infinity, t1 = -Infinity;
  events.forEach(function (e) {
    if (e.ph === "M") return;
    t0 = Math.min(t0, e.ts); t1 = Math.max(t1, e.ts + (e.dur || 0));
  });
  if (!isFinite(t0)) { t0 = 0; t1 = 1; }
  if (t1 <= t0) t1 = t0 + 1;
  function x(ts) { return labelW + (ts - t0) / (t1 - t0) * plotW; }
  function y(tid) { return top + row[tid] * rowH; }
  function el(name, attrs, parent) {
    var n = document.createElementNS(NS, name);
    for (var k in attrs) n.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(n);
    return n;
  }
  function title(n, text) { el("title", {}, n).textContent = text; }
  var height = top + tracks.length * rowH + 20;
  var svg = el("svg", {width: labelW + plotW + 20, height: height, viewBox: "0 0 " + (labelW + plotW + 20) + " " + height});
  var defs = el("defs", {}, svg);
  ["spawn", "completion", "resume"].forEach(function (k) {
    var m = el("marker", {id: "arrow-" + k, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse"}, defs);
    el("path", {d: "M0,0 L10,5 L0,10 z", "class": "flow-" + k, fill: k === "spawn" ? "#1e88e5" : k === "completion" ? "#8e24aa" : "#fb8c00"}, m);
  });
  var axis = el("g", {"class": "axis"}, svg);
  // ticks at a round step (1, 2 or 5 times a power of ten, about ten of
  // them), labelled in the unit that step reads best in
  var raw = (t1 - t0) / 10, pow = Math.pow(10, Math.floor(Math.log10(raw))), step = pow;
  [2, 5, 10].forEach(function (m) { if (raw > step) step = pow * m; });
  function label(us) {
    if (step >= 1e6) return +(us / 1e6).toFixed(Math.max(0, -Math.floor(Math.log10(step / 1e6)))) + " s";
    if (step >= 1e3) return +(us / 1e3).toFixed(Math.max(0, -Math.floor(Math.log10(step / 1e3)))) + " ms";
    return +us.toFixed(Math.max(0, -Math.floor(Math.log10(step)))) + " µs";
  }
  for (var d = 0; t0 + d <= t1 + step / 1000; d += step) {
    var xx = x(t0 + d);
    el("line", {x1: xx, x2: xx, y1: top - 6, y2: height - 14, stroke: "#eee"}, axis);
    el("text", {x: xx, y: top - 10, "text-anchor": "middle", "class": "tick"}, axis).textContent = label(d);
  }
  var slices = 0, marks = 0, flows = 0;
  var groups = {};
  tracks.forEach(function (t) {
    var g = el("g", {"class": "track", "data-co": t.id}, svg);
    groups[t.id] = g;
    var yy = y(t.id);
    el("rect", {x: 0, y: yy, width: labelW + plotW, height: rowH - 2, fill: row[t.id] % 2 ? "#fafafa" : "#fff"}, g);
    var label = el("text", {"class": "label", x: 6, y: yy + rowH / 2 + 4}, g);
    label.textContent = "#" + t.id + " " + (t.name || "") + (t.dispatcher ? " (" + t.dispatcher + ")" : "");
    if (t.parent) title(label, "parent #" + t.parent);
  });
  var starts = {};
  events.forEach(function (e) {
    var g = groups[e.tid];
    if (!g) return;
    if (e.ph === "X") {
      var w = Math.max(e.cat === "run" ? 2 : 1, x(e.ts + e.dur) - x(e.ts));
      var r = el("rect", {x: x(e.ts), y: y(e.tid) + 4, width: w, height: rowH - 10, "class": e.cat === "run" ? "run" : "suspend", rx: 2}, g);
      title(r, e.name + " — " + (e.dur / 1000).toFixed(3) + " ms at " + ((e.ts - t0) / 1000).toFixed(3) + " ms" + (e.args && e.args.thread !== undefined ? " on thread " + e.args.thread : ""));
      r.addEventListener("mouseover", function () { document.getElementById("detail").textContent = "#" + e.tid + ": " + e.name; });
      slices++;
    } else if (e.ph === "i") {
      var cx = x(e.ts), cy = y(e.tid) + rowH / 2 - 1;
      var p = el("path", {d: "M" + cx + "," + (cy - 6) + " l5,6 l-5,6 l-5,-6 z", "class": e.cat === "end" ? "end" : "mark"}, g);
      title(p, e.name);
      marks++;
    } else if (e.ph === "s") {
      starts[e.id] = e;
    } else if (e.ph === "f" && starts[e.id] && groups[starts[e.id].tid]) {
      var s = starts[e.id];
      var x1 = x(s.ts), y1 = y(s.tid) + rowH / 2, x2 = x(e.ts), y2 = y(e.tid) + rowH / 2;
      var path = el("path", {d: "M" + x1 + "," + y1 + " C" + (x1 + 30) + "," + y1 + " " + (x2 - 30) + "," + y2 + " " + x2 + "," + y2,
        "class": "flow flow-" + e.cat, "marker-end": "url(#arrow-" + e.cat + ")"}, svg);
      title(path, e.name + ": #" + s.tid + " → #" + e.tid);
      flows++;
    }
  });
  document.getElementById("chart").appendChild(svg);
  svg.setAttribute("data-tracks", String(tracks.length));
  document.getElementById("summary").textContent = "drew " + tracks.length + " tracks (one per coroutine), " + slices + " slices, " + marks + " marks, " + flows + " flows over " + ((t1 - t0) / 1000).toFixed(3) + " ms";
  document.body.setAttribute("data-drawn", "true");
})();
</script>
</body>
</html>
`
