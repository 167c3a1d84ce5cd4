"""Ingest: reading evidence files (JSONL v1, CSV, ClaimReview JSON-LD) and
loading them in bulk, one transaction per file, without losing or doubling rows."""
