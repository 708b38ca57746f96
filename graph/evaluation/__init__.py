"""Evaluation, outside the pipeline: scores of an extraction against gold annotations (the seed
gold and the Wikinews shared task's token-level metric)."""
