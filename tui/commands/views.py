"""`evidesk view`: the desk's saved views (a filter and searched words under a
name), listed, saved and deleted from a shell; the workstation opens them with V."""

from __future__ import annotations

import click

from tui.commands.options import common_options, open_desk


@click.group(name="view")
def view_command() -> None:
    """Saved views: filters and searches the whole desk can open by name."""


@view_command.command(name="list")
@common_options
def list_views(db: str | None, reviewer: str | None) -> None:
    """Print each saved view: name, filter, searched words (tab-separated)."""
    for view in open_desk(db, reviewer).saved_views():
        click.echo(f"{view.name}\t{view.filter}\t{view.search}")


@view_command.command(name="save")
@click.argument("name")
@click.argument("filter_text", metavar="FILTER", default="")
@click.option("--search", "search_text", default="", metavar="WORDS", help="Words every item must hold.")
@common_options
def save_view(name: str, filter_text: str, search_text: str, db: str | None, reviewer: str | None) -> None:
    """Save FILTER (such as "outcome:pending kind:video claim:all") as NAME; a name in use is replaced."""
    saved = open_desk(db, reviewer).save_view(name, filter_text, search_text)
    click.echo(f"saved view {saved.name!r}: {saved.filter}{' “' + saved.search + '”' if saved.search else ''}")


@view_command.command(name="delete")
@click.argument("name")
@common_options
def delete_view(name: str, db: str | None, reviewer: str | None) -> None:
    """Delete the saved view NAME."""
    open_desk(db, reviewer).delete_view(name)
    click.echo(f"deleted view {name!r}")
