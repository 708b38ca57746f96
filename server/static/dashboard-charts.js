// The newskg dashboard's charts: one plotly renderer per chart kind named in a query's header.
// Strings handed to plotly are entity-escaped, because plotly reads a few HTML-like tags.
"use strict";

// ---- charts: one renderer per chart kind named in a query's header --------------------------
window.NewskgCharts = (function () {
  const DAY = 86400000;
  const MAX_CATEGORIES = 25; // bars in a stacked chart
  const MAX_EDGES = 60; // the heaviest edges of a network

  function pick(vars, candidates) {
    return candidates.find((c) => vars.includes(c)) || null;
  }

  function val(row, column) {
    return row[column] ? row[column].value : "";
  }

  function numericColumn(vars, rows, preferred) {
    const found = pick(vars, preferred);
    if (found) return found;
    return vars.find((v) => rows.length && rows.every((r) => r[v] && !Number.isNaN(Number(r[v].value))));
  }

  const layoutBase = { margin: { l: 160, r: 20, t: 20, b: 60 }, autosize: true,
    paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)", hoverlabel: { align: "left" } };
  const plotConfig = { responsive: true, displaylogo: false };

  function groupBy(rows, column) {
    const groups = new Map();
    for (const row of rows) {
      const key = column ? val(row, column) || "(none)" : "";
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(row);
    }
    return groups;
  }

  function bar(vars, rows, ui) {
    const category = pick(vars, ["sourceName", "speakerName", "personName", "label"]);
    const value = numericColumn(vars, rows, ["value", "statements", "count"]);
    if (!category || !value) return false;
    const group = pick(vars, ["kindName", "unit"]);
    const stacked = group === "kindName";
    if (stacked) { // a readable chart: the categories with the most, the table has them all
      const totals = new Map();
      for (const row of rows) {
        totals.set(val(row, category), (totals.get(val(row, category)) || 0) + Number(val(row, value)));
      }
      const top = new Set(Array.from(totals.entries()).sort((a, b) => b[1] - a[1])
        .slice(0, MAX_CATEGORIES).map((entry) => entry[0]));
      rows = rows.filter((row) => top.has(val(row, category)));
    }
    const traces = [];
    const seen = new Map();
    for (const [name, members] of groupBy(rows, group)) {
      const x = [];
      for (const row of members) {
        let label = val(row, category);
        if (!stacked) { // every row its own bar: a second number by one source gets "#2"
          const n = (seen.get(label) || 0) + 1;
          seen.set(label, n);
          if (n > 1) label += " #" + n;
        }
        x.push(ui.plain(label));
      }
      traces.push({ type: "bar", name: ui.plain(name), x: x,
        y: members.map((r) => Number(val(r, value))),
        text: stacked ? undefined
          : members.map((r) => ui.plain([val(r, "qualifier"), val(r, value)].filter(Boolean).join(" "))),
        textposition: "auto",
        hovertext: members.map((r) => ui.plain(val(r, "quantityText") || val(r, "content") || "")),
        hoverinfo: "x+y+text" });
    }
    Plotly.newPlot(ui.chart, traces, Object.assign({}, layoutBase, {
      barmode: stacked ? "stack" : "group", margin: { l: 60, r: 20, t: 20, b: 120 },
      yaxis: { title: { text: ui.plain(stacked ? "statements" : val(rows[0], "unit") || value) } },
      showlegend: traces.length > 1 }), plotConfig);
    return true;
  }

  function timeline(vars, rows, ui) {
    const lane = pick(vars, ["speakerName", "label", "sourceName"]);
    const dated = rows.filter((r) => val(r, "dateBegin"));
    if (!lane || !dated.length) return false;
    const traces = [];
    for (const [name, members] of groupBy(dated, pick(vars, ["kindName", "eventType"]))) {
      traces.push({ type: "bar", orientation: "h", name: ui.plain(name),
        base: members.map((r) => val(r, "dateBegin")),
        // an interval is drawn from its first to the end of its last day, a day as one day
        x: members.map((r) => Date.parse(val(r, "dateEnd") || val(r, "dateBegin")) + DAY -
          Date.parse(val(r, "dateBegin"))),
        y: members.map((r) => ui.plain(val(r, lane))),
        hovertext: members.map((r) => ui.plain((val(r, "dateText") ? "„" + val(r, "dateText") +
          "“ " : "") + val(r, "dateBegin") + (val(r, "dateEnd") !== val(r, "dateBegin") ? " – " +
          val(r, "dateEnd") : "") + " · " + (val(r, "content") || val(r, "label")).slice(0, 120))),
        hoverinfo: "text", opacity: 0.75 });
    }
    Plotly.newPlot(ui.chart, traces, Object.assign({}, layoutBase, {
      barmode: "overlay", xaxis: { type: "date" }, yaxis: { automargin: true },
      // the legend below the plot, where the toolbar (top right) cannot cover it
      legend: { orientation: "h", x: 0, xanchor: "left", y: -0.15, yanchor: "top" },
      showlegend: traces.length > 1 }), plotConfig);
    return true;
  }

  function network(vars, rows, ui) {
    if (!vars.includes("speaker") || !vars.includes("mentioned")) return false;
    rows = rows.slice().sort((a, b) => Number(val(b, "statements")) - Number(val(a, "statements")))
      .slice(0, MAX_EDGES);
    const nodes = new Map();
    const node = (iri, name) => {
      if (!nodes.has(iri)) nodes.set(iri, { name: name || iri, degree: 0 });
      nodes.get(iri).degree += 1;
      return nodes.get(iri);
    };
    for (const row of rows) {
      node(val(row, "speaker"), val(row, "speakerName"));
      node(val(row, "mentioned"), val(row, "mentionedName"));
    }
    const keys = Array.from(nodes.keys());
    layout(keys.map((k) => nodes.get(k)), rows.map((r) => [nodes.get(val(r, "speaker")),
      nodes.get(val(r, "mentioned"))]));
    const labelled = keys.length <= 25 ? () => true : (k) => nodes.get(k).degree > 1;
    const edges = { type: "scatter", mode: "lines", x: [], y: [], hoverinfo: "none",
      line: { color: "#8a94a6", width: 1.5 }, showlegend: false };
    const arrows = [];
    for (const row of rows) {
      const a = nodes.get(val(row, "speaker"));
      const b = nodes.get(val(row, "mentioned"));
      edges.x.push(a.x, b.x, null);
      edges.y.push(a.y, b.y, null);
      arrows.push({ x: b.x, y: b.y, ax: a.x, ay: a.y, xref: "x", yref: "y", axref: "x",
        ayref: "y", showarrow: true, arrowhead: 3, arrowsize: 1.2, standoff: 12,
        arrowwidth: 1 + Math.min(4, Number(val(row, "statements")) || 1), arrowcolor: "#5b6b85",
        text: "" });
    }
    const points = { type: "scatter", mode: "markers+text", showlegend: false,
      x: keys.map((k) => nodes.get(k).x), y: keys.map((k) => nodes.get(k).y),
      text: keys.map((k) => (labelled(k) ? ui.plain(nodes.get(k).name) : "")),
      textposition: "top center",
      hovertext: keys.map((k) => ui.plain(nodes.get(k).name)), hoverinfo: "text",
      marker: { size: keys.map((k) => 10 + 3 * nodes.get(k).degree), color: "#2b6cb0" } };
    const axis = { visible: false, range: [-1.25, 1.25] };
    Plotly.newPlot(ui.chart, [edges, points], Object.assign({}, layoutBase, {
      margin: { l: 10, r: 10, t: 10, b: 10 }, xaxis: axis, yaxis: axis,
      annotations: arrows }), plotConfig);
    return true;
  }

  // Force-directed placement (Fruchterman-Reingold), deterministic: nodes start on a circle.
  function layout(points, edges) {
    const n = points.length;
    points.forEach((p, i) => {
      p.x = Math.cos((2 * Math.PI * i) / n);
      p.y = Math.sin((2 * Math.PI * i) / n);
    });
    if (n < 3) return;
    const k = Math.sqrt(4 / n);
    let temperature = 0.2;
    for (let step = 0; step < 200; step++) {
      for (const p of points) { p.dx = -0.05 * p.x; p.dy = -0.05 * p.y; } // gravity
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const a = points[i];
          const b = points[j];
          const dx = a.x - b.x;
          const dy = a.y - b.y;
          const d2 = Math.max(dx * dx + dy * dy, 1e-4);
          const f = (k * k) / d2;
          a.dx += dx * f; a.dy += dy * f; b.dx -= dx * f; b.dy -= dy * f;
        }
      }
      for (const [a, b] of edges) {
        const dx = a.x - b.x;
        const dy = a.y - b.y;
        const d = Math.sqrt(dx * dx + dy * dy) || 1e-2;
        const f = d / k;
        a.dx -= dx * f; a.dy -= dy * f; b.dx += dx * f; b.dy += dy * f;
      }
      for (const p of points) {
        const length = Math.sqrt(p.dx * p.dx + p.dy * p.dy) || 1;
        p.x += (p.dx / length) * Math.min(length, temperature);
        p.y += (p.dy / length) * Math.min(length, temperature);
      }
      temperature *= 0.98;
    }
    const span = Math.max(...points.map((p) => Math.max(Math.abs(p.x), Math.abs(p.y)))) || 1;
    for (const p of points) { p.x /= span; p.y /= span; }
  }

  function pie(vars, rows, ui) {
    const label = pick(vars, ["label", "kindName", "speakerName"]);
    const value = numericColumn(vars, rows, ["statements", "count", "value"]);
    if (!label || !value) return false;
    Plotly.newPlot(ui.chart, [{ type: "pie", labels: rows.map((r) => ui.plain(val(r, label))),
      values: rows.map((r) => Number(val(r, value))) }], layoutBase, plotConfig);
    return true;
  }

  // A tile's label and the list it counts (a question of the dashboard, with its parameters).
  const TILES = {
    documents: ["documents", "#q=documents"],
    sentences: ["sentences", null],
    statements: ["statements", "#q=statements"],
    persons: ["persons", "#q=actors&type=person"],
    organizations: ["organisations", "#q=actors&type=organization"],
    statesAndGovernments: ["states and governments", "#q=actors&type=country_or_government"],
    media: ["media", "#q=actors&type=media"],
    otherActors: ["other actors", "#q=actors&type=other"],
    quantities: ["quantities", "#q=conflicting-numbers"],
    events: ["events", "#q=events"],
  };
  const german = new Intl.NumberFormat("de-DE");

  function numbers(vars, rows, ui) {
    if (!rows.length) return false;
    ui.numbers.replaceChildren();
    for (const column of vars) {
      const [label, href] = TILES[column] || [column, null];
      const tile = ui.make(href ? "a" : "div", href ? { class: "dash-number", href: href,
        "data-tile": column } : { class: "dash-number", "data-tile": column });
      const number = Number(val(rows[0], column));
      tile.appendChild(ui.make("span", { class: "dash-number-value" },
        Number.isNaN(number) ? val(rows[0], column) : german.format(number)));
      tile.appendChild(ui.make("span", { class: "dash-number-label" }, label));
      ui.numbers.appendChild(tile);
    }
    ui.numbers.hidden = false;
    return true;
  }

  const renderers = { bar: bar, timeline: timeline, network: network, pie: pie };

  function render(kind, vars, rows, ui) {
    if (window.Plotly && ui.chart.data) Plotly.purge(ui.chart);
    if (kind === "numbers") return numbers(vars, rows, ui);
    const renderer = renderers[kind];
    if (!renderer || !rows.length || !window.Plotly) return false;
    ui.chart.hidden = false;
    const drawn = renderer(vars, rows, ui);
    if (!drawn) ui.chart.hidden = true;
    return drawn;
  }

  return { render: render };
})();
