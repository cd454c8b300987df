// The world map: Natural Earth countries (bundled) and clustered merged events coloured by quad class.
"use strict";
(function () {
  const svg = document.getElementById("map");
  if (!svg) return;
  const NS = "http://www.w3.org/2000/svg";
  const W = 960, H = 480;
  const QUAD = { AGREE: "vcoop", CONSULT: "vcoop", SUPPORT: "vcoop", CONCEDE: "vcoop", COOPERATE: "mcoop", AID: "mcoop",
    RETREAT: "mcoop", REQUEST: "vconf", ACCUSE: "vconf", REJECT: "vconf", THREATEN: "vconf", PROTEST: "mconf",
    SANCTION: "mconf", MOBILIZE: "mconf", COERCE: "mconf", ASSAULT: "mconf" };
  let view = { x: 0, y: 0, w: W, h: H }, timer = null, shownCell = null;
  const countries = el("g", { class: "countries" }), clusters = el("g", { class: "clusters" });
  svg.appendChild(countries); svg.appendChild(clusters);

  function el(name, attrs, text) {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }
  const px = (lon) => ((lon + 180) / 360) * W;
  const py = (lat) => ((90 - lat) / 180) * H;

  function setView() { svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].map((v) => v.toFixed(2)).join(" ")); }

  function drawCountries(world) {
    for (const f of world.features) {
      // a jump across the antimeridian starts a new subpath instead of a line across the map
      const d = f.geometry.coordinates.map((poly) => poly.map((ring) =>
        ring.map((p, i) => (i && Math.abs(p[0] - ring[i - 1][0]) < 180 ? "L" : "M") +
          px(p[0]).toFixed(1) + " " + py(p[1]).toFixed(1)).join("") + "Z").join("")).join("");
      const path = el("path", { class: "country", d: d });
      path.appendChild(el("title", {}, f.properties.name || ""));
      countries.appendChild(path);
    }
  }

  function cellFor() { const k = W / view.w; return Math.max(0.05, Math.min(8, 4 / k)); }

  function loadClusters() {
    const cell = cellFor();
    if (shownCell !== null && Math.abs(cell - shownCell) / shownCell < 0.3) return;
    const url = svg.dataset.src + (svg.dataset.src.includes("?") ? "&" : "?") + "cell=" + cell.toFixed(3);
    fetch(url, { headers: { Accept: "application/json" } }).then((r) => r.json().then((b) => ({ ok: r.ok, b }))).then(({ ok, b }) => {
      const note = document.getElementById("map-note");
      if (!ok) { note.textContent = b.error || "cannot load events"; return; }
      shownCell = cell;
      while (clusters.firstChild) clusters.removeChild(clusters.firstChild);
      const k = W / view.w;
      let total = 0;
      for (const c of b.clusters) {
        total += c.count;
        const quads = {};
        for (const [type, n] of Object.entries(c.events)) quads[QUAD[type] || "none"] = (quads[QUAD[type] || "none"] || 0) + n;
        const main = Object.entries(quads).sort((a, b2) => b2[1] - a[1])[0][0];
        const r = (3 + Math.sqrt(c.count) * 2.5) / k;
        const link = el("a", { href: c.count === 1 ? "/events/" + encodeURIComponent(c.ids[0]) : "/events/" + encodeURIComponent(c.ids[0]) });
        const circle = el("circle", { class: "cluster q-" + main, cx: px(c.lon), cy: py(c.lat), r: r });
        const kinds = Object.entries(c.events).map(([t, n]) => t + " " + n).join(", ");
        circle.appendChild(el("title", {}, c.count + " events near " + (c.places.join(", ") || "?") + ": " + kinds));
        link.appendChild(circle);
        if (c.count > 1) link.appendChild(el("text", { class: "count", x: px(c.lon), y: py(c.lat) + 3 / k, "font-size": 9 / k, "text-anchor": "middle" }, String(c.count)));
        clusters.appendChild(link);
      }
      note.textContent = total + " located events in " + b.clusters.length + " clusters";
      svg.dataset.clusters = String(b.clusters.length);
    });
  }

  function toMap(ev) {
    const box = svg.getBoundingClientRect();
    return { x: view.x + ((ev.clientX - box.left) / box.width) * view.w, y: view.y + ((ev.clientY - box.top) / box.height) * view.h };
  }

  svg.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const f = ev.deltaY < 0 ? 0.8 : 1.25, p = toMap(ev);
    const w = Math.min(W, Math.max(15, view.w * f)), h = (w * H) / W;
    view = { x: p.x - ((p.x - view.x) * w) / view.w, y: p.y - ((p.y - view.y) * h) / view.h, w: w, h: h };
    setView(); clearTimeout(timer); timer = setTimeout(() => { shownCell = null; loadClusters(); }, 250);
  }, { passive: false });
  let drag = null;
  svg.addEventListener("mousedown", (ev) => { drag = { p: toMap(ev), v: Object.assign({}, view) }; });
  window.addEventListener("mouseup", () => { drag = null; });
  svg.addEventListener("mousemove", (ev) => {
    if (!drag) return;
    const box = svg.getBoundingClientRect();
    view.x = drag.v.x - ((ev.clientX - box.left) / box.width) * drag.v.w + (drag.p.x - drag.v.x);
    view.y = drag.v.y - ((ev.clientY - box.top) / box.height) * drag.v.h + (drag.p.y - drag.v.y);
    setView();
  });

  setView();
  fetch(svg.dataset.world).then((r) => r.json()).then((world) => { drawCountries(world); svg.dataset.countries = String(world.features.length); loadClusters(); });
})();
