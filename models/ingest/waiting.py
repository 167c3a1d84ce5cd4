"""Rows whose review fields name an item not in yet (their duplicate_of, in their state or
history): they wait for the end of the file with their ids kept, and go in then if every
item they name has; if not, they are rejected, naming the missing item. Mixed into
models.ingest.loader.Loader, whose maps of items, rejects and inserts they use."""

from __future__ import annotations

from sqlalchemy import update

from models.ingest.review import EvidenceReview
from models.tables import Evidence

NEAR = 12  # where a row's near_dup_of_id is in its values (models.ingest.loader.EVIDENCE_COLUMNS)


class WaitingRows:
    def _look_up_names(self, reviews: list[EvidenceReview]) -> None:
        """Find the items from before this file that these reviews name."""
        wanted = list({ext for review in reviews for _, ext in review.refs
                       if ext not in self.ext_seen and ext not in self.found_ids})
        if not wanted:
            return
        for ext, item_id in self._existing("SELECT ext_id, id FROM evidence WHERE ext_id IN ({})", wanted) + \
                self._existing("SELECT ext_id, evidence_id FROM evidence_alias WHERE ext_id IN ({})", wanted):
            self.found_ids[ext] = item_id
        for ext in wanted:
            self.found_ids.setdefault(ext, None)

    def _item_of(self, ext: str) -> int | None:
        found = self.ext_seen.get(ext)
        return found if found is not None else self.found_ids.get(ext)

    def _unresolved(self, review: EvidenceReview, coming: frozenset[str] = frozenset()) -> tuple[str, str] | None:
        """The first (field, external id) of the review naming an item neither in nor `coming`."""
        return next(((key, ext) for key, ext in review.refs if self._item_of(ext) is None and ext not in coming),
                    None)

    def _settle_waiting(self) -> None:
        """Insert the rows that waited, each once every item it names is in or among them;
        reject the others, naming the missing item."""
        waiting, self.waiting = self.waiting, []
        while True:
            coming = frozenset(row[0].ext_id for row, _ in waiting if row[0].ext_id)
            keep = [(row, value) for row, value in waiting if self._unresolved(row[0].review, coming) is None]
            if len(keep) == len(waiting):
                break
            for row, value in waiting:
                if (missing := self._unresolved(row[0].review, coming)) is not None:
                    self._reject(row[3], f'"{missing[0]}": no item "{missing[1][:80]}" in the file or the database',
                                 self.raws.get(row[3], ""))
                    self._drop_waiting(value)
            waiting = keep
        values, scopes, reviewed = [], [], []
        for (item, scope, _, line, _), value in waiting:
            original = self.seen.get((scope, item.content_sha256))
            if original is not None:  # a later copy of it went in first
                self._copy_of(original, item, line)
                self._drop_waiting(value)
                continue
            self.seen[(scope, item.content_sha256)] = value[0]
            if item.ext_id:
                self.ext_seen[item.ext_id] = value[0]
            values.append(value)
            scopes.append(scope)
            reviewed.append((value[0], scope, item.review))
        self.waiting_ids.difference_update(value[0] for value in values)
        self._insert(values, scopes, reviewed)
        gone = self.waiting_ids
        for item_id, near_id, score in self.near_later:
            if item_id in gone or near_id in gone:
                self.counts.near_duplicates -= 1
            else:
                self.conn.execute(update(Evidence).where(Evidence.id == item_id)
                                  .values(near_dup_of_id=near_id, near_score=score))

    def _drop_waiting(self, value: tuple) -> None:
        """A waiting row that does not go in is no item's near duplicate either."""
        if value[NEAR] is not None:
            self.counts.near_duplicates -= 1
