// The SPARQL editor: an overlay highlighter (a transparent textarea over a coloured <pre>),
// canned examples, running a query against /sparql and showing the answer as a table.
// Everything that comes from a query or a result is put into the page as text, never as HTML.
"use strict";

(function () {
  const script = document.currentScript;
  const dataBase = script ? script.dataset.base || "" : "";
  const sitePrefixes = Object.entries(JSON.parse((script && script.dataset.prefixes) || "{}"));
  const prefixTable = new Map(sitePrefixes);
  const terms = JSON.parse((script && script.dataset.terms) || "[]");
  const assist = window.NewskgEditorAssist;
  const banner = document.getElementById("banner");
  const KIND_NS = "https://w3id.org/newskg/kind/";
  let errorAt = null; // {line, column} of the last syntax error, 1-based
  const form = document.getElementById("editor-form");
  const textarea = document.getElementById("query");
  const highlight = document.getElementById("highlight");
  const examples = document.getElementById("examples");
  const share = document.getElementById("share");
  const statusLine = document.getElementById("status");
  const results = document.getElementById("results");

  const KEYWORDS = new Set((
    "SELECT CONSTRUCT DESCRIBE ASK WHERE PREFIX BASE FILTER OPTIONAL UNION MINUS GRAPH SERVICE " +
    "BIND VALUES GROUP BY ORDER ASC DESC LIMIT OFFSET DISTINCT REDUCED HAVING AS FROM NAMED NOT " +
    "EXISTS IN UNDEF TRUE FALSE INSERT DELETE DATA WITH USING DEFAULT ALL SILENT LOAD CLEAR DROP " +
    "CREATE ADD MOVE COPY TO INTO"
  ).split(" "));
  const FUNCTIONS = new Set((
    "COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR STR LANG LANGMATCHES DATATYPE BOUND IRI " +
    "URI BNODE RAND ABS CEIL FLOOR ROUND CONCAT STRLEN UCASE LCASE ENCODE_FOR_URI CONTAINS " +
    "STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY HOURS MINUTES SECONDS TIMEZONE TZ NOW " +
    "UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF STRLANG STRDT SAMETERM ISIRI ISURI " +
    "ISBLANK ISLITERAL ISNUMERIC REGEX SUBSTR REPLACE"
  ).split(" "));

  // One alternative per token class; the group that matched names the class.
  const TOKEN_CLASSES = ["comment", "string", "iri", "variable", "langtag", "pname", "number", "word"];
  const TOKENS = new RegExp([
    "(#[^\\n]*)",
    "(\"\"\"[\\s\\S]*?(?:\"\"\"|$)|'''[\\s\\S]*?(?:'''|$)|\"(?:[^\"\\\\\\n]|\\\\.)*\"?|'(?:[^'\\\\\\n]|\\\\.)*'?)",
    "(<[^<>\"{}|^`\\\\\\s]*>)",
    "([?$][A-Za-z0-9_\\u00B7\\u00C0-\\uFFFF]+)",
    "(@[A-Za-z]+(?:-[A-Za-z0-9]+)*)",
    "((?:[A-Za-z][\\w-]*)?:(?:[\\w%-]|\\.(?=[\\w%-]))*)",
    "([+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)",
    "([A-Za-z_]\\w*)",
  ].join("|"), "g");

  function tokenClass(match) {
    for (let i = 1; i <= TOKEN_CLASSES.length; i++) {
      if (match[i] !== undefined) {
        const kind = TOKEN_CLASSES[i - 1];
        if (kind !== "word") return kind;
        const upper = match[i].toUpperCase();
        if (match[i] === "a" || KEYWORDS.has(upper)) return "keyword";
        if (FUNCTIONS.has(upper)) return "function";
        return null;
      }
    }
    return null;
  }

  // Colour the query: text nodes for the plain parts, one <span class="tok-…"> per token.
  // The character offset of a 1-based line and column; a column past the line's end (the
  // parser's "end of input") marks the line's last character.
  function offsetOf(text, line, column) {
    const lines = text.split("\n");
    if (line < 1 || line > lines.length) return -1;
    let offset = 0;
    for (let i = 0; i < line - 1; i++) offset += lines[i].length + 1;
    const length = lines[line - 1].length;
    if (!length) return -1;
    return offset + Math.min(Math.max(column - 1, 0), length - 1);
  }

  // Appends text (coloured when cls is given), splitting out the error marker's character.
  function emit(out, text, cls, start, mark) {
    const pieces = mark >= start && mark < start + text.length
      ? [[text.slice(0, mark - start), cls], [text[mark - start], "error-mark"],
        [text.slice(mark - start + 1), cls]]
      : [[text, cls]];
    for (const [piece, kind] of pieces) {
      if (!piece) continue;
      if (!kind) { out.appendChild(document.createTextNode(piece)); continue; }
      const span = document.createElement("span");
      span.className = kind === "error-mark" ? kind + (cls ? " tok-" + cls : "") : "tok-" + kind;
      if (kind === "error-mark") {
        span.id = "error-marker";
        span.dataset.line = String(errorAt.line);
        span.dataset.column = String(errorAt.column);
      }
      span.textContent = piece;
      out.appendChild(span);
    }
  }

  function render() {
    const text = textarea.value;
    const out = document.createDocumentFragment();
    const mark = errorAt ? offsetOf(text, errorAt.line, errorAt.column) : -1;
    let last = 0;
    TOKENS.lastIndex = 0;
    for (let m = TOKENS.exec(text); m !== null; m = TOKENS.exec(text)) {
      if (m[0] === "") { TOKENS.lastIndex++; continue; }
      const kind = tokenClass(m);
      if (!kind) continue;
      if (m.index > last) emit(out, text.slice(last, m.index), null, last, mark);
      emit(out, m[0], kind, m.index, mark);
      last = m.index + m[0].length;
    }
    if (last < text.length) emit(out, text.slice(last), null, last, mark);
    // A trailing newline needs a character after it to give the <pre> the same height.
    out.appendChild(document.createTextNode("\n "));
    highlight.replaceChildren(out);
    syncScroll();
  }

  function syncScroll() {
    const pre = highlight.parentElement;
    pre.scrollTop = textarea.scrollTop;
    pre.scrollLeft = textarea.scrollLeft;
  }

  // The query's own PREFIX declarations win over the site's table.
  function queryPrefixes(query) {
    const table = [];
    const re = /PREFIX\s+([A-Za-z][\w-]*)?:\s*<([^>]*)>/gi;
    for (let m = re.exec(query); m !== null; m = re.exec(query)) table.push([m[1] || "", m[2]]);
    // Longest namespace first; the sort is stable, so the query's own names come first.
    return table.concat(sitePrefixes).sort((a, b) => b[1].length - a[1].length);
  }

  function compact(iri, prefixes) {
    if (dataBase && iri.startsWith(dataBase)) return iri.slice(dataBase.length);
    for (const [prefix, ns] of prefixes) {
      const local = iri.slice(ns.length);
      if (iri.startsWith(ns) && /^[\w-]*$/.test(local)) return prefix + ":" + local;
    }
    return iri;
  }

  // Only http(s) IRIs become links (a "javascript:" IRI is valid RDF, never a link here).
  function localHref(iri) {
    if (dataBase && iri.startsWith(dataBase)) return "/id/" + iri.slice(dataBase.length);
    return /^https?:\/\//i.test(iri) ? iri : null;
  }

  function cell(term, prefixes) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const href = localHref(term.value);
      const a = document.createElement(href ? "a" : "span");
      if (href) a.href = href;
      a.title = term.value;
      a.dataset.iri = term.value;
      a.textContent = compact(term.value, prefixes);
      td.appendChild(a);
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
      td.className = "bnode";
    } else {
      td.appendChild(document.createTextNode(term.value));
      const note = term["xml:lang"] ? "@" + term["xml:lang"]
        : term.datatype ? compact(term.datatype, prefixes) : "";
      if (note) {
        const small = document.createElement("span");
        small.className = term["xml:lang"] ? "lang" : "datatype";
        small.textContent = " " + note;
        td.appendChild(small);
      }
    }
    return td;
  }

  function showTable(data, prefixes) {
    const vars = data.head.vars || [];
    const rows = data.results.bindings;
    const table = document.createElement("table");
    table.className = "results-table";
    const head = table.createTHead().insertRow();
    for (const name of vars) {
      const th = document.createElement("th");
      th.textContent = name;
      head.appendChild(th);
    }
    const body = table.createTBody();
    for (const row of rows) {
      const tr = body.insertRow();
      for (const name of vars) tr.appendChild(cell(row[name], prefixes));
    }
    results.replaceChildren(table);
    labelLinks(table);
    return rows.length + (rows.length === 1 ? " row" : " rows");
  }

  // IRIs are shown by their labels once the server has told them (the IRI stays the title).
  async function labelLinks(table) {
    const cells = Array.from(table.querySelectorAll("td > [data-iri]"));
    if (!cells.length || !window.NewskgLabels) return;
    const found = await window.NewskgLabels.labels(cells.map((c) => c.dataset.iri));
    for (const node of cells) {
      const iri = node.dataset.iri;
      const label = found.get(iri) ||
        (iri.startsWith(KIND_NS) ? iri.slice(KIND_NS.length) : null); // a kind is its name
      if (label) node.textContent = label;
    }
    table.dataset.labelled = "yes";
  }

  function showText(text, className) {
    const pre = document.createElement("pre");
    pre.className = className;
    pre.textContent = text;
    results.replaceChildren(pre);
  }

  function setStatus(text, isError) {
    statusLine.textContent = text;
    statusLine.classList.toggle("error", Boolean(isError));
  }

  function updateLink(query) {
    const url = "/sparql?query=" + encodeURIComponent(query);
    share.href = url;
    history.replaceState(null, "", url);
  }

  function setBanner(text) {
    banner.textContent = text || "";
    banner.hidden = !text;
  }

  async function run() {
    const sent = assist.expand(textarea.value, prefixTable);
    const query = sent.text;
    errorAt = null;
    render();
    setBanner("");
    updateLink(query);
    setStatus("Running…");
    results.setAttribute("aria-busy", "true");
    const started = performance.now();
    let response;
    try {
      response = await fetch("/sparql", {
        method: "POST",
        headers: {
          "Accept": "application/sparql-results+json, text/turtle;q=0.9, text/plain;q=0.1",
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({query: query}),
      });
    } catch (err) {
      setStatus("The server could not be reached: " + err.message, true);
      results.removeAttribute("aria-busy");
      return;
    }
    const text = await response.text();
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    results.removeAttribute("aria-busy");
    if (!response.ok) {
      const line = Number(response.headers.get("X-Error-Line"));
      const column = Number(response.headers.get("X-Error-Column"));
      if (line) {
        errorAt = { line: line - sent.added, column: column };
        render();
        setStatus("Syntax error (" + response.status + ") at line " + errorAt.line +
          ", column " + column, true);
      } else if (response.status === 503 && response.headers.get("X-Query-Stopped")) {
        const stopped = response.headers.get("X-Query-Stopped");
        const which = stopped.startsWith("memory") ? "memory ceiling" : "time limit";
        setStatus("Stopped (503) after " + seconds + " s", true);
        setBanner("Stopped: the query ran into the server's " + which + " (" + stopped +
          "). Narrow it or add a LIMIT.");
      } else {
        setStatus("Error " + response.status + " " + response.statusText, true);
      }
      // the parser's position counts the added PREFIX lines: the status line has the right one
      showText(text.split("\n")[0].replace(/error at \d+:\d+: /, "").replace(/, \[.*$/s, "")
        .slice(0, 400), "error-text");
      return;
    }
    const type = response.headers.get("Content-Type") || "";
    let summary;
    if (type.includes("sparql-results+json")) {
      const data = JSON.parse(text);
      if (typeof data.boolean === "boolean") {
        showText(data.boolean ? "true" : "false", "boolean");
        summary = "answer: " + data.boolean;
      } else {
        summary = showTable(data, queryPrefixes(query));
      }
    } else {
      showText(text, "graph-text");
      summary = "graph";
    }
    const limit = response.headers.get("X-Result-Truncated");
    const cut = limit ? " (truncated)" : response.status !== 200 ? " (HTTP " + response.status + ")" : "";
    if (limit) setBanner("Truncated: the server returns at most " + limit + " results; " +
      "add a LIMIT or narrow the query to see the rest.");
    setStatus(summary + " in " + seconds + " s" + cut);
  }

  const completion = assist.completer(textarea, document.getElementById("completions"), terms,
    prefixTable, render);
  textarea.addEventListener("input", function () {
    errorAt = null;
    render();
    completion.open(false);
  });
  textarea.addEventListener("scroll", syncScroll);
  textarea.addEventListener("keydown", function (event) {
    if (completion.key(event)) return;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    } else if (event.key === "Tab" && !event.shiftKey) {
      event.preventDefault();
      textarea.setRangeText("  ", textarea.selectionStart, textarea.selectionEnd, "end");
      render();
    }
  });
  examples.addEventListener("change", function () {
    const option = examples.selectedOptions[0];
    if (!option || !option.value) return;
    textarea.value = assist.fold(option.dataset.sparql, prefixTable);
    errorAt = null;
    render();
    textarea.focus();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });

  textarea.value = assist.fold(textarea.value, prefixTable);
  render();
  if (textarea.dataset.autorun === "yes") run();
})();
