"""Imported by the forkserver of ingest's worker processes: it warms the analysis once
(tagger model, word-tag cache file, lexicons), and every worker forked from it starts warm,
sharing those pages copy-on-write instead of each paying the cold start."""

from newskg.graph.ingest.work import warm

warm()
