"""Keeping a database sound: a backup taken safely while reviewers work (SQLite's online
backup API, with the captured files), and a check of everything that must agree: the
file's integrity, the audit chain, the search index, and the items' states against
their claims' counts."""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import case, func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from models.audit import verify_chain
from models.database import driver_reason
from models.errors import EvideskError
from models.ingest.files import file_store
from models.tables import Claim, Evidence


def backup(engine: Engine, target: Path) -> Path:
    """Copy the database to `target` (never over an existing file), page by page while
    others write, and its captured files beside it. A server names its own tool."""
    if engine.dialect.name != "sqlite":
        raise EvideskError(f"a server is backed up by its own tool: pg_dump --format=custom --file {target} "
                           f"'{engine.url.render_as_string()}' (and pg_restore to bring it back)")
    target = Path(target)
    if target.exists():
        raise EvideskError(f"{target} exists already; a backup never replaces a file")
    if not target.parent.is_dir():
        raise EvideskError(f"cannot write {target}: folder {target.parent} does not exist")
    partial = Path(tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")[1])
    try:
        source, copy = sqlite3.connect(engine.url.database), sqlite3.connect(partial)
        try:
            source.backup(copy)  # restarts by itself when another connection writes meanwhile
        finally:
            source.close()
            copy.close()
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as error:
        raise EvideskError(f"cannot back up to {target}: {error}") from None
    finally:
        partial.unlink(missing_ok=True)
    files = file_store(engine)
    if files is not None and files.is_dir():  # content-addressed and never changed: a plain copy is safe
        shutil.copytree(files, Path(f"{target}.files"), dirs_exist_ok=True)
    return target


@dataclass(frozen=True)
class Finding:
    check: str
    problem: str | None  # None: as it should be
    skipped: str | None = None  # why the check could not run, if it could not


def check(engine: Engine) -> list[Finding]:
    """Every check, each with its problem or None. A check that cannot read what it needs
    (a damaged file) reports that as its problem, and the others still run."""
    checks = [("item states", _items), ("claim counts", _claim_counts), ("audit chain", _audit_chain)]
    if engine.dialect.name == "sqlite":
        checks = [("file integrity", _file_integrity), ("search index", _search_index), *checks]
    findings = []
    for name, run in checks:
        try:
            findings.append(run(engine))
        except DBAPIError as error:
            findings.append(Finding(name, f"could not be read: {driver_reason(error)}"))
    return findings


def _file_integrity(engine: Engine) -> Finding:
    with engine.connect() as conn:
        result = [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check").all()]
    return Finding("file integrity", None if result == ["ok"] else "; ".join(result[:3]))


def _search_index(engine: Engine) -> Finding:
    with engine.connect() as conn:
        try:
            conn.exec_driver_sql("INSERT INTO evidence_fts(evidence_fts) VALUES ('integrity-check')")
        except DBAPIError as error:  # the FTS5 check reports through an error
            reason = driver_reason(error)
            if "readonly" in reason:
                return Finding("search index", None, skipped="the file is read-only")
            return Finding("search index", f"does not match the evidence: {reason}")
        finally:
            conn.rollback()
    return Finding("search index", None)


def _items(engine: Engine) -> Finding:
    with engine.connect() as conn:
        wrong_flag = conn.execute(select(func.count()).select_from(Evidence).where(
            Evidence.decided != (Evidence.outcome != "pending"))).scalar_one()
    return Finding("item states", None if wrong_flag == 0 else
                   f"{wrong_flag} item(s) whose decided flag disagrees with their outcome")


def _claim_counts(engine: Engine) -> Finding:
    decided = func.sum(case((Evidence.decided, 1), else_=0)).label("decided")
    counted = (select(Evidence.claim_id, decided, func.count().label("total"))
               .group_by(Evidence.claim_id).subquery())
    in_claim, items = func.coalesce(counted.c.decided, 0), func.coalesce(counted.c.total, 0)
    with engine.connect() as conn:
        off = conn.execute(select(Claim.id).outerjoin(counted, counted.c.claim_id == Claim.id)
                           .where(or_(Claim.n_decided != in_claim, Claim.n_pending != items - in_claim))
                           .order_by(Claim.id)).scalars().all()
    return Finding("claim counts", None if not off else
                   f"claim(s) {', '.join(f'#{claim}' for claim in off[:5])} count their items wrongly")


def _audit_chain(engine: Engine) -> Finding:
    return Finding("audit chain", verify_chain(engine).problem)
