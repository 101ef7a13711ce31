"""The course on a JupyterHub: accounts, course directory, shared exchange, and the hub's settings.

``make hub`` (``python -m autograder.hub start``) sets a cohort up on this machine and starts
JupyterHub on 127.0.0.1 with ``hub/jupyterhub_config.py``, which calls :func:`configure_hub`:

- each learner and instructor is an account of the machine (created here for the local run,
  marked so that only accounts made by the course are ever changed; with PAM or another real
  authenticator they already exist), and their server runs under it: a learner cannot read
  another's home, and learners get no terminal (:mod:`course.hub_learner`);
- the grader account owns the course directory (mode 700: gradebook, submissions, feedback) and
  runs formgrader as the hub service ``<course id>``, reachable by the hub group
  ``formgrade-<course id>`` only, opened in a tab of its own (the hub forbids framing);
- nbgrader's exchange is a folder of its own, outside the course directory, that every learner
  writes to and none can list (nbgrader's inbound and feedback folders);
- the case demos run as the hub service ``demos`` under an account of their own;
- learners are the hub group ``nbgrader-<course id>``, so nbgrader's JupyterHub plugin lists
  the course for them.

Why a module and not only a config file: the same values (paths, names, ports) are needed by the
launcher, the config, the grading command and the tests; they come from one :class:`HubPlan`.
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from course.catalog import REPO_ROOT

PLAN_VARIABLE = "COURSE_HUB_PLAN"
"""Environment variable holding the plan as JSON, from the launcher to the hub's config file."""
PASSWORD_VARIABLE = "COURSE_HUB_PASSWORD"
"""The shared password of the local run's accounts (never in a URL, never in a file)."""
OPERATOR_TOKEN_VARIABLE = "COURSE_HUB_OPERATOR_TOKEN"
"""When set, a token-only service ``cohort-operator`` may start servers and act in them
through the hub's REST API (bench/hub.py drives 30 learners with it); sent in a header."""
ACCOUNT_MARK = "outsourcing-leadership-lab hub account"
"""The comment (GECOS) of accounts this module creates; any other account is left alone."""
PROXY = REPO_ROOT / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
CONFIG_FILE = REPO_ROOT / "hub" / "jupyterhub_config.py"


class HubSetupError(RuntimeError):
    """The hub cannot be set up; the message says what and how to fix it."""


@dataclass(frozen=True)
class HubPlan:
    """Everything that names the cohort's hub: who, where, on which ports."""

    state: Path
    port: int = 8000
    course_id: str = "outsourcing-leadership-lab"
    instructors: tuple[str, ...] = ("instructor",)
    learners: tuple[str, ...] = ("ana", "bo", "chidi")
    grader: str = "grader-course"
    demos_account: str = "course-demos"
    demos: bool = True
    exercises: tuple[str, ...] = ()
    """Exercises built and handed to learners (empty: every exercise of the catalog)."""

    @property
    def homes(self) -> Path:
        return self.state / "home"

    @property
    def course_dir(self) -> Path:
        return self.state / "courses" / self.course_id

    @property
    def exchange(self) -> Path:
        return self.state / "exchange"

    @property
    def releases(self) -> Path:
        return self.state / "releases"

    @property
    def hub_dir(self) -> Path:
        return self.state / "jupyterhub"

    @property
    def formgrader_port(self) -> int:
        return self.port + 1

    @property
    def demos_port(self) -> int:
        return self.port + 2

    @property
    def hub_api_port(self) -> int:
        return self.port + 3

    @property
    def proxy_api_port(self) -> int:
        return self.port + 4

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def home(self, account: str) -> Path:
        return self.homes / account

    def to_json(self) -> str:
        data = asdict(self)
        data["state"] = str(self.state)
        return json.dumps(data)

    @classmethod
    def from_json(cls, text: str) -> HubPlan:
        data = json.loads(text)
        data["state"] = Path(data["state"])
        data["instructors"] = tuple(data["instructors"])
        data["learners"] = tuple(data["learners"])
        data["exercises"] = tuple(data["exercises"])
        return cls(**data)

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None) -> HubPlan:
        env = os.environ if env is None else env
        if PLAN_VARIABLE not in env:
            raise HubSetupError(
                f"{PLAN_VARIABLE} is not set: start the hub with `make hub` (python -m "
                "autograder.hub start), which sets the cohort up first"
            )
        return cls.from_json(env[PLAN_VARIABLE])


