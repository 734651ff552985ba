"""Real servers for the Posko tests: uvicorn in a thread (same process) or `sispam serve` as a
separate process (for crashes and several processes), always on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
HTTP = httpx.Client(timeout=30)  # one client: creating one costs ~0.1 s


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(url: str, timeout: float = 60.0, proc: subprocess.Popen | None = None) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(
                f"server exited with {proc.returncode}: {proc.stdout.read() if proc.stdout else ''}"
            )
        try:
            if HTTP.get(url + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


class ThreadServer:
    """The app of a :class:`Posko` served by uvicorn in a background thread."""

    def __init__(self, posko, heartbeat_s: float = 15.0) -> None:  # type: ignore[no-untyped-def]
        import uvicorn

        from sispam.posko.web.app import create_app

        self.app = create_app(posko, heartbeat_s=heartbeat_s)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> ThreadServer:
        self.thread.start()
        wait_up(self.url)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def serve_process(db: str, port: int, *extra: str) -> subprocess.Popen:
    """`sispam serve` in its own process (and process group)."""
    env = dict(os.environ, PYTHONUNBUFFERED="1", COLUMNS="200")
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from sispam.cli import main; main()",
            "serve",
            "--db",
            db,
            "--port",
            str(port),
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if proc.stdout:
        proc.stdout.close()


def token(url: str, username: str, password: str) -> str:
    r = HTTP.post(url + "/api/v1/auth/token", json={"username": username, "password": password})
    r.raise_for_status()
    return r.json()["access_token"]


def login_form(
    client: httpx.Client, username: str, password: str, next: str = "/"
) -> httpx.Response:
    """Sign in as a browser does: fetch the form (its CSRF token and cookie), then post it."""
    import re

    form = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    return client.post(
        "/login", data={"username": username, "password": password, "next": next, "csrf": token}
    )


def wait_js(page, expression: str, timeout_ms: int = 10_000) -> None:  # type: ignore[no-untyped-def]
    """Wait until a JavaScript expression holds in the page. Polled from here with
    ``page.evaluate`` (sent over the DevTools protocol) because ``wait_for_function`` evaluates
    its predicate with ``eval`` inside the page, which the Posko's CSP (no unsafe-eval) refuses
    as soon as the first check fails."""
    end = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(expression):
        if time.monotonic() > end:
            raise TimeoutError(f"not true after {timeout_ms} ms: {expression}")
        time.sleep(0.1)
