"""The user's config file: defaults for --db, --reviewer and --inbox, so that a newsroom's
machines point at their shared server without an option on every command, and the
workstation's theme.

`<user config dir>/config.toml` (platformdirs: `$XDG_CONFIG_HOME/evidesk/config.toml` on
Linux), or the file `$EVIDESK_CONFIG` names. A missing default file is no config at all;
a file that cannot be read or is wrong stops the command with one line naming the file
and, where there is one, the line.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

from models.errors import EvideskError

ENV_CONFIG = "EVIDESK_CONFIG"
KEYS = ("db", "reviewer", "inbox", "theme")


class ConfigProblem(EvideskError):
    """The config file cannot be read, or says something evidesk does not understand."""


def config_dir() -> Path:
    """evidesk's folder in the user's config dir: where config.toml and keymap.toml live."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("evidesk", appauthor=False))


def config_path() -> tuple[Path, bool]:
    """The config file, and whether the user named it (then it must exist)."""
    named = os.environ.get(ENV_CONFIG)
    if named:
        return Path(named).expanduser(), True
    return config_dir() / "config.toml", False


def read_toml(path: Path, what: str, *, named: bool) -> tuple[str, dict] | None:
    """The TOML file's text and contents; None when it is missing and was not named.
    `what` ("config", "keymap") starts each problem's line."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if named:
            raise ConfigProblem(f"{what} {path} (from ${ENV_CONFIG}): no such file") from None
        return None
    except OSError as error:
        raise ConfigProblem(f"cannot read {what} {path}: {error.strerror or error}") from None
    try:
        text = raw.decode("utf-8")
        return text, tomllib.loads(text)
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ConfigProblem(f"{what} {path} line {line}: not valid UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigProblem(f"{what} {path}: {error}") from None  # "… (at line 3, column 7)"


def read_config() -> dict[str, str]:
    """The config file's settings; {} when there is none."""
    path, named = config_path()
    found = read_toml(path, "config", named=named)
    if found is None:
        return {}
    text, settings = found
    for key, value in settings.items():
        where = f"config {path} line {line_of(text, key)}"
        if key not in KEYS:
            raise ConfigProblem(f"{where}: unknown setting {key!r} (known: {', '.join(KEYS)})")
        if not isinstance(value, str):
            raise ConfigProblem(f"{where}: {key} must be text in quotes, not {type(value).__name__}")
    return settings


def where_set(key: str) -> str:
    """"config FILE line N", where the config file sets `key`, for a problem with its value."""
    path, _named = config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return f"config {path}"
    return f"config {path} line {line_of(text, key)}"


def line_of(text: str, key: str) -> int:
    """The line where `key` is set (or its [table] opens), 1 when it cannot be found."""
    found = re.search(rf"^[ \t]*\[?[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*[=\]]", text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else 1
