"""The user's keymap: `<user config dir>/keymap.toml` (platformdirs:
`$XDG_CONFIG_HOME/evidesk/keymap.toml` on Linux) remaps any binding by its id,
the one the help screen shows:

    [keys]
    supports = "1"
    refutes = "2"
    search = "ctrl+f,slash"

It is checked before the app starts: an unknown id, a key name that is no key,
or one key bound to two actions in the same place stops evidesk with one line
naming the file, the line, the key and both actions (exit 2). A missing file is
the default keys.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import Keys, _character_to_key, format_key

from models.user_config import ConfigProblem, config_dir, line_of, read_toml

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
# Textual's key names: its named keys, and the names of printable characters ("slash").
_NAMED_KEYS = frozenset(key.value for key in Keys if not key.value.startswith("<")) | {_character_to_key(chr(code)) for code in range(32, 127)}


def keymap_path() -> Path:
    return config_dir() / "keymap.toml"


@dataclass(frozen=True, slots=True)
class Place:
    """Nodes whose bindings are live together: a focused widget, its screen, the app."""

    name: str
    nodes: tuple[type[DOMNode], ...]


def places() -> list[Place]:
    """Every place a key can act in. A test checks that each binding id of the app is in one."""
    from tui.app import EvideskApp
    from tui.modals.export_dialog import ExportDialog
    from tui.modals.help import HelpScreen
    from tui.modals.line_prompt import LinePrompt
    from tui.modals.new_claim import NewClaimModal
    from tui.modals.picker import PickerModal
    from tui.modals.verdict import VerdictModal
    from tui.screens.review import ReviewScreen
    from tui.screens.stats import StatsScreen
    from tui.screens.supervisor import SupervisorScreen
    from tui.widgets.claim_list import ClaimList
    from tui.widgets.decision_list import DecisionList
    from tui.widgets.detail_view import DetailView
    from tui.widgets.evidence_queue import EvidenceQueue
    from tui.widgets.search_bar import FilterBar, SearchBar

    app = EvideskApp
    return [
        Place("the evidence queue", (EvidenceQueue, ReviewScreen, app)),
        Place("the claim list", (ClaimList, ReviewScreen, app)),
        Place("the detail view", (DetailView, ReviewScreen, app)),
        Place("the search bar", (SearchBar, ReviewScreen, app)),
        Place("the filter bar", (FilterBar, ReviewScreen, app)),
        Place("the decision log", (DecisionList, SupervisorScreen, app)),
        Place("the decision log's item", (DetailView, SupervisorScreen, app)),
        Place("the stats screen", (StatsScreen, app)),
        Place("the help screen", (HelpScreen, app)),
        *(Place("a dialog", (modal, app))
          for modal in (ExportDialog, LinePrompt, NewClaimModal, PickerModal, VerdictModal)),
    ]


def bindings_in(node: type[DOMNode]) -> list[Binding]:
    """The node class's own and inherited bindings, one entry per key."""
    return [binding for _key, binding in node._merge_bindings()]


@functools.cache
def default_keys() -> dict[str, str]:
    """Binding id → its default keys, as Textual spells them ("down,j")."""
    keys: dict[str, list[str]] = {}
    for place in places():
        for node in place.nodes:
            for binding in bindings_in(node):
                if binding.id is not None and binding.key not in keys.setdefault(binding.id, []):
                    keys[binding.id].append(binding.key)
    return {binding_id: ",".join(found) for binding_id, found in keys.items()}


def known_ids() -> set[str]:
    return set(default_keys())


def key_problem(keys: str) -> str | None:
    """Why `keys` ("ctrl+f,slash", "?") is not a key list Textual can bind, or None."""
    for key in keys.split(","):
        key = key.strip()
        *modifiers, name = key.split("+") if len(key) > 1 else [key]
        if not name or any(modifier not in MODIFIERS for modifier in modifiers):
            return f"{key!r} is not a key"
        if len(name) > 1 and name not in _NAMED_KEYS:
            return f"{key!r} is not a key name (such as x, X, ctrl+x, f5, slash, space, escape)"
    return None


def normalized(keys: str) -> str:
    """Textual's spelling of a key list: "?" is "question_mark"."""
    return ",".join(_character_to_key(key) if len(key) == 1 else key
                    for key in (key.strip() for key in keys.split(",")))


