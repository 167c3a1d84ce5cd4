"""Reading evidesk JSONL v1: one JSON object per line."""

from __future__ import annotations

from typing import IO, Any, Iterator

import orjson

from models.ingest.rows import SourceRow, raw_text


def decode_line(line: bytes) -> dict[str, Any] | str:
    """The line's JSON object, or one line saying why it is not one."""
    try:
        data = orjson.loads(line)
    except orjson.JSONDecodeError as error:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            return "not valid UTF-8"
        return f"not JSON: {str(error).split(':')[0]}"
    return data if isinstance(data, dict) else "a line must be a JSON object"


def read_jsonl(stream: IO[bytes]) -> Iterator[SourceRow]:
    """One SourceRow per non-blank line; unreadable lines carry their reason."""
    for number, line in enumerate(stream, start=1):
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        if not line.strip():
            continue
        data = decode_line(line)
        if isinstance(data, str):
            yield SourceRow(number, raw_text(line), None, data)
        else:
            yield SourceRow(number, "", data)
