// The live UI: lists the runs, draws the selected run's graph of families, lists a family's tasks
// a page at a time, shows a task and follows its log. Server-sent events say when anything
// changed; the page then asks again for what it shows (all of it aggregated or paged).
"use strict";
(function () {
  var PAGE = 200;
  var params = new URLSearchParams(location.search);
  var token = params.get("token");
  var view = { run: params.get("run"), family: null, state: null, offset: 0, task: null,
    logNext: -1, families: "" };
  var busy = false, again = false;

  function $(id) { return document.getElementById(id); }
  function get(path) {
    return fetch(path, { cache: "no-store" }).then(function (r) {
      if (!r.ok) throw new Error(path + ": " + r.status);
      return r.json();
    });
  }
  function q(o) {
    return Object.keys(o).filter(function (k) { return o[k] !== null && o[k] !== undefined; })
      .map(function (k) { return k + "=" + encodeURIComponent(o[k]); }).join("&");
  }
  function text(parent, tag, content, cls) {
    var e = document.createElement(tag);
    e.textContent = content;
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
  function count(c, keys) { return keys.reduce(function (n, k) { return n + (c[k] || 0); }, 0); }
  var DONE = ["DONE", "COMPLETE"], RUNNING = ["RUNNING", "RETRYING"], FAILED = ["FAILED", "UPSTREAM_FAILED"];

  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    var work = [get("api/runs").then(showRuns)];
    if (view.run) work.push(get("api/run?" + q({ run: view.run })).then(showRun));
    if (view.run && view.family) work.push(loadFamily());
    if (view.run && view.task) work.push(loadTask(false));
    Promise.all(work).catch(function (e) { $("live").textContent = String(e); })
      .then(function () { busy = false; if (again) { again = false; refresh(); } });
  }

  function showRuns(runs) {
    var body = $("runs").querySelector("tbody");
    body.innerHTML = "";
    if (!view.run && runs.length) view.run = runs[0].id, setTimeout(refresh, 0);
    runs.forEach(function (r) {
      var tr = document.createElement("tr");
      tr.className = "run" + (r.id === view.run ? " selected" : "");
      tr.dataset.run = r.id;
      text(tr, "td", r.id);
      text(tr, "td", r.state, "run-state");
      text(tr, "td", r.start ? r.start.replace("T", " ").substring(0, 19) : "");
      text(tr, "td", duration(r.seconds));
      text(tr, "td", count(r.counts, DONE), "done");
      text(tr, "td", count(r.counts, RUNNING));
      text(tr, "td", count(r.counts, FAILED));
      text(tr, "td", r.total);
      tr.addEventListener("click", function () { select({ run: r.id, family: null, task: null }); });
      body.appendChild(tr);
    });
  }

  function select(change) {
    Object.assign(view, change, { offset: change.offset || 0 });
    if ("run" in change) view.families = "";
    if ("task" in change) { view.logNext = -1; $("log").textContent = ""; }
    refresh();
  }

  function showRun(run) {
    $("run-panel").hidden = false;
    $("run-title").textContent = (run.roots || []).join(", ") + "  (" + run.state + ")";
    var s = $("summary");
    s.innerHTML = "";
    text(s, "span", "done ");
    text(s, "b", count(run.counts, DONE)).id = "done-count";
    text(s, "span", " of " + run.total + " · running " + count(run.counts, RUNNING)
      + " · failed " + count(run.counts, FAILED) + " · " + duration(run.seconds)
      + (run.host ? " · " + run.host + " pid " + run.pid : "")
      + (run.exitCode !== null ? " · exit " + run.exitCode : ""));
    var shape = JSON.stringify(run.families.map(function (f) { return [f.name, f.requires]; }));
    if (shape !== view.families) {
      view.families = shape;
      PipelineDag.draw($("dag"), run.families, function (name) {
        select({ family: name, state: null, offset: 0 });
      });
      // For the benchmark: milliseconds from navigation to the first graph drawn.
      if (!document.body.dataset.firstPaintMs) document.body.dataset.firstPaintMs = Math.round(performance.now());
    } else {
      PipelineDag.update($("dag"), run.families);
    }
    $("stop-box").hidden = !(window.stopEnabled && run.state === "running" && token);
  }

  function loadFamily() {
    return get("api/family?" + q({ run: view.run, family: view.family, state: view.state,
      offset: view.offset, limit: PAGE })).then(showFamily);
  }

  function showFamily(page) {
    $("family-panel").hidden = false;
    $("family-title").textContent = page.family + " (" + page.total + " recorded"
      + (view.state ? ", " + view.state.toLowerCase() : "") + ")";
    var filter = $("family-filter");
    filter.innerHTML = "";
    [null, "RUNNING", "FAILED", "DONE", "RETRYING"].forEach(function (s) {
      var b = text(filter, "button", s ? s.toLowerCase() : "all", s === view.state ? "active" : "");
      b.addEventListener("click", function () { select({ state: s, offset: 0 }); });
    });
    var list = $("family-tasks");
    list.innerHTML = "";
    page.tasks.forEach(function (t) {
      var li = text(list, "li", t.id + "  " + t.state.toLowerCase()
        + (t.attempts > 1 ? " (" + t.attempts + " attempts)" : "") + "  " + duration(t.seconds), "task");
      li.dataset.task = t.id;
      li.style.borderLeftColor = PipelineDag.colours[t.state] || "#fff";
      li.addEventListener("click", function () { select({ task: t.id }); });
    });
    var pages = $("family-pages");
    pages.innerHTML = "";
    if (view.offset > 0) text(pages, "button", "previous").onclick = function () { select({ offset: Math.max(0, view.offset - PAGE) }); };
    text(pages, "span", page.total ? (view.offset + 1) + "–" + Math.min(page.total, view.offset + PAGE) + " of " + page.total : "no recorded task yet", "muted");
    if (view.offset + PAGE < page.total) text(pages, "button", "next").onclick = function () { select({ offset: view.offset + PAGE }); };
  }

  function loadTask() {
    return Promise.all([get("api/task?" + q({ run: view.run, id: view.task })).then(showTask),
      get("api/log?" + q({ run: view.run, id: view.task, from: view.logNext })).then(showLog)]);
  }

  function showTask(t) {
    $("task-panel").hidden = false;
    $("task-title").textContent = t.id;
    var info = $("task-info");
    info.innerHTML = "";
    var dl = document.createElement("dl");
    function row(k, v) { text(dl, "dt", k); text(dl, "dd", v === null || v === undefined || v === "" ? "–" : v); }
    row("state", t.state.toLowerCase() + (t.message ? ": " + t.message : ""));
    Object.keys(t.parameters).forEach(function (k) { row("--" + k, t.parameters[k]); });
    row("host", t.host);
    row("GPUs", (t.gpus || []).join(","));
    row("outputs", t.outputs ? t.outputs.join("\n") : "(known while the run is served live)");
    if (t.published && t.published.length) row("published", t.published.map(function (p) { return p.name + "  " + p.path; }).join("\n"));
    if (t.provenance) Object.keys(t.provenance).forEach(function (k) { row("provenance " + k, JSON.stringify(t.provenance[k])); });
    t.attempts.forEach(function (a) {
      row("attempt " + a.number, a.state.toLowerCase() + ", " + duration(a.seconds)
        + (a.gpus.length ? ", GPUs " + a.gpus.join(",") : "")
        + ", exit " + (a.exitCode === null ? "–" : a.exitCode)
        + ", CPU " + (a.cpuSeconds === null ? "–" : a.cpuSeconds.toFixed(1) + " s")
        + ", peak " + (a.peakRssKb === null ? "–" : (a.peakRssKb / 1024).toFixed(0) + " MiB"));
    });
    info.appendChild(dl);
  }

  function showLog(chunk) {
    $("log-path").textContent = chunk.path || "(no log)";
    var pre = $("log");
    var atEnd = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
    if (view.logNext < 0) pre.textContent = "";
    if (chunk.text) pre.appendChild(document.createTextNode(chunk.text));
    view.logNext = chunk.next;
    if (atEnd) pre.scrollTop = pre.scrollHeight;
  }

  $("stop").addEventListener("click", function () {
    if (!confirm("Stop run " + view.run + "? Running tasks are terminated; finished outputs are kept.")) return;
    fetch("api/stop?" + q({ run: view.run }), { method: "POST", headers: { "X-Pipeline-Token": token } })
      .then(function (r) { return r.text(); }).then(function (t) { $("live").textContent = t; });
  });

  get("api/config").then(function (c) { window.stopEnabled = c.stop; });
  var events = new EventSource("api/events");
  events.addEventListener("change", function () { $("live").textContent = "live"; refresh(); });
  events.onerror = function () { $("live").textContent = "disconnected (retrying)"; };
  refresh();
})();
