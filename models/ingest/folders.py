"""The inbox folder and its done/ and failed/ folders: cheap to set up, so the
app can make them before its first screen and import nothing heavy for it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from models.errors import EvideskError


def default_inbox_folder() -> Path:
    """`<user data dir>/inbox` (platformdirs)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("evidesk", appauthor=False)) / "inbox"


@dataclass(frozen=True)
class InboxFolders:
    inbox: Path
    done: Path
    failed: Path

    @classmethod
    def create(cls, inbox: str | os.PathLike[str]) -> InboxFolders:
        """The inbox with its done/ and failed/ folders, made if missing."""
        root = Path(inbox).expanduser().resolve()
        folders = cls(root, root / "done", root / "failed")
        try:
            for folder in (folders.inbox, folders.done, folders.failed):
                folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise EvideskError(f"cannot create the inbox folder {root}: {error.strerror}") from None
        return folders
