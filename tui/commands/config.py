"""`evidesk config`: the desk's settings, read by anyone, set by a supervisor."""

from __future__ import annotations

import click

from tui.commands.options import common_options, open_desk


@click.group(name="config")
def config_command() -> None:
    """Per-database settings (review.spot_check: the share of each reviewer's decisions
    sent to the supervisor's spot-check queue, in %)."""


@config_command.command(name="list")
@common_options
def list_settings(db: str | None, reviewer: str | None) -> None:
    """Print each setting and its value."""
    for key, value in open_desk(db, reviewer).settings().items():
        click.echo(f"{key}\t{value}")


@config_command.command()
@click.argument("key")
@common_options
def get(key: str, db: str | None, reviewer: str | None) -> None:
    """Print one setting's value."""
    click.echo(open_desk(db, reviewer).setting(key))


@config_command.command(name="set")
@click.argument("key")
@click.argument("value")
@common_options
def set_setting(key: str, value: str, db: str | None, reviewer: str | None) -> None:
    """Set KEY to VALUE (a supervisor's call; audited)."""
    click.echo(f"{key} = {open_desk(db, reviewer).set_setting(key, value)}")
