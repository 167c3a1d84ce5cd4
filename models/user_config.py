"""The user's config file: defaults for --db, --reviewer and --inbox, so that a newsroom's
machines point at their shared server without an option on every command.

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
KEYS = ("db", "reviewer", "inbox")


class ConfigProblem(EvideskError):
    """The config file cannot be read, or says something evidesk does not understand."""


def config_path() -> tuple[Path, bool]:
    """The config file, and whether the user named it (then it must exist)."""
    named = os.environ.get(ENV_CONFIG)
    if named:
        return Path(named).expanduser(), True
    from platformdirs import user_config_dir

    return Path(user_config_dir("evidesk", appauthor=False)) / "config.toml", False


def read_config() -> dict[str, str]:
    """The config file's settings; {} when there is none."""
    path, named = config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if named:
            raise ConfigProblem(f"config {path} (from ${ENV_CONFIG}): no such file") from None
        return {}
    except OSError as error:
        raise ConfigProblem(f"cannot read config {path}: {error.strerror or error}") from None
    try:
        text = raw.decode("utf-8")
        settings = tomllib.loads(text)
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ConfigProblem(f"config {path} line {line}: not valid UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigProblem(f"config {path}: {error}") from None  # "… (at line 3, column 7)"
    for key, value in settings.items():
        where = f"config {path} line {_line_of(text, key)}"
        if key not in KEYS:
            raise ConfigProblem(f"{where}: unknown setting {key!r} (known: {', '.join(KEYS)})")
        if not isinstance(value, str):
            raise ConfigProblem(f"{where}: {key} must be text in quotes, not {type(value).__name__}")
    return settings


def _line_of(text: str, key: str) -> int:
    found = re.search(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*=", text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else 1
