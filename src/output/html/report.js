// copydesk's HTML report. The data is in JSON blocks written by copydesk: one per file
// (script.cd-file), parsed when the file is opened, and the summary (#cd-summary). The article
// text goes into the page as text nodes only: nothing from the data is ever parsed as HTML.
"use strict";
(function () {
  const SEVERITIES = ["error", "warning", "suggestion"];
  const RANK = { error: 0, warning: 1, suggestion: 2 };
  const blocks = Array.from(document.querySelectorAll("script.cd-file"));
  const summary = JSON.parse(document.getElementById("cd-summary").textContent);
  const cache = new Map();
  const state = { file: -1, selected: -1, severities: new Set(SEVERITIES), rule: "", query: "" };

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v; else node.setAttribute(k, v);
    }
    for (const c of children) node.append(c);
    return node;
  }

  function fileData(i) {
    if (!cache.has(i)) cache.set(i, JSON.parse(blocks[i].textContent));
    return cache.get(i);
  }

  function visible(d) {
    return state.severities.has(d.severity) && (!state.rule || d.rule === state.rule ||
      d.notes.some((n) => n.startsWith("also " + state.rule + ":")));
  }

  // Header: counts, the chart of findings by rule, the filters.
  const header = el("header");
  header.append(el("h1", {}, "copydesk report"));
  const counts = el("div", { class: "cd-counts" },
    el("span", {}, `${summary.files} file${summary.files === 1 ? "" : "s"}`),
    el("span", { class: "error" }, `${summary.errors} errors`),
    el("span", { class: "warning" }, `${summary.warnings} warnings`),
    el("span", { class: "suggestion" }, `${summary.suggestions} suggestions`));
  header.append(counts);
  const byRule = new Map();
  for (const [rule, severity, n] of summary.rules) {
    const entry = byRule.get(rule) || { n: 0, severity };
    entry.n += n;
    if (RANK[severity] < RANK[entry.severity]) entry.severity = severity;
    byRule.set(rule, entry);
  }
  const ranked = Array.from(byRule.entries()).sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1));
  const most = ranked.length ? ranked[0][1].n : 1;
  // Findings by rule, those folded into another rule's diagnostic included.
  const chart = el("div", { class: "cd-chart", role: "img", "aria-label": "findings by rule" });
  for (const [rule, { n, severity }] of ranked.slice(0, 12)) {
    const fill = el("div", { class: "fill " + severity });
    fill.style.width = Math.max(1, Math.round((100 * n) / most)) + "%";
    chart.append(el("div", { class: "cd-bar" }, el("span", {}, rule), el("div", {}, fill), el("span", {}, String(n))));
  }
  header.append(chart);
  const filters = el("div", { class: "cd-filters" });
  for (const s of SEVERITIES) {
    const box = el("input", { type: "checkbox", id: "cd-sev-" + s, checked: "" });
    box.addEventListener("change", () => { box.checked ? state.severities.add(s) : state.severities.delete(s); refresh(); });
    filters.append(el("label", { class: "cd-sev " + s }, box, " " + s));
  }
  const ruleSelect = el("select", { id: "cd-rule" }, el("option", { value: "" }, "every rule"));
  for (const [rule] of ranked) ruleSelect.append(el("option", { value: rule }, rule));
  ruleSelect.addEventListener("change", () => { state.rule = ruleSelect.value; refresh(); });
  const search = el("input", { type: "search", id: "cd-file-filter", placeholder: "filter files (/)" });
  search.addEventListener("input", () => { state.query = search.value.toLowerCase(); listFiles(); });
  filters.append(ruleSelect, search, el("span", { class: "cd-keys" },
    el("kbd", {}, "j"), " next finding ", el("kbd", {}, "k"), " previous ", el("kbd", {}, "/"), " filter files"));
  header.append(filters);

  const nav = el("nav", { "aria-label": "files" });
  const view = el("section", { class: "cd-view" });
  document.body.append(header, el("main", {}, nav, view));

  function meta(i) {
    const b = blocks[i];
    return { path: b.dataset.path, errors: +b.dataset.errors, warnings: +b.dataset.warnings,
             suggestions: +b.dataset.suggestions, rules: (b.dataset.rules || "").split(" ") };
  }

  function listFiles() {
    nav.replaceChildren();
    blocks.forEach((_, i) => {
      const m = meta(i);
      if (state.query && !m.path.toLowerCase().includes(state.query)) return;
      if (state.rule && !m.rules.includes(state.rule)) return;
      const button = el("button", { "data-file": String(i), class: i === state.file ? "current" : "" },
        el("span", { class: "path" }, m.path),
        el("span", { class: "n" }, `${m.errors} errors, ${m.warnings} warnings, ${m.suggestions} suggestions`));
      button.addEventListener("click", () => open(i));
      nav.append(button);
    });
  }

  // The text with a mark over each run of characters that visible diagnostics cover; a mark
  // lists the diagnostics it belongs to in data-d.
  function renderText(data) {
    const pre = el("pre", { class: "cd-text" });
    const shown = data.diagnostics.map((d, i) => [d, i]).filter(([d]) => visible(d));
    const cuts = new Set([0, data.text.length]);
    for (const [d] of shown) { cuts.add(d.start); cuts.add(d.end); }
    const points = Array.from(cuts).sort((a, b) => a - b);
    const empties = new Map();
    for (const [d, i] of shown) if (d.start === d.end) {
      if (!empties.has(d.start)) empties.set(d.start, []);
      empties.get(d.start).push(i);
    }
    const mark = (ids, text) => {
      const severity = ids.map((i) => data.diagnostics[i].severity).sort((a, b) => RANK[a] - RANK[b])[0];
      const title = ids.map((i) => `${data.diagnostics[i].rule}: ${data.diagnostics[i].message}`).join("\n");
      const m = el("mark", { class: severity, "data-d": ids.join(" "), title }, text);
      m.addEventListener("click", () => select(ids[0]));
      return m;
    };
    for (let k = 0; k < points.length; k++) {
      const at = points[k];
      if (empties.has(at)) {
        const m = mark(empties.get(at), "");
        m.classList.add("cd-empty");
        pre.append(m);
      }
      if (k + 1 === points.length) break;
      const next = points[k + 1];
      const ids = shown.filter(([d]) => d.start <= at && d.end >= next && d.start < d.end).map(([, i]) => i);
      const piece = data.text.slice(at, next);
      pre.append(ids.length ? mark(ids, piece) : document.createTextNode(piece));
    }
    return pre;
  }

  function open(i, select_first) {
    state.file = i;
    state.selected = -1;
    const data = fileData(i);
    const detail = el("div", { class: "cd-detail", id: "cd-detail" }, "Click a highlight, or press j.");
    const omitted = data.omitted.map((o) => el("p", { class: "cd-sev " + o.severity },
      `${o.count} more ${o.rule} findings in this file not shown`));
    view.replaceChildren(el("h2", {}, data.path), detail, ...omitted, renderText(data));
    for (const b of nav.querySelectorAll("button")) b.classList.toggle("current", +b.dataset.file === i);
    if (select_first === "first") step(1); else if (select_first === "last") step(-1);
  }

  function select(i) {
    const data = fileData(state.file);
    const d = data.diagnostics[i];
    state.selected = i;
    for (const m of view.querySelectorAll("mark.selected")) m.classList.remove("selected");
    const marks = Array.from(view.querySelectorAll("mark")).filter((m) => m.dataset.d.split(" ").includes(String(i)));
    for (const m of marks) m.classList.add("selected");
    if (marks.length) marks[0].scrollIntoView({ block: "center" });
    const parts = [
      el("div", {}, el("span", { class: "cd-sev " + d.severity }, d.severity), " ",
        el("span", { class: "rule" }, d.rule), ` at ${d.line}:${d.column}`),
      el("div", {}, d.message)];
    if (d.help) parts.push(el("div", {}, "help: " + d.help));
    if (d.notes.length) parts.push(el("ul", { class: "notes" }, ...d.notes.map((n) => el("li", {}, n))));
    if (d.fix) parts.push(el("div", { class: "fix" },
      el("span", {}, "before"), el("del", {}, d.fix.before),
      el("span", {}, "after"), el("ins", {}, d.fix.after),
      el("span", {}, "fix"), el("span", {}, d.fix.applicability)));
    document.getElementById("cd-detail").replaceChildren(...parts);
  }

  // The next (dir 1) or previous (-1) visible finding, moving on to the next file with one.
  function step(dir) {
    if (state.file < 0) { if (blocks.length) open(0, dir > 0 ? "first" : "last"); return; }
    const data = fileData(state.file);
    const order = data.diagnostics.map((d, i) => [d, i]).filter(([d]) => visible(d)).map(([, i]) => i);
    const at = order.indexOf(state.selected);
    const next = at < 0 ? (dir > 0 ? 0 : order.length - 1) : at + dir;
    if (next >= 0 && next < order.length) { select(order[next]); return; }
    const files = Array.from(nav.querySelectorAll("button")).map((b) => +b.dataset.file);
    const here = files.indexOf(state.file);
    for (let k = here + dir; k >= 0 && k < files.length; k += dir) {
      if (fileData(files[k]).diagnostics.some(visible)) { open(files[k], dir > 0 ? "first" : "last"); return; }
    }
  }

  function refresh() {
    listFiles();
    if (state.file >= 0) open(state.file);
  }

  document.addEventListener("keydown", (e) => {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) {
      if (e.key === "Escape") e.target.blur();
      return;
    }
    if (e.key === "j" || e.key === "n") { step(1); e.preventDefault(); }
    else if (e.key === "k" || e.key === "p") { step(-1); e.preventDefault(); }
    else if (e.key === "/") { search.focus(); e.preventDefault(); }
  });

  listFiles();
  if (blocks.length) open(0);
  window.copydeskReport = { open, select, step, files: blocks.length };
})();
