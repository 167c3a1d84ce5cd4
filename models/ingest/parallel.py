"""Reading, parsing and near-duplicate matching of a large JSONL file in a
second process, while this one resolves claims, counts duplicates and writes:
per row these cost more than the insert, and there they run on the second core.

One worker sees every row in file order, so it finds the near duplicates the
single-process path finds among the file's own rows (it skips the file's
exact copies, as the loader does); it names the earlier row by its line,
which the loader turns into an item id. The rows of some claims it leaves
UNMATCHED, for the importer to match as the single-process path does.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import threading
import time
import zlib
from collections import deque
from typing import IO, Iterator

import orjson

from models.ingest.jsonl import decode_line
from models.ingest.near import UNMATCHED, NearHint, NearIndex
from models.ingest.rows import ClaimIn, EvidenceIn, RowError, evidence_from, parse_row

CHUNK_LINES = 4_000
AHEAD = 4  # chunks sent before the first result is awaited


# Of every SHARES claims, the importer matches the near duplicates of IMPORTER_SHARES itself:
# matching costs about as much as parsing, and this split keeps both processes busy.
SHARES, IMPORTER_SHARES = 5, 2


class _Matcher:
    """Near duplicates among the file's rows, keyed as the loader keys claims."""

    def __init__(self) -> None:
        self.near = NearIndex()
        self.seen: set[tuple] = set()
        self.mine: dict[str | None, bool] = {}

    def _is_mine(self, scope: str | None) -> bool:
        if (mine := self.mine.get(scope)) is None:
            share = zlib.crc32((scope or "").encode("utf-8", "surrogatepass")) % SHARES
            mine = self.mine[scope] = share >= IMPORTER_SHARES
        return mine

    def hint(self, line: int, item: EvidenceIn) -> NearHint:
        scope = item.claim_ref or (f"\x00{item.claim_text}" if item.claim_text else None)
        if not self._is_mine(scope):
            return UNMATCHED
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


def _parse_chunk(first: int, lines: list[bytes], matcher: _Matcher) -> list[tuple[int, object, NearHint]]:
    """(line, record, hint) per non-blank line. An evidence record is sent as its derived
    values alone, without the normalised text: the importer decodes the line again, which
    costs less than pickling its strings here and unpickling them there."""
    out = []
    for number, line in enumerate(lines, start=first):
        if line.strip():
            record = _parse_line(line)
            if isinstance(record, EvidenceIn):
                hint = matcher.hint(number, record)
                out.append((number, (record.url, record.url_norm, record.kind, record.content_sha256, None,
                                     record.published_at, record.captured_at), hint))
            else:
                out.append((number, record, None))
    return out


def _exit_with(parent: int) -> None:
    """In the worker: end it as soon as the importer is gone (killed, say), wherever the
    worker is then, even blocked reading half a message the importer never finished."""
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(0)


def _work(tasks, results, parent: int) -> None:
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    gc.disable()  # the worker makes no reference cycles, and collecting them costs a lot here
    matcher = _Matcher()
    while True:
        task = tasks.get()
        if task is None:
            return
        first, lines = task
        results.put((first, _parse_chunk(first, lines, matcher)))


def parse_in_worker(stream: IO[bytes]) -> Iterator[tuple[int, bytes, object, NearHint]]:
    """(line number, line, parsed record or RowError, near-duplicate hint) for every
    non-blank line, in order."""
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


def _collect(results, lines: list[bytes], worker) -> Iterator[tuple[int, bytes, object, NearHint]]:
    while True:
        try:
            first, out = results.get(timeout=1.0)
            break
        except queue.Empty:
            if not worker.is_alive():
                raise RuntimeError("the parsing worker stopped") from None
    for line_no, record, hint in out:
        line = lines[line_no - first]
        if record.__class__ is tuple:
            record = evidence_from(orjson.loads(line), record)
        yield line_no, line, record, hint
