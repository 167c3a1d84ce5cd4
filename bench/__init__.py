"""Benchmarks for evidesk: cold start to the first screen and decision latency,
each printed beside a baseline measured in the same run (`python -m bench`)."""