# --- accounts -------------------------------------------------------------------------------


def _account(name: str) -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam(name)
    except KeyError:
        return None


def ensure_account(name: str, home: Path) -> pwd.struct_passwd:
    """A machine account ``name`` whose home is ``home`` (mode 700), made by the course.

    An account that exists and was not made by the course is refused: the local run never
    changes a real person's account.
    """
    entry = _account(name)
    if entry is None:
        home.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["useradd", "--home-dir", str(home), "--shell", "/usr/sbin/nologin",
             "--user-group", "--comment", ACCOUNT_MARK, name],
            check=True, capture_output=True,
        )  # fmt: skip
    elif entry.pw_gecos != ACCOUNT_MARK:
        raise HubSetupError(
            f"the account {name!r} exists and was not made by the course; choose other names "
            "(--learners, --instructors) or run the hub with a real authenticator"
        )
    elif Path(entry.pw_dir) != home:
        subprocess.run(["usermod", "--home", str(home), name], check=True, capture_output=True)
    entry = pwd.getpwnam(name)
    home.mkdir(parents=True, exist_ok=True)
    os.chown(home, entry.pw_uid, entry.pw_gid)
    home.chmod(0o700)
    return entry


def stop_account_processes(uids: set[int]) -> None:
    """End every process running under one of ``uids`` (accounts the course made)."""
    import signal

    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid in uids:
                os.kill(int(entry.name), signal.SIGKILL)
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue


def remove_accounts(names: Sequence[str]) -> None:
    """Delete the named accounts the course made (never any other), ending what they still
    run (a server the hub could not stop); their homes stay."""
    ours = [e for e in map(_account, names) if e is not None and e.pw_gecos == ACCOUNT_MARK]
    stop_account_processes({e.pw_uid for e in ours})
    for entry in ours:
        subprocess.run(["userdel", entry.pw_name], check=False, capture_output=True)


def as_account(
    account: str, command: Sequence[str], python: Path, **kwargs
) -> subprocess.CompletedProcess:
    """Run ``command`` as ``account`` with its own home and the runtime's tools on PATH."""
    entry = pwd.getpwnam(account)
    env = {
        "HOME": entry.pw_dir,
        "USER": account,
        "LOGNAME": account,
        "LANG": os.environ.get("LANG", "C.UTF-8"),
        **runtime_environment(python),
    }
    return subprocess.run(
        ["setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--init-groups",
         "--", *command],
        env=env, cwd=entry.pw_dir, text=True, capture_output=True, **kwargs,
    )  # fmt: skip


def _autograder_as(plan: HubPlan, *args: str) -> str:
    account = plan.grader
    python = runtime_python(plan)
    done = as_account(account, [str(python), "-m", "autograder", *args], python, timeout=1800)
    if done.returncode != 0:
        output = (done.stdout + done.stderr)[-2000:]
        raise HubSetupError(f"autograder {' '.join(args)} failed as {account}:\n{output}")
    return done.stdout


def _chown_tree(root: Path, account: str) -> None:
    entry = pwd.getpwnam(account)
    for path in [root, *root.rglob("*")]:
        os.lchown(path, entry.pw_uid, entry.pw_gid)


# --- a Python every account can run ---------------------------------------------------------


def readable_by_all(path: Path) -> bool:
    """True when any account can reach and run ``path`` (every folder above it has o+x)."""
    real = Path(os.path.realpath(path))
    folders_open = all(p.stat().st_mode & 0o001 for p in real.parents)
    return folders_open and bool(real.stat().st_mode & 0o001)


