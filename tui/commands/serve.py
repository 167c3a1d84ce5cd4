"""`evidesk serve`: the workstation in a browser through textual-serve, one app process per
browser tab, on the loopback interface unless --host says otherwise."""

from __future__ import annotations

import ipaddress
import sys
from pathlib import Path
from urllib.parse import urlsplit

import click

from models.errors import EvideskError
from tui.commands.options import common_options, settings

LOOPBACK_NAMES = {"localhost"}


def is_loopback(host: str) -> bool:
    """True for localhost, 127.0.0.0/8 and ::1: only this machine reaches the server."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def address(host: str, port: int) -> str:
    """host:port as in a URL (an IPv6 address in brackets)."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _refuse_busy_port(host: str, port: int) -> None:
    """Bind each address the server will listen on and let go, so that a busy port or an
    unknown host is one line before anything is printed (the server binds just after)."""
    import socket

    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise EvideskError(f"cannot serve on {host}: {error.strerror}") from None
    for family, kind, proto, _, sockaddr in found:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
            if family == socket.AF_INET6:
                probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                probe.bind(sockaddr)
            except OSError as error:
                raise _bind_problem(host, port, error) from None


def _bind_problem(host: str, port: int, error: OSError) -> EvideskError:
    reason = (error.strerror or str(error)).lower()
    hint = "; choose another with --port" if "in use" in reason else ""
    return EvideskError(f"cannot serve on {address(host, port)}: {reason}{hint}")


def _server_class():
    """textual-serve's Server, quiet at start, and refusing what a browser sends from
    another site: a page elsewhere may open a websocket to 127.0.0.1 (browsers allow it)
    or reach it under its own name by DNS rebinding, and would then work as the reviewer."""
    import asyncio

    from aiohttp import web
    from textual_serve.server import Server

    class DeskServer(Server):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.sessions: set[asyncio.Task] = set()  # one per browser tab

        def _refuse_foreign(self, request: web.Request) -> None:
            if is_loopback(self.host) and not is_loopback(urlsplit(f"//{request.host}").hostname or ""):
                raise web.HTTPForbidden(text="evidesk: unknown host name")
            origin = request.headers.get("Origin")
            if origin is not None and urlsplit(origin).netloc != request.host:
                raise web.HTTPForbidden(text="evidesk: a request from another site")

        async def handle_index(self, request: web.Request):
            self._refuse_foreign(request)
            # The page names the websocket by the host the browser used, so it works for
            # 0.0.0.0, ::1 and a machine's own name alike (textual-serve would write the bind address);
            # nothing awaits between setting it and the page's rendering, so tabs do not mix.
            self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

        async def handle_websocket(self, request: web.Request):
            self._refuse_foreign(request)
            task = asyncio.current_task()
            self.sessions.add(task)
            try:
                return await super().handle_websocket(request)
            finally:
                self.sessions.discard(task)

        async def on_startup(self, app: web.Application) -> None:
            """The command has said where it serves; no banner."""

        async def on_shutdown(self, app: web.Application) -> None:
            """Stop each tab's app (textual-serve tells it to quit, and closes the socket) rather than
            wait for browsers to leave: aiohttp would otherwise hold ctrl+c or SIGTERM for 60 s."""
            for task in list(self.sessions):
                task.cancel()
            await asyncio.gather(*self.sessions, return_exceptions=True)

        def initialize_logging(self) -> None:
            import logging

            logging.basicConfig(level=logging.WARNING, format="evidesk serve: %(message)s")

    return DeskServer


@click.command(name="serve")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="HOST",
              help="Address to listen on; 127.0.0.1 lets only this machine in. Anything else lets in "
                   "anyone who reaches it, with no password.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@common_options
def serve_command(host: str, port: int, db: str | None, reviewer: str | None) -> None:
    """Serve the workstation to a web browser: each browser tab runs its own evidesk as
    the reviewer (textual-serve). ctrl+c stops."""
    import shlex

    from models.desk import Desk
    from models.text import visible

    db, reviewer = settings(db, reviewer)
    desk = Desk.open(db, reviewer)  # a bad --db stops here, before anything listens
    url = desk.engine.url
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        resolved = str(Path(url.database).resolve())  # the app processes may start elsewhere
    else:
        resolved = str(db)  # a server's URL as given
    name, shown = desk.reviewer.name, visible(desk.location, single_line=True)
    desk.engine.dispose()

    _refuse_busy_port(host, port)
    # The tabs leave the inbox folder to the workstations: several importers of one folder would race.
    command = shlex.join([sys.executable, "-m", "tui", f"--db={resolved}", f"--reviewer={name}", "--no-inbox"])
    server = _server_class()(command, host=host, port=port, title="evidesk")
    where = f"http://{address(host, port)}"
    if not is_loopback(host):
        click.echo(f"warning: serving on {address(host, port)}: anyone who can reach this machine can work in "
                   f"evidesk as reviewer {visible(name, single_line=True)}, with no password", err=True)
    click.echo(f"evidesk serving {shown} at {where} (ctrl+c stops)")
    try:
        server.serve()
    except OSError as error:  # the port was taken between the check and the server's bind
        raise _bind_problem(host, port, error) from None
