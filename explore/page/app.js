// The explorer's page: it reads the path from the URL, asks the server for
// the state at its end (/api/state), and draws it. Taking a step pushes the
// longer path onto the history, so back, forward and reload work as on any
// page. Hand-written, no library.
"use strict";

const $ = (id) => document.getElementById(id);

function parsePath(text) {
  if (!text) return [];
  return text.split(",").map(Number);
}

// where reads the URL: the initial state, the path taken and the trace
// being walked (along).
function where() {
  const q = new URLSearchParams(location.search);
  return { init: Number(q.get("init") || 0), path: parsePath(q.get("path")), along: parsePath(q.get("along")) };
}

function urlOf(w) {
  const q = new URLSearchParams();
  if (w.init) q.set("init", String(w.init));
  if (w.path.length) q.set("path", w.path.join(","));
  if (w.along.length) q.set("along", w.along.join(","));
  const s = q.toString();
  return location.pathname + (s ? "?" + s.replaceAll("%2C", ",") : "");
}

function go(w) {
  history.pushState(null, "", urlOf(w));
  load();
}

function showError(text) {
  const e = $("error");
  e.textContent = text;
  e.hidden = !text;
}

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function isPrefix(p, q) {
  return p.length <= q.length && p.every((x, i) => x === q[i]);
}

let loading = 0;

async function load() {
  const w = where();
  const my = ++loading;
  document.body.dataset.loaded = "";
  let q = "path=" + w.path.join(",");
  if (w.init) q += "&init=" + w.init;
  const r = await fetch("/api/state?" + q);
  if (my !== loading) return;
  if (!r.ok) {
    showError((await r.text()).trim());
    document.body.dataset.loaded = "error";
    return;
  }
  const s = await r.json();
  if (my !== loading) return;
  showError("");
  render(w, s);
  document.body.dataset.loaded = w.path.join(",") || "init";
  if (s.panels.some((p) => p.pending)) {
    setTimeout(() => { if (my === loading) load(); }, 1000);
  }
}

function render(w, s) {
  $("state").textContent = s.state;
  // The path: each state a link back to it.
  const path = $("path");
  path.replaceChildren();
  const labels = ["init"].concat(s.labels);
  labels.forEach((label, i) => {
    const li = el("li", { "data-depth": String(i) });
    const a = el("a", { href: urlOf({ init: w.init, path: w.path.slice(0, i), along: w.along }) }, label);
    a.addEventListener("click", (ev) => { ev.preventDefault(); go({ init: w.init, path: w.path.slice(0, i), along: w.along }); });
    li.append(a);
    if (i === labels.length - 1) li.className = "current";
    path.append(li);
  });
  // The trace being walked, if any.
  const onTrace = w.along.length > 0 && isPrefix(w.path, w.along);
  const next = onTrace && w.path.length < w.along.length ? w.along[w.path.length] : -1;
  renderRail(w, onTrace);
  // The enabled steps.
  const steps = $("steps");
  steps.replaceChildren();
  if (s.steps.length === 0) steps.append(el("p", {}, s.deadlock ? "No step is enabled: a deadlock." : "No step is enabled: the run has ended."));
  for (const st of s.steps) {
    const b = el("button", { type: "button", "data-index": String(st.index) }, st.label);
    if (!st.ok) { b.disabled = true; b.title = "outside the model's bounds"; }
    if (st.index === next) { b.className = "next-in-trace"; b.title = "the trace's next step"; }
    b.addEventListener("click", () => go({ init: w.init, path: w.path.concat([st.index]), along: w.along }));
    steps.append(b);
  }
  // The properties.
  const tbody = $("properties").tBodies[0];
  tbody.replaceChildren();
  for (const p of s.properties) {
    const tr = el("tr", { "data-property": p.name });
    if (p.bad) tr.className = "bad";
    tr.append(el("td", {}, p.name), el("td", {}, p.kind), el("td", { class: "status" }, p.status));
    const td = el("td");
    if (p.kind !== "eventually" && p.kind !== "leads-to") {
      const b = el("button", { type: "button", class: "jump" }, "jump to");
      b.title = "the checker's shortest " + (p.kind.startsWith("sometimes") ? "witness" : "counterexample");
      b.addEventListener("click", () => jump(p.name));
      td.append(b);
    }
    tr.append(td);
    tbody.append(tr);
  }
  renderPanels(s.panels);
}

