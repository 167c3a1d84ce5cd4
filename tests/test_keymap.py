"""The user's keymap (`$XDG_CONFIG_HOME/evidesk/keymap.toml`): a remapped key acts, the
footer and the help screen show it, and a collision, an unknown action or a key that is
no key stops evidesk before it starts with one line naming them (exit 2)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from apptools import SIZE, footer_text, rendered, rows
from cli_run import evidesk, one_line_error
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widgets import Static

import tui
from models.user_config import ConfigProblem
from tui.app import EvideskApp
from tui.keymap import known_ids, load_keymap
from tui.screenshots.keymap_table import README, with_table


@pytest.fixture
def keymap_file(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    folder = tmp_path / "config" / "evidesk"
    folder.mkdir(parents=True)
    return folder / "keymap.toml"


async def test_a_remapped_key_decides_and_the_footer_and_help_show_it(demo_db, keymap_file):
    keymap_file.write_text('[keys]\nsupports = "w"\nrefutes = "ctrl+r"\nsearch = "?"\nhelp = "f1,h"\n',
                           encoding="utf-8")
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = footer_text(app.screen)
        assert "w Supports" in footer and "^r Refutes" in footer and "s Supports" not in footer
        assert app.key_for("supports") == "w" and app.key_for("undo") == "u"  # what toasts name
        await pilot.press("s")  # no longer bound
        await pilot.pause()
        assert rows(demo_db, "SELECT count(*) FROM decision") == [(0,)]
        await pilot.press("w", "ctrl+r")
        await pilot.pause()
        assert rows(demo_db, "SELECT action FROM decision ORDER BY id") == [("supports",), ("refutes",)]
        await pilot.press("h")
        await pilot.pause()
        help_text = "\n".join(rendered(static) for static in app.screen.query(Static))
        assert any(line.split()[:2] == ["w", "Supports"] and line.split()[-1] == "supports"
                   for line in help_text.splitlines())
        assert any(line.split()[:2] == ["?", "Search"] for line in help_text.splitlines())


@pytest.mark.parametrize(("written", "expected"), [
    ('[keys]\nsupports = "s"\nreject = "s"\n', "line 3: key 's' is bound to both reject and supports in the evidence queue"),
    ('[keys]\nsupports = "1"\n', "line 2: key '1' is bound to both supports and grade.1 in the evidence queue"),
    ('[keys]\nnote = "slash"\n', "line 2: key 'slash' is bound to both note and search in the evidence queue"),
    ('[keys]\n\nsuports = "w"\n', "line 3: unknown action 'suports'; did you mean 'supports'?"),
    ('[keys]\nundo = "sapce"\n', "line 2: undo: 'sapce' is not a key name"),
    ('[keys]\nundo = "crtl+z"\n', "line 2: undo: 'crtl+z' is not a key"),
    ('[keys]\nundo = 5\n', 'line 2: undo must be a key in quotes'),
    ('supports = "w"\n', "line 1: unknown table or key 'supports' (bindings go under [keys])"),
    ('[keys\n', "at line 1"),
])
def test_a_wrong_keymap_is_named_with_its_line(keymap_file, written, expected):
    keymap_file.write_text(written, encoding="utf-8")
    with pytest.raises(ConfigProblem) as refused:
        load_keymap()
    assert str(refused.value).startswith(f"keymap {keymap_file}") and expected in str(refused.value)
    assert "\n" not in str(refused.value) and refused.value.exit_code == 2


def test_a_wrong_keymap_stops_evidesk_before_it_starts(demo_db, keymap_file):
    keymap_file.write_text('[keys]\nsupports = "s"\nreject = "s"\n', encoding="utf-8")
    result = evidesk("--db", str(demo_db), timeout=30)  # the workstation never starts
    assert result.returncode == 2 and one_line_error(result) == (
        f"evidesk: keymap {keymap_file} line 3: key 's' is bound to both reject and supports in the evidence queue")


def test_swapping_two_keys_is_no_collision(keymap_file):
    keymap_file.write_text('[keys]\nsupports = "r"\nrefutes = "s"\n', encoding="utf-8")
    assert load_keymap() == {"supports": "r", "refutes": "s"}


def test_no_keymap_file_is_the_default_keys(keymap_file):
    assert load_keymap() == {}


async def test_the_palette_key_can_move_too(demo_db, keymap_file):
    keymap_file.write_text('[keys]\npalette = "f2"\n', encoding="utf-8")
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert type(app.screen).__name__ == "CommandPalette"


def test_every_binding_of_the_app_can_be_remapped():
    """Each binding with an id, on any screen or widget of tui/, is in a place the keymap checks."""
    for path in Path(tui.__file__).parent.rglob("*.py"):
        if "screenshots" not in path.parts and path.name != "__main__.py":
            importlib.import_module(".".join(path.relative_to(Path(tui.__file__).parent.parent).with_suffix("").parts))
    declared = {binding.id for node in _subclasses(DOMNode) if node.__module__.startswith("tui.")
                for binding in node.__dict__.get("BINDINGS", []) if isinstance(binding, Binding) and binding.id}
    assert len(declared) > 60 and declared <= known_ids(), declared - known_ids()


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    return found.union(*(_subclasses(sub) for sub in found)) if found else found


def test_the_readme_keymap_table_is_current():
    """`python -m tui.screenshots` writes it; a new or changed binding needs it run again."""
    readme = README.read_text(encoding="utf-8")
    assert with_table(readme) == readme
    assert "| `supports` | `s` | evidence queue |" in readme
