// The dashboard's result table: content first and wrapping, labels instead of IRIs (the IRI a
// click away, in the link and its title), numbers the German way with their unit, technical
// columns behind a "Columns" menu, client-side sorting and paging. Every string from the data
// is put in with textContent.
"use strict";

window.NewskgTable = (function () {
  const PAGE = 50;
  const FIRST = ["content", "snippet", "quantityText", "text"]; // what a reader came for
  const HIDDEN = new Set(["sentence", "charStart", "charEnd", "dateBegin", "dateEnd",
    "sentenceIndex", "mention", "directQuote", "confidence", "speakerConfidence", "extractor",
    "sentenceStart", "sentenceEnd", "paragraphBefore", "sentenceBefore", "sentenceAfter",
    "paragraphAfter"]);
  // (those are shown on demand, under "Columns", when a table is wide; the sentence and
  // paragraph around a statement are in its evidence view, one click away)
  const WIDE = 7; // columns above which HIDDEN ones start hidden
  const NUMBER = /(integer|decimal|double|float|long|int)$/;
  const german = new Intl.NumberFormat("de-DE", { maximumFractionDigits: 2 });
  const KIND_NS = "https://w3id.org/newskg/kind/";

  // For an IRI column "speaker", a column "speakerName" (or "label") gives its text.
  function nameColumn(vars, column) {
    for (const candidate of [column + "Name", column + "Label", column === "value" ? "label" : ""]) {
      if (candidate && vars.includes(candidate)) return candidate;
    }
    return null;
  }

  function isNumber(binding) {
    return binding && binding.type === "literal" && NUMBER.test(binding.datatype || "");
  }

  function sortKey(binding, labels) {
    if (!binding) return "";
    if (binding.type === "uri" && labels.get(binding.value)) return labels.get(binding.value).toLowerCase();
    const n = Number(binding.value);
    return binding.value !== "" && !Number.isNaN(n) ? n : binding.value.toLowerCase();
  }

  // Columns in reading order: content first, then the rest as the query gives them; a name
  // column that labels another is not shown on its own; a column no row fills is dropped.
  function columns(vars, rows, unitFolded) {
    const labelled = new Set(vars.map((v) => nameColumn(vars, v)).filter(Boolean));
    let shown = vars.filter((v) => !labelled.has(v) && v !== "statement" &&
      !(unitFolded && v === "unit") && rows.some((r) => r[v] && r[v].value !== ""));
    shown = FIRST.filter((c) => shown.includes(c)).concat(shown.filter((c) => !FIRST.includes(c)));
    return shown;
  }

  function render(target, vars, rows, ui) {
    const unitFolded = vars.includes("unit") && vars.includes("value");
    const all = columns(vars, rows, unitFolded);
    // The same value in every row (one document, say) says nothing per row: on demand only.
    const constant = new Set(all.filter((c) => rows.length > 1 && !FIRST.includes(c) &&
      rows.every((r) => r[c] && rows[0][c] && r[c].value === rows[0][c].value)));
    const optional = all.filter((c) => HIDDEN.has(c) || constant.has(c));
    const visible = new Set(all.filter((c) => !(all.length > WIDE && optional.includes(c))));
    const firstColumn = all[0];
    const hasStatement = vars.includes("statement");
    const iris = [];
    for (const row of rows) {
      for (const column of all) {
        if (row[column] && row[column].type === "uri" && !nameColumn(vars, column) &&
            !row[column].value.startsWith(KIND_NS)) iris.push(row[column].value);
      }
    }
    let labels = new Map();
    let order = rows;
    let page = 0;
    let sortState = { column: null, ascending: true };

    const wrap = ui.make("div", { class: "dash-tablebox" });
    const bar = ui.make("div", { class: "dash-tablebar" });
    const pager = ui.make("div", { class: "dash-pager" });
    const table = ui.make("table", { class: "dash-table", id: "results" });
    wrap.append(bar, table, pager);
    target.replaceChildren(wrap);

    function cell(row, column) {
      const binding = row[column];
      const nameCol = nameColumn(vars, column);
      const td = ui.make("td", { "data-col": column });
      if (!binding) return td;
      if (binding.type === "uri" && binding.value.startsWith(KIND_NS)) {
        td.textContent = nameCol && row[nameCol] ? row[nameCol].value : binding.value.slice(KIND_NS.length);
        td.title = binding.value;
      } else if (binding.type === "uri") {
        const text = nameCol && row[nameCol] ? row[nameCol].value
          : labels.get(binding.value) || ui.shortName(binding.value);
        td.appendChild(ui.make("a", { href: ui.localHref(binding.value), title: binding.value }, text));
      } else if (isNumber(binding) && !Number.isNaN(Number(binding.value))) {
        let text = german.format(Number(binding.value));
        if (unitFolded && column === "value" && row.unit) text += " " + row.unit.value;
        td.textContent = text;
        td.className = "num";
      } else {
        // identifiers of the data ("country_or_government") read as words
        td.textContent = /^[a-z]+(_[a-z]+)+$/.test(binding.value)
          ? binding.value.replace(/_/g, " ") : binding.value;
        if (FIRST.includes(column) || binding.value.length > 60) {
          td.className = column === firstColumn ? "long first" : "long";
        }
      }
      return td;
    }

    function fill() {
      const shown = all.filter((c) => visible.has(c));
      const head = ui.make("thead");
      const headRow = ui.make("tr");
      if (hasStatement) headRow.appendChild(ui.make("th", { class: "dash-evidence-col" }, ""));
      for (const column of shown) {
        const th = ui.make("th", { scope: "col", tabindex: "0", "data-col": column,
          "aria-sort": sortState.column === column
            ? (sortState.ascending ? "ascending" : "descending") : "none" },
        column === "value" && unitFolded ? "value (unit)" : column);
        const sort = () => {
          const ascending = sortState.column === column ? !sortState.ascending : true;
          sortState = { column: column, ascending: ascending };
          const key = nameColumn(vars, column) || column;
          order = rows.slice().sort((a, b) => {
            const x = sortKey(a[key], labels);
            const y = sortKey(b[key], labels);
            return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
          });
          page = 0;
          fill();
        };
        th.addEventListener("click", sort);
        th.addEventListener("keydown", (event) => { if (event.key === "Enter") sort(); });
        headRow.appendChild(th);
      }
      head.appendChild(headRow);
      const body = ui.make("tbody");
      for (const row of order.slice(page * PAGE, (page + 1) * PAGE)) {
        const tr = ui.make("tr");
        if (hasStatement) {
          const td = ui.make("td", { class: "dash-evidence-cell" });
          const button = ui.make("button", { type: "button", class: "dash-evidence-toggle",
            "aria-expanded": "false", title: "Show the evidence" }, "▸");
          button.addEventListener("click", () => ui.toggleEvidence(tr, button, row.statement,
            shown.length + 1));
          td.appendChild(button);
          if (row.statement) {
            td.appendChild(ui.make("a", { href: ui.localHref(row.statement.value),
              title: row.statement.value, class: "dash-iri-link" }, "↗"));
          }
          tr.appendChild(td);
        }
        for (const column of shown) tr.appendChild(cell(row, column));
        body.appendChild(tr);
      }
      table.replaceChildren(head, body);
      renderPager();
    }

    function renderPager() {
      pager.replaceChildren();
      if (rows.length <= PAGE) return;
      const pages = Math.ceil(rows.length / PAGE);
      const prev = ui.make("button", { type: "button", class: "dash-page-prev" }, "‹ Previous");
      const next = ui.make("button", { type: "button", class: "dash-page-next" }, "Next ›");
      prev.disabled = page === 0;
      next.disabled = page >= pages - 1;
      prev.addEventListener("click", () => { page -= 1; fill(); });
      next.addEventListener("click", () => { page += 1; fill(); });
      const where = ui.make("span", { class: "dash-muted" }, "rows " + (page * PAGE + 1) + "–" +
        Math.min(rows.length, (page + 1) * PAGE) + " of " + rows.length);
      pager.append(prev, where, next);
    }

    // What still does not fit the box goes under "Columns" too, from the right, so that the
    // table never scrolls sideways unless the reader asks for a column (a reader's choice in
    // the menu is kept as it is).
    let narrowed = false;
    function fit() {
      const shown = all.filter((c) => visible.has(c));
      while (shown.length > 2 && table.scrollWidth > wrap.clientWidth) {
        const column = shown.pop();
        visible.delete(column);
        if (!optional.includes(column)) optional.push(column);
        narrowed = true;
        fill();
      }
    }

    function buildMenu() {
      if (!((all.length > WIDE && optional.length) || narrowed)) return;
      const menu = ui.make("details", { class: "dash-columns" });
      menu.appendChild(ui.make("summary", {}, "Columns"));
      for (const column of optional) {
        const box = ui.make("input", { type: "checkbox", value: column });
        box.checked = visible.has(column);
        box.addEventListener("change", () => {
          if (box.checked) visible.add(column); else visible.delete(column);
          fill();
        });
        const label = ui.make("label");
        label.append(box, document.createTextNode(" " + column));
        menu.appendChild(label);
      }
      bar.replaceChildren(menu);
    }

    fill();
    fit();
    buildMenu();
    // Labels arrive after the first paint; the table is drawn again with them.
    if (iris.length) {
      return window.NewskgLabels.labels(iris).then((found) => {
        labels = found;
        fill();
        if (narrowed || table.scrollWidth > wrap.clientWidth) { fit(); buildMenu(); }
      });
    }
    return Promise.resolve();
  }

  return { render: render, nameColumn: nameColumn };
})();
