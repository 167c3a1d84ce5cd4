"""The Desk: one reviewer's handle on one database, as the app and the CLI use it.

It binds the engine and the reviewer so that callers name only what changes;
every method is one of the plain functions in triage, claims and queries.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, TypeVar

from sqlalchemy import false
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from models import (
    bulk,
    claim_search,
    claim_window,
    claims,
    decision_window,
    detail,
    leases,
    places,
    queries,
    queue_window,
    roles,
    saved_views,
    settings,
    supervision,
    triage,
    verdicts,
    views,
)
from models.database import database_problem, open_database
from models.decision_window import DecisionLine
from models.filters import QueueFilter
from models.records import ClaimRow, EvidenceDetail, QueuePage, QueueRow, ReviewerRecord
from models.reviewers import default_reviewer_name, ensure_reviewer
from models.second_review import Version
from models.tables import Decision
from models.triage import Applied
from models.vocab import Action, Role

if TYPE_CHECKING:
    from models.ingest.importer import ImportOptions, ImportSummary

T = TypeVar("T")


def _guarded(method: Callable[..., T]) -> Callable[..., T]:
    """Driver errors (a locked, read-only or vanished database) become one-line DatabaseProblems."""

    @functools.wraps(method)
    def call(self: Desk, *args: Any, **kwargs: Any) -> T:
        try:
            return method(self, *args, **kwargs)
        except DBAPIError as error:
            raise database_problem(error, f"cannot {method.__name__.replace('_', ' ')}") from None

    return call


@dataclass(frozen=True)
class Desk:
    engine: Engine
    reviewer: ReviewerRecord

    @classmethod
    def open(cls, db: str | os.PathLike[str] | None, reviewer: str | None = None) -> Desk:
        engine = open_database(db)
        return cls(engine, ensure_reviewer(engine, reviewer or default_reviewer_name()))

    @property
    def location(self) -> str:
        """The database as a person would name it: a file path or a URL without password."""
        url = self.engine.url
        return url.database if url.get_backend_name() == "sqlite" else url.render_as_string(hide_password=True)

    # reading
    @_guarded
    def claims(self) -> list[ClaimRow]:
        return queries.list_claims(self.engine)

    @_guarded
    def claim(self, claim_id: int | None) -> ClaimRow:
        return queries.claim_row(self.engine, claim_id)

    @_guarded
    def claim_list_count(self) -> int:
        return claim_window.claim_list_count(self.engine)

    @_guarded
    def claim_list_after(self, key: tuple[int, int] | None, limit: int) -> tuple[ClaimRow, ...]:
        return claim_window.claim_list_after(self.engine, key, limit)

    @_guarded
    def claim_list_before(self, key: tuple[int, int], limit: int) -> tuple[ClaimRow, ...]:
        return claim_window.claim_list_before(self.engine, key, limit)

    @_guarded
    def claim_list_at(self, start: int, limit: int) -> tuple[ClaimRow, ...]:
        return claim_window.claim_list_at(self.engine, start, limit)

    @_guarded
    def claim_list_position(self, claim_id: int | None) -> int | None:
        return claim_window.claim_list_position(self.engine, claim_id)

    @_guarded
    def first_claim_with_pending(self) -> int | None:
        return claim_window.first_claim_with_pending(self.engine)

    @_guarded
    def queue_page(self, claim_id: int | None, after: tuple[bool, int] | None = None, limit: int = 100) -> QueuePage:
        return queries.queue_page(self.engine, claim_id, after, limit)

    @_guarded
    def queue_count(self, claim_id: int | None) -> int:
        return queue_window.queue_count(self.engine, claim_id)

    @_guarded
    def queue_rows_at(self, claim_id: int | None, start: int, limit: int, count: int) -> tuple[QueueRow, ...]:
        return queue_window.queue_rows_at(self.engine, claim_id, start, limit, count)

    @_guarded
    def queue_rows_before(self, claim_id: int | None, key: tuple[bool, int], limit: int) -> tuple[QueueRow, ...]:
        return queue_window.queue_rows_before(self.engine, claim_id, key, limit)

    @_guarded
    def queue_position(self, claim_id: int | None, evidence_id: int) -> int | None:
        return queue_window.queue_position(self.engine, claim_id, evidence_id)

    @_guarded
    def view_count(self, view: views.View) -> int:
        views.unknown_reviewers(self.engine, view)
        return views.view_count(self.engine, view)

    @_guarded
    def view_after(self, view: views.View, after_id: int | None, limit: int) -> tuple[QueueRow, ...]:
        return views.view_after(self.engine, view, after_id, limit)

    @_guarded
    def view_before(self, view: views.View, before_id: int, limit: int) -> tuple[QueueRow, ...]:
        return views.view_before(self.engine, view, before_id, limit)

    @_guarded
    def view_at(self, view: views.View, start: int, limit: int) -> tuple[QueueRow, ...]:
        return views.view_at(self.engine, view, start, limit)

    @_guarded
    def view_position(self, view: views.View, evidence_id: int) -> int | None:
        return views.view_position(self.engine, view, evidence_id)

    @_guarded
    def saved_views(self) -> list[saved_views.SavedViewRow]:
        return saved_views.saved_views(self.engine)

    @_guarded
    def save_view(self, name: str, filter_text: str, search_text: str = "") -> saved_views.SavedViewRow:
        return saved_views.save_view(self.engine, self.reviewer, name, filter_text, search_text)

    @_guarded
    def delete_view(self, name: str) -> None:
        saved_views.delete_view(self.engine, self.reviewer, name)

    @_guarded
    def queue_row(self, evidence_id: int) -> QueueRow:
        return queries.queue_row(self.engine, evidence_id)

    @_guarded
    def detail(self, evidence_id: int) -> EvidenceDetail:
        return detail.evidence_detail(self.engine, evidence_id, self._blind_for())

    @_guarded
    def next_pending(self, claim_id: int | None, after_id: int | None) -> int | None:
        """The next item for this reviewer: pending and leased to them (models.leases), or
        under second review, one they have not decided yet."""
        if self.review_policy().independent:
            return queries.next_pending(self.engine, claim_id, after_id, self.reviewer.id)
        return leases.lease_next(self.engine, self.reviewer, claim_id, after_id)

    @_guarded
    def review_policy(self) -> settings.ReviewPolicy:
        with self.engine.connect() as conn:
            return settings.review_policy(conn)

    def _blind_for(self) -> int | None:
        """This reviewer's id when blind review hides others' decisions from them."""
        if self.reviewer.role == Role.SUPERVISOR or not self.review_policy().blind:
            return None
        return self.reviewer.id

    @_guarded
    def find_claims(self, typed: str, limit: int = 20) -> list[ClaimRow]:
        return claim_search.find_claims(self.engine, typed, limit)

    @_guarded
    def evidence_choices(self, claim_id: int | None, exclude: int) -> list[tuple[int, str]]:
        return queries.evidence_choices(self.engine, claim_id, exclude)

    # triage
    @_guarded
    def decide(self, evidence_id: int, action: Action | str, *, duplicate_of: int | None = None,
               seconds_on_screen: float | None = None, shown_changes: int | None = None,
               lease_next: bool = False) -> Applied:
        return triage.decide(self.engine, self.reviewer, evidence_id, action, duplicate_of=duplicate_of,
                             seconds_on_screen=seconds_on_screen, shown_changes=shown_changes, lease_next=lease_next)

    @_guarded
    def grade(self, evidence_id: int, *, reliability: str | None = None, credibility: str | None = None) -> Applied:
        return triage.set_grade(self.engine, self.reviewer, evidence_id, reliability=reliability, credibility=credibility)

    @_guarded
    def note(self, evidence_id: int, text: str) -> Applied:
        return triage.add_note(self.engine, self.reviewer, evidence_id, text)

    @_guarded
    def decide_many(self, marked: Mapping[int, int | None], action: Action | str, *,
                    duplicate_of: int | None = None) -> list[Applied]:
        return bulk.decide_many(self.engine, self.reviewer, marked, action, duplicate_of=duplicate_of)

    @_guarded
    def place(self) -> places.Place | None:
        return places.place_of(self.engine, self.reviewer)

    @_guarded
    def save_place(self, place: places.Place) -> None:
        places.save_place(self.engine, self.reviewer, place)

    @_guarded
    def undo(self) -> Applied | None:
        return triage.undo_last(self.engine, self.reviewer)

    # claims
    @_guarded
    def add_claim(self, text: str, *, claimant: str = "", claim_date: date | None = None,
                  from_evidence: int | None = None) -> int:
        return claims.add_claim(self.engine, self.reviewer, text, claimant=claimant, claim_date=claim_date,
                                from_evidence=from_evidence)

    @_guarded
    def link(self, evidence_id: int, claim_id: int) -> ClaimRow:
        return claims.link_evidence(self.engine, self.reviewer, evidence_id, claim_id)

    @_guarded
    def set_verdict(self, claim_id: int, verdict: str, rationale: str) -> ClaimRow:
        return claims.set_verdict(self.engine, self.reviewer, claim_id, verdict, rationale)

    @_guarded
    def propose_verdict(self, claim_id: int, verdict: str, rationale: str) -> ClaimRow:
        return verdicts.propose_verdict(self.engine, self.reviewer, claim_id, verdict, rationale)

    @_guarded
    def verdict_case(self, claim_id: int) -> verdicts.VerdictCase:
        """The claim's evidence for and against, its proposal and the suggested verdict."""
        return verdicts.verdict_case(self.engine, claim_id)

    # supervision
    @_guarded
    def decision_clauses(self, queue_filter: QueueFilter, spot_checks: bool = False, disputes: bool = False) -> list:
        """What the supervisor's list shows, as WHERE clauses: a filter over decisions,
        with `spot_checks` only those in the spot-check queue, with `disputes` only the
        calls on disputed items."""
        clauses = decision_window.decision_conditions(queue_filter, self.reviewer.name)
        if self._blind_for() is not None:
            clauses.append(Decision.reviewer_id == self.reviewer.id)  # blind review: one's own only
        if spot_checks:
            chosen = settings.spot_checked(self.engine)
            clauses.append(chosen if chosen is not None else false())
        if disputes:
            clauses.append(supervision.on_disputed_items())
        return clauses

    @_guarded
    def decision_count(self, clauses: list) -> int:
        return decision_window.decision_count(self.engine, clauses)

    @_guarded
    def decisions_after(self, clauses: list, after_id: int | None, limit: int) -> tuple[DecisionLine, ...]:
        return decision_window.decisions_after(self.engine, clauses, after_id, limit)

    @_guarded
    def decisions_before(self, clauses: list, before_id: int, limit: int) -> tuple[DecisionLine, ...]:
        return decision_window.decisions_before(self.engine, clauses, before_id, limit)

    @_guarded
    def decisions_at(self, clauses: list, start: int, limit: int) -> tuple[DecisionLine, ...]:
        return decision_window.decisions_at(self.engine, clauses, start, limit)

    @_guarded
    def decision_position(self, clauses: list, decision_id: int) -> int | None:
        return decision_window.decision_position(self.engine, clauses, decision_id)

    # settings
    @_guarded
    def setting(self, key: str) -> str:
        return settings.get_setting(self.engine, key)

    @_guarded
    def settings(self) -> dict[str, str]:
        return settings.list_settings(self.engine)

    @_guarded
    def set_setting(self, key: str, value: str) -> str:
        return settings.set_setting(self.engine, self.reviewer, key, value)

    @_guarded
    def override(self, evidence_id: int, action: Action | str, reason: str, *,
                 duplicate_of: int | None = None) -> Applied:
        return supervision.override(self.engine, self.reviewer, evidence_id, action, reason, duplicate_of=duplicate_of)

    @_guarded
    def adjudication_queue(self) -> tuple[int, list[int]]:
        return supervision.adjudication_queue(self.engine)

    @_guarded
    def versions(self, evidence_id: int) -> list[Version]:
        return supervision.item_versions(self.engine, evidence_id)

    @_guarded
    def adjudicate(self, evidence_id: int, decision_id: int, reason: str = "") -> Applied:
        return supervision.adjudicate(self.engine, self.reviewer, evidence_id, decision_id, reason)

    @_guarded
    def confirm(self, decision_id: int, note: str = "") -> None:
        supervision.confirm(self.engine, self.reviewer, decision_id, note)

    @_guarded
    def seal_claim(self, claim_id: int, reason: str = "") -> ClaimRow:
        return supervision.seal_claim(self.engine, self.reviewer, claim_id, reason)

    @_guarded
    def reopen_claim(self, claim_id: int, reason: str) -> ClaimRow:
        return supervision.reopen_claim(self.engine, self.reviewer, claim_id, reason)

    # reviewers
    @_guarded
    def reviewers(self) -> list[ReviewerRecord]:
        return roles.list_reviewers(self.engine)

    @_guarded
    def add_reviewer(self, name: str, role: str = "reviewer") -> ReviewerRecord:
        return roles.add_reviewer(self.engine, self.reviewer, name, role)

    @_guarded
    def stored_file(self, sha256: str) -> Path | None:
        """Where a captured file is kept, when this database has a file store."""
        from models.ingest.files import file_store, stored_path

        folder = file_store(self.engine)
        return stored_path(folder, sha256) if folder is not None else None

    def import_file(self, path: str | Path, options: ImportOptions | None = None,
                    summary: ImportSummary | None = None) -> ImportSummary:
        from models.ingest.importer import (  # not needed to open the screen
            ImportOptions,
            import_path,
        )

        return import_path(self.engine, self.reviewer, path, options=options or ImportOptions(), summary=summary)
