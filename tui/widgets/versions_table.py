"""Reviewers' versions of one item side by side: a column per reviewer, a row per field."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from models.second_review import Version
from models.text import visible
from tui.format import grade_label, moment, state_label


def versions_table(versions: list[Version]) -> Table:
    table = Table(box=None, padding=(0, 2), show_edge=False, expand=False)
    table.add_column("")
    for number, version in enumerate(versions, 1):
        # A reviewer's name is outside text: Text, never markup.
        table.add_column(Text(f"{number} · {visible(version.reviewer, single_line=True)}", style="bold"))
    rows = {
        "call": [state_label(v.state.outcome, v.state.stance)
                 + (f" of #{v.state.duplicate_of_id}" if v.state.duplicate_of_id else "") for v in versions],
        "grade": [grade_label(v.state.reliability, v.state.credibility).strip() or "-" for v in versions],
        "note": [visible(v.state.note) or "-" for v in versions],
        "when": [moment(v.at) for v in versions],
    }
    for label, cells in rows.items():
        table.add_row(Text(label, style="dim"), *(Text(cell) for cell in cells))
    return table


class VersionsTable(Static):
    """Hidden until an item has versions to compare."""

    DEFAULT_CSS = "VersionsTable { height: auto; padding: 0 1; display: none; }"

    def show_versions(self, versions: list[Version]) -> None:
        self.display = bool(versions)
        if versions:
            self.update(versions_table(versions))
