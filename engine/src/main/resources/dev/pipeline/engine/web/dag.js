// The graph of families, laid out by dagre and drawn as SVG; shared by the live UI and the report.
// Arrows point from a family to the families it requires, as `pipeline graph` draws them; fills
// are graph's: complete green, incomplete white, running blue, failed red, upstream-failed orange.
"use strict";
var PipelineDag = (function () {
  var COLOURS = {
    COMPLETE: "#b7e1b0", DONE: "#b7e1b0", PENDING: "#ffffff", READY: "#ffffff",
    WAITING_ELSEWHERE: "#ffffff", RUNNING: "#a6cee3", RETRYING: "#a6cee3", FAILED: "#f4a6a6",
    UPSTREAM_FAILED: "#fdd49e", NOT_RUN: "#e0e0e0", INTERRUPTED: "#e0e0e0"
  };
  var ORDER = ["DONE", "COMPLETE", "RUNNING", "RETRYING", "FAILED", "UPSTREAM_FAILED",
    "INTERRUPTED", "NOT_RUN", "READY", "WAITING_ELSEWHERE", "PENDING"];
  var SVG = "http://www.w3.org/2000/svg";

  // A family's status as `status` sums it up: a failure below wins, then running, and so on.
  function status(counts) {
    var has = function (s) { return (counts[s] || 0) > 0; };
    if (has("FAILED")) return "FAILED";
    if (has("RUNNING") || has("RETRYING")) return "RUNNING";
    if (has("UPSTREAM_FAILED")) return "UPSTREAM_FAILED";
    var total = 0, ok = 0;
    for (var k in counts) { total += counts[k]; if (k === "DONE" || k === "COMPLETE") ok += counts[k]; }
    return total > 0 && ok === total ? "COMPLETE" : "PENDING";
  }

  function el(name, attrs, parent) {
    var e = document.createElementNS(SVG, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }

  function shortName(name) {
    var dot = name.lastIndexOf(".");
    return dot >= 0 ? name.substring(dot + 1) : name;
  }

  function summary(f) {
    var parts = [];
    ORDER.forEach(function (s) { if (f.counts[s]) parts.push(f.counts[s] + " " + s.toLowerCase().replace(/_/g, "-")); });
    return parts.join(", ");
  }

  // Lays out and draws `families` ([{name, tasks, counts, requires}]) into `container`.
  function draw(container, families, onClick) {
    var g = new dagre.graphlib.Graph();
    g.setGraph({ rankdir: "TB", nodesep: 24, ranksep: 44, marginx: 8, marginy: 8 });
    g.setDefaultEdgeLabel(function () { return {}; });
    var known = {};
    families.forEach(function (f) { known[f.name] = true; g.setNode(f.name, { width: 230, height: 56 }); });
    families.forEach(function (f) {
      (f.requires || []).forEach(function (r) { if (known[r] && r !== f.name) g.setEdge(f.name, r); });
    });
    dagre.layout(g);
    var size = g.graph();
    container.innerHTML = "";
    var svg = el("svg", { width: size.width, height: size.height, "class": "dag",
      viewBox: "0 0 " + size.width + " " + size.height }, container);
    var defs = el("defs", {}, svg);
    var marker = el("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5,
      markerWidth: 7, markerHeight: 7, orient: "auto" }, defs);
    el("path", { d: "M0,0 L10,5 L0,10 z", fill: "#555" }, marker);
    g.edges().forEach(function (e) {
      var pts = g.edge(e).points;
      var d = "M" + pts.map(function (p) { return p.x + "," + p.y; }).join(" L");
      el("path", { d: d, "class": "edge", fill: "none", stroke: "#555", "marker-end": "url(#arrow)" }, svg);
    });
    families.forEach(function (f) {
      var n = g.node(f.name);
      var group = el("g", { "class": "node", "data-family": f.name,
        transform: "translate(" + (n.x - n.width / 2) + "," + (n.y - n.height / 2) + ")" }, svg);
      el("rect", { width: n.width, height: n.height, rx: 5, "class": "box",
        fill: COLOURS[status(f.counts)], stroke: "#555" }, group);
      var title = el("text", { x: 8, y: 18, "class": "name" }, group);
      title.textContent = shortName(f.name) + (f.tasks > 1 ? " \u00d7 " + f.tasks : "");
      var info = el("text", { x: 8, y: 34, "class": "counts" }, group);
      info.textContent = summary(f);
      bar(group, f, n.width);
      el("title", {}, group).textContent = f.name + ": " + summary(f);
      if (onClick) group.addEventListener("click", function () { onClick(f.name); });
    });
    return svg;
  }

  // A thin bar along the bottom of a node: its tasks by state.
  function bar(group, f, width) {
    var total = 0;
    ORDER.forEach(function (s) { total += f.counts[s] || 0; });
    var x = 6, w = width - 12;
    ORDER.forEach(function (s) {
      var n = f.counts[s] || 0;
      if (!n || !total) return;
      var part = w * n / total;
      el("rect", { x: x, y: 42, width: part, height: 7, fill: COLOURS[s], stroke: "none",
        "class": "bar-" + s.toLowerCase() }, group);
      x += part;
    });
    el("rect", { x: 6, y: 42, width: w, height: 7, fill: "none", stroke: "#888" }, group);
  }

  // Recolours a drawn graph with new counts, without laying it out again.
  function update(container, families) {
    families.forEach(function (f) {
      var group = container.querySelector('g.node[data-family="' + CSS.escape(f.name) + '"]');
      if (!group) return;
      group.querySelector("rect.box").setAttribute("fill", COLOURS[status(f.counts)]);
      group.querySelector("text.counts").textContent = summary(f);
      group.querySelector("title").textContent = f.name + ": " + summary(f);
      Array.prototype.slice.call(group.querySelectorAll("rect[class^=bar-], rect:not(.box)"))
        .forEach(function (r) { r.remove(); });
      bar(group, f, 230);
    });
  }

  return { draw: draw, update: update, colours: COLOURS, order: ORDER, status: status };
})();