def runtime_python(plan: HubPlan) -> Path:
    """The interpreter the accounts run: this one, or an exact copy of it beside the cohort.

    Why: a course installed with a Python that only root can reach (a version manager under
    /root, as on many build machines) cannot run a learner's server under the learner's own
    account. Then this very interpreter (same build, same patch release: the system's Python of
    the same minor version is not enough, a ``re`` fix between 3.11 patch releases breaks
    nbconvert's feedback pages) is copied into ``<state>/python``: its program, shared library
    and standard library, without the tests and without its installed packages. This
    installation's packages are added to its path (one ``.pth`` line) and Jupyter is pointed at
    their settings and extensions (:func:`runtime_environment`); nothing is installed.
    """
    if readable_by_all(Path(sys.executable)):
        return Path(sys.executable)
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    base = Path(sys.base_prefix)
    copy = plan.state / "python"
    python = copy / "bin" / version
    if not python.exists():
        shutil.rmtree(copy, ignore_errors=True)
        (copy / "bin").mkdir(parents=True)
        shutil.copy2(Path(os.path.realpath(base / "bin" / version)), python)
        (copy / "lib").mkdir()
        for library in (base / "lib").glob("libpython*"):
            shutil.copy2(library, copy / "lib" / library.name, follow_symlinks=False)
        skip = shutil.ignore_patterns("site-packages", "test", "idlelib", "tkinter", "turtledemo")
        shutil.copytree(base / "lib" / version, copy / "lib" / version, ignore=skip,
                        symlinks=True)  # fmt: skip
    packages = next(p for p in map(Path, sys.path) if p.name == "site-packages" and
                    str(p).startswith(sys.prefix))  # fmt: skip
    runtime_packages = copy / "lib" / version / "site-packages"
    runtime_packages.mkdir(exist_ok=True)
    (runtime_packages / "course-packages.pth").write_text(
        f"import site; site.addsitedir({str(packages)!r})\n", encoding="utf-8"
    )
    # nbgrader runs `alembic` from PATH; the installation's own script names root's Python.
    alembic = copy / "bin" / "alembic"
    alembic.write_text(
        f"#!{python}\nimport sys\nfrom alembic.config import main\nsys.exit(main())\n",
        encoding="utf-8",
    )
    (copy / "bin" / "python").unlink(missing_ok=True)
    (copy / "bin" / "python").symlink_to(version)
    for path in [copy, *copy.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() or path.parent.name == "bin" else 0o644)
    return python


def runtime_environment(python: Path) -> dict[str, str]:
    """PATH, the shared library and Jupyter's search paths for :func:`runtime_python`'s."""
    env = {"PATH": f"{python.parent}:/usr/local/bin:/usr/bin:/bin"}
    if python != Path(sys.executable):
        env["LD_LIBRARY_PATH"] = str(python.parent.parent / "lib")
        env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
        env["JUPYTER_CONFIG_PATH"] = str(Path(sys.prefix) / "etc" / "jupyter")
    return env


# --- setting the cohort up ------------------------------------------------------------------


def check_machine() -> None:
    """Root (to run each server under its own account) and the proxy from npm."""
    if os.geteuid() != 0:
        raise HubSetupError(
            "the hub runs each learner's server under their own account, which needs root: "
            "run `sudo make hub` (a shared server) or use `make start` for one person"
        )
    if not PROXY.is_file():
        raise HubSetupError(
            f"{PROXY} is missing: run `make hub-proxy` (npm ci in hub/) to install "
            "configurable-http-proxy"
        )


def set_up(plan: HubPlan, roster: Mapping[str, tuple[str, str]] | None = None) -> None:
    """Accounts, folders, the course directory with roster and releases, learner versions."""
    check_machine()
    plan.state.mkdir(parents=True, exist_ok=True)
    plan.state.chmod(0o755)
    plan.homes.mkdir(exist_ok=True)
    plan.homes.chmod(0o755)
    for name in (*plan.instructors, *plan.learners, plan.grader, plan.demos_account):
        ensure_account(name, plan.home(name))
    grader = pwd.getpwnam(plan.grader)
    # The exchange: every account writes, the grader owns it (nbgrader's release sets up the
    # course's inbound and feedback folders inside so that no learner can list them).
    plan.exchange.mkdir(exist_ok=True)
    os.chown(plan.exchange, grader.pw_uid, grader.pw_gid)
    plan.exchange.chmod(0o1777)
    # The course directory: the grader's alone.
    plan.course_dir.parent.mkdir(parents=True, exist_ok=True)
    plan.course_dir.parent.chmod(0o755)
    plan.course_dir.mkdir(exist_ok=True)
    os.chown(plan.course_dir, grader.pw_uid, grader.pw_gid)
    plan.course_dir.chmod(0o700)
    link = plan.course_dir / "exchange"
    if not link.is_symlink():
        if link.exists():
            shutil.rmtree(link)
        link.symlink_to(plan.exchange)
        os.lchown(link, grader.pw_uid, grader.pw_gid)
    _share_sources_with(plan.grader)
    course = str(plan.course_dir)
    _autograder_as(plan, "init", "--course-dir", course)
    roster_file = plan.home(plan.grader) / "roster.csv"
    names = roster or {learner: (learner.capitalize(), "") for learner in plan.learners}
    roster_file.write_text(
        "id,first,last,email\n" + "".join(f"{i},{f},{last},\n" for i, (f, last) in names.items()),
        encoding="utf-8",
    )
    os.chown(roster_file, grader.pw_uid, grader.pw_gid)
    _autograder_as(plan, "roster", "import", str(roster_file), "--course-dir", course)
    _autograder_as(plan, "build", *plan.exercises, "--course-dir", course)
    build_learner_versions(plan)
    demos = plan.home(plan.demos_account) / "staging"
    demos.mkdir(exist_ok=True)
    entry = pwd.getpwnam(plan.demos_account)
    os.chown(demos, entry.pw_uid, entry.pw_gid)


