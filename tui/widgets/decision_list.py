"""The supervisor's decision list: one line per decision, in time order, in a virtual list."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content

from models.decision_window import DecisionLine
from models.desk import Desk
from models.filters import QueueFilter
from tui.format import OUTCOME_STYLE, clip, state_label
from tui.widgets.virtual_list import VirtualList, movement_bindings


@dataclass(frozen=True)
class DecisionSource:
    desk: Desk
    queue_filter: QueueFilter

    @property
    def reads_in_background(self) -> bool:
        return bool(self.queue_filter)  # a filter may scan far for a page

    def after(self, key: tuple[int] | None, limit: int) -> tuple[DecisionLine, ...]:
        return self.desk.decisions_after(self.queue_filter, key[0] if key else None, limit)

    def before(self, key: tuple[int], limit: int) -> tuple[DecisionLine, ...]:
        return self.desk.decisions_before(self.queue_filter, key[0], limit)

    def at(self, start: int, limit: int, count: int) -> tuple[DecisionLine, ...]:
        return self.desk.decisions_at(self.queue_filter, start, limit)

    def position(self, decision_id: int) -> int | None:
        return self.desk.decision_position(self.queue_filter, decision_id)


def decision_prompt(line: DecisionLine) -> Content:
    what = line.action if line.action in ("grade", "note", "undo", "override") else state_label(
        line.outcome, line.stance)
    if line.action == "override":
        what = f"override → {state_label(line.outcome, line.stance)}"
    claim = "inbox" if line.claim_id is None else f"claim #{line.claim_id}"
    return Content.assemble(
        (f"{line.at:%Y-%m-%d %H:%M:%S}  ", "dim"), (f"{clip(line.reviewer, 12):<12} ", "bold"),
        (f"{what:<24}", OUTCOME_STYLE.get(line.outcome, "")), f" #{line.evidence_id:<7} {claim:<10} ",
        clip(line.excerpt, 200),
    )


class DecisionList(VirtualList[DecisionLine]):
    BINDINGS = movement_bindings("decisions")

    def draw_line(self, row: DecisionLine, line: int, width: int) -> Content:
        return decision_prompt(row)
