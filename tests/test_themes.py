"""The dark, light and high-contrast themes: each paints every pane with stance and
outcome carried by a word and a symbol too; config.toml chooses one, and an unknown
name stops evidesk with one line naming the file and line."""

from __future__ import annotations

import pytest
from apptools import SIZE, rendered
from cli_run import evidesk, one_line_error

from tui.app import EvideskApp
from tui.themes import DEFAULT_THEME, THEMES


@pytest.fixture
def config_file(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    folder = tmp_path / "config" / "evidesk"
    folder.mkdir(parents=True)
    return folder / "config.toml"


async def test_the_default_is_evidesk_dark_and_all_three_are_offered(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE):
        assert app.theme == DEFAULT_THEME == "evidesk-dark"
        assert {"evidesk-dark", "evidesk-light", "evidesk-high-contrast"} <= set(app.available_themes)


@pytest.mark.parametrize("theme", [theme.name for theme in THEMES])
async def test_each_theme_shows_stance_and_outcome_in_words_and_symbols(demo_db, config_file, theme):
    config_file.write_text(f'theme = "{theme}"\n', encoding="utf-8")
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == theme
        await pilot.press("s", "x")
        await pilot.pause()
        await pilot.press("g")
        lines = rendered(app.screen.queue).splitlines()
        assert any("▲ supports" in line for line in lines) and any("✗ rejected" in line for line in lines)
        assert any("· pending" in line for line in lines)


async def test_high_contrast_puts_full_white_on_black(demo_db, config_file):
    config_file.write_text('theme = "evidesk-high-contrast"\n', encoding="utf-8")
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE):
        variables = app.get_css_variables()
        assert variables["background"].lower() == "#000000" and variables["text-muted"].lower() == "#ffffff"


async def test_the_theme_chosen_in_the_palette_is_kept_unless_the_config_names_one(demo_db, config_file):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "evidesk-light"
        await pilot.pause()
    again = EvideskApp(demo_db, "ana")
    async with again.run_test(size=SIZE):
        assert again.theme == "evidesk-light"
    config_file.write_text('theme = "evidesk-high-contrast"\n', encoding="utf-8")
    configured = EvideskApp(demo_db, "ana")
    async with configured.run_test(size=SIZE):
        assert configured.theme == "evidesk-high-contrast"


def test_an_unknown_theme_is_one_line_naming_the_config(demo_db, config_file):
    config_file.write_text('db = "x.db"\n\ntheme = "solarised"\n', encoding="utf-8")
    result = evidesk("--db", str(demo_db), timeout=30)
    line = one_line_error(result)
    assert result.returncode == 2 and f"config {config_file} line 3: unknown theme 'solarised'" in line
