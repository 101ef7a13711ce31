"""The ``course`` command: open the course, check the catalog, the start page, serve the demos.

Errors a learner can act on (a bad catalog entry, a busy port) are printed as one message
without a traceback; the exit status is 2 so scripts can tell.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from course.catalog import LEARNER_COPIES_DIR, Catalog, CatalogError, load_catalog
from course.server_state import DEFAULT_PORT, PortsBusy, ServerState, port_is_free
from course.start_page import START_PAGE, write_start_page
from course.workspace import (
    DEFAULT_FOLDER_NAME,
    Workspace,
    WorkspaceError,
    check_location,
    course_files,
    default_workspace,
)
from course.workspace_location import ENV_VARIABLE, is_workspace


class CommandError(Exception):
    """A problem the user can fix; printed without a traceback."""


# Instructor tools a learner's JupyterLab leaves out: formgrader, assignment creation, and the
# assignment and course lists (they can only error without an exchange). Validate stays. Voila's
# preview goes too: the case demos have their own site (make demos), and its server extension
# prints a deprecation notice at every start.
LEARNER_HIDDEN_PLUGINS = (
    "@voila-dashboards/jupyterlab-preview",
    # The "get notified about Jupyter news?" pop-up covers the lesson on a learner's first visit.
    "@jupyterlab/apputils-extension:announcements",
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:assignment-list",
    "@jupyter/nbgrader:course-list",
    "@jupyter/nbgrader:menu",
)
LEARNER_OFF_SERVER_EXTENSIONS = (
    "voila.server_extension",
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.assignment_list",
    "nbgrader.server_extensions.course_list",
)


# On a hub the learner submits through nbgrader's exchange, so the Assignment List (and the
# course list and menu that lead to it) stay; the instructor tools still go.
HUB_LEARNER_KEPT = (
    "@jupyter/nbgrader:assignment-list",
    "@jupyter/nbgrader:course-list",
    "@jupyter/nbgrader:menu",
    "nbgrader.server_extensions.assignment_list",
    "nbgrader.server_extensions.course_list",
)


def learner_jupyter_config(workspace: Path, on_hub: bool = False) -> Path:
    """A Jupyter config folder for the learner's server, inside the workspace's ``.course/``.

    Why a folder of our own (``JUPYTER_CONFIG_DIR``): it switches off the instructor tools for
    this server only, without touching the learner's or the machine's Jupyter settings. On a
    hub (``on_hub``) the Assignment List stays and the terminal goes: a learner's shell has no
    business on a shared server.
    """
    folder = workspace / ".course" / "jupyter"
    (folder / "labconfig").mkdir(parents=True, exist_ok=True)
    kept = HUB_LEARNER_KEPT if on_hub else ()
    hidden = [plugin for plugin in LEARNER_HIDDEN_PLUGINS if plugin not in kept]
    page_config = {"disabledExtensions": dict.fromkeys(hidden, True)}
    (folder / "labconfig" / "page_config.json").write_text(json.dumps(page_config, indent=1))
    off = [name for name in LEARNER_OFF_SERVER_EXTENSIONS if name not in kept]
    server: dict[str, dict[str, object]] = {
        "ServerApp": {"jpserver_extensions": dict.fromkeys(off, False)}
    }
    if on_hub:
        server["ServerApp"]["terminals_enabled"] = False
    (folder / "jupyter_server_config.json").write_text(json.dumps(server, indent=1))
    # Render every cell of a notebook, not only those near the screen: the browser's find and a
    # screen reader then reach the whole lesson. Written once; the learner may change it.
    tracker = folder / "lab" / "user-settings" / "@jupyterlab" / "notebook-extension"
    settings = tracker / "tracker.jupyterlab-settings"
    if not settings.exists():
        tracker.mkdir(parents=True, exist_ok=True)
        settings.write_text(json.dumps({"windowingMode": "none"}, indent=1))
    return folder


def jupyterlab_command(port: int, token: str, open_browser: bool, workspace: Path) -> list[str]:
    """The JupyterLab command line: loopback only, on the workspace, opening on its start page."""
    return [
        sys.executable,
        "-m",
        "jupyterlab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        # Containers and CI machines often run as root; the server stays on loopback anyway.
        "--ServerApp.allow_root=True",
        f"--ServerApp.root_dir={workspace}",
        f"--IdentityProvider.token={token}",
        f"--LabApp.default_url=/lab/tree/{START_PAGE}",
        f"--ServerApp.open_browser={open_browser}",
        # A learner reads the address, not the server's start-up log; warnings still show.
        "--ServerApp.log_level=WARN",
        "--LabApp.log_level=WARN",
    ]


def learner_environment(
    workspace: Path, base: dict[str, str] | None = None, on_hub: bool = False
) -> dict[str, str]:
    """The server's (and so its kernels') environment: the workspace and its Jupyter config."""
    env = dict(os.environ if base is None else base)
    env[ENV_VARIABLE] = str(workspace)
    env["JUPYTER_CONFIG_DIR"] = str(learner_jupyter_config(workspace, on_hub=on_hub))
    return env


def prepare_workspace(
    catalog: Catalog, workspace: Path, releases: dict[str, Path] | None = None
) -> list[str]:
    """Create or update the learner's workspace; return the lines to tell them.

    ``releases`` (exercise id -> learner version) are built once for everyone on a hub, where a
    learner cannot read the exercise sources; alone, they are built into the workspace.
    """
    from autograder.learner_copies import cached_releases, ensure_learner_id

    space = Workspace(workspace)
    ensure_learner_id(workspace / LEARNER_COPIES_DIR)
    if releases is None:
        releases = cached_releases(catalog, space.state_dir / "releases")
    report = space.sync(course_files(catalog, releases))
    write_start_page(catalog, workspace)
    return report.lines()


def _resolve_workspace(args: argparse.Namespace, catalog: Catalog) -> Path:
    chosen = args.workspace if args.workspace else default_workspace()
    try:
        return check_location(chosen, catalog.root)
    except WorkspaceError as error:
        raise CommandError(str(error)) from None


def _server_answers(url: str, token: str) -> bool:
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _stop_as_if_interrupted(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def cmd_start(args: argparse.Namespace) -> int:
    catalog = load_catalog()
    workspace = _resolve_workspace(args, catalog)
    print(f"Your workspace: {workspace}")
    try:
        for line in prepare_workspace(catalog, workspace):
            print(line)
    except Exception as error:  # nbgrader could not build an exercise: say which, stop
        if type(error).__name__ != "BuildError":
            raise
        raise CommandError(str(error)) from None
    state = ServerState(workspace)
    port = state.choose_port(args.port, explicit=args.port_given)
    token = os.environ.get("COURSE_TOKEN") or state.token()
    url = f"http://127.0.0.1:{port}/lab/tree/{START_PAGE}?token={token}"
    process = subprocess.Popen(
        jupyterlab_command(port, token, not args.no_browser, workspace),
        env=learner_environment(workspace),
    )
    # Stopped by a service manager or a test (SIGTERM) rather than Ctrl+C: take JupyterLab
    # down too, so the port is free for the next start.
    signal.signal(signal.SIGTERM, _stop_as_if_interrupted)
    try:
        deadline = time.monotonic() + 120
        while not _server_answers(f"http://127.0.0.1:{port}/api/status", token):
            if process.poll() is not None:
                raise CommandError(
                    f"JupyterLab stopped before it was ready (exit {process.returncode})"
                )
            if time.monotonic() > deadline:
                process.terminate()
                raise CommandError("JupyterLab did not answer within two minutes")
            time.sleep(0.2)
        print(f"\n  {catalog.title} is open. Go to:\n\n    {url}\n")
        print("  Stop the course with Ctrl+C.\n", flush=True)
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=15)
        return 0


def cmd_progress(args: argparse.Namespace) -> int:
    from course.learner import current_learner_id
    from course.progress import ProgressStore
    from course.progress_report import completion_summary_html, progress_text, summarise

    catalog = load_catalog()
    workspace = _resolve_workspace(args, catalog)
    if not is_workspace(workspace):
        raise CommandError(
            f"{workspace} is not a course workspace yet: run 'make start' (or 'course start') "
            "first, or name yours with --workspace DIR"
        )
    store = ProgressStore(workspace)
    learner = current_learner_id(workspace / LEARNER_COPIES_DIR, env={})
    progress = summarise(catalog, store.events(), learner)
    print(progress_text(progress))
    if args.html:
        args.html.write_text(completion_summary_html(progress, catalog.title), encoding="utf-8")
        kind = "Completion summary" if progress.complete else "Progress summary (not complete yet)"
        print(f"\n{kind} written to {args.html}")
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
    workspace = _resolve_workspace(args, catalog)
    print(f"Wrote {write_start_page(catalog, workspace)}")
    return 0


def cmd_demos(args: argparse.Namespace) -> int:
    from demo_site.server import serve_demos

    base_url = "/" + args.base_url.strip("/") + "/" if args.base_url.strip("/") else "/"
    port = args.port
    if not port_is_free(port):  # the server's own rule: a port still in TIME_WAIT is free
        raise CommandError(
            f"port {port} is in use on 127.0.0.1; choose another with --port (make demos PORT=N)"
        )
    print(f"\n  Case demos: http://127.0.0.1:{port}{base_url}\n  Stop with Ctrl+C.\n", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        serve_demos(port=port, base_url=base_url, staging=args.staging, pool_size=args.pool_size)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="course", description="Outsourcing Leadership Lab: open the course and check it."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    workspace_help = (
        f"your own folder for the course (default: ${ENV_VARIABLE}, else ~/{DEFAULT_FOLDER_NAME})"
    )
    start = commands.add_parser("start", help="open the course in JupyterLab on 127.0.0.1")
    start.add_argument(
        "--port",
        type=int,
        default=None,
        help="port to use (default: the last one, if free, else the first free from 8888)",
    )
    start.add_argument("--no-browser", action="store_true", help="only print the address")
    start.add_argument("--workspace", type=Path, default=None, help=workspace_help)
    start.set_defaults(handler=cmd_start)

    progress = commands.add_parser("progress", help="show what you have done, module by module")
    progress.add_argument("--workspace", type=Path, default=None, help=workspace_help)
    progress.add_argument(
        "--html", type=Path, default=None, help="also write a summary page (HTML) to this file"
    )
    progress.set_defaults(handler=cmd_progress)

    catalog = commands.add_parser("catalog", help="validate the catalog and list the syllabus")
    catalog.set_defaults(handler=cmd_catalog)

    page = commands.add_parser("start-page", help=f"rebuild your workspace's {START_PAGE}")
    page.add_argument("--workspace", type=Path, default=None, help=workspace_help)
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
        help="preheated kernels kept ready per demo (default: see demo_site/server.py POOL_SIZE)",
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
    if args.command == "start":
        args.port_given = args.port is not None
        args.port = args.port if args.port is not None else DEFAULT_PORT
    try:
        return args.handler(args)
    except (CommandError, CatalogError, WorkspaceError, PortsBusy) as error:
        print(f"course: {error}", file=sys.stderr)
        return 2
