"""An export's manifest, `<file>.manifest.json`: what was exported (format, selection,
counts), the file's SHA-256 and size, the audit head when it was made, the tool's
version, the time and who. `verify_export` checks a file against it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.errors import EvideskError
from models.export.jsonl import moment
from models.version import __version__

if TYPE_CHECKING:
    from models.export.runner import ExportResult
    from models.export.selection import Selection

KIND = "evidesk export manifest v1"


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".manifest.json")


def write_manifest(result: ExportResult, selection: Selection, who: str, at: datetime) -> str:
    """The manifest written to a temporary file beside the export; its name, for the caller to move."""
    data = {
        "manifest": KIND, "file": result.path.name, "format": result.format, "sha256": result.sha256,
        "bytes": result.size, "counts": result.counts, "selection": selection.describe(),
        "audit_head": result.audit_head, "tool": "evidesk", "tool_version": __version__,
        "created_at": moment(at), "created_by": who, "warnings": list(result.warnings),
    }
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=result.path.parent, delete=False,
                                     prefix=f".{result.manifest.name}.", suffix=".partial") as out:
        out.write(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
        out.flush()
        os.fsync(out.fileno())
    return out.name


@dataclass(frozen=True)
class ManifestCheck:
    manifest: dict[str, Any]
    problem: str | None  # None: the file is the one exported

    @property
    def intact(self) -> bool:
        return self.problem is None


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of an export, or one clear EvideskError."""
    where = manifest_path(path)
    try:
        data = json.loads(where.read_text("utf-8"))
    except FileNotFoundError:
        raise EvideskError(f"no manifest beside {path} (expected {where.name})") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise EvideskError(f"cannot read the manifest {where}: {error}") from None
    if not isinstance(data, dict) or data.get("manifest") != KIND or not isinstance(data.get("sha256"), str):
        raise EvideskError(f"{where} is not an evidesk export manifest")
    return data


def verify_export(path: Path) -> ManifestCheck:
    """Whether the file holds exactly the bytes its manifest records."""
    path = Path(path)
    data = read_manifest(path)
    digest, size = hashlib.sha256(), 0
    try:
        with path.open("rb") as exported:
            while chunk := exported.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    except OSError as error:
        raise EvideskError(f"cannot read {path}: {error.strerror or error}") from None
    if size != data.get("bytes"):
        return ManifestCheck(data, f"{path} has {size:,} bytes; its manifest records {data.get('bytes'):,}: "
                                   "it was changed after the export")
    if digest.hexdigest() != data["sha256"]:
        return ManifestCheck(data, f"{path} does not match the SHA-256 its manifest records: "
                                   "it was changed after the export")
    return ManifestCheck(data, None)
