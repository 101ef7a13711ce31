"""The ``course`` command: open the course, check the catalog, the start page, serve the demos.

Errors a learner can act on (a bad catalog entry, a busy port) are printed as one message
without a traceback; the exit status is 2 so scripts can tell.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import socket
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from course.catalog import CatalogError, load_catalog
from course.start_page import START_PAGE, start_page_is_current, write_start_page


class CommandError(Exception):
    """A problem the user can fix; printed without a traceback."""


def find_free_port(start: int, attempts: int = 50) -> int:
    """The first port from ``start`` on that nothing listens on at 127.0.0.1.

    We pick the port ourselves (instead of letting Jupyter retry) so the URL we print is the
    URL that works.
    """
    for port in range(start, start + attempts):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise CommandError(f"no free port between {start} and {start + attempts - 1}; try --port")


def jupyterlab_command(port: int, token: str, open_browser: bool) -> list[str]:
    """The JupyterLab command line: loopback only, opening on the start page."""
    catalog = load_catalog()
    return [
        sys.executable,
        "-m",
        "jupyterlab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        # Containers and CI machines often run as root; the server stays on loopback anyway.
        "--ServerApp.allow_root=True",
        f"--ServerApp.root_dir={catalog.root}",
        f"--IdentityProvider.token={token}",
        f"--LabApp.default_url=/lab/tree/{START_PAGE}",
        f"--ServerApp.open_browser={open_browser}",
    ]


def cmd_start(args: argparse.Namespace) -> int:
    catalog = load_catalog()
    if not start_page_is_current(catalog):
        write_start_page(catalog)
        print(f"Updated {START_PAGE} from the catalog.")
    port = find_free_port(args.port)
    token = os.environ.get("COURSE_TOKEN") or secrets.token_hex(16)
    url = f"http://127.0.0.1:{port}/lab/tree/{START_PAGE}?token={token}"
    print(f"\n  {catalog.title} is starting. Open this address in your browser:\n\n    {url}\n")
    print("  Stop the course with Ctrl+C.\n", flush=True)
    try:
        return subprocess.call(jupyterlab_command(port, token, not args.no_browser))
    except KeyboardInterrupt:
        return 0


def cmd_catalog(_: argparse.Namespace) -> int:
    catalog = load_catalog()
    print(f"{catalog.title}: {len(catalog.modules)} modules, {len(catalog.exercises)} exercises")
    for module in catalog.modules:
        exercises = ", ".join(e.id for e in catalog.exercises_of(module.id)) or "no exercise yet"
        print(f"  {module.order}. {module.title} [{module.id}] - {exercises}")
    return 0


def cmd_start_page(args: argparse.Namespace) -> int:
    catalog = load_catalog()
    if args.check:
        if not start_page_is_current(catalog):
            raise CommandError(f"{START_PAGE} is out of date; run 'course start-page' to rebuild")
        print(f"{START_PAGE} matches the catalog.")
        return 0
    print(f"Wrote {write_start_page(catalog)}")
    return 0


def cmd_demos(args: argparse.Namespace) -> int:
    from course.demos import serve_demos

    base_url = "/" + args.base_url.strip("/") + "/" if args.base_url.strip("/") else "/"
    port = args.port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            raise CommandError(
                f"port {port} is in use on 127.0.0.1; choose another with --port "
                f"(make demos PORT=N)"
            ) from None
    print(f"\n  Case demos: http://127.0.0.1:{port}{base_url}\n  Stop with Ctrl+C.\n", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        serve_demos(port=port, base_url=base_url, staging=args.staging, pool_size=args.pool_size)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="course", description="Outsourcing Leadership Lab: open the course and check it."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    start = commands.add_parser("start", help="open the course in JupyterLab on 127.0.0.1")
    start.add_argument("--port", type=int, default=8888, help="first port to try (default 8888)")
    start.add_argument("--no-browser", action="store_true", help="only print the address")
    start.set_defaults(handler=cmd_start)

    catalog = commands.add_parser("catalog", help="validate the catalog and list the syllabus")
    catalog.set_defaults(handler=cmd_catalog)

    page = commands.add_parser("start-page", help=f"regenerate {START_PAGE} from the catalog")
    page.add_argument("--check", action="store_true", help="only check that it is current")
    page.set_defaults(handler=cmd_start_page)

    demos = commands.add_parser("demos", help="serve the case demos with Voila on 127.0.0.1")
    demos.add_argument("--port", type=int, default=8866, help="port (default 8866)")
    demos.add_argument(
        "--base-url", default="/", help="path prefix when behind a reverse proxy (default /)"
    )
    demos.add_argument(
        "--pool-size",
        type=int,
        default=None,
        help="preheated kernels kept ready per demo (default: see course/demos.py POOL_SIZE)",
    )
    demos.add_argument(
        "--staging",
        type=Path,
        default=None,
        help="folder for the served copies of the demos (default build/demos; emptied first)",
    )
    demos.set_defaults(handler=cmd_demos)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``course`` console script and ``python -m course``."""
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except (CommandError, CatalogError) as error:
        print(f"course: {error}", file=sys.stderr)
        return 2
