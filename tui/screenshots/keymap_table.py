"""The README's keymap table, written between its two markers from the bindings themselves."""

from __future__ import annotations

from pathlib import Path

from tui.keymap import keymap_table

README = Path(__file__).parents[2] / "README.md"
START = "<!-- keymap table: python -m tui.screenshots writes it -->"
END = "<!-- end of the keymap table -->"


def with_table(readme: str) -> str:
    """The README's text with the current table between the markers."""
    before, rest = readme.split(START, 1)
    _old, after = rest.split(END, 1)
    return f"{before}{START}\n{keymap_table()}\n{END}{after}"


def write_table() -> Path:
    README.write_text(with_table(README.read_text(encoding="utf-8")), encoding="utf-8")
    return README
