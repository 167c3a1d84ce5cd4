"""Loading validated rows in bulk inside one open transaction.

Evidence goes in by the driver's executemany in chunks (COPY on PostgreSQL), with ids assigned
here (the transaction holds the write lock from its first statement), so that
duplicates found later in the same file can be counted on their original.
Claims are few and go in one by one.

A row carrying review fields (an export's) goes in the same way, then its
state, decisions and reviewers (models.ingest.reviewed). A row naming an item
not in yet waits for the end of the file (models.ingest.waiting).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

import orjson
from sqlalchemy import bindparam, insert, select
from sqlalchemy.engine import Connection

from models.ingest.files import StoredFile, store_file
from models.ingest.near import UNMATCHED, NearHint, NearIndex
from models.ingest.rejects import Reject
from models.ingest.review import EvidenceReview
from models.ingest.reviewed import ReviewWriter
from models.ingest.rows import (
    ClaimIn,
    EvidenceIn,
    RowError,
    SourceRow,
    parse_row,
    raw_text,
)
from models.ingest.waiting import WaitingRows
from models.records import ReviewerRecord
from models.tables import Claim, Evidence, EvidenceAlias, ExternalReview, utcnow
from models.text import normalise_text

CHUNK_ROWS = 5_000
NEAR_HISTORY = 20_000  # earlier items of a claim compared for near duplicates
EVIDENCE_COLUMNS = (
    "id", "ext_id", "claim_id", "kind", "source", "url", "url_norm", "text", "published_at", "captured_at",
    "provenance", "content_sha256", "near_dup_of_id", "near_score", "file_sha256", "file_size", "file_type",
    "file_name", "dup_count", "batch_id", "created_at", "outcome", "decided", "note",
)


def _moment_writer(dialect: Any) -> Callable[[datetime | None], Any]:
    """How an aware datetime is bound for this driver, as the UTCDateTime column type binds it."""
    if dialect.name == "sqlite":
        # SQLAlchemy's SQLite storage format, written directly: the type's own
        # processor costs several microseconds a value, a lot at a million rows.
        return lambda value: None if value is None else (
            value.astimezone(timezone.utc).replace(tzinfo=None).isoformat(" ", "microseconds"))
    bind = Evidence.__table__.c.created_at.type.bind_processor(dialect) or (lambda value: value)
    return lambda value: None if value is None else bind(value)


@dataclass(slots=True)
class Counts:
    claims_new: int = 0
    evidence_new: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    unchanged: int = 0
    rejected: int = 0
    decisions: int = 0


COUNT_NAMES = tuple(count.name for count in fields(Counts))


# An evidence row waiting for the next flush: (item, claim id, stored file, line, near hint).
_Pending = tuple[EvidenceIn, int | None, StoredFile | None, int, NearHint]
_NO_FILE = ("", None, "", "")


class Loader(WaitingRows):
    def __init__(
        self, conn: Connection, *, batch_id: int, source: str, on_reject: Callable[[Reject], None],
        reviewer: ReviewerRecord, default_claim: int | None = None, base_dir: Path = Path("."),
        store: Path | None = None, ingested_at: datetime, hinted: bool = False,
    ) -> None:
        self.conn, self.batch_id, self.source, self.on_reject = conn, batch_id, source, on_reject
        self.default_claim, self.base_dir, self.store = default_claim, base_dir, store
        self.counts = Counts()
        self.next_id = conn.exec_driver_sql("SELECT coalesce(max(id), 0) + 1 FROM evidence").scalar_one()
        self.first_id = self.next_id  # items below it were there before this file
        self.claims_by_ext: dict[str, int] = {}
        self.claims_by_text: dict[str, int] | None = None
        self.seen: dict[tuple[int | None, str], int] = {}
        # External id -> the item its row became or was a copy of (None: a waiting row's).
        self.ext_seen: dict[str, int | None] = {}
        self.dup_increments: Counter[int] = Counter()
        self.aliases: list[tuple[str, int]] = []
        self.pending_increments: Counter[int] = Counter()
        self.decided_increments: Counter[int] = Counter()
        self.near = NearIndex()
        self.near_scopes: set[int | None] = set()
        self.buffer: list[_Pending] = []
        self.hinted = hinted  # near duplicates within the file come from the parsing worker
        self.line_ids: dict[int, int] = {}  # file line -> the item its row became, or was a copy of
        dialect = conn.dialect
        self.moment = _moment_writer(dialect)
        self.ingested_at = self.moment(ingested_at)
        self.reviews = ReviewWriter(conn, importer=reviewer, batch_id=batch_id, moment=self.moment,
                                    ingested_at=ingested_at)
        self.found_ids: dict[str, int | None] = {}  # items from before this file, by external id
        self.waiting: list[tuple[_Pending, tuple]] = []  # reviewed rows naming an item not yet in, with values
        self.waiting_ids: set[int] = set()
        self.near_later: list[tuple[int, int, float]] = []  # near duplicates of waiting rows, set once in
        self.raws: dict[int, str | bytes | dict] = {}  # reviewed rows' lines as read, for a late reject
        placeholders = ", ".join("?" if dialect.paramstyle == "qmark" else "%s" for _ in EVIDENCE_COLUMNS)
        self.insert_sql = f"INSERT INTO evidence ({', '.join(EVIDENCE_COLUMNS)}) VALUES ({placeholders})"
        self.copy_sql = f"COPY evidence ({', '.join(EVIDENCE_COLUMNS)}) FROM STDIN"

    # --- rows -------------------------------------------------------------

    def feed(self, row: SourceRow) -> None:
        if row.data is None:
            self._reject(row.line, row.error or "unreadable", row.raw)
            return
        try:
            record = parse_row(row.data)
        except RowError as error:
            self._reject(row.line, str(error), row.raw or raw_text(orjson.dumps(row.data, default=str)))
            return
        self.feed_parsed(row.line, row.raw or row.data, record)

    def feed_parsed(self, line: int, raw: str | bytes | dict, record: ClaimIn | EvidenceIn | RowError,
                    hint: NearHint = None) -> None:
        """A row of `line` parsed elsewhere (`raw`, its text or data, is kept for the rejects file);
        `hint` is the parsing worker's near duplicate for it, as (line, similarity)."""
        try:
            if record.__class__ is EvidenceIn:
                if record.review is not None:
                    self.raws[line] = raw
                self._queue_evidence(record, line, hint)
            elif isinstance(record, RowError):
                raise record
            else:
                self._add_claim(record)
        except RowError as error:
            self._reject(line, str(error), raw)

    def _reject(self, line: int, reason: str, raw: str | bytes | dict) -> None:
        self.counts.rejected += 1
        raw = raw_text(orjson.dumps(raw, default=str) if isinstance(raw, dict) else raw)
        self.on_reject(Reject(self.source, line, reason, raw))

    # --- claims -----------------------------------------------------------

    def claim_by_ext(self, ext_id: str) -> int | None:
        if ext_id not in self.claims_by_ext:
            found = self.conn.execute(select(Claim.id).where(Claim.ext_id == ext_id)).scalar()
            if found is None:
                return None
            self.claims_by_ext[ext_id] = found
        return self.claims_by_ext[ext_id]

    def _add_claim(self, claim: ClaimIn) -> None:
        claim_id = self.claim_by_ext(claim.ext_id) if claim.ext_id else None
        if claim_id is not None:
            self.counts.unchanged += 1
        else:
            claim_id = self._insert_claim(claim)
        for review in claim.reviews:
            self._add_review(claim_id, review)

    def _insert_claim(self, claim: ClaimIn) -> int:
        review = self.reviews.claim_values(claim.review) if claim.review else {"status": "open", "rationale": ""}
        claim_id = self.conn.execute(insert(Claim).values(
            ext_id=claim.ext_id, text=claim.text, claimant=claim.claimant, claim_date=claim.claim_date,
            appearance_url=claim.appearance_url, tags=claim.tags, priority=claim.priority,
            created_at=utcnow(), n_pending=0, n_decided=0, **review,
        )).inserted_primary_key[0]
        if claim.ext_id:
            self.claims_by_ext[claim.ext_id] = claim_id
        if self.claims_by_text is not None:
            self.claims_by_text.setdefault(normalise_text(claim.text), claim_id)
        self.counts.claims_new += 1
        return claim_id

    def _add_review(self, claim_id: int, review: dict) -> None:
        url, publisher = str(review.get("url") or ""), str(review.get("publisher") or "")
        exists = self.conn.execute(select(ExternalReview.id).where(
            ExternalReview.claim_id == claim_id, ExternalReview.url == url, ExternalReview.publisher == publisher,
        )).first()
        if exists is None:
            number = lambda key: float(review[key]) if isinstance(review.get(key), (int, float)) else None  # noqa: E731
            self.conn.execute(insert(ExternalReview).values(
                claim_id=claim_id, publisher=publisher, rating=str(review.get("rating") or ""),
                rating_value=number("rating_value"), best=number("best"), worst=number("worst"), url=url,
                date=str(review.get("date") or ""), language=str(review.get("language") or ""),
                batch_id=self.batch_id,
            ))

    def _claim_for(self, item: EvidenceIn) -> int | None:
        if item.claim_ref:
            claim_id = self.claim_by_ext(item.claim_ref)
            if claim_id is None:
                raise RowError(f'unknown claim "{item.claim_ref[:80]}"')
            return claim_id
        if item.claim_text:
            if self.claims_by_text is None:
                self.claims_by_text = {}
                for claim_id, text in self.conn.execute(select(Claim.id, Claim.text).order_by(Claim.id)):
                    self.claims_by_text.setdefault(normalise_text(text), claim_id)
            found = self.claims_by_text.get(normalise_text(item.claim_text))
            return found if found is not None else self._insert_claim(ClaimIn(ext_id=None, text=item.claim_text))
        return self.default_claim

    # --- evidence ---------------------------------------------------------

    def _queue_evidence(self, item: EvidenceIn, line: int = 0, hint: NearHint = None) -> None:
        claim_id = self._claim_for(item)
        stored = None
        if item.file:
            if self.store is None:
                raise RowError('"file" needs a file store: on a server, a supervisor names a folder every reviewer '
                               'reaches (evidesk config set files.folder /shared/evidesk-files)')
            stored = store_file(self.store, self.base_dir / item.file)
        self.buffer.append((item, claim_id, stored, line, hint))
        if len(self.buffer) >= CHUNK_ROWS:
            self.flush()

    def _existing(self, sql: str, values: list[str]) -> list[tuple]:
        """Rows of `sql` (one IN list, written as {}) for `values`, in chunks the driver accepts.
        Driver SQL, since compiling thousands of bound names costs more than the lookup."""
        if self.first_id == 1 or not values:
            return []  # the table was empty when this file started
        mark = "?" if self.conn.dialect.paramstyle == "qmark" else "%s"
        found = []
        for start in range(0, len(values), 900):
            part = values[start:start + 900]
            found.extend(self.conn.exec_driver_sql(sql.format(", ".join([mark] * len(part))), tuple(part)).all())
        return found

    def _known_ext_ids(self, ext_ids: list[str]) -> set[str]:
        found = self._existing("SELECT ext_id FROM evidence WHERE ext_id IN ({})", ext_ids)
        found += self._existing("SELECT ext_id FROM evidence_alias WHERE ext_id IN ({})", ext_ids)
        return {ext_id for (ext_id,) in found}

    def _look_up_contents(self, rows: list[_Pending]) -> None:
        wanted = list({item.content_sha256 for item, claim_id, *_ in rows
                       if (claim_id, item.content_sha256) not in self.seen})
        for item_id, claim_id, key in self._existing(
            f"SELECT id, claim_id, content_sha256 FROM evidence WHERE id < {int(self.first_id)} "
            "AND content_sha256 IN ({})", wanted,
        ):
            self.seen.setdefault((claim_id, key), item_id)

    def _load_near(self, scope: int | None) -> None:
        self.near_scopes.add(scope)
        if self.first_id == 1:
            return  # the table was empty when this file started
        in_scope = Evidence.claim_id.is_(None) if scope is None else Evidence.claim_id == scope
        for item_id, text in self.conn.execute(
            select(Evidence.id, Evidence.text).where(in_scope, Evidence.id < self.first_id)
            .order_by(Evidence.id.desc()).limit(NEAR_HISTORY)
        ):
            self.near.add(scope, item_id, normalise_text(text), match=False)

    def _near(self, item: EvidenceIn, hint: NearHint, scope: int | None, item_id: int) -> NearHint:
        """The closest earlier text of the claim: among this file's rows (matched here, or
        by the parsing worker) or among the claim's items from before this file."""
        if scope not in self.near_scopes:
            self._load_near(scope)
        if not self.hinted or hint == UNMATCHED:
            return self.near.add(scope, item_id, item.norm_text or normalise_text(item.text))
        found = self.near.match(scope, normalise_text(item.text)) if self.first_id > 1 else None
        if hint is not None and (earlier := self.line_ids.get(hint[0])) is not None:
            if found is None or hint[1] > found[1]:
                found = (earlier, hint[1])
        return found

    def flush(self) -> None:
        rows, self.buffer = self.buffer, []
        if not rows:
            return
        known = self._known_ext_ids([row[0].ext_id for row in rows if row[0].ext_id])
        self._look_up_contents(rows)
        if reviews := [row[0].review for row in rows if row[0].review is not None]:
            self._look_up_names(reviews)
        values, scopes, seen, line_ids, moment = [], [], self.seen, self.line_ids, self.moment
        ext_seen, reviewed = self.ext_seen, []
        constants = (0, self.batch_id, self.ingested_at, "pending", False, "")  # dup_count … note
        for row in rows:
            item, scope, stored, line, hint = row
            if item.ext_id and (item.ext_id in known or item.ext_id in ext_seen):
                self.counts.unchanged += 1
                continue
            original = seen.get((scope, item.content_sha256))
            if original is not None:
                self._copy_of(original, item, line)
                continue
            item_id, self.next_id = self.next_id, self.next_id + 1
            review = item.review
            # A row naming an item not in yet keeps its id and place among the near duplicates,
            # and goes in at the end, once every item it names is known to come.
            waits = review is not None and self._unresolved(review) is not None
            if item.ext_id:
                ext_seen[item.ext_id] = None if waits else item_id
            if not waits:
                seen[(scope, item.content_sha256)] = item_id
            line_ids[line] = item_id
            near = self._near(item, hint, scope, item_id)
            if near is not None:
                self.counts.near_duplicates += 1
                if near[0] in self.waiting_ids:
                    self.near_later.append((item_id, *near))
                    near = None
            value = (
                item_id, item.ext_id, scope, item.kind, item.source, item.url, item.url_norm, item.text,
                moment(item.published_at), moment(item.captured_at), item.provenance, item.content_sha256,
                *(near or (None, None)), *(stored.columns() if stored else review.files if review else _NO_FILE),
                *constants,
            )
            if waits:
                self.waiting.append((row, value))
                self.waiting_ids.add(item_id)
                continue
            scopes.append(scope)
            values.append(value)
            if review is not None:
                reviewed.append((item_id, scope, review))
        self._insert(values, scopes, reviewed)
        if self.raws:
            self.raws = {row[3]: self.raws[row[3]] for row, _ in self.waiting if row[3] in self.raws}

    def _copy_of(self, original: int, item: EvidenceIn, line: int) -> None:
        """Count the row as a duplicate of `original`, which its external id now names."""
        self.line_ids[line] = original
        self.dup_increments[original] += 1
        self.counts.duplicates += 1
        if item.ext_id:
            self.ext_seen[item.ext_id] = original
            self.aliases.append((item.ext_id, original))

    def _insert(self, values: list[tuple], scopes: list[int | None],
                reviewed: list[tuple[int, int | None, EvidenceReview]]) -> None:
        if values and self.conn.dialect.name == "postgresql":
            # COPY: PostgreSQL's bulk path, in the same transaction as the rest of the import.
            with self.conn.connection.driver_connection.cursor() as cursor, cursor.copy(self.copy_sql) as copy:
                for row in values:
                    copy.write_row(row)
        elif values:
            self.conn.exec_driver_sql(self.insert_sql, values)
        if values:
            self.counts.evidence_new += len(values)
            self.pending_increments.update(scope for scope in scopes if scope is not None)
        if reviewed:
            self.reviews.write_items([(item_id, review) for item_id, _, review in reviewed], self._item_of)
            self.decided_increments.update(scope for _, scope, review in reviewed
                                           if scope is not None and review.state.outcome != "pending")

    def finish(self) -> Counts:
        """Write what was deferred: waiting rows, duplicate counts, aliases and claim counts."""
        self.flush()
        if self.waiting:
            self._settle_waiting()
        if self.dup_increments:
            self.conn.execute(
                Evidence.__table__.update().where(Evidence.__table__.c.id == bindparam("item_id"))
                .values(dup_count=Evidence.__table__.c.dup_count + bindparam("more")),
                [{"item_id": item_id, "more": more} for item_id, more in self.dup_increments.items()],
            )
        if self.aliases:
            self.conn.execute(insert(EvidenceAlias), [{"ext_id": ext, "evidence_id": id_} for ext, id_ in self.aliases])
        if self.pending_increments:
            table, decided = Claim.__table__, self.decided_increments
            self.conn.execute(
                table.update().where(table.c.id == bindparam("claim_id")).values(
                    n_pending=table.c.n_pending + bindparam("more"),
                    n_decided=table.c.n_decided + bindparam("decided")),
                [{"claim_id": claim_id, "more": more - decided[claim_id], "decided": decided[claim_id]}
                 for claim_id, more in self.pending_increments.items()],
            )
        self.reviews.finish()
        self.counts.decisions = self.reviews.decisions
        return self.counts
