"""Reading inputs: plain-text articles, JSON Lines corpora and standard input to Documents, with
every bad input refused before anything is written; writing their graphs to a store."""
