"""The supervisor's decision list: one line per decision, in time order, in a virtual list."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content

from models.decision_window import DecisionLine
from models.desk import Desk
from models.filters import QueueFilter
from tui.format import OUTCOME_STYLE, clip, column, state_label
from tui.widgets.virtual_list import VirtualList, movement_bindings


@dataclass(frozen=True)
class DecisionSource:
    """The decisions a filter keeps (with `spot_checks`, only the spot-check queue's), read
    with WHERE clauses made once, so that relative times hold still while the list is shown."""

    desk: Desk
    clauses: list
    reads_in_background: bool  # a filter may scan far for a page

    @classmethod
    def of(cls, desk: Desk, queue_filter: QueueFilter, spot_checks: bool = False,
           disputes: bool = False) -> DecisionSource:
        return cls(desk, desk.decision_clauses(queue_filter, spot_checks, disputes),
                   bool(queue_filter) or spot_checks or disputes)

    def count(self) -> int:
        return self.desk.decision_count(self.clauses)

    def after(self, key: tuple[int] | None, limit: int) -> tuple[DecisionLine, ...]:
        return self.desk.decisions_after(self.clauses, key[0] if key else None, limit)

    def before(self, key: tuple[int], limit: int) -> tuple[DecisionLine, ...]:
        return self.desk.decisions_before(self.clauses, key[0], limit)

    def at(self, start: int, limit: int, count: int) -> tuple[DecisionLine, ...]:
        return self.desk.decisions_at(self.clauses, start, limit)

    def position(self, decision_id: int) -> int | None:
        return self.desk.decision_position(self.clauses, decision_id)


def decision_prompt(line: DecisionLine) -> Content:
    what = line.action if line.action in ("grade", "note", "undo", "override") else state_label(
        line.outcome, line.stance)
    if line.action == "override":
        what = f"override → {state_label(line.outcome, line.stance)}"
    claim = "inbox" if line.claim_id is None else f"claim #{line.claim_id}"
    return Content.assemble(
        (f"{line.at:%Y-%m-%d %H:%M:%S}  ", "$text-muted"), column(line.reviewer, 12).stylize("bold"), " ",
        (f"{what:<24}", OUTCOME_STYLE.get(line.outcome, "")), f" #{line.evidence_id:<7} {claim:<10} ",
        clip(line.excerpt, 200),
    )


class DecisionList(VirtualList[DecisionLine]):
    BINDINGS = movement_bindings("decisions")

    def draw_line(self, row: DecisionLine, line: int, width: int) -> Content:
        return decision_prompt(row)
