"""Reading, parsing and near-duplicate matching of a large JSONL file in a
second process, while this one resolves claims, counts duplicates and writes:
per row these cost more than the insert, and there they run on the second core.

One worker sees every row in file order, so it finds the near duplicates the
single-process path finds among the file's own rows (it skips the file's
exact copies, as the loader does); it names the earlier row by its line,
which the loader turns into an item id.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
import time
from collections import deque
from typing import IO, Iterator

from models.ingest.jsonl import decode_line
from models.ingest.near import NearIndex
from models.ingest.rows import ClaimIn, EvidenceIn, RowError, SourceRow, parse_row

CHUNK_LINES = 4_000
AHEAD = 4  # chunks sent before the first result is awaited
_FIELDS = EvidenceIn.__slots__
NearHint = tuple[int, float] | None  # (line of the earlier row, similarity)


class _Matcher:
    """Near duplicates among the file's rows, keyed as the loader keys claims."""

    def __init__(self) -> None:
        self.near = NearIndex()
        self.seen: set[tuple] = set()

    def hint(self, line: int, item: EvidenceIn) -> NearHint:
        scope = item.claim_ref or (f"\x00{item.claim_text}" if item.claim_text else None)
        if item.ext_id is not None:
            if ("id", item.ext_id) in self.seen:
                return None
            self.seen.add(("id", item.ext_id))
        if (scope, item.content_sha256) in self.seen:
            return None  # an exact copy: the loader counts it on its original
        self.seen.add((scope, item.content_sha256))
        return self.near.add(scope, line, item.norm_text)


def _parse_line(line: bytes) -> ClaimIn | EvidenceIn | RowError:
    data = decode_line(line)
    if isinstance(data, str):
        return RowError(data)
    try:
        return parse_row(data)
    except RowError as error:
        return error


def _exit_with(parent: int) -> None:
    """In the worker: end it as soon as the importer is gone (killed, say), wherever the
    worker is then, even blocked reading half a message the importer never finished."""
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(0)


def _work(tasks, results, parent: int) -> None:
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    matcher = _Matcher()
    while True:
        task = tasks.get()
        if task is None:
            return
        first, lines = task
        out = []
        for offset, line in enumerate(lines):
            if line.strip():
                record = _parse_line(line)
                if isinstance(record, EvidenceIn):
                    hint = matcher.hint(first + offset, record)
                    # A tuple pickles several times faster than the dataclass.
                    out.append((first + offset, tuple(getattr(record, name) for name in _FIELDS), hint))
                else:
                    out.append((first + offset, record, None))
        results.put((first, out))


def parse_in_worker(stream: IO[bytes]) -> Iterator[tuple[SourceRow, object, NearHint]]:
    """(row, parsed record or RowError, near-duplicate hint) for every non-blank line, in order."""
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


def _collect(results, lines: list[bytes], worker) -> Iterator[tuple[SourceRow, object, NearHint]]:
    while True:
        try:
            first, out = results.get(timeout=1.0)
            break
        except queue.Empty:
            if not worker.is_alive():
                raise RuntimeError("the parsing worker stopped") from None
    for line_no, record, hint in out:
        if type(record) is tuple:
            record = EvidenceIn(*record)
        yield SourceRow(line_no, lines[line_no - first], None), record, hint
