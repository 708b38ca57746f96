"""The learned layer over the rules: speaker candidates, their features, the trained ranker."""
