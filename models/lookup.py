"""Fetching one row by id, or a clear NotFound naming what was asked for."""

from __future__ import annotations

from typing import TypeVar

from sqlmodel import Session, SQLModel

from models.errors import NotFound

Row = TypeVar("Row", bound=SQLModel)


def get_or_fail(session: Session, model: type[Row], row_id: object, what: str) -> Row:
    row = session.get(model, row_id)
    if row is None:
        raise NotFound(f"no {what} with id {row_id}")
    return row
