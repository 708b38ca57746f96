// The newskg dashboard: canned questions -> form -> /api/queries/<name> -> table + chart.
// Every string that comes from the data is inserted with textContent (never innerHTML), and
// strings handed to plotly are entity-escaped (see dashboard-charts.js).
"use strict";

(function () {
  const config = JSON.parse(document.getElementById("dashboard-config").textContent);
  const queries = new Map(config.queries.map((q) => [q.name, q]));
  const KIND_NS = "https://w3id.org/newskg/kind/";
  const XSD = "http://www.w3.org/2001/XMLSchema#";
  const el = (id) => document.getElementById(id);
  let current = null; // the canned query shown
  let runCount = 0; // an answer that arrives after a newer run started is dropped

  function make(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // Plotly renders <b>, <br>, <a> ... in labels; entities are shown as text instead.
  function plain(text) {
    return String(text === undefined || text === null ? "" : text)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // An IRI under the data base is served by this server at /id/...
  function localHref(iri) {
    if (iri.startsWith(config.dataBase)) {
      return config.resourcePath + iri.slice(config.dataBase.length);
    }
    return iri;
  }

  function shortName(iri) {
    const rest = iri.startsWith(config.dataBase) ? iri.slice(config.dataBase.length) : iri;
    return rest.replace(/^doc\/[^/]+\//, "");
  }

  // ---- the question list --------------------------------------------------------------
  // A query that only feeds another's drop-down (kinds, units ...) is not a question.
  const choiceSources = new Set(config.queries.flatMap((q) => q.params.map((p) => p.choices))
    .filter(Boolean));
  function isChoiceList(query) {
    return choiceSources.has(query.name) && query.chart === "table";
  }

  function renderQuestionList() {
    const list = el("question-list");
    for (const query of config.queries) {
      if (isChoiceList(query)) continue;
      const item = make("li");
      const link = make("a", { href: "#q=" + encodeURIComponent(query.name),
        "data-query": query.name }, query.title);
      item.appendChild(link);
      list.appendChild(item);
    }
  }

  // ---- parameters -----------------------------------------------------------------------
  async function fetchJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/sparql-results+json" } });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.error || response.status + " " + response.statusText);
    return body;
  }

  function termValue(binding) {
    return binding ? binding.value : "";
  }

  async function buildParamControl(param, value) {
    const id = "param-" + param.name;
    const label = make("label", { for: id }, param.label || param.name);
    let control;
    if (param.choices) {
      control = make("select", { id: id, name: param.name });
      if (!param.required) control.appendChild(make("option", { value: "" }, "(any)"));
      try {
        const data = await fetchJSON("/api/queries/" + encodeURIComponent(param.choices) +
          "?format=json");
        for (const row of data.results.bindings) {
          const option = make("option", { value: termValue(row.value) },
            termValue(row.label) || termValue(row.value));
          control.appendChild(option);
        }
      } catch (err) {
        setStatus("Could not load the choices for " + param.name + ": " + err.message, true);
      }
    } else {
      const type = { integer: "number", date: "date" }[param.type] || "text";
      control = make("input", { id: id, name: param.name, type: type });
      if (param.type === "iri") control.setAttribute("placeholder", "https://…");
    }
    const chosen = value !== undefined && value !== null ? value : (param.default || "");
    control.value = chosen;
    if (control.tagName === "SELECT" && chosen && control.value !== chosen) {
      control.appendChild(make("option", { value: chosen }, chosen));
      control.value = chosen;
    }
    const wrap = make("div", { class: "dash-field" });
    wrap.appendChild(label);
    wrap.appendChild(control);
    return wrap;
  }

  function paramValues() {
    const values = {};
    if (!current) return values;
    for (const param of current.params) {
      const control = el("param-" + param.name);
      if (control && control.value !== "") values[param.name] = control.value;
    }
    return values;
  }

  // ---- links: permalink, downloads, editor --------------------------------------------------
  function queryString(values, extra) {
    const params = new URLSearchParams(values);
    for (const [key, value] of Object.entries(extra || {})) params.set(key, value);
    return params.toString();
  }

  function sparqlTerm(param, value) {
    const escaped = '"' + value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')
      .replace(/\n/g, "\\n").replace(/\r/g, "\\r") + '"';
    if (param.type === "iri") return /^[^<>"{}|^`\\\s]+$/.test(value) ? "<" + value + ">" : null;
    if (param.type === "kind") return /^[a-z]+$/.test(value) ? "<" + KIND_NS + value + ">" : null;
    if (param.type === "integer") return /^-?\d+$/.test(value) ? escaped + "^^<" + XSD + "integer>" : null;
    if (param.type === "date") return escaped + "^^<" + XSD + "date>";
    return escaped;
  }

  // The editor gets the query with the chosen values as a trailing VALUES block: the same
  // meaning as the API's bound parameters, visible to the reader.
  function editorQuery(values) {
    const names = [];
    const terms = [];
    for (const param of current.params) {
      if (!(param.name in values)) continue;
      const term = sparqlTerm(param, values[param.name]);
      if (term === null) continue;
      names.push("?" + param.name);
      terms.push(term);
    }
    if (!names.length) return current.sparql;
    return current.sparql.replace(/\s*$/, "") + "\nVALUES (" + names.join(" ") + ") { (" +
      terms.join(" ") + ") }\n";
  }

  function updateLinks(values) {
    const api = "/api/queries/" + encodeURIComponent(current.name) + "?";
    el("csv-link").href = api + queryString(values, { format: "csv", download: "1" });
    el("json-link").href = api + queryString(values, { format: "json", download: "1" });
    el("editor-link").href = "/sparql?query=" + encodeURIComponent(editorQuery(values));
    el("permalink").href = "#" + queryString(Object.assign({ q: current.name }, values));
  }

  function setStatus(text, isError) {
    const status = el("status");
    status.textContent = text;
    status.classList.toggle("dash-error", Boolean(isError));
  }

  // ---- choosing and running a question --------------------------------------------------------
  async function showQuestion(name, values) {
    const query = queries.get(name);
    if (!query) {
      setStatus("There is no question named " + name + ".", true);
      return;
    }
    current = query;
    const thisChoice = ++runCount;
    delete document.body.dataset.lastQuery;
    setStatus("Loading…");
    for (const link of document.querySelectorAll("#question-list a")) {
      link.classList.toggle("active", link.dataset.query === name);
    }
    el("question-title").textContent = query.title;
    el("question-description").textContent = query.description || "";
    const controls = [];
    for (const param of query.params) controls.push(await buildParamControl(param, values[param.name]));
    if (thisChoice !== runCount) return; // another question was chosen meanwhile
    el("param-fields").replaceChildren(...controls);
    await run();
  }

  async function run() {
    const values = paramValues();
    updateLinks(values);
    const wanted = "#" + queryString(Object.assign({ q: current.name }, values));
    if (location.hash !== wanted) history.replaceState(null, "", wanted);
    delete document.body.dataset.lastQuery;
    setStatus("Running…");
    el("results").replaceChildren();
    el("chart").hidden = true;
    el("numbers").hidden = true;
    const thisRun = ++runCount;
    let data;
    try {
      data = await fetchJSON("/api/queries/" + encodeURIComponent(current.name) + "?" +
        queryString(values, { format: "json" }));
    } catch (err) {
      if (thisRun === runCount) setStatus(err.message, true);
      return;
    }
    if (thisRun !== runCount) return;
    const rows = data.results.bindings;
    setStatus(rows.length + (rows.length === 1 ? " row" : " rows"));
    renderTable(data.head.vars, rows);
    window.NewskgCharts.render(current.chart, data.head.vars, rows, {
      chart: el("chart"), numbers: el("numbers"), plain: plain, make: make });
    document.body.dataset.lastQuery = current.name; // lets a test wait for a finished run
  }

  // ---- the table ------------------------------------------------------------------------------
  // For an IRI column "speaker", a column "speakerName" (or "label") gives its text.
  function nameColumn(vars, column) {
    for (const candidate of [column + "Name", column + "Label", column === "value" ? "label" : ""]) {
      if (candidate && vars.includes(candidate)) return candidate;
    }
    return null;
  }

  function cell(binding, nameBinding) {
    const td = make("td");
    if (!binding) return td;
    if (binding.type === "uri" && binding.value.startsWith(KIND_NS)) {
      td.textContent = nameBinding ? nameBinding.value : binding.value.slice(KIND_NS.length);
      td.title = binding.value; // a SKOS concept of the ontology, not a page of this server
    } else if (binding.type === "uri") {
      const text = nameBinding ? nameBinding.value : shortName(binding.value);
      const link = make("a", { href: localHref(binding.value), title: binding.value }, text);
      td.appendChild(link);
    } else {
      td.textContent = binding.value;
      if (/(integer|decimal|double|float)$/.test(binding.datatype || "")) td.className = "num";
      else if (binding.value.length > 60) td.className = "long";
    }
    return td;
  }

  function sortKey(binding) {
    if (!binding) return "";
    const n = Number(binding.value);
    return binding.value !== "" && !Number.isNaN(n) ? n : binding.value.toLowerCase();
  }

  function renderTable(vars, rows) {
    const table = el("results");
    table.replaceChildren();
    const shown = vars.filter((v) => !vars.some((w) => w !== v && nameColumn(vars, w) === v));
    const hasStatement = vars.includes("statement");
    const head = make("thead");
    const headRow = make("tr");
    if (hasStatement) headRow.appendChild(make("th", { class: "dash-evidence-col" }, ""));
    let sortState = { column: null, ascending: true };
    const body = make("tbody");
    const fill = (ordered) => {
      body.replaceChildren();
      for (const row of ordered) {
        const tr = make("tr");
        if (hasStatement) {
          const td = make("td");
          const button = make("button", { type: "button", class: "dash-evidence-toggle",
            "aria-expanded": "false", title: "Show the evidence" }, "▸");
          button.addEventListener("click", () => toggleEvidence(tr, button, row.statement, shown));
          td.appendChild(button);
          tr.appendChild(td);
        }
        for (const column of shown) {
          const nameCol = nameColumn(vars, column);
          tr.appendChild(cell(row[column], nameCol ? row[nameCol] : null));
        }
        body.appendChild(tr);
      }
    };
    for (const column of shown) {
      const th = make("th", { scope: "col", tabindex: "0", "aria-sort": "none" }, column);
      const sort = () => {
        const ascending = sortState.column === column ? !sortState.ascending : true;
        sortState = { column: column, ascending: ascending };
        const nameCol = nameColumn(vars, column) || column;
        const ordered = rows.slice().sort((a, b) => {
          const x = sortKey(a[nameCol]);
          const y = sortKey(b[nameCol]);
          return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
        });
        for (const other of headRow.querySelectorAll("th")) other.setAttribute("aria-sort", "none");
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        fill(ordered);
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", (event) => { if (event.key === "Enter") sort(); });
      headRow.appendChild(th);
    }
    head.appendChild(headRow);
    table.appendChild(head);
    table.appendChild(body);
    fill(rows);
  }

  // ---- evidence, opened in place -------------------------------------------------------------
  async function toggleEvidence(tr, button, statement, shown) {
    const next = tr.nextElementSibling;
    if (next && next.classList.contains("dash-evidence-row")) {
      next.remove();
      button.setAttribute("aria-expanded", "false");
      button.textContent = "▸";
      return;
    }
    button.setAttribute("aria-expanded", "true");
    button.textContent = "▾";
    const row = make("tr", { class: "dash-evidence-row" });
    const td = make("td", { colspan: String(shown.length + 1) });
    td.appendChild(make("p", { class: "dash-muted" }, "Loading the evidence…"));
    row.appendChild(td);
    tr.after(row);
    try {
      const data = await fetchJSON("/api/queries/provenance?" +
        queryString({ statement: statement.value }, { format: "json" }));
      td.replaceChildren(evidenceView(data.results.bindings[0], statement.value));
    } catch (err) {
      td.replaceChildren(make("p", { class: "dash-error" }, err.message));
    }
  }

  // A long paragraph is cut to about CONTEXT characters on each side, at a word boundary.
  const CONTEXT = 280;
  function clip(text, keepEnd) {
    if (text.length <= CONTEXT) return text;
    if (keepEnd) {
      const cut = text.slice(-CONTEXT);
      return "… " + cut.slice(cut.indexOf(" ") + 1);
    }
    const cut = text.slice(0, CONTEXT);
    return cut.slice(0, cut.lastIndexOf(" ")) + " …";
  }

  function evidenceView(row, iri) {
    const box = make("div", { class: "dash-evidence" });
    if (!row) {
      box.appendChild(make("p", {}, "No provenance recorded for " + iri));
      return box;
    }
    const v = (name) => (row[name] ? row[name].value : "");
    const source = make("p", { class: "dash-evidence-source" });
    const title = make("a", { href: localHref(v("document")) }, v("title") || v("document"));
    source.appendChild(title);
    if (v("source")) {
      source.appendChild(document.createTextNode(" · "));
      const href = /^https?:\/\//.test(v("source")) ? v("source") : "#";
      source.appendChild(make("a", { href: href, rel: "noopener" }, v("source")));
    }
    if (v("published")) source.appendChild(document.createTextNode(" · published " + v("published")));
    box.appendChild(source);
    const paragraph = make("blockquote", { class: "dash-paragraph" });
    paragraph.appendChild(document.createTextNode(clip(v("paragraphBefore"), true)));
    const sentence = make("span", { class: "dash-sentence" });
    sentence.appendChild(document.createTextNode(v("sentenceBefore")));
    sentence.appendChild(make("mark", {}, v("content")));
    sentence.appendChild(document.createTextNode(v("sentenceAfter")));
    paragraph.appendChild(sentence);
    paragraph.appendChild(document.createTextNode(clip(v("paragraphAfter"), false)));
    box.appendChild(paragraph);
    const facts = make("dl", { class: "dash-facts" });
    const fact = (term, value, href) => {
      if (!value) return;
      facts.appendChild(make("dt", {}, term));
      const dd = make("dd");
      if (href) dd.appendChild(make("a", { href: href }, value));
      else dd.textContent = value;
      facts.appendChild(dd);
    };
    fact("Speaker", v("speakerName"), v("speaker") ? localHref(v("speaker")) : null);
    fact("Named as", v("mention"));
    fact("Cue", v("cue"));
    fact("Kind", v("kindName"));
    fact("Quote", v("directQuote"));
    const resolved = v("dateBegin") && v("dateBegin") !== v("dateEnd")
      ? v("dateBegin") + " – " + v("dateEnd") : v("dateBegin");
    if (v("dateText") || resolved) {
      fact("Date", (v("dateText") ? "„" + v("dateText") + "“ → " : "(carried over) → ") +
        (resolved || "unresolved"));
    }
    if (v("speakerConfidence")) fact("Speaker confidence", v("speakerConfidence"));
    if (v("confidence")) fact("Statement confidence", v("confidence"));
    if (v("extractor")) fact("Extracted by", "newskg " + v("extractor"));
    fact("Characters", v("charStart") + "–" + v("charEnd") + " (sentence " +
      (v("sentenceIndex") || shortName(v("sentence"))) + ")");
    fact("Statement", shortName(iri), localHref(iri));
    box.appendChild(facts);
    return box;
  }

  // ---- ingest ------------------------------------------------------------------------------
  function setupIngest() {
    const form = el("ingest-form");
    if (!form) return;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const status = el("ingest-status");
      status.textContent = "Ingesting…";
      const body = { text: data.get("text") };
      if (data.get("published")) body.published = data.get("published");
      if (data.get("source")) body.source = data.get("source");
      try {
        const response = await fetch("/api/ingest", {
          method: "POST",
          headers: { "Content-Type": "application/json",
            Authorization: "Bearer " + data.get("token") },
          body: JSON.stringify(body),
        });
        const answer = await response.json().catch(() => ({}));
        if (!response.ok) throw new Error(answer.error || String(response.status));
        status.textContent = "Ingested " + answer.document + ": " +
          (answer.statements === undefined ? "?" : answer.statements) + " statements.";
        if (current) run();
      } catch (err) {
        status.textContent = "Not ingested: " + err.message;
      }
    });
  }

  // ---- start, and restore from the permalink -----------------------------------------------------
  function fromHash() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ""));
    const name = params.get("q") || "overview";
    params.delete("q");
    return { name: name, values: Object.fromEntries(params.entries()) };
  }

  el("param-form").addEventListener("submit", (event) => {
    event.preventDefault();
    if (current) run();
  });
  window.addEventListener("hashchange", () => {
    const wanted = fromHash();
    const values = paramValues();
    const same = current && wanted.name === current.name &&
      queryString(wanted.values) === queryString(values);
    if (!same) showQuestion(wanted.name, wanted.values);
  });
  renderQuestionList();
  setupIngest();
  const start = fromHash();
  showQuestion(queries.has(start.name) ? start.name : config.queries[0].name, start.values);
})();
