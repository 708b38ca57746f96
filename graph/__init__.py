"""The text-to-graph pipeline and the store."""
