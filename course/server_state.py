"""The learner's server settings kept between starts: the port and the access token.

Why keep them: a learner who bookmarked the course's address finds it again at the next
``make start``, as long as the port is still free; a token kept in the workspace (readable by
its owner only) makes the bookmark keep working too.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
from pathlib import Path

DEFAULT_PORT = 8888


class PortsBusy(RuntimeError):
    """No free port was found; the message says which were tried and how to choose another."""


def port_is_free(port: int) -> bool:
    """True when nothing listens on ``port`` at 127.0.0.1.

    The probe sets ``SO_REUSEADDR`` as Jupyter's server does, so a port whose last connections
    are still closing (``TIME_WAIT``, for a minute after a server stops) counts as free, as it
    is for the server; a port something listens on does not.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def find_free_port(start: int, attempts: int = 50) -> int:
    """The first port from ``start`` on that nothing listens on at 127.0.0.1.

    We pick the port ourselves (instead of letting Jupyter retry) so the URL we print is the
    URL that works.
    """
    for port in range(start, start + attempts):
        if port_is_free(port):
            return port
    raise PortsBusy(f"no free port between {start} and {start + attempts - 1}; try --port")


class ServerState:
    """``.course/server.json`` of one workspace."""

    def __init__(self, workspace: Path) -> None:
        self.path = workspace / ".course" / "server.json"

    def _load(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return {}
        return data if isinstance(data, dict) else {}

    def _save(self, data: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(data, handle)

    def choose_port(self, requested: int, explicit: bool) -> int:
        """The port asked for, else the last one used when free, else the first free one."""
        data = self._load()
        last = data.get("port")
        if not explicit and isinstance(last, int) and port_is_free(last):
            port = last
        else:
            port = find_free_port(requested)
        self._save({**data, "port": port})
        return port

    def token(self) -> str:
        """The workspace's access token, made once."""
        data = self._load()
        token = data.get("token")
        if not isinstance(token, str) or len(token) < 32:
            token = secrets.token_hex(24)
            self._save({**data, "token": token})
        return token