def _share_sources_with(grader: str) -> None:
    """The exercise sources (solutions, hidden tests): readable by the grader, not learners.

    Folders stay passable (o+x, not o+r) so that the catalog can check its files exist from
    any account; the files themselves are the grader group's only.
    """
    entry = pwd.getpwnam(grader)
    source = REPO_ROOT / "exercises"
    for path in [source, *source.rglob("*")]:
        os.lchown(path, -1, entry.pw_gid)
        path.chmod(0o751 if path.is_dir() else 0o640)


def exercise_sources_owners() -> dict[Path, os.stat_result]:
    """Owner, group and mode of every exercise source, before set_up shares them with the
    grader's group: a test or benchmark gives them back with :func:`restore_owners`."""
    source = REPO_ROOT / "exercises"
    return {path: path.lstat() for path in [source, *source.rglob("*")]}


def restore_owners(saved: Mapping[Path, os.stat_result]) -> None:
    """Give each path its saved owner, group and mode back (those that still exist)."""
    for path, stat in saved.items():
        if path.exists() and not path.is_symlink():
            os.lchown(path, stat.st_uid, stat.st_gid)
            path.chmod(stat.st_mode & 0o7777)


def build_learner_versions(plan: HubPlan) -> list[str]:
    """The learner versions the grader built, copied where every learner's server reads them.

    Why a copy: the course directory is the grader's alone; these hold no solution and no
    hidden test (nbgrader's release), so they may be readable by all.
    """
    built = plan.course_dir / "release"
    shutil.rmtree(plan.releases, ignore_errors=True)
    shutil.copytree(built, plan.releases)
    for path in [plan.releases, *plan.releases.rglob("*")]:
        os.chown(path, 0, 0)
        path.chmod(0o755 if path.is_dir() else 0o644)
    return sorted(p.name for p in plan.releases.iterdir() if p.is_dir())


# --- the hub's settings ---------------------------------------------------------------------


