"""The content-addressed store of captured files, beside the database.

A file is kept once, under its SHA-256 (`<database>.files/ab/cdef…`), and
never modified afterwards: it is the evidentiary copy.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from models.ingest.rows import RowError

CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class StoredFile:
    sha256: str
    size: int
    media_type: str
    name: str

    def columns(self) -> tuple[str, int, str, str]:
        """The evidence row's file_sha256, file_size, file_type and file_name."""
        return self.sha256, self.size, self.media_type, self.name


def store_folder(database_path: str | Path) -> Path:
    return Path(f"{database_path}.files")


def file_store(engine) -> Path | None:
    """Where this database keeps captured files: beside a SQLite file; on a server, the
    folder the files.folder setting names (None until a supervisor sets one)."""
    if engine.dialect.name == "sqlite":
        return store_folder(engine.url.database) if engine.url.database not in (None, "", ":memory:") else None
    from models.settings import get_setting

    folder = get_setting(engine, "files.folder")
    return Path(folder) if folder else None


def stored_path(folder: Path, sha256: str) -> Path:
    return folder / sha256[:2] / sha256[2:]


def store_file(folder: Path, source: Path) -> StoredFile:
    """Hash `source` and copy it into the store unless it is there already."""
    try:
        with source.open("rb") as handle:
            digest = hashlib.sha256()
            with tempfile.NamedTemporaryFile(dir=_ensure(folder), prefix=".incoming-", delete=False) as copy:
                size = 0
                while chunk := handle.read(CHUNK):
                    digest.update(chunk)
                    copy.write(chunk)
                    size += len(chunk)
                copy.flush()
                os.fsync(copy.fileno())
    except FileNotFoundError:
        raise RowError(f'"file" not found: {source}') from None
    except IsADirectoryError:
        raise RowError(f'"file" is a folder, not a file: {source}') from None
    except OSError as error:
        raise RowError(f'"file" cannot be read: {source}: {error.strerror}') from None
    sha256 = digest.hexdigest()
    target = stored_path(folder, sha256)
    if target.exists():
        os.unlink(copy.name)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(copy.name, 0o444)
        shutil.move(copy.name, target)
    media_type = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
    return StoredFile(sha256, size, media_type, source.name)


def _ensure(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder
