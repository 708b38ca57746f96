// The SPARQL editor: an overlay highlighter (a transparent textarea over a coloured <pre>),
// canned examples, running a query against /sparql and showing the answer as a table.
// Everything that comes from a query or a result is put into the page as text, never as HTML.
"use strict";

(function () {
  const script = document.currentScript;
  const dataBase = script ? script.dataset.base || "" : "";
  const sitePrefixes = Object.entries(JSON.parse((script && script.dataset.prefixes) || "{}"));
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
  function render() {
    const text = textarea.value;
    const out = document.createDocumentFragment();
    let last = 0;
    TOKENS.lastIndex = 0;
    for (let m = TOKENS.exec(text); m !== null; m = TOKENS.exec(text)) {
      if (m[0] === "") { TOKENS.lastIndex++; continue; }
      const kind = tokenClass(m);
      if (!kind) continue;
      if (m.index > last) out.appendChild(document.createTextNode(text.slice(last, m.index)));
      const span = document.createElement("span");
      span.className = "tok-" + kind;
      span.textContent = m[0];
      out.appendChild(span);
      last = m.index + m[0].length;
    }
    // A trailing newline needs a character after it to give the <pre> the same height.
    out.appendChild(document.createTextNode(text.slice(last) + "\n "));
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
    return rows.length + (rows.length === 1 ? " row" : " rows");
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

  async function run() {
    const query = textarea.value;
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
      setStatus("Error " + response.status + " " + response.statusText, true);
      showText(text, "error-text");
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
    const cut = limit ? " (cut at the server's limit of " + limit + " results)"
      : response.status !== 200 ? " (HTTP " + response.status + ")" : "";
    setStatus(summary + " in " + seconds + " s" + cut);
  }

  textarea.addEventListener("input", render);
  textarea.addEventListener("scroll", syncScroll);
  textarea.addEventListener("keydown", function (event) {
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
    textarea.value = option.dataset.sparql;
    render();
    textarea.focus();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });

  render();
  if (textarea.dataset.autorun === "yes") run();
})();
