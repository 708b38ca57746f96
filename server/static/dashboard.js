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
    const byTitle = config.queries.slice().sort((a, b) => a.title.localeCompare(b.title, "en"));
    for (const query of byTitle) {
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
    if (current.search) {
      delete document.body.dataset.lastQuery;
      setStatus("Searching…");
      el("table-area").replaceChildren();
      el("chart").hidden = true;
      el("numbers").hidden = true;
      await runSearch(values, ++runCount);
      return;
    }
    updateLinks(values);
    const wanted = "#" + queryString(Object.assign({ q: current.name }, values));
    if (location.hash !== wanted) history.replaceState(null, "", wanted);
    delete document.body.dataset.lastQuery;
    setStatus("Running…");
    el("table-area").replaceChildren();
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
    window.NewskgCharts.render(current.chart, data.head.vars, rows, {
      chart: el("chart"), numbers: el("numbers"), plain: plain, make: make });
    if (current.chart !== "numbers") { // the tiles are the answer; a one-row table repeats them
      await window.NewskgTable.render(el("table-area"), data.head.vars, rows, tableUi);
      if (thisRun !== runCount) return;
    }
    document.body.dataset.lastQuery = current.name; // lets a test wait for a finished run
  }

  // ---- evidence, opened in place -------------------------------------------------------------
  async function toggleEvidence(tr, button, statement, span) {
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
    const td = make("td", { colspan: String(span) });
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
    fact("Statement", "its page, with every property", localHref(iri));
    box.appendChild(facts);
    return box;
  }

  // ---- full-text search --------------------------------------------------------------------
  const SEARCH = { name: "search", search: true, chart: "table", title: "Search",
    description: "What was said, ranked by relevance: words (all must occur), \"a phrase\", " +
      "prefix*, OR, NOT. Umlauts and ß match their spellings; words match their lemma.",
    params: [
      { name: "speaker", type: "iri", choices: "speakers", label: "Speaker", required: false },
      { name: "kind", type: "kind", choices: "kinds", label: "Kind of statement", required: false },
      { name: "since", type: "date", label: "Published since" },
      { name: "until", type: "date", label: "Published until" },
    ] };
  const SEARCH_LIMIT = 200;

  async function showSearch(q, values) {
    current = Object.assign({}, SEARCH, { q: q });
    const thisChoice = ++runCount;
    el("search-q").value = q;
    for (const link of document.querySelectorAll("#question-list a")) link.classList.remove("active");
    el("question-title").textContent = "Search: " + q;
    el("question-description").textContent = SEARCH.description;
    const controls = [];
    for (const param of SEARCH.params) controls.push(await buildParamControl(param, values[param.name]));
    if (thisChoice !== runCount) return;
    el("param-fields").replaceChildren(...controls);
    await run();
  }

  function searchSparql(q) {
    const literal = JSON.stringify(q);
    return "PREFIX nkg: <https://w3id.org/newskg/ontology#>\n" +
      "PREFIX search: <https://w3id.org/newskg/search#>\n" +
      "SELECT ?statement ?score ?snippet WHERE {\n  ?statement a nkg:Statement .\n" +
      "  BIND(search:score(?statement, " + literal + ") AS ?score)\n  FILTER(BOUND(?score))\n" +
      "  BIND(search:snippet(?statement, " + literal + ") AS ?snippet)\n} ORDER BY DESC(?score)\n";
  }

  async function runSearch(values, thisRun) {
    const params = Object.assign({ q: current.q }, values);
    el("csv-link").href = "/api/search?" + queryString(params, { format: "csv", download: "1",
      limit: String(SEARCH_LIMIT) });
    el("json-link").href = "/api/search?" + queryString(params, { limit: String(SEARCH_LIMIT) });
    el("editor-link").href = "/sparql?query=" + encodeURIComponent(searchSparql(current.q));
    const hash = "#" + queryString(Object.assign({ search: current.q }, values));
    el("permalink").href = hash;
    if (location.hash !== hash) history.replaceState(null, "", hash);
    let data;
    try {
      data = await fetchJSON("/api/search?" + queryString(params, { limit: String(SEARCH_LIMIT) }));
    } catch (err) {
      if (thisRun === runCount) setStatus(err.message, true);
      return;
    }
    if (thisRun !== runCount) return;
    setStatus(data.total + (data.total === 1 ? " hit" : " hits") +
      (data.total > data.hits.length ? " (the best " + data.hits.length + " shown)" : ""));
    el("table-area").replaceChildren(searchTable(data.hits));
    document.body.dataset.lastQuery = "search";
  }

  function searchTable(hits) {
    const box = make("div", { class: "dash-tablebox" });
    const table = make("table", { class: "dash-table dash-search", id: "results" });
    const head = make("tr");
    for (const name of ["", "what was said", "speaker", "kind", "document", "published"]) {
      head.appendChild(make("th", { scope: "col" }, name));
    }
    const thead = make("thead");
    thead.appendChild(head);
    const body = make("tbody");
    for (const hit of hits) {
      const tr = make("tr");
      const first = make("td", { class: "dash-evidence-cell" });
      if (hit.type === "statement") {
        const button = make("button", { type: "button", class: "dash-evidence-toggle",
          "aria-expanded": "false", title: "Show the evidence" }, "▸");
        button.addEventListener("click", () => toggleEvidence(tr, button, { value: hit.iri }, 6));
        first.appendChild(button);
      }
      first.appendChild(make("a", { href: localHref(hit.iri), title: hit.iri, class: "dash-iri-link" }, "↗"));
      tr.appendChild(first);
      const said = make("td", { class: "long first dash-snippet" });
      for (const segment of hit.segments) {
        said.appendChild(segment.hit ? make("mark", {}, segment.text) : document.createTextNode(segment.text));
      }
      tr.appendChild(said);
      const speaker = make("td");
      if (hit.speaker) speaker.appendChild(make("a", { href: localHref(hit.speaker), title: hit.speaker },
        hit.speakerName || shortName(hit.speaker)));
      else if (hit.type === "actor") speaker.textContent = "(actor)";
      tr.appendChild(speaker);
      tr.appendChild(make("td", {}, hit.kind || ""));
      const doc = make("td");
      if (hit.document) doc.appendChild(make("a", { href: localHref(hit.document), title: hit.document },
        hit.title || shortName(hit.document)));
      tr.appendChild(doc);
      tr.appendChild(make("td", {}, hit.published || ""));
      body.appendChild(tr);
    }
    table.append(thead, body);
    box.appendChild(table);
    return box;
  }

  const tableUi = { make: make, localHref: localHref, shortName: shortName,
    toggleEvidence: toggleEvidence };

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
    const search = params.get("search");
    const name = params.get("q") || "overview";
    params.delete("q");
    params.delete("search");
    return { name: name, search: search, values: Object.fromEntries(params.entries()) };
  }

  function show(wanted) {
    if (wanted.search) return showSearch(wanted.search, wanted.values);
    return showQuestion(queries.has(wanted.name) ? wanted.name : config.queries[0].name,
      wanted.values);
  }

  el("param-form").addEventListener("submit", (event) => {
    event.preventDefault();
    if (current) run();
  });
  window.addEventListener("hashchange", () => {
    const wanted = fromHash();
    const values = paramValues();
    const same = current && queryString(wanted.values) === queryString(values) &&
      (wanted.search ? current.search && current.q === wanted.search
        : !current.search && wanted.name === current.name);
    if (!same) show(wanted);
  });
  el("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const q = el("search-q").value.trim();
    if (q) showSearch(q, {});
  });
  renderQuestionList();
  setupIngest();
  show(fromHash());
})();
