"""`evidesk serve` as a user runs it: the real program serves the workstation over HTTP and a
websocket (the app really runs behind it), warns when it listens beyond this machine, and
refuses a bad database or a busy port with one line, before listening."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from cli_run import EVIDESK, evidesk, one_line_error
from terminal import ANSI

READY_SECONDS = 20  # a slow 2-core machine starts python, the server and then the app


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    """`evidesk serve ARGS` in its own process group, its output in files."""

    def __init__(self, tmp_path: Path, *args: str) -> None:
        self.out, self.err = tmp_path / "serve.out", tmp_path / "serve.err"
        env = os.environ | {"EVIDESK_REVIEWER": "ana", "XDG_DATA_HOME": str(tmp_path / "data")}
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.process = subprocess.Popen([*EVIDESK, "serve", *args], stdin=subprocess.DEVNULL, stdout=out,
                                            stderr=err, env=env, start_new_session=True)

    def stdout(self) -> str:
        return self.out.read_text()

    def stderr(self) -> str:
        return self.err.read_text()

    def wait_listening(self, port: int) -> None:
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"serve exited {self.process.returncode}: {self.stderr()}"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        pytest.fail(f"serve did not listen on {port} within {READY_SECONDS} s: {self.stderr()}")

    def ctrl_c(self) -> int:
        """SIGINT to the whole group, as a terminal's ctrl+c sends it; the exit code."""
        os.killpg(self.process.pid, signal.SIGINT)
        return self.process.wait(timeout=20)

    def stop(self) -> None:
        """Whatever happened, nothing of it is left running (the server nor a tab's app)."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(timeout=10)
                break
            except subprocess.TimeoutExpired:
                continue
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # a tab's app outliving the server
        except ProcessLookupError:
            pass


@pytest.fixture
def serve(tmp_path: Path) -> Iterator:
    started: list[Served] = []

    def start(*args: str) -> Served:
        started.append(Served(tmp_path, *args))
        return started[-1]

    yield start
    for served in started:
        served.stop()


async def page_and_screen(port: int, origin: str) -> tuple[int, str, str, str]:
    """GET / as a browser does, then the websocket the page names: the status, the content
    type, the websocket URL and what the app painted (escape sequences removed)."""
    timeout = aiohttp.ClientTimeout(total=READY_SECONDS)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        async with session.get(f"http://127.0.0.1:{port}/") as response:
            status, kind, html = response.status, response.content_type, await response.text()
        found = re.search(r'data-session-websocket-url="([^"]+)"', html)
        assert found, html[:500]
        ws_url = found.group(1)
        painted = b""
        async with session.ws_connect(f"{ws_url}?width=120&height=40", headers={"Origin": origin}) as ws:
            await ws.send_json(["resize", {"width": 120, "height": 40}])
            try:
                async with asyncio.timeout(READY_SECONDS):
                    async for message in ws:
                        if message.type == aiohttp.WSMsgType.BINARY:
                            painted += message.data
                            if b"Shahed-136" in painted:
                                break
                        elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.ERROR):
                            break
            except TimeoutError:
                pass
        return status, kind, ws_url, ANSI.sub("", painted.decode("utf-8", "replace"))


async def foreign_requests(port: int) -> tuple[int, int]:
    """The statuses of the page asked for under another host name (DNS rebinding) and of the
    websocket opened by a page from another site."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=READY_SECONDS)) as session:
        async with session.get(f"http://127.0.0.1:{port}/", headers={"Host": f"evil.example:{port}"}) as response:
            page = response.status
        try:
            async with session.ws_connect(f"ws://127.0.0.1:{port}/ws", headers={"Origin": "http://evil.example"}):
                return page, 101
        except aiohttp.WSServerHandshakeError as error:
            return page, error.status


def test_serve_runs_the_app_behind_a_page_and_stops_on_ctrl_c(serve, demo_db: Path, tmp_path: Path) -> None:
    port = free_port()
    served = serve("--db", os.path.relpath(demo_db), "--port", str(port))
    served.wait_listening(port)
    assert served.stdout().strip() == f"evidesk serving {demo_db.resolve()} at http://127.0.0.1:{port} (ctrl+c stops)"
    assert served.stderr() == ""  # no warning on the loopback interface

    status, kind, ws_url, screen = asyncio.run(page_and_screen(port, f"http://127.0.0.1:{port}"))
    assert (status, kind) == (200, "text/html")
    assert ws_url == f"ws://127.0.0.1:{port}/ws"
    assert "evidesk" in screen and "Shahed-136" in screen, screen[-2000:]  # the demo's claims, painted
    assert not (tmp_path / "data" / "evidesk" / "inbox").exists()  # the tabs leave the inbox to workstations

    # A page from another site may not drive the desk through the visitor's browser.
    assert asyncio.run(foreign_requests(port)) == (403, 403)

    assert served.ctrl_c() == 0
    assert "Traceback" not in served.stdout() + served.stderr(), served.stdout() + served.stderr()


def test_serve_beyond_loopback_warns(serve, demo_db: Path) -> None:
    port = free_port()
    served = serve("--db", str(demo_db), "--host", "0.0.0.0", "--port", str(port))
    served.wait_listening(port)
    lines = served.stderr().strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"warning: serving on 0.0.0.0:{port}: anyone who can reach this machine"), lines
    assert "as reviewer ana" in lines[0] and "no password" in lines[0], lines


def test_serve_bad_database_is_one_line_before_listening(tmp_path: Path) -> None:
    port = free_port()
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"not a database at all" * 100)
    for db in (tmp_path / "no-such-folder" / "x.db", damaged):
        result = evidesk("serve", "--db", str(db), "--port", str(port), timeout=60)
        assert result.returncode == 2, result
        assert str(db) in one_line_error(result)
        assert result.stdout == ""
        with socket.socket() as probe:  # nothing listened
            probe.bind(("127.0.0.1", port))


def test_serve_busy_port_is_one_line(demo_db: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = evidesk("serve", "--db", str(demo_db), "--port", str(port), timeout=60)
    assert result.returncode == 2, result
    line = one_line_error(result)
    assert f"127.0.0.1:{port}" in line and "in use" in line, line
    assert result.stdout == ""