def _actions_by_key(node: type[DOMNode], keymap: dict[str, str]) -> dict[str, set[tuple[str, bool]]]:
    """key → {(binding id or action, whether the keymap put it there)} for one node."""
    found: dict[str, set[tuple[str, bool]]] = {}
    for binding in bindings_in(node):
        name = binding.id or binding.action
        moved = binding.id in keymap
        for key in keymap[binding.id].split(",") if moved else [binding.key]:
            found.setdefault(key, set()).add((name, moved))
    return found


def collision(keymap: dict[str, str]) -> tuple[str, str, str, str] | None:
    """(key, moved binding, the other binding, place) for the first key the keymap binds to
    two actions in one place (a widget's key hides its screen's, so both count), or None."""
    for place in places():
        seen: dict[str, set[tuple[str, bool]]] = {}
        for node in place.nodes:
            for key, names in _actions_by_key(node, keymap).items():
                seen.setdefault(key, set()).update(names)
        for key, names in seen.items():
            ids = {name for name, _ in names}
            moved = sorted(name for name, was_moved in names if was_moved)
            if len(ids) > 1 and moved:
                other = sorted(ids - {moved[0]})[0]
                return key, moved[0], other, place.name
    return None


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """The keymap file's bindings (id → Textual key list), checked; {} when there is none."""
    path = path or keymap_path()
    found = read_toml(path, "keymap", named=False)
    if found is None:
        return {}
    text, document = found
    unknown = set(document) - {"keys"}
    if unknown:
        name = sorted(unknown)[0]
        raise ConfigProblem(f"keymap {path} line {line_of(text, name)}: unknown table or key {name!r} "
                            "(bindings go under [keys])")
    table = document.get("keys", {})
    if not isinstance(table, dict):
        raise ConfigProblem(f"keymap {path} line {line_of(text, 'keys')}: keys must be a table, [keys]")
    ids = known_ids()
    keymap: dict[str, str] = {}
    for binding_id, keys in table.items():
        where = f"keymap {path} line {line_of(text, binding_id)}"
        if binding_id not in ids:
            raise ConfigProblem(f"{where}: unknown action {binding_id!r}{_suggestion(binding_id, ids)}")
        if not isinstance(keys, str) or not keys.strip():
            raise ConfigProblem(f'{where}: {binding_id} must be a key in quotes, such as "x" or "ctrl+x"')
        if (problem := key_problem(keys)) is not None:
            raise ConfigProblem(f"{where}: {binding_id}: {problem}")
        keymap[binding_id] = normalized(keys)
    if (clash := collision(keymap)) is not None:
        key, moved, other, place = clash
        raise ConfigProblem(f"keymap {path} line {line_of(text, moved)}: key {key!r} is bound to both "
                            f"{moved} and {other} in {place}")
    return keymap


def _suggestion(name: str, ids: set[str]) -> str:
    from rapidfuzz import process

    best = process.extractOne(name, sorted(ids), score_cutoff=70)
    hint = f"; did you mean {best[0]!r}?" if best else ""
    return f"{hint} (the ids are those the help screen, ?, shows)"


_WHERE = {"EvidenceQueue": "evidence queue", "ClaimList": "claim list", "DetailView": "detail view",
          "ReviewScreen": "review screen", "SearchBar": "search bar", "FilterBar": "filter bar",
          "DecisionList": "decision log", "SupervisorScreen": "decision log", "StatsScreen": "stats screen",
          "HelpScreen": "help screen", "EvideskApp": "everywhere"}


def keymap_table() -> str:
    """The README's table of every binding: its id, default keys, where it acts, what it does."""
    rows = ["| id | keys | where | what it does |", "| --- | --- | --- | --- |"]
    keys = default_keys()
    seen: set[str] = set()
    for place in places():
        for node in place.nodes:
            for binding in bindings_in(node):
                if binding.id is None or binding.id in seen:
                    continue
                seen.add(binding.id)
                shown = " ".join(f"`{format_key(key)}`" for key in keys[binding.id].split(","))
                where = _WHERE.get(node.__name__, "dialogs")
                rows.append(f"| `{binding.id}` | {shown} | {where} | {binding.tooltip or binding.description} |")
    return "\n".join(rows)
