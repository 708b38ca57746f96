// The editor's helpers: implicit prefixes (fold the site's PREFIX lines, add the used ones
// back when a query runs) and completion of the ontology's terms and the site's prefixes.
// The completion list is placed through the CSSOM (element.style), which a Content Security
// Policy without 'unsafe-inline' allows; nothing here writes HTML.
"use strict";

window.NewskgEditorAssist = (function () {
  const PREFIX_LINE = /^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>\s*$/i;
  const PNAME = /(^|[\s{}();,.^|/!])([A-Za-z][\w.-]*)?:(?=[\w%-]|$)/g;
  const MAX_ITEMS = 12;

  // A query without the PREFIX lines that only repeat the site's table (top of the query).
  function fold(query, table) {
    const lines = query.split("\n");
    const kept = [];
    let prologue = true;
    for (const line of lines) {
      const m = prologue ? PREFIX_LINE.exec(line) : null;
      if (m && table.get(m[1] || "") === m[2]) continue;
      if (prologue && !m && line.trim() !== "" && !line.trim().startsWith("#")) prologue = false;
      kept.push(line);
    }
    while (kept.length && kept[0].trim() === "") kept.shift();
    return kept.join("\n");
  }

  // Strings, IRIs and comments hide no prefixed names; blank them out before looking.
  function code(query) {
    return query.replace(/"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>|#[^\n]*/g,
      (m) => m.replace(/[^\n]/g, " "));
  }

  // The query with PREFIX declarations for the site's prefixes it uses and does not declare;
  // `added` lines come first, so a parser position moves down by that many lines.
  function expand(query, table) {
    const bare = code(query);
    const declared = new Set();
    for (const m of bare.matchAll(/PREFIX\s+([A-Za-z][\w.-]*)?:/gi)) declared.add(m[1] || "");
    const used = [];
    for (const m of bare.matchAll(PNAME)) {
      const name = m[2] || "";
      if (!declared.has(name) && table.has(name) && !used.includes(name)) used.push(name);
    }
    const head = used.map((p) => "PREFIX " + p + ": <" + table.get(p) + ">\n").join("");
    return { text: head + query, added: used.length };
  }

  // ---- completion -------------------------------------------------------------------------
  function completer(textarea, list, terms, table, onAccept) {
    let items = [];
    let active = 0;
    let start = 0;

    function charWidth() {
      const style = getComputedStyle(textarea);
      const ctx = document.createElement("canvas").getContext("2d");
      ctx.font = style.fontSize + " " + style.fontFamily;
      return ctx.measureText("M".repeat(20)).width / 20;
    }

    function candidates(word) {
      const lower = word.toLowerCase();
      const found = [];
      if (!word.includes(":")) {
        for (const [prefix] of table) {
          if (prefix && prefix.toLowerCase().startsWith(lower)) found.push({ name: prefix + ":", kind: "prefix", label: table.get(prefix) });
        }
      }
      for (const term of terms) {
        const local = term.name.slice(term.name.indexOf(":") + 1).toLowerCase();
        if (term.name.toLowerCase().startsWith(lower) || (!word.includes(":") && local.startsWith(lower))) {
          found.push(term);
        }
      }
      return found.slice(0, MAX_ITEMS);
    }

    function close() {
      list.hidden = true;
      items = [];
      textarea.removeAttribute("aria-activedescendant");
    }

    function place() {
      const before = textarea.value.slice(0, start); // under the word being completed
      const line = before.split("\n").length - 1;
      const column = before.length - before.lastIndexOf("\n") - 1;
      const style = getComputedStyle(textarea);
      const lineHeight = parseFloat(style.lineHeight) || 21;
      list.style.left = Math.max(0, parseFloat(style.paddingLeft) + column * charWidth() -
        textarea.scrollLeft) + "px";
      list.style.top = (parseFloat(style.paddingTop) + (line + 1) * lineHeight -
        textarea.scrollTop + 2) + "px";
    }

    function draw() {
      const children = items.map((item, i) => {
        const li = document.createElement("li");
        li.id = "completion-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", i === active ? "true" : "false");
        li.dataset.name = item.name;
        li.appendChild(document.createTextNode(item.name));
        const kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = item.kind + (item.label && item.kind !== "prefix" ? " · " + item.label : "");
        li.appendChild(kind);
        li.addEventListener("mousedown", (event) => { event.preventDefault(); accept(i); });
        return li;
      });
      list.replaceChildren(...children);
      textarea.setAttribute("aria-activedescendant", "completion-" + active);
    }

    function open(force) {
      const caret = textarea.selectionStart;
      const before = textarea.value.slice(0, caret);
      const m = /([A-Za-z][\w.-]*)?:?[\w-]*$/.exec(before);
      const word = m ? m[0] : "";
      if (!force && (word.length < 2 || /^\d/.test(word))) return close();
      if (/[?$]$/.test(before.slice(0, caret - word.length))) return close(); // a variable
      items = candidates(word);
      if (!items.length || (items.length === 1 && items[0].name === word)) return close();
      start = caret - word.length;
      active = 0;
      draw();
      place();
      list.hidden = false;
    }

    function accept(i) {
      const item = items[i];
      if (!item) return;
      textarea.setRangeText(item.name, start, textarea.selectionStart, "end");
      close();
      textarea.focus();
      onAccept();
    }

    // Returns true when the key was the completion's.
    function key(event) {
      if (event.key === " " && event.ctrlKey) {
        event.preventDefault();
        open(true);
        return true;
      }
      if (list.hidden) return false;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        active = (active + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
        draw();
        return true;
      }
      if ((event.key === "Enter" && !event.ctrlKey && !event.metaKey) || event.key === "Tab") {
        event.preventDefault();
        accept(active);
        return true;
      }
      if (event.key === "Escape") {
        close();
        return true;
      }
      return false;
    }

    textarea.addEventListener("blur", close);
    return { open: open, close: close, key: key };
  }

  return { fold: fold, expand: expand, completer: completer };
})();
