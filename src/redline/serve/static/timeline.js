// The escalation timeline: daily score bars, 7-day mean line, labelled peaks; wheel/buttons zoom, drag pans.
"use strict";
(function () {
  const svg = document.getElementById("timeline");
  if (!svg) return;
  const NS = "http://www.w3.org/2000/svg";
  const W = 960, H = 360, M = { left: 48, right: 12, top: 16, bottom: 40 };
  let data = null, lo = 0, hi = 0;

  function el(name, attrs, text) {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function draw() {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const days = data.days.slice(lo, hi + 1);
    svg.setAttribute("data-shown", String(days.length));
    if (!days.length) return;
    const values = days.flatMap((d) => [d.score, d.rolling7, 0]);
    const max = Math.max(1, ...values), min = Math.min(-1, ...values);
    const x = (i) => M.left + ((i + 0.5) * (W - M.left - M.right)) / days.length;
    const y = (v) => M.top + ((max - v) * (H - M.top - M.bottom)) / (max - min);
    const bw = Math.max(1, (W - M.left - M.right) / days.length - 1);
    svg.appendChild(el("line", { class: "axis", x1: M.left, x2: W - M.right, y1: y(0), y2: y(0) }));
    for (const v of [max, min]) {
      svg.appendChild(el("text", { class: "tick", x: M.left - 4, y: y(v) + 4, "text-anchor": "end" }, v.toFixed(0)));
    }
    const bars = el("g", { class: "bars" });
    days.forEach((d, i) => {
      if (!d.events) return;
      const top = Math.min(y(d.score), y(0)), height = Math.max(1, Math.abs(y(d.score) - y(0)));
      const bar = el("rect", { class: d.score < 0 ? "bar conflict" : "bar cooperation", x: x(i) - bw / 2, y: top, width: bw, height: height });
      bar.appendChild(el("title", {}, d.day + ": score " + d.score + ", " + d.events + " events"));
      bars.appendChild(bar);
    });
    svg.appendChild(bars);
    const line = days.map((d, i) => (i ? "L" : "M") + x(i).toFixed(1) + " " + y(d.rolling7).toFixed(1)).join(" ");
    svg.appendChild(el("path", { class: "rolling", d: line }));
    const step = Math.max(1, Math.ceil(days.length / 8));
    days.forEach((d, i) => {
      if (i % step === 0) svg.appendChild(el("text", { class: "tick", x: x(i), y: H - M.bottom + 16, "text-anchor": "middle" }, d.day));
    });
    const shown = new Set(days.map((d) => d.day));
    const labels = el("g", { class: "labels" });
    data.labels.filter((l) => shown.has(l.day)).forEach((l, n) => {
      const i = days.findIndex((d) => d.day === l.day);
      const ly = l.score < 0 ? y(l.score) + 14 + (n % 3) * 12 : y(l.score) - 6 - (n % 3) * 12;
      const link = el("a", { href: "/events/" + encodeURIComponent(l.event_id) });
      const anchor = x(i) < W * 0.2 ? "start" : x(i) > W * 0.8 ? "end" : "middle";
      link.appendChild(el("text", { class: "peak", x: x(i), y: ly, "text-anchor": anchor }, l.label));
      labels.appendChild(link);
    });
    svg.appendChild(labels);
  }

  function zoom(factor, centre) {
    const n = data.days.length, span = hi - lo + 1;
    const next = Math.min(n, Math.max(7, Math.round(span * factor)));
    const c = centre === undefined ? (lo + hi) / 2 : centre;
    lo = Math.max(0, Math.round(c - (next * (c - lo)) / span));
    hi = Math.min(n - 1, lo + next - 1);
    lo = Math.max(0, hi - next + 1);
    draw();
  }

  function dayAt(clientX) {
    const box = svg.getBoundingClientRect();
    const fx = ((clientX - box.left) / box.width) * W;
    return lo + ((fx - M.left) / (W - M.left - M.right)) * (hi - lo + 1);
  }

  fetch(svg.dataset.src, { headers: { Accept: "application/json" } })
    .then((r) => r.json().then((body) => ({ ok: r.ok, body })))
    .then(({ ok, body }) => {
      const note = document.getElementById("timeline-note");
      if (!ok) { note.textContent = body.error || "cannot load the index"; return; }
      data = body; lo = 0; hi = data.days.length - 1;
      note.textContent = data.days.length + " days" + (data.skipped ? "; " + data.skipped + " events dated only to a week, month or year are left out" : "");
      const list = document.getElementById("timeline-labels");
      data.labels.forEach((l) => {
        const item = document.createElement("li"), a = document.createElement("a");
        a.href = "/events/" + encodeURIComponent(l.event_id);
        a.textContent = l.day + " (" + l.score + "): " + l.label;
        item.appendChild(a); list.appendChild(item);
      });
      draw();
      svg.addEventListener("wheel", (ev) => { ev.preventDefault(); zoom(ev.deltaY < 0 ? 0.8 : 1.25, dayAt(ev.clientX)); }, { passive: false });
      let dragging = null;
      svg.addEventListener("mousedown", (ev) => { dragging = { x: ev.clientX, lo, hi }; });
      window.addEventListener("mouseup", () => { dragging = null; });
      svg.addEventListener("mousemove", (ev) => {
        if (!dragging) return;
        const shift = Math.round(dayAt(dragging.x) - dayAt(ev.clientX)), n = data.days.length;
        const span = dragging.hi - dragging.lo;
        lo = Math.min(Math.max(0, dragging.lo + shift), n - 1 - span); hi = lo + span; draw();
      });
      document.getElementById("zoom-in").addEventListener("click", () => zoom(0.5));
      document.getElementById("zoom-out").addEventListener("click", () => zoom(2));
      document.getElementById("zoom-reset").addEventListener("click", () => { lo = 0; hi = data.days.length - 1; draw(); });
    });
})();
