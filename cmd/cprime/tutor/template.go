package tutor

// pageTemplate is the tutor page: the recorded steps replace the data
// marker. Everything is inline; the page needs nothing from the network.
const pageTemplate = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>cprime tutor</title>
<style>
/*HIGHLIGHT-CSS*/
body { font: 13px/1.35 system-ui, sans-serif; margin: 0; color: #222; background: #f7f7f7; }
header { position: sticky; top: 0; z-index: 5; background: #263238; color: #fff; padding: 8px 14px; }
header h1 { font-size: 15px; margin: 0 8px 0 0; display: inline; }
header button, header select { font: inherit; margin-right: 4px; }
#event { margin-top: 6px; font-size: 14px; }
#event .kind { display: inline-block; min-width: 64px; padding: 1px 6px; border-radius: 3px; background: #546e7a; margin-right: 6px; text-align: center; }
#note { background: #ffecb3; color: #5d4037; padding: 6px 14px; border-bottom: 1px solid #ffd54f; }
#timeline { background: #fff; border-bottom: 1px solid #ddd; padding: 4px 14px; overflow-x: auto; }
#timeline text { font: 11px system-ui, sans-serif; fill: #444; }
main { display: grid; grid-template-columns: minmax(360px, 1fr) minmax(520px, 1.4fr); gap: 10px; padding: 10px 14px; }
section { background: #fff; border: 1px solid #ddd; border-radius: 4px; padding: 6px 10px; margin-bottom: 10px; }
section h2 { font-size: 13px; margin: 2px 0 6px; color: #37474f; text-transform: uppercase; letter-spacing: .04em; }
#source { font: 12px/1.45 ui-monospace, monospace; white-space: pre; overflow-x: auto; }
.line { display: flex; }
.line .no { color: #aaa; width: 3.2em; text-align: right; padding-right: 8px; user-select: none; flex: none; }
.line .code { flex: 1; }
.line .chips { flex: none; min-width: 0; }
.line .chips .chip { margin: 0 4px 0 0; }
#source { max-height: 75vh; overflow: auto; }
.line.current { background: #fff59d; }
.line.marked { background: #f1f8e9; }
.chip { display: inline-block; font: 10px system-ui, sans-serif; padding: 0 4px; margin-left: 4px; border-radius: 7px; color: #fff; vertical-align: 1px; }
.st-Running { background: #43a047; } .st-Ready { background: #29b6f6; } .st-Suspended { background: #8d6e63; }
.st-Waiting { background: #78909c; } .st-Stopped { background: #ab47bc; } .st-Complete { background: #1e88e5; }
.st-Failed { background: #e53935; } .st-Cancelled { background: #fb8c00; }
#stacks { position: relative; }
#arrows { position: absolute; left: 0; top: 0; pointer-events: none; overflow: visible; }
.ref-arrow { fill: none; stroke: #d81b60; stroke-width: 1.6; }
.coro { border: 1px solid #cfd8dc; border-radius: 4px; margin: 0 0 10px; }
.coro.focus { box-shadow: 0 0 0 2px #ffb300; }
.coro > .head { padding: 4px 8px; background: #eceff1; }
.coro > .head b { margin-right: 6px; }
.coro .mem { color: #666; font-size: 12px; padding: 2px 8px; }
.coro.done > .head { background: #f5f5f5; color: #777; }
table.stack { border-collapse: collapse; margin: 4px 8px 8px 8px; font: 12px ui-monospace, monospace; }
table.stack td { border: 1px solid #b0bec5; padding: 1px 6px; }
table.stack td.slotno { border: none; color: #999; text-align: right; }
table.stack tr.free td.cell { background: repeating-linear-gradient(45deg, #fafafa, #fafafa 4px, #eee 4px, #eee 8px); color: #999; }
table.stack tr.fhead td.cell { background: #e3f2fd; font-weight: 600; font-family: system-ui, sans-serif; }
table.stack tr.hdr td.cell { color: #888; }
table.stack tr.reg.named td.cell { background: #fffde7; }
table.stack tr.reg.target td.cell { box-shadow: inset 0 0 0 2px #d81b60; }
table.stack td.ref { color: #d81b60; }
.pool { margin-bottom: 6px; }
.pool svg { display: block; margin: 2px 0; }
.bit { fill: #43a047; } .bit.mine { fill: #1e88e5; } .bit.focus { fill: #ffb300; }
ul.jobs, ul.jobs ul { list-style: none; padding-left: 16px; margin: 0; }
ul.jobs { padding-left: 0; }
.job { margin: 2px 0; }
.job .state { padding: 0 5px; border-radius: 3px; font-size: 11px; color: #fff; background: #90a4ae; }
.job .state.active { background: #43a047; } .job .state.completing { background: #7cb342; }
.job .state.cancelling, .job .state.cancelled { background: #fb8c00; } .job .state.failed { background: #e53935; }
.job .state.completed { background: #1e88e5; }
.job .prop { color: #c62828; font-size: 12px; margin-left: 14px; }
.chan { margin: 4px 0; }
.chan .buf span { display: inline-block; border: 1px solid #90a4ae; padding: 0 5px; margin: 0 2px; font: 12px ui-monospace, monospace; background: #f1f8e9; }
.chan .wait { color: #555; font-size: 12px; margin-left: 10px; }
#output { font: 12px ui-monospace, monospace; white-space: pre-wrap; margin: 0; max-height: 240px; overflow: auto; }
.muted { color: #888; }
kbd { background: #eee; border: 1px solid #ccc; border-radius: 3px; padding: 0 3px; font-size: 11px; color: #333; }
</style>
</head>
<body>
<header>
  <h1>cprime tutor</h1><span id="file"></span>
  <div style="margin-top:6px">
    <button id="first" title="first step (Home)">|◀</button>
    <button id="back" title="step back (←)">◀ back</button>
    <button id="fwd" title="step forward (→)">forward ▶</button>
    <button id="last" title="last step (End)">▶|</button>
    <button id="play" title="play / pause (space)">▶ play</button>
    <span style="margin-left:12px">next event of</span>
    <select id="who" title="the coroutine n and p jump to"></select>
    <button id="prevOf" title="previous event of that coroutine (p)">◀</button>
    <button id="nextOf" title="next event of that coroutine (n)">▶</button>
    <span id="counter" style="margin-left:12px"></span>
    <span class="muted" style="margin-left:12px;color:#b0bec5"><kbd>←</kbd> <kbd>→</kbd> step, <kbd>n</kbd>/<kbd>p</kbd> next/previous event of the chosen coroutine, <kbd>space</kbd> play</span>
  </div>
  <div id="event"></div>
</header>
<div id="note" hidden></div>
<div id="timeline"></div>
<main>
  <div>
    <section><h2>Source</h2><div id="source"></div></section>
    <section><h2>Output so far</h2><pre id="output"></pre></section>
    <section><h2>Job tree</h2><div id="jobs"></div></section>
    <section><h2>Channels</h2><div id="chans"></div></section>
    <section><h2>Stack pools</h2><div id="pools"></div></section>
  </div>
  <div>
    <section><h2>Coroutines and their stacks</h2><div id="stacks"></div></section>
  </div>
</main>
<script type="application/json" id="tutor-data">/*TUTOR-DATA*/</script>
<script type="application/octet-stream" id="tutor-steps" data-encoding="gzip+base64">/*TUTOR-STEPS*/</script>
<script>
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("tutor-data").textContent);
  var bin = atob(document.getElementById("tutor-steps").textContent.trim()), bytes = new Uint8Array(bin.length);
  for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).json().then(function (steps) {
    try { show(D, steps); } catch (e) { document.body.setAttribute("data-error", String(e) + " " + (e.stack || "")); throw e; }
  }, function (e) { document.body.setAttribute("data-error", String(e)); });
})();
function show(D, steps) {
  "use strict";
  var N = steps.length;
  var $ = function (id) { return document.getElementById(id); };
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]; }); }

  // output: one string, and where it ends after each step
  var outAll = "", outEnd = [];
  steps.forEach(function (s) { outAll += s.o || ""; outEnd.push(outAll.length); });

  // state at a step: replay differences from the nearest checkpoint
  var EVERY = 64, checkpoints = [];
  function blank() { return {coros: {}, pools: null, jobs: null, chans: {}}; }
  function copy(st) { return {coros: Object.assign({}, st.coros), pools: st.pools, jobs: st.jobs, chans: Object.assign({}, st.chans)}; }
  // a patch changes some keys of an object (@, -) or items of an
  // array (#, n); anything else replaces the value (diff.go)
  function patch(old, p) {
    if (p === null || typeof p !== "object" || Array.isArray(p)) return p;
    if (p["@"]) {
      var o = Object.assign({}, old);
      for (var k in p["@"]) o[k] = patch(o[k], p["@"][k]);
      (p["-"] || []).forEach(function (k) { delete o[k]; });
      return o;
    }
    if (p["#"]) {
      var a = (old || []).slice();
      if (p.n !== undefined) a.length = p.n;
      for (var i in p["#"]) a[i] = patch(a[i], p["#"][i]);
      return a;
    }
    return p;
  }
  function apply(st, s) {
    if (s.c) for (var k in s.c) { if (s.c[k] === null) delete st.coros[k]; else st.coros[k] = patch(st.coros[k], s.c[k]); }
    if (s.p) st.pools = patch(st.pools, s.p);
    if (s.j) st.jobs = patch(st.jobs, s.j);
    if (s.ch) for (var c in s.ch) st.chans[c] = patch(st.chans[c], s.ch[c]);
  }
  (function () {
    var st = blank();
    for (var i = 0; i < N; i++) { apply(st, steps[i]); if (i % EVERY === 0) checkpoints.push(copy(st)); }
  })();
  function stateAt(i) {
    var c = Math.floor(i / EVERY), st = copy(checkpoints[c]);
    for (var j = c * EVERY + 1; j <= i; j++) apply(st, steps[j]);
    return st;
  }

  // per coroutine, its state at every step (for the timeline and n/p)
  var rows = [], rowOf = {}, stateRuns = {};
  var names = {};
  (function () {
    var cur = {};
    for (var i = 0; i < N; i++) {
      var s = steps[i];
      if (s.c) for (var k in s.c) {
        if (!(k in rowOf)) { rowOf[k] = rows.length; rows.push(k); stateRuns[k] = []; }
        cur[k] = s.c[k] ? patch(cur[k], s.c[k]) : null;
        if (cur[k]) names[k] = cur[k].name || "";
      }
      if (s.co && !(String(s.co) in rowOf)) { rowOf[s.co] = rows.length; rows.push(String(s.co)); stateRuns[s.co] = []; }
      rows.forEach(function (k) {
        var c = cur[k], name = c ? c.state : "", runs = stateRuns[k], last = runs[runs.length - 1];
        if (last && last.state === name) last.to = i; else runs.push({state: name, from: i, to: i});
      });
    }
  })();

  $("file").textContent = D.file + " — " + N + " steps" + (D.virtual ? " (virtual time)" : "");
  if (D.truncated) {
    $("note").hidden = false;
    $("note").textContent = "The run was stopped after " + D.maxSteps + " steps (--max-steps " + D.maxSteps + "): the program did not finish, and what came after is not recorded. Run cprime tutor with a larger --max-steps to see more.";
  } else if (D.exit) {
    $("note").hidden = false;
    $("note").textContent = "The program ended with an error: " + D.exit;
  }
  var who = $("who");
  rows.forEach(function (k) { var o = document.createElement("option"); o.value = k; o.textContent = "#" + k + (names[k] ? " " + names[k] : ""); who.appendChild(o); });

  // the timeline strip: a row per coroutine, a column per step
  var NS = "http://www.w3.org/2000/svg", labelW = 150, colW = Math.max(2, Math.min(14, Math.floor(1100 / Math.max(N, 1)))), rowH = 14;
  function el(name, attrs, parent) { var n = document.createElementNS(NS, name); for (var a in attrs) n.setAttribute(a, attrs[a]); if (parent) parent.appendChild(n); return n; }
  var tlColor = {Running: "#43a047", Ready: "#81d4fa", Suspended: "#bcaaa4", Waiting: "#cfd8dc", Stopped: "#ce93d8", Complete: "", Failed: "", Cancelled: ""};
  var tl = el("svg", {id: "strip", width: labelW + N * colW + 10, height: rows.length * rowH + 8});
  rows.forEach(function (k, r) {
    el("text", {x: 2, y: r * rowH + 11}, tl).textContent = "#" + k + " " + (names[k] || "");
    stateRuns[k].forEach(function (run) {
      if (!tlColor[run.state]) return;
      var rect = el("rect", {x: labelW + run.from * colW, y: r * rowH + 2, width: (run.to - run.from + 1) * colW, height: rowH - 4, fill: tlColor[run.state], "class": "run-" + run.state}, tl);
      el("title", {}, rect).textContent = "#" + k + " " + run.state + ", steps " + (run.from + 1) + "–" + (run.to + 1);
    });
  });
  steps.forEach(function (s, i) {
    if (s.co in rowOf && /^(migrate|fail|cancel|send|receive|print|yield)$/.test(s.k)) {
      el("rect", {x: labelW + i * colW + colW / 2 - 1, y: rowOf[s.co] * rowH + 1, width: 2, height: rowH - 2, fill: s.k === "migrate" || s.k === "fail" ? "#e53935" : "#37474f", "class": "mark mark-" + s.k}, tl);
    }
  });
  var cursor = el("rect", {id: "cursor", x: labelW, y: 0, width: colW, height: rows.length * rowH + 8, fill: "rgba(255,179,0,.35)", stroke: "#ff8f00"}, tl);
  tl.addEventListener("click", function (e) {
    var x = e.clientX - tl.getBoundingClientRect().left - labelW;
    if (x >= 0) go(Math.min(N - 1, Math.floor(x / colW)));
  });
  $("timeline").appendChild(tl);

  function frameRows(c) {
    var h = [], free = c.size - c.used;
    h.push('<tr class="free"><td class="slotno">' + (c.size - 1) + '</td><td class="cell">free: ' + free + " slots (" + free * 8 + " B)</td></tr>");
    (c.frames || []).forEach(function (f, i) {
      if (c.skipped && i === c.frames.length - 1) h.push('<tr class="hdr"><td class="slotno"></td><td class="cell">… ' + c.skipped + " more frames, not drawn</td></tr>");
      if (c.skipped && i === c.frames.length - 1) i += c.skipped;
      h.push('<tr class="fhead"><td class="slotno"></td><td class="cell">frame ' + i + (i === 0 ? " (innermost)" : "") + ": " + esc(f.fn) + " (" + esc(f.file) + ":" + f.line + "), base " + f.base + "</td></tr>");
      if (f.more) h.push('<tr class="hdr"><td class="slotno"></td><td class="cell">… ' + f.more + " more registers</td></tr>");
      for (var j = (f.regs || []).length - 1; j >= 0; j--) {
        var r = f.regs[j], id = "slot-" + c.id + "-" + r.s;
        h.push('<tr class="reg' + (r.n ? " named" : "") + '" id="' + id + '" data-co="' + c.id + '" data-slot="' + r.s + '" data-name="' + esc(r.n || "") + '">' +
          '<td class="slotno">' + r.s + '</td><td class="cell">R' + r.i + " <b>" + esc(r.n || "·") + "</b> = " +
          (r.to ? '<span class="ref" data-to="' + r.to + '">' + esc(r.v) + " →</span>" : esc(r.v)) + "</td></tr>");
      }
      h.push('<tr class="hdr"><td class="slotno">' + (f.base + 2) + '</td><td class="cell">[frame mark] generation ' + f.gen + "</td></tr>");
      h.push('<tr class="hdr"><td class="slotno">' + (f.base + 1) + '</td><td class="cell">[return] ' + esc(f.ret) + "</td></tr>");
      h.push('<tr class="hdr"><td class="slotno">' + f.base + '</td><td class="cell">[callee] ' + esc(f.fn) + "</td></tr>");
    });
    return h.join("");
  }

  function drawStacks(st, step) {
    var ids = Object.keys(st.coros).map(Number).sort(function (a, b) { return a - b; });
    var h = [];
    ids.forEach(function (id) {
      var c = st.coros[id], done = /^(Complete|Failed|Cancelled)$/.test(c.state);
      var where = c.block < 0 ? "a Large stack of its own" : c.class + " pool, block " + c.block + ", slot " + c.slot;
      h.push('<div class="coro' + (done ? " done" : "") + (step.co === id ? " focus" : "") + '" id="coro-' + id + '" data-co="' + id + '" data-state="' + c.state + '" data-class="' + c.class + '">');
      h.push('<div class="head"><b>#' + id + (c.name ? " " + esc(c.name) : "") + '</b><span class="chip st-' + c.state + '">' + c.state + "</span> " + esc(c.why) +
        ' <span class="muted">' + esc(c.disp) + (c.parent && c.parent !== "-" ? ", parent " + esc(c.parent) : "") + "</span></div>");
      if (done) { h.push('<div class="mem">its ' + c.class + " stack was released when it finished</div></div>"); return; }
      h.push('<div class="mem">memory: <span class="where">' + where + "</span>; " + c.size * 8 + " B (" + c.size + " slots), used " + c.used + " slots</div>");
      h.push('<table class="stack">' + frameRows(c) + "</table></div>");
    });
    $("stacks").innerHTML = h.join("") + '<svg id="arrows"><defs><marker id="ah" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#d81b60"/></marker></defs></svg>';
    drawArrows();
  }

  // references: an arrow from the register that holds one to the slot it
  // points at, in the same coroutine or another
  function drawArrows() {
    var box = $("stacks"), svg = $("arrows"), b = box.getBoundingClientRect();
    svg.setAttribute("width", box.scrollWidth); svg.setAttribute("height", box.scrollHeight);
    var n = 0;
    box.querySelectorAll(".ref[data-to]").forEach(function (ref) {
      var parts = ref.getAttribute("data-to").split(":"), target = $("slot-" + parts[0] + "-" + parts[1]);
      var from = ref.closest("tr");
      if (!target) return;
      target.classList.add("target");
      var a = from.getBoundingClientRect(), t = target.getBoundingClientRect();
      var x1 = a.right - b.left, y1 = a.top + a.height / 2 - b.top, x2 = t.right - b.left, y2 = t.top + t.height / 2 - b.top;
      var bend = 40 + Math.min(120, Math.abs(y2 - y1) / 4) + n * 6;
      el("path", {"class": "ref-arrow", "data-from": from.getAttribute("data-co") + ":" + from.getAttribute("data-slot"), "data-to": parts[0] + ":" + parts[1],
        d: "M" + x1 + "," + y1 + " C" + (x1 + bend) + "," + y1 + " " + (x2 + bend) + "," + y2 + " " + (x2 + 2) + "," + y2, "marker-end": "url(#ah)"}, svg);
      n++;
    });
    svg.setAttribute("data-arrows", String(n));
  }

  function drawSource(st, step) {
    var marks = {};
    Object.keys(st.coros).forEach(function (id) {
      var c = st.coros[id];
      if (c.line && !/^(Complete|Failed|Cancelled)$/.test(c.state)) (marks[c.line] = marks[c.line] || []).push(c);
    });
    var cur = step.co && st.coros[step.co] ? st.coros[step.co].line : 0;
    var h = [];
    (D.lines || []).forEach(function (code, i) {
      var n = i + 1, cls = "line" + (n === cur ? " current" : marks[n] ? " marked" : "");
      var chips = (marks[n] || []).map(function (c) { return '<span class="chip st-' + c.state + '" data-co="' + c.id + '">#' + c.id + " " + c.state + "</span>"; }).join("");
      h.push('<div class="' + cls + '" data-line="' + n + '"><span class="no">' + n + '</span><span class="chips">' + chips + '</span><span class="code">' + code + "</span></div>");
    });
    $("source").innerHTML = h.join("");
    var line = $("source").querySelector(".line.current");
    if (line && line.scrollIntoViewIfNeeded) line.scrollIntoViewIfNeeded();
  }

  function drawPools(st, step) {
    var p = st.pools;
    if (!p) { $("pools").innerHTML = '<span class="muted">no stacks yet</span>'; return; }
    var owner = {};
    Object.keys(st.coros).forEach(function (id) {
      var c = st.coros[id];
      if (c.block >= 0 && !/^(Complete|Failed|Cancelled)$/.test(c.state)) owner[c.class + "/" + c.block + "/" + c.slot] = c.id;
    });
    var box = $("pools");
    box.innerHTML = "";
    (p.pools || []).forEach(function (pool) {
      var div = document.createElement("div");
      div.className = "pool"; div.setAttribute("data-class", pool.class);
      div.innerHTML = "<b>" + pool.class + "</b> (" + pool.bytes + " B stacks): " + pool.used + " of " + pool.cap + " in use";
      (pool.bm || []).forEach(function (hex, bi) {
        var cell = 7, svg = el("svg", {width: 64 * cell + 2, height: 16 * cell + 2, "data-block": bi});
        el("rect", {x: 0, y: 0, width: 64 * cell + 2, height: 16 * cell + 2, fill: "#fafafa", stroke: "#ddd"}, svg);
        for (var w = 0; w < hex.length / 16; w++) {
          var word = hex.substr(w * 16, 16);
          for (var nib = 0; nib < 16; nib++) {
            var v = parseInt(word[15 - nib], 16);
            if (!v) continue;
            for (var bit = 0; bit < 4; bit++) if (v & (1 << bit)) {
              var slot = w * 64 + nib * 4 + bit, co = owner[pool.class + "/" + bi + "/" + slot];
              var r = el("rect", {"class": "bit" + (co ? " mine" : "") + (co && co === step.co ? " focus" : ""), x: 1 + (slot % 64) * cell, y: 1 + Math.floor(slot / 64) * cell, width: cell - 1, height: cell - 1,
                "data-slot": slot, "data-co": co || ""}, svg);
              el("title", {}, r).textContent = pool.class + " block " + bi + " slot " + slot + (co ? ": coroutine #" + co : ": in use");
            }
          }
        }
        div.appendChild(svg);
      });
      box.appendChild(div);
    });
    var large = document.createElement("div");
    large.textContent = "Large stacks: " + p.large + " live" + (p.large ? " (" + p.largeBytes + " B, each mapped on its own)" : "");
    box.appendChild(large);
  }

  function drawJobs(st) {
    function node(j) {
      var h = '<li class="job" data-job="' + j.id + '" data-state="' + j.state + '"><b>' + j.kind + " #" + j.id + "</b>" + (j.name ? " " + esc(JSON.stringify(j.name)) : "") +
        ' <span class="state ' + j.state + '">' + j.state + "</span>" + (j.disp ? ' <span class="muted">' + esc(j.disp) + "</span>" : "") +
        (j.co ? ' <span class="muted">coroutine #' + j.co + "</span>" : "");
      if (j.cause || j.prop) h += '<div class="prop">↳ ' + esc([j.cause, j.prop].filter(Boolean).join(" — ")) + "</div>";
      if (j.kids) h += "<ul>" + j.kids.map(node).join("") + "</ul>";
      return h + "</li>";
    }
    var v = st.jobs || {trees: []}, note = "";
    if (v.drawn < v.total) note += "drawn: the first " + v.drawn + " of " + v.total + " jobs. ";
    if (v.every > 1) note += "With " + v.total + " jobs the tree is redrawn every " + v.every + " steps (and at every failure and cancellation).";
    $("jobs").innerHTML = (v.trees && v.trees.length ? '<ul class="jobs">' + v.trees.map(node).join("") + "</ul>" : '<span class="muted">no jobs</span>') +
      (note ? '<div class="muted">' + note + "</div>" : "");
  }

  function drawChans(st) {
    var ids = Object.keys(st.chans);
    if (!ids.length) { $("chans").innerHTML = '<span class="muted">no channel used yet</span>'; return; }
    $("chans").innerHTML = ids.map(function (id) {
      var c = st.chans[id];
      c.buf = c.buf || [];
      var h = '<div class="chan" data-ch="' + id + '" data-buffered="' + c.buf.length + '"><b>channel #' + id + "</b> " + c.cap + (c.closed ? " <b>closed</b>" : "") +
        ' <span class="buf">buffer: ' + (c.buf.length ? c.buf.map(function (v) { return "<span>" + esc(v) + "</span>"; }).join("") : '<span class="muted" style="border:none;background:none">empty</span>') + "</span>";
      if (c.senders) h += '<div class="wait">waiting to send: ' + c.senders.map(function (s, i) { return "#" + s + " (" + esc(c.offers[i]) + ")"; }).join(", ") + "</div>";
      if (c.receivers) h += '<div class="wait">waiting to receive: ' + c.receivers.map(function (s) { return "#" + s; }).join(", ") + "</div>";
      return h + "</div>";
    }).join("");
  }

  var at = -1;
  function go(i) {
    if (!N) { $("event").textContent = "nothing was recorded"; document.body.setAttribute("data-step", "-1"); return; }
    i = Math.max(0, Math.min(N - 1, i));
    at = i;
    var st = stateAt(i), step = steps[i];
    $("event").innerHTML = '<span class="kind">' + step.k + "</span>" + esc(step.m) + ' <span class="muted" style="color:#b0bec5">t=' + step.t + " ms</span>";
    $("counter").textContent = "step " + (i + 1) + " of " + N;
    drawSource(st, step);
    drawStacks(st, step);
    drawPools(st, step);
    drawJobs(st);
    drawChans(st);
    var out = $("output");
    out.textContent = outAll.slice(0, outEnd[i]);
    out.scrollTop = out.scrollHeight;
    cursor.setAttribute("x", labelW + i * colW);
    document.body.setAttribute("data-step", String(i));
    document.body.setAttribute("data-kind", step.k);
  }
  function eventOf(dir) {
    var k = Number(who.value);
    for (var i = at + dir; i >= 0 && i < N; i += dir) if (steps[i].co === k || (steps[i].c && String(k) in steps[i].c)) { go(i); return; }
  }
  var timer = null;
  function play() {
    if (timer) { clearInterval(timer); timer = null; $("play").textContent = "▶ play"; return; }
    $("play").textContent = "⏸ pause";
    timer = setInterval(function () { if (at >= N - 1) play(); else go(at + 1); }, 600);
  }
  $("first").onclick = function () { go(0); };
  $("back").onclick = function () { go(at - 1); };
  $("fwd").onclick = function () { go(at + 1); };
  $("last").onclick = function () { go(N - 1); };
  $("play").onclick = play;
  $("nextOf").onclick = function () { eventOf(1); };
  $("prevOf").onclick = function () { eventOf(-1); };
  document.addEventListener("keydown", function (e) {
    if (e.target && e.target.tagName === "SELECT" && (e.key === "ArrowUp" || e.key === "ArrowDown")) return;
    switch (e.key) {
    case "ArrowRight": go(at + 1); break;
    case "ArrowLeft": go(at - 1); break;
    case "Home": go(0); break;
    case "End": go(N - 1); break;
    case " ": play(); break;
    case "n": eventOf(1); break;
    case "p": eventOf(-1); break;
    default: return;
    }
    e.preventDefault();
  });
  window.addEventListener("resize", drawArrows);
  window.tutor = {go: go, step: function () { return at; }, steps: N};
  go(0);
  document.body.setAttribute("data-ready", "true");
}
</script>
</body>
</html>
`
