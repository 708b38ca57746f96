// Labels for IRIs, asked of this server's /sparql in one query per batch: the English label
// of ontology terms first (the interface is English), then any label, a document's headline,
// and for a statement the start of what was said. Shared by the dashboard and the editor.
"use strict";

window.NewskgLabels = (function () {
  const BATCH = 400;
  const SAFE_IRI = /^[^<>"{}|^`\\\s]+$/;
  const cache = new Map();

  function query(iris) {
    return [
      "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>",
      "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>",
      "PREFIX schema: <https://schema.org/>",
      "PREFIX nkg: <https://w3id.org/newskg/ontology#>",
      "SELECT ?iri (SAMPLE(?found) AS ?label) WHERE {",
      "  VALUES ?iri { " + iris.map((i) => "<" + i + ">").join(" ") + " }",
      "  OPTIONAL { ?iri skos:prefLabel|rdfs:label ?en FILTER(LANGMATCHES(LANG(?en), \"en\")) }",
      "  OPTIONAL { ?iri skos:prefLabel|rdfs:label ?plain FILTER(LANG(?plain) = \"\") }",
      "  OPTIONAL { ?iri skos:prefLabel|rdfs:label ?any }",
      "  OPTIONAL { ?iri schema:headline ?headline }",
      "  OPTIONAL { ?iri nkg:content ?content }",
      "  BIND(COALESCE(?en, ?plain, ?any, ?headline, IF(BOUND(?content), CONCAT(\"“\",",
      "    SUBSTR(STR(?content), 1, 70), IF(STRLEN(STR(?content)) > 70, \"…\", \"\"), \"”\"),",
      "    ?nothing)) AS ?found)",
      "  FILTER(BOUND(?found))",
      "} GROUP BY ?iri",
    ].join("\n");
  }

  async function fetchBatch(iris) {
    const response = await fetch("/sparql", {
      method: "POST",
      headers: { "Accept": "application/sparql-results+json",
        "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ query: query(iris) }),
    });
    if (!response.ok) return;
    const data = await response.json();
    for (const row of data.results.bindings) cache.set(row.iri.value, String(row.label.value));
    for (const iri of iris) if (!cache.has(iri)) cache.set(iri, null);
  }

  // A Map IRI -> label (or null when the graph has none) for every IRI asked.
  async function labels(iris) {
    const wanted = Array.from(new Set(iris)).filter((i) => SAFE_IRI.test(i) && !cache.has(i));
    for (let start = 0; start < wanted.length; start += BATCH) {
      try {
        await fetchBatch(wanted.slice(start, start + BATCH));
      } catch (err) {
        break; // labels are a nicety: the IRIs stay readable without them
      }
    }
    return new Map(iris.map((i) => [i, cache.has(i) ? cache.get(i) : null]));
  }

  return { labels: labels };
})();
