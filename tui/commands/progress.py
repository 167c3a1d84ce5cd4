"""A progress bar on stderr for long imports, only when it is a terminal."""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import IO, Callable, Iterator


@contextmanager
def import_progress(name: str, stream: IO[bytes], *, enabled: bool) -> Iterator[Callable[[int], None] | None]:
    """Yields a callback taking the number of bytes just read, or None when disabled."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    try:
        total = os.fstat(stream.fileno()).st_size or None
    except (OSError, ValueError):
        total = None
    with Progress(
        TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn(),
        console=Console(stderr=True), transient=True,
    ) as progress:
        task = progress.add_task(name if name != "-" else "stdin", total=total)
        yield lambda size: progress.advance(task, size)
