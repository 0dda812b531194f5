// The report's page: everything comes from the data inlined next to it; nothing is fetched.
"use strict";
(function () {
  var data = JSON.parse(document.getElementById("data").textContent);
  var PAGE = 200;
  function $(id) { return document.getElementById(id); }
  function text(parent, tag, content, cls) {
    var e = document.createElement(tag);
    e.textContent = content === null || content === undefined || content === "" ? "\u2013" : content;
    if (cls) e.className = cls;
    parent.appendChild(e);
    return e;
  }
  function duration(s) {
    if (s < 60) return s.toFixed(1) + " s";
    var m = Math.floor(s / 60);
    if (m < 60) return m + " min " + Math.round(s - 60 * m) + " s";
    return Math.floor(m / 60) + " h " + (m % 60) + " min";
  }

  function summary() {
    $("generated").textContent = "generated " + data.generated;
    var dl = document.createElement("dl");
    function row(k, v) { text(dl, "dt", k); text(dl, "dd", v); }
    row("run", data.id);
    row("tasks", (data.roots || []).join(", "));
    row("state", data.state + (data.exitCode !== null ? " (exit " + data.exitCode + ")" : ""));
    row("start", data.start);
    row("end", data.end);
    row("duration", duration(data.seconds));
    row("host", data.host + (data.pid ? " (pid " + data.pid + ")" : ""));
    row("command", (data.argv || []).join(" "));
    row("counts", Object.keys(data.counts).map(function (k) { return data.counts[k] + " " + k.toLowerCase(); }).join(", ")
      + " of " + data.total);
    $("summary").appendChild(dl);
  }

  // The table: a page of rows at a time, filtered and sorted in memory.
  var view = { rows: data.rows, page: 0, sort: -1, descending: false };
  function table() {
    var head = document.createElement("tr");
    var labels = ["task", "state", "attempts", "duration", "host", "GPUs", "exit code", "CPU time", "peak memory"];
    labels.forEach(function (label, i) {
      text(head, "th", label).addEventListener("click", function () {
        view.descending = view.sort === i ? !view.descending : false;
        view.sort = i;
        apply();
      });
    });
    $("tasks").querySelector("thead").appendChild(head);
    $("filter").addEventListener("input", apply);
    apply();
  }
  function apply() {
    var needle = $("filter").value.toLowerCase();
    view.rows = needle ? data.rows.filter(function (r) {
      return r[0].toLowerCase().indexOf(needle) >= 0 || r[1].toLowerCase() === needle;
    }) : data.rows.slice();
    if (view.sort >= 0) {
      var i = view.sort, sign = view.descending ? -1 : 1;
      view.rows.sort(function (a, b) {
        var x = a[i], y = b[i];
        if (x === y) return 0;
        if (x === null) return 1;
        if (y === null) return -1;
        return (x < y ? -1 : 1) * sign;
      });
    }
    view.page = 0;
    page();
  }
  function page() {
    var body = $("tasks").querySelector("tbody");
    body.innerHTML = "";
    var from = view.page * PAGE, to = Math.min(view.rows.length, from + PAGE);
    for (var k = from; k < to; k++) {
      var r = view.rows[k];
      var tr = document.createElement("tr");
      tr.dataset.task = r[0];
      text(tr, "td", r[0]);
      text(tr, "td", r[1].toLowerCase()).style.background = PipelineDag.colours[r[1]] || "";
      text(tr, "td", r[2], "num");
      text(tr, "td", r[2] ? duration(r[3]) : null, "num");
      text(tr, "td", r[4]);
      text(tr, "td", r[5]);
      text(tr, "td", r[6], "num");
      text(tr, "td", r[7] === null ? null : r[7].toFixed(1) + " s", "num");
      text(tr, "td", r[8] === null ? null : (r[8] / 1024).toFixed(0) + " MiB", "num");
      body.appendChild(tr);
    }
    $("table-count").textContent = view.rows.length ? (from + 1) + "\u2013" + to + " of " + view.rows.length + " tasks" : "no task";
    var pages = $("table-pages");
    pages.innerHTML = "";
    if (view.page > 0) text(pages, "button", "previous").onclick = function () { view.page--; page(); };
    if (to < view.rows.length) text(pages, "button", "next").onclick = function () { view.page++; page(); };
  }

  // The timeline: a canvas, so that 100,000 bars cost nothing in the DOM.
  function timeline() {
    var t = data.timeline, canvas = $("timeline");
    var laneHeight = 14, left = 90, width = Math.max(600, $("timeline-box").clientWidth - 4);
    var height = Math.max(1, t.lanes.length) * laneHeight + 20;
    var scale = window.devicePixelRatio || 1;
    canvas.width = width * scale; canvas.height = height * scale;
    canvas.style.width = width + "px"; canvas.style.height = height + "px";
    var g = canvas.getContext("2d");
    g.scale(scale, scale);
    g.font = "11px sans-serif";
    g.fillStyle = "#333";
    t.lanes.forEach(function (name, i) { g.fillText(name, 4, i * laneHeight + 11); });
    var span = Math.max(1, t.end), w = width - left - 6;
    t.bars.forEach(function (b) {
      var x = left + w * b[1] / span, bw = Math.max(1, w * (b[2] - b[1]) / span);
      g.fillStyle = PipelineDag.colours[t.states[b[3]]] || "#ccc";
      g.fillRect(x, b[0] * laneHeight + 2, bw, laneHeight - 4);
      g.strokeStyle = "rgba(0,0,0,0.25)";
      if (bw > 3) g.strokeRect(x, b[0] * laneHeight + 2, bw, laneHeight - 4);
    });
    g.fillStyle = "#333";
    g.fillText("0 s", left, height - 4);
    var endLabel = duration(span / 1000);
    g.fillText(endLabel, width - 6 - g.measureText(endLabel).width, height - 4);
    canvas.dataset.bars = t.bars.length;
    canvas.dataset.lanes = t.lanes.length;
    canvas.title = t.bars.length + " attempts on " + t.lanes.length + " lanes";
  }

  // Step plots as small SVGs.
  function plot(title, column, unit, divide) {
    var pts = data.series.points, W = 420, H = 140, L = 44, B = 20;
    var max = 0, end = Math.max(1, data.timeline.end);
    pts.forEach(function (p) { max = Math.max(max, p[column] / divide); });
    max = max || 1;
    var ns = "http://www.w3.org/2000/svg";
    var fig = document.createElement("figure");
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", W); svg.setAttribute("height", H);
    svg.setAttribute("class", "plot");
    svg.dataset.series = title;
    var d = "", y0 = H - B;
    pts.forEach(function (p, i) {
      var x = L + (W - L - 6) * p[0] / end, y = y0 - (H - B - 8) * (p[column] / divide) / max;
      d += (i === 0 ? "M" + x + "," + y0 + " L" + x + "," + y : " H" + x + " V" + y);
    });
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", d + " H" + (W - 6));
    path.setAttribute("fill", "none"); path.setAttribute("stroke", "#1f77b4");
    svg.appendChild(path);
    [[max, 12], [0, y0]].forEach(function (tick) {
      var label = document.createElementNS(ns, "text");
      label.setAttribute("x", 2); label.setAttribute("y", tick[1]);
      label.setAttribute("font-size", "10");
      label.textContent = (Math.round(tick[0] * 10) / 10) + " " + unit;
      svg.appendChild(label);
    });
    var axis = document.createElementNS(ns, "path");
    axis.setAttribute("d", "M" + L + ",8 V" + y0 + " H" + (W - 6));
    axis.setAttribute("stroke", "#999"); axis.setAttribute("fill", "none");
    svg.appendChild(axis);
    fig.appendChild(svg);
    text(fig, "figcaption", title);
    $("plots").appendChild(fig);
  }

  summary();
  PipelineDag.draw($("dag"), data.families, function (name) {
    $("filter").value = name + "(";
    apply();
  });
  timeline();
  plot("tasks running", 1, "", 1);
  plot("GPUs held", 2, "", 1);
  if (data.series.memoryKnown) plot("peak memory of running tasks", 3, "GiB", 1024 * 1024);
  else text($("plots"), "p", "No memory use was recorded for this run.", "muted");
  table();
  document.body.dataset.ready = "true";
})();