function renderRail(w, onTrace) {
  const rail = $("trace-rail");
  rail.hidden = w.along.length === 0;
  if (rail.hidden) return;
  const n = w.along.length;
  const at = (k) => go({ init: w.init, path: w.along.slice(0, k), along: w.along });
  // On the trace, previous and next move along it. Off it, they go back
  // onto it where the path left it: previous to the state it left from,
  // next to the trace's step that the path did not take.
  let prev = w.path.length - 1, next = w.path.length + 1;
  if (onTrace) {
    $("trace-where").textContent = "At step " + w.path.length + " of " + n + ".";
  } else {
    let k = 0;
    while (k < w.path.length && k < n && w.path[k] === w.along[k]) k++;
    $("trace-where").textContent = "Off the trace: this path left it after step " + k + " of " + n + ".";
    prev = k;
    next = k + 1;
  }
  $("trace-first").onclick = () => at(0);
  $("trace-last").onclick = () => at(n);
  $("trace-prev").onclick = () => at(prev);
  $("trace-next").onclick = () => at(next);
  $("trace-prev").disabled = prev < 0;
  $("trace-next").disabled = next > n;
}

function renderPanels(panels) {
  const box = $("panels");
  box.replaceChildren();
  for (const p of panels) {
    const sec = el("section", { id: "panel-" + p.id, "data-panel": p.id });
    if (p.svg) sec.className = "wide";
    sec.append(el("h2", {}, p.title));
    if (p.header || p.rows) {
      const t = el("table");
      if (p.header) {
        const tr = el("tr");
        for (const h of p.header) tr.append(el("th", {}, h));
        const th = el("thead");
        th.append(tr);
        t.append(th);
      }
      const tb = el("tbody");
      for (const row of p.rows || []) {
        const tr = el("tr");
        row.forEach((c, i) => tr.append(el(i === 0 ? "th" : "td", {}, c)));
        tb.append(tr);
      }
      t.append(tb);
      sec.append(t);
    }
    if (p.text) sec.append(el("pre", {}, p.text));
    if (p.svg) {
      const d = el("div", { class: "panel-svg" });
      d.innerHTML = p.svg; // drawn by the server, from the model's own data
      sec.append(d);
    }
    if (p.note) sec.append(el("p", { class: "panel-note" }, p.note));
    box.append(sec);
  }
}

// jump asks the server to search for a property's shortest trace, shows
// its progress, and opens the trace at its end once found.
let searching = null;

async function jump(name) {
  if (searching) await cancelSearch();
  const r = await fetch("/api/search?property=" + encodeURIComponent(name), { method: "POST" });
  if (!r.ok) { showError((await r.text()).trim()); return; }
  const job = await r.json();
  searching = job.id;
  $("search").hidden = false;
  $("search-cancel").hidden = false;
  poll(job);
}

function poll(job) {
  if (job.id !== searching) return;
  const box = $("search-text");
  switch (job.state) {
  case "running":
    box.textContent = "Searching for " + job.property + ": depth " + job.depth + ", " + job.distinct + " states so far.";
    setTimeout(async () => {
      const r = await fetch("/api/search/" + job.id);
      if (r.ok) poll(await r.json());
    }, 250);
    return;
  case "done":
    searching = null;
    if (job.path) {
      $("search").hidden = true;
      go({ init: job.init, path: job.path, along: job.path });
      return;
    }
    box.textContent = job.message;
    break;
  default:
    searching = null;
    box.textContent = job.message || job.state;
  }
  $("search-cancel").hidden = true;
}

async function cancelSearch() {
  const id = searching;
  searching = null;
  if (id) {
    const r = await fetch("/api/search/" + id, { method: "DELETE" });
    $("search-text").textContent = r.ok ? "Search cancelled." : (await r.text()).trim();
    $("search-cancel").hidden = true;
  }
}

async function openTrace(file) {
  const r = await fetch("/api/trace", { method: "POST", body: await file.arrayBuffer() });
  if (!r.ok) { showError(file.name + ": " + (await r.text()).trim()); return; }
  const t = await r.json();
  go({ init: t.init, path: [], along: t.along });
}

document.addEventListener("DOMContentLoaded", () => {
  $("back").addEventListener("click", () => history.back());
  $("forward").addEventListener("click", () => history.forward());
  // Restart: the walk's own initial state, the one a trace starts from.
  $("restart").addEventListener("click", () => { const w = where(); go({ init: w.init, path: [], along: w.along }); });
  $("search-cancel").addEventListener("click", cancelSearch);
  const f = $("tracefile");
  if (f) f.addEventListener("change", () => { if (f.files.length) openTrace(f.files[0]); f.value = ""; });
  // A trace given on the command line: opened at its first step.
  // A trace of no steps names its initial state only.
  const along = document.body.dataset.along, alongInit = Number(document.body.dataset.alongInit || 0);
  if ((along || alongInit) && !location.search) history.replaceState(null, "", urlOf({ init: alongInit, path: [], along: parsePath(along) }));
  window.addEventListener("popstate", load);
  load();
});
