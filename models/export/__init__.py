"""Exports of a reviewed set: JSONL, CSV, ClaimReview JSON-LD and a Markdown report,
each streamed in a stable order, with a manifest that `export verify` checks."""
