"""Named views a desk keeps: a filter and searched words under a name, shared by
everyone on the database. Saving under a name in use replaces that view."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models.audit import record_event
from models.errors import InvalidValue, NotFound
from models.filters import parse_filter
from models.records import ReviewerRecord
from models.tables import SavedView

MAX_NAME = 60


@dataclass(frozen=True, slots=True)
class SavedViewRow:
    name: str
    filter: str
    search: str

    @property
    def label(self) -> str:
        parts = [self.filter, f"“{self.search}”" if self.search else ""]
        return f"{self.name} — {' '.join(part for part in parts if part)}"


def _row(view: SavedView) -> SavedViewRow:
    return SavedViewRow(view.name, view.filter, view.search)


def save_view(engine: Engine, reviewer: ReviewerRecord, name: str, filter_text: str, search: str = "") -> SavedViewRow:
    name, search = " ".join(name.split()), " ".join(search.split())
    if not name:
        raise InvalidValue("a saved view needs a name")
    if len(name) > MAX_NAME:
        raise InvalidValue(f"a view's name may be at most {MAX_NAME} characters")
    canonical = str(parse_filter(filter_text))
    if not canonical and not search:
        raise InvalidValue("nothing to save: the view has no filter and no search")
    with Session(engine) as session:
        view = session.get(SavedView, name)
        before = None if view is None else {"filter": view.filter, "search": view.search}
        if view is None:
            view = SavedView(name=name)
        view.filter, view.search, view.created_by_id = canonical, search, reviewer.id
        session.add(view)
        record_event(session, actor=reviewer.name, action="view.save", entity="saved_view", entity_id=name,
                     before=before, after={"filter": canonical, "search": search})
        session.commit()
        return _row(view)


def saved_views(engine: Engine) -> list[SavedViewRow]:
    with Session(engine) as session:
        return [_row(view) for view in session.exec(select(SavedView).order_by(SavedView.name))]


def delete_view(engine: Engine, reviewer: ReviewerRecord, name: str) -> None:
    with Session(engine) as session:
        view = session.get(SavedView, name)
        if view is None:
            raise NotFound(f"no saved view named {name!r}")
        record_event(session, actor=reviewer.name, action="view.delete", entity="saved_view", entity_id=name,
                     before={"filter": view.filter, "search": view.search})
        session.delete(view)
        session.commit()