def configure_hub(c, plan: HubPlan) -> None:  # c: traitlets Config of jupyterhub_config.py
    """Everything the cohort needs from JupyterHub, set on its config object ``c``.

    Only the authenticator is the local run's own (a shared password for accounts the launcher
    made); set another authenticator after this call and everything else stays.
    """
    python = str(runtime_python(plan))
    runtime = runtime_environment(Path(python))
    everyone = [*plan.instructors, *plan.learners]
    c.JupyterHub.ip = "127.0.0.1"
    c.JupyterHub.port = plan.port
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = plan.hub_api_port
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{plan.proxy_api_port}"
    c.ConfigurableHTTPProxy.command = [str(PROXY)]
    c.JupyterHub.db_url = f"sqlite:///{plan.hub_dir / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(plan.hub_dir / "jupyterhub_cookie_secret")
    c.JupyterHub.pid_file = str(plan.hub_dir / "jupyterhub.pid")
    c.ConfigurableHTTPProxy.pid_file = str(plan.hub_dir / "proxy.pid")
    # The local run: one shared password for the accounts made by the launcher.
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = os.environ.get(PASSWORD_VARIABLE, "")
    c.Authenticator.allowed_users = set(everyone)
    c.Authenticator.admin_users = set()
    # Each server under its own account, preparing the learner's workspace first.
    c.JupyterHub.spawner_class = "localprocess"
    c.Spawner.cmd = [python, "-m", "course.hub_learner"]
    c.Spawner.default_url = "/lab/tree/start-here.ipynb"
    c.Spawner.ip = "127.0.0.1"
    c.Spawner.start_timeout = 180
    c.Spawner.http_timeout = 180
    c.Spawner.environment = {
        **runtime,
        "COURSE_HUB_RELEASES": str(plan.releases),
        "COURSE_HUB_EXCHANGE": str(plan.exchange),
        "COURSE_HUB_COURSE_ID": plan.course_id,
    }
    c.JupyterHub.load_groups = {
        f"formgrade-{plan.course_id}": {"users": list(plan.instructors)},
        f"nbgrader-{plan.course_id}": {"users": everyone},
    }
    c.JupyterHub.load_roles = [
        # A server's token may do what its owner may: nbgrader's course list asks the hub which
        # courses (services) the owner's groups reach.
        {"name": "server", "scopes": ["inherit"]},
        {
            "name": f"formgrade-{plan.course_id}",
            "groups": [f"formgrade-{plan.course_id}"],
            "scopes": [f"access:services!service={plan.course_id}"],
        },
        {
            "name": f"nbgrader-{plan.course_id}",
            "groups": [f"nbgrader-{plan.course_id}"],
            "scopes": ["list:services", f"read:services!service={plan.course_id}"],
        },
    ]
    services = [
        {
            # formgrader: JupyterLab in the course directory, as the grader account.
            "name": plan.course_id,
            "url": f"http://127.0.0.1:{plan.formgrader_port}",
            "command": [
                python,
                "-m",
                "jupyterhub.singleuser",
                f"--ServerApp.root_dir={plan.course_dir}",
                "--ServerApp.ip=127.0.0.1",
            ],
            "user": plan.grader,
            "cwd": str(plan.course_dir),
            "environment": {"JUPYTERHUB_DEFAULT_URL": "/lab", **runtime},
            "oauth_no_confirm": True,
            # JupyterLab takes a while on a busy machine; the hub stops if a service is late.
            "timeout": 180,
        }
    ]
    if plan.demos:
        services.append(
            {
                # The case demos (Voila): public pages of fictional cases, as their own account.
                "name": "demos",
                "url": f"http://127.0.0.1:{plan.demos_port}",
                "command": [
                    python, "-m", "course", "demos", "--port", str(plan.demos_port),
                    "--base-url", "/services/demos/", "--pool-size", "1",
                    "--staging", str(plan.home(plan.demos_account) / "staging"),
                ],
                "user": plan.demos_account,
                "cwd": str(plan.home(plan.demos_account)),
                "environment": runtime,
                "display": True,
                "timeout": 180,
            }
        )  # fmt: skip
    operator_token = os.environ.get(OPERATOR_TOKEN_VARIABLE)
    if operator_token:
        services.append({"name": "cohort-operator", "api_token": operator_token})
        c.JupyterHub.load_roles.append(
            {
                "name": "cohort-operator",
                "services": ["cohort-operator"],
                "scopes": ["admin:servers", "access:servers", "read:users"],
            }
        )
    c.JupyterHub.services = services


def start_hub(
    plan: HubPlan, password: str, log: Path | None = None, operator_token: str | None = None
) -> subprocess.Popen:
    """Start JupyterHub (already set up) in the background; return its process."""
    plan.hub_dir.mkdir(parents=True, exist_ok=True)
    plan.hub_dir.chmod(0o700)
    env = dict(os.environ)
    env[PLAN_VARIABLE] = plan.to_json()
    env[PASSWORD_VARIABLE] = password
    if operator_token:
        env[OPERATOR_TOKEN_VARIABLE] = operator_token
    env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '/usr/bin:/bin')}"
    output = open(log, "ab") if log else None  # noqa: SIM115 (the hub outlives this call)
    return subprocess.Popen(
        [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG_FILE)],
        cwd=plan.hub_dir,
        env=env,
        stdout=output or None,
        stderr=subprocess.STDOUT if output else None,
        start_new_session=True,
    )


