"""evidesk's themes: a dark and a light one for long days of reading, and a high-contrast
one (pure black and white, saturated state colours, no muted text). Textual's own
themes stay in the palette's theme list. Stance and outcome never rest on colour alone:
each has a symbol and a word (tui.format).

The theme is `theme = "evidesk-light"` in config.toml, else the one last chosen in
the palette (ctrl+p, "theme"), kept in the user state folder (platformdirs:
`$XDG_STATE_HOME/evidesk/theme` on Linux), else evidesk-dark.
"""

from __future__ import annotations

from pathlib import Path

from textual.theme import Theme

DEFAULT_THEME = "evidesk-dark"

THEMES = (
    Theme(
        name="evidesk-dark",
        primary="#5FA8E8",
        secondary="#3A6EA5",
        accent="#E8B04B",
        warning="#E8B04B",
        error="#F0707A",
        success="#6CCB86",
        foreground="#E4E4E4",
        background="#16181C",
        surface="#1E2126",
        panel="#272B31",
        dark=True,
    ),
    Theme(
        name="evidesk-light",
        primary="#1F5F9E",
        secondary="#2F7BC4",
        accent="#9A5B00",
        warning="#9A5B00",
        error="#B3261E",
        success="#1E7A3A",
        foreground="#1A1A1A",
        background="#FAFAF7",
        surface="#F0F0EC",
        panel="#E4E4DF",
        dark=False,
        variables={"footer-key-foreground": "#1F5F9E", "text-muted": "#4A4A4A"},
    ),
    Theme(
        name="evidesk-high-contrast",
        primary="#FFFFFF",
        secondary="#FFFF00",
        accent="#FFFF00",
        warning="#FFFF00",
        error="#FF5555",
        success="#00FF66",
        foreground="#FFFFFF",
        background="#000000",
        surface="#000000",
        panel="#1A1A1A",
        dark=True,
        luminosity_spread=0.0,
        text_alpha=1.0,
        variables={
            "text-muted": "#FFFFFF",
            "border": "#FFFF00",
            "border-blurred": "#FFFFFF",
            "footer-key-foreground": "#FFFF00",
            "footer-description-foreground": "#FFFFFF",
            "block-cursor-background": "#FFFF00",
            "block-cursor-foreground": "#000000",
            "block-cursor-text-style": "bold",
            "input-selection-background": "#FFFF00 60%",
        },
    ),
)


def _chosen_file() -> Path:
    from platformdirs import user_state_dir

    return Path(user_state_dir("evidesk", appauthor=False)) / "theme"


def last_chosen() -> str | None:
    """The theme last chosen in the palette, if one was and it can be read."""
    try:
        return _chosen_file().read_text(encoding="utf-8").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def remember(name: str) -> None:
    """Keep the theme chosen for next time; a folder that cannot be written forgets it."""
    path = _chosen_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(name + "\n", encoding="utf-8")
    except OSError:
        pass
