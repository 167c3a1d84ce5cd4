"""Reading and parsing a large JSONL file in a second process, while this one
matches duplicates and writes: per row, parsing costs about as much as the
insert, and in another process it runs on the second core."""

from __future__ import annotations

import multiprocessing
import os
import queue
from collections import deque
from typing import IO, Iterator

import orjson

from models.ingest.rows import EvidenceIn, RowError, SourceRow, parse_row

CHUNK_LINES = 4_000
AHEAD = 4  # chunks sent before the first result is awaited
_FIELDS = EvidenceIn.__slots__


def _parse_line(line: bytes):
    try:
        data = orjson.loads(line)
    except orjson.JSONDecodeError as error:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            return RowError("not valid UTF-8")
        return RowError(f"not JSON: {str(error).split(':')[0]}")
    if not isinstance(data, dict):
        return RowError("a line must be a JSON object")
    try:
        record = parse_row(data)
    except RowError as error:
        return error
    # A tuple pickles several times faster than the dataclass.
    return tuple(getattr(record, name) for name in _FIELDS) if isinstance(record, EvidenceIn) else record


def _work(tasks, results, parent: int) -> None:
    # If the importer dies, nobody reads the results: exit without waiting to flush them.
    results.cancel_join_thread()
    while True:
        try:
            task = tasks.get(timeout=0.5)
        except queue.Empty:
            if os.getppid() != parent:
                return
            continue
        if task is None:
            return
        first, lines = task
        results.put((first, [(first + offset, _parse_line(line))
                             for offset, line in enumerate(lines) if line.strip()]))


def parse_in_worker(stream: IO[bytes]) -> Iterator[tuple[SourceRow, object]]:
    """(row, parsed record or RowError) for every non-blank line, in order."""
    context = multiprocessing.get_context("fork")  # only called where no other thread runs
    tasks, results = context.Queue(), context.Queue()
    worker = context.Process(target=_work, args=(tasks, results, os.getpid()), daemon=True)
    worker.start()
    try:
        sent: deque[list[bytes]] = deque()
        first, lines = 1, []
        for number, line in enumerate(stream):
            lines.append(line.removeprefix(b"\xef\xbb\xbf") if number == 0 else line)
            if len(lines) == CHUNK_LINES:
                tasks.put((first, lines))
                sent.append(lines)
                first, lines = first + len(lines), []
                if len(sent) > AHEAD:
                    yield from _collect(results, sent.popleft(), worker)
        if lines:
            tasks.put((first, lines))
            sent.append(lines)
        while sent:
            yield from _collect(results, sent.popleft(), worker)
    finally:
        tasks.put(None)
        worker.join(timeout=5)
        if worker.is_alive():
            worker.kill()


def _collect(results, lines: list[bytes], worker) -> Iterator[tuple[SourceRow, object]]:
    while True:
        try:
            first, out = results.get(timeout=1.0)
            break
        except queue.Empty:
            if not worker.is_alive():
                raise RuntimeError("the parsing worker stopped") from None
    for line_no, record in out:
        if type(record) is tuple:
            record = EvidenceIn(*record)
        yield SourceRow(line_no, lines[line_no - first], None), record