def wait_until_up(plan: HubPlan, process: subprocess.Popen, timeout: float = 120) -> float:
    """Seconds until the hub answers through its proxy; fails if it exits first."""
    import urllib.error
    import urllib.request

    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if process.poll() is not None:
            raise HubSetupError(f"JupyterHub exited with status {process.returncode}")
        try:  # the proxy answers 404 until the hub has added its routes
            with urllib.request.urlopen(f"{plan.url}/hub/api/", timeout=2):
                return time.monotonic() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise HubSetupError(f"JupyterHub did not answer at {plan.url} within {timeout:.0f} s")


def stop_hub(process: subprocess.Popen, timeout: float = 30) -> None:
    """Stop the hub; it stops the proxy, its services and every learner's server with it."""
    import signal

    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# --- the grading cycle on the hub -----------------------------------------------------------


def grade_cycle(plan: HubPlan, assignment: str) -> str:
    """Collect from the exchange, grade with the isolated runner, release feedback.

    Collect and feedback run as the grader account; grading runs as root because the isolated
    runner builds each submission's namespaces (each submission then runs under an
    unprivileged id of its own); what it wrote is handed back to the grader afterwards.
    """
    course = str(plan.course_dir)
    out = _autograder_as(
        plan, "collect", assignment, "--from", str(plan.exchange), "--course-dir", course
    )
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", assignment, "--course-dir", course],
        capture_output=True, text=True, timeout=3600,
    )  # fmt: skip
    _chown_tree(plan.course_dir, plan.grader)
    if done.returncode != 0:
        raise HubSetupError(f"autograder grade {assignment} failed:\n{done.stdout}{done.stderr}")
    out += done.stdout
    out += _autograder_as(plan, "feedback", assignment, "--course-dir", course)
    return out


def release(plan: HubPlan, assignment: str) -> str:
    """``autograder release`` as the grader: the assignment appears in learners' lists."""
    return _autograder_as(plan, "release", assignment, "--course-dir", str(plan.course_dir))


# --- command line ---------------------------------------------------------------------------


def _names(text: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in text.split(",") if n.strip())


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m autograder.hub start|release|grade``: the hub's launcher and grading steps."""
    parser = argparse.ArgumentParser(prog="python -m autograder.hub", description=__doc__)
    parser.add_argument("command", choices=("start", "release", "grade"))
    parser.add_argument("assignment", nargs="?", help="for release and grade")
    parser.add_argument("--state", type=Path, default=REPO_ROOT / "build" / "hub")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--learners", type=_names, default=HubPlan.learners)
    parser.add_argument("--instructors", type=_names, default=HubPlan.instructors)
    parser.add_argument(
        "--exercises", type=_names, default=(), help="comma-separated ids (default: all)"
    )
    parser.add_argument("--no-demos", action="store_true")
    args = parser.parse_args(argv)
    plan = HubPlan(
        state=args.state.resolve(),
        port=args.port,
        learners=args.learners,
        instructors=args.instructors,
        demos=not args.no_demos,
        exercises=args.exercises,
    )
    try:
        if args.command == "start":
            return _start(plan)
        if not args.assignment:
            raise HubSetupError(f"{args.command} needs an assignment id")
        check_machine()
        print(release(plan, args.assignment) if args.command == "release" else
              grade_cycle(plan, args.assignment))  # fmt: skip
        return 0
    except HubSetupError as error:
        print(f"hub: {error}", file=sys.stderr)
        return 2


def _start(plan: HubPlan) -> int:
    print(f"Setting the cohort up in {plan.state} (accounts, course directory, releases)...")
    set_up(plan)
    password = os.environ.get(PASSWORD_VARIABLE) or secrets.token_urlsafe(12)
    process = start_hub(plan, password)
    try:
        seconds = wait_until_up(plan, process)
        print(
            f"\n  The course hub is up in {seconds:.1f} s: {plan.url}\n"
            f"  Learners: {', '.join(plan.learners)}; instructors: {', '.join(plan.instructors)}"
            f"\n  Password for all of them (this run only): {password}\n"
            f"  Formgrader (instructors): {plan.url}/services/{plan.course_id}/\n"
            f"  Case demos: {plan.url}/services/demos/\n"
            f"  Grade: sudo {sys.executable} -m autograder.hub grade ASSIGNMENT\n"
            "  Stop with Ctrl+C.\n",
            flush=True,
        )
        return process.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        stop_hub(process)


if __name__ == "__main__":
    sys.exit(main())
