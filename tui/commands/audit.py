"""`evidesk audit verify` and `evidesk audit log`: proving the audit log untouched,
and reading it back."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import click

from models.errors import EvideskError
from models.text import visible
from tui.commands.options import EXIT_PROBLEM_FOUND, open_engine


def _manifest_head(path: str) -> str:
    """The audit head an export's manifest recorded (its `audit_head`)."""
    try:
        head = json.loads(Path(path).read_text("utf-8")).get("audit_head")
    except (OSError, ValueError, AttributeError) as error:
        raise EvideskError(f"cannot read the manifest {path}: {error}") from None
    if not isinstance(head, str) or not head:
        raise EvideskError(f"the manifest {path} records no audit_head")
    return head


@click.group(name="audit")
def audit_command() -> None:
    """The tamper-evident audit log."""


@audit_command.command()
@click.option("--head", "head", metavar="HASH", help="A head hash recorded earlier: it must still be in the chain.")
@click.option("--manifest", metavar="FILE", help="An export's manifest, whose audit_head must still be in the chain.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--db", metavar="PATH_OR_URL", default=None, help="SQLite file or database URL (env EVIDESK_DB).")
def verify(head: str | None, manifest: str | None, as_json: bool, db: str | None) -> int:
    """Recompute the hash chain: exit 0 and the head hash, or exit 1 naming the first
    event that does not match (edited, deleted, swapped or forged)."""
    from models.audit import verify_chain

    expected = head or (_manifest_head(manifest) if manifest else None)
    check = verify_chain(open_engine(db), expected)
    if as_json:
        click.echo(json.dumps({"intact": check.intact, "events": check.events, "head": check.head,
                               "problem": check.problem, "expected_head_found": check.head_found}))
    elif check.problem:
        click.echo(f"evidesk: audit chain broken: {check.problem}", err=True)
    elif check.head_found is False:
        click.echo(f"evidesk: audit chain does not contain the head {expected}: events recorded before it "
                   "was taken were cut off or replaced", err=True)
    else:
        click.echo(f"audit chain intact: {check.events} events, head {check.head}")
    return 0 if check.intact else EXIT_PROBLEM_FOUND


def _moment(value: str | None, *, until: bool = False) -> datetime | None:
    from models.filters import resolve_time, until_moment

    if value is None:
        return None
    now = datetime.now(timezone.utc)
    return until_moment(value, now) if until else resolve_time(value, now)


@audit_command.command(name="log")
@click.option("--reviewer", "who", metavar="NAME", help="Only this reviewer's changes.")
@click.option("--claim", "claim_id", type=int, metavar="ID", help="Only this claim's changes and its items'.")
@click.option("--since", metavar="TIME", help="From this time: 24h, 7d, today, 2026-11-02, 2026-11-02T14:30.")
@click.option("--until", metavar="TIME", help="Before this time (a date includes its whole day).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line, with each event's hash.")
@click.option("--db", metavar="PATH_OR_URL", default=None, help="SQLite file or database URL (env EVIDESK_DB).")
def log(who: str | None, claim_id: int | None, since: str | None, until: str | None, as_json: bool,
        db: str | None) -> None:
    """List the audit events in order: when, who, what, on which item, and why."""
    from models.audit_log import audit_events

    events = audit_events(open_engine(db), reviewer=who, claim_id=claim_id, since=_moment(since),
                          until=_moment(until, until=True))
    for event in events:
        if as_json:
            click.echo(json.dumps(event.as_dict(), ensure_ascii=False))
        else:
            change = f"{_brief(event.before)} → {_brief(event.after)}" if event.before else _brief(event.after)
            reason = f"  because: {event.reason}" if event.reason else ""
            # Names, notes and reasons come from outside: their controls are shown, never sent.
            click.echo(visible(f"{event.id:>6}  {event.at:%Y-%m-%d %H:%M:%S}Z  {event.actor}  {event.action}  "
                               f"{event.entity} {event.entity_id}  {change}{reason}", single_line=True))


def _brief(values) -> str:
    if not isinstance(values, dict):
        return ""
    return ", ".join(f"{key}={value}" for key, value in values.items() if value not in (None, ""))
