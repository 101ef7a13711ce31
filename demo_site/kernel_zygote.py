"""A warm Python process that forks new demo kernels (``python -m demo_site.kernel_zygote``).

Why: a demo kernel started the usual way spends about 1.2 s of CPU before a visitor sees a
control, and most of it (0.7 s) is importing ipykernel, pandas, matplotlib and the course's
views, the same modules in every kernel. This process imports them once; each kernel is then a
``fork()`` of it that starts ipykernel with its connection file, so a kernel only pays for its
own demo. Forked kernels also share the imported modules' memory until they write to it.

Protocol, one JSON object per line: the server writes ``{"connection_file", "cwd", "env"}`` on
our stdin; we answer ``{"pid": N}`` (or ``{"error": "..."}``) on stdout. When stdin closes (the
server exited), we exit; our kernels then see their parent gone and stop themselves (ipykernel's
parent poller, given our pid). Used by demo_site/forking_provisioner.py.

Nothing here may start a thread or create an event loop or ZeroMQ context before forking: a
forked child would inherit it half-alive.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import signal
import sys
from typing import Any

WARM_MODULES = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipywidgets",
    "numpy",
    "pandas",
    "matplotlib.figure",
    "matplotlib.backends.backend_agg",
    "matplotlib_inline.backend_inline",
    "course.cases",
)
"""Imported once here, inherited by every kernel. Every ``course.widgets`` module is added."""


def warm_up() -> None:
    """Import what every demo kernel needs."""
    for name in WARM_MODULES:
        importlib.import_module(name)
    import course.widgets

    for module in pkgutil.iter_modules(course.widgets.__path__):
        importlib.import_module(f"course.widgets.{module.name}")


def _reap_children(signum: int, frame: Any) -> None:
    """Collect exited kernels, so their pid disappears and the server sees them gone."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def become_kernel(request: dict[str, Any]) -> None:
    """In the forked child: become an ipykernel serving ``request["connection_file"]``."""
    try:
        os.setsid()  # its own process group, so the server can signal the kernel alone
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.dup2(2, 1)  # stdout is the protocol pipe: kernel output goes to the server's log
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        # ipykernel's parent poller stops the kernel when this process (its parent) is gone.
        parent = f"--IPKernelApp.parent_handle={os.getppid()}"
        sys.argv = ["ipykernel_launcher", "-f", request["connection_file"], parent]
        from ipykernel.kernelapp import IPKernelApp

        IPKernelApp.launch_instance(argv=sys.argv[1:])
    except BaseException as problem:  # noqa: BLE001 - a child must never return into the loop
        print(f"demo_site.kernel_zygote: kernel failed: {problem!r}", file=sys.stderr, flush=True)
        os._exit(1)
    os._exit(0)


def serve(requests: Any = None, replies: Any = None) -> None:
    """Answer fork requests until ``requests`` closes."""
    requests = requests or sys.stdin
    replies = replies or sys.stdout
    for line in requests:
        try:
            request = json.loads(line)
            missing = {"connection_file", "cwd", "env"} - set(request)
            if missing:
                raise ValueError(f"request lacks {sorted(missing)}")
        except ValueError as problem:
            print(json.dumps({"error": f"bad request: {problem}"}), file=replies, flush=True)
            continue
        pid = os.fork()
        if pid == 0:
            become_kernel(request)
        print(json.dumps({"pid": pid}), file=replies, flush=True)


def main() -> None:
    signal.signal(signal.SIGCHLD, _reap_children)
    warm_up()
    print(json.dumps({"ready": os.getpid()}), flush=True)
    serve()


if __name__ == "__main__":
    main()
