"""A Jupyter kernel provisioner that forks Python kernels from a warm process (the demo site's).

Registered as ``course-forking`` (entry point ``jupyter_client.kernel_provisioners`` in
pyproject.toml); the demo site selects it with
``--KernelProvisionerFactory.default_provisioner_name=course-forking``. Why forking: see
demo_site/kernel_zygote.py. Measured with ``python bench/demos.py``: see the README.

It is jupyter_client's LocalProvisioner except for how the process comes to be. A command that
is not a plain ``python -m ipykernel_launcher -f FILE`` kernel is launched the usual way, and
so is every kernel when the warm process cannot be started.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
import weakref
from typing import Any

from jupyter_client.provisioning import LocalProvisioner

ZYGOTE_START_SECONDS = 120.0
"""How long the warm process may take to import everything before we give up on it."""


class ForkedKernel:
    """The ``subprocess.Popen`` surface LocalProvisioner uses, for a kernel we did not spawn.

    The kernel is the warm process's child, not ours: it is alive while its pid exists and is
    not a zombie (the warm process reaps its children). Its exit code is not ours to read.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None and not _alive(self.pid):
            self.returncode = 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"kernel {self.pid} still running")
            time.sleep(0.05)
        return self.returncode or 0

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            try:
                os.kill(self.pid, signum)
            except ProcessLookupError:
                self.returncode = 0

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            state = stat.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def forkable(cmd: list[str]) -> str | None:
    """The connection file of an ipykernel command line on our own Python, else None."""
    if (
        len(cmd) == 5
        and os.path.realpath(cmd[0]) == os.path.realpath(sys.executable)
        and cmd[1:4] == ["-m", "ipykernel_launcher", "-f"]
    ):
        return cmd[4]
    return None


class Zygote:
    """The server's one warm process, started on first use and restarted if it died."""

    def __init__(self) -> None:
        self.process: asyncio.subprocess.Process | None = None
        self.lock = asyncio.Lock()

    async def fork(self, connection_file: str, cwd: str, env: dict[str, str]) -> int:
        async with self.lock:
            process = await self._running()
            request = {"connection_file": connection_file, "cwd": cwd, "env": env}
            process.stdin.write((json.dumps(request) + "\n").encode())
            await process.stdin.drain()
            line = await process.stdout.readline()
        reply = json.loads(line) if line else {"error": "the warm process exited"}
        if "pid" not in reply:
            raise RuntimeError(f"demo_site.kernel_zygote: {reply.get('error')}")
        return reply["pid"]

    async def _running(self) -> asyncio.subprocess.Process:
        if self.process is not None and self.process.returncode is None:
            return self.process
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "demo_site.kernel_zygote",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        line = await asyncio.wait_for(self.process.stdout.readline(), ZYGOTE_START_SECONDS)
        if b"ready" not in line:
            self.process.kill()
            raise RuntimeError("demo_site.kernel_zygote did not start (see the log above)")
        return self.process


_zygotes: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Zygote] = weakref.WeakKeyDictionary()
"""One warm process per event loop (a server has one loop; tests run several). Keyed by the loop
itself, not its id: a new loop may reuse a closed one's id, and must not get its warm process."""


def zygote() -> Zygote:
    loop = asyncio.get_running_loop()
    if loop not in _zygotes:
        _zygotes[loop] = Zygote()
    return _zygotes[loop]


class ForkingProvisioner(LocalProvisioner):
    """LocalProvisioner whose Python kernels are forked from the warm process."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):
        connection_file = forkable(cmd)
        if connection_file is None:
            return await super().launch_kernel(cmd, **kwargs)
        env = dict(kwargs.get("env") or os.environ)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        try:
            pid = await zygote().fork(connection_file, cwd, env)
        except (OSError, RuntimeError, TimeoutError, ValueError) as problem:
            self.log.warning("Forking a kernel failed (%s); starting it the usual way", problem)
            return await super().launch_kernel(cmd, **kwargs)
        self.process = ForkedKernel(pid)
        self.pid = pid
        self.pgid = pid  # the kernel called setsid()
        self.cwd = cwd
        return self.connection_info
