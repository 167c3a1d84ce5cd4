"""Reading evidesk JSONL v1: one JSON object per line."""

from __future__ import annotations

from typing import IO, Iterator

import orjson

from models.ingest.rows import SourceRow, raw_text


def read_jsonl(stream: IO[bytes]) -> Iterator[SourceRow]:
    """One SourceRow per non-blank line; unreadable lines carry their reason."""
    for number, line in enumerate(stream, start=1):
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        if not line.strip():
            continue
        try:
            data = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                yield SourceRow(number, raw_text(line), None, "not valid UTF-8")
                continue
            yield SourceRow(number, raw_text(line), None, f"not JSON: {str(error).split(':')[0]}")
            continue
        if isinstance(data, dict):
            yield SourceRow(number, "", data)
        else:
            yield SourceRow(number, raw_text(line), None, "a line must be a JSON object")
