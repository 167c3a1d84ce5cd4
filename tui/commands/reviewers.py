"""`evidesk reviewer add|list`: who works on this database, and as what."""

from __future__ import annotations

import json

import click

from tui.commands.options import common_options, open_desk


@click.group(name="reviewer")
def reviewer_command() -> None:
    """Reviewers and their roles (the first reviewer of a database is its supervisor)."""


@reviewer_command.command()
@click.argument("name")
@click.option("--role", type=click.Choice(["reviewer", "supervisor"]), default="reviewer", show_default=True)
@common_options
def add(name: str, role: str, db: str | None, reviewer: str | None) -> None:
    """Add reviewer NAME, or change NAME's role (a supervisor's call, as is adding a supervisor)."""
    added = open_desk(db, reviewer).add_reviewer(name, role)
    click.echo(f"{added.name} is a {added.role}")


@reviewer_command.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@common_options
def list_reviewers(as_json: bool, db: str | None, reviewer: str | None) -> None:
    """Print each reviewer and role."""
    from models.text import visible

    for person in open_desk(db, reviewer).reviewers():  # names may come from an imported history
        click.echo(json.dumps({"name": person.name, "role": person.role}) if as_json
                   else f"{visible(person.name, single_line=True)}\t{person.role}")
