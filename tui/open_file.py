"""Opening a captured file with the system's viewer, without blocking the screen."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ENV_OPENER = "EVIDESK_OPENER"  # a command to use instead of the system's


def _opener() -> list[str] | None:
    if chosen := os.environ.get(ENV_OPENER):
        return shlex.split(chosen)
    if sys.platform == "darwin":
        return ["open"]
    found = shutil.which("xdg-open")
    return [found] if found else None


def open_with_viewer(stored: Path, name: str) -> str | None:
    """Start the viewer on a read-only link named like the original file; an error line, or None."""
    if not stored.is_file():
        return f"the stored file is missing: {stored}"
    command = _opener()
    if command is None:
        return f"no viewer found (set {ENV_OPENER}); the file is at {stored}"
    # The store names files by hash; a link with the original name lets the viewer know the type.
    link = Path(tempfile.mkdtemp(prefix="evidesk-open-")) / (Path(name).name or "evidence")
    link.symlink_to(stored)
    try:
        subprocess.Popen([*command, str(link)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError as error:
        return f"cannot start the viewer {command[0]}: {error.strerror}"
    return None
