"""Part of the adversarial corpus graded by a normal user: the walls hold without root too.

Why a part: the whole corpus runs as root in ``test_corpus.py``; what changes for a normal user
is how the walls are built (a user namespace instead of a user id of its own, a cgroup only
where one is delegated), so one case of each kind is enough: the disk, the file system
allow-list, the reference code, an in-kernel cheat, the gradebook, the network, a detached
process. As root, the test makes a system user (``autograder-ci``) and runs the corpus as it.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

from autograder.runner import sandbox
from course.catalog import REPO_ROOT

USER = "autograder-ci"
CASES = (
    "fill-disk",
    "read-course-by-absolute-path",
    "call-reference-code",
    "input-transformer",
    "gradebook-tamper-other",
    "socket-exfiltrate",
    "spawn-detached",
)
RUN_CORPUS = REPO_ROOT / "tests" / "grading" / "adversarial" / "run_corpus.py"


def as_user(command: list[str], env: dict[str, str]) -> list[str]:
    """``command`` run as the test user when this test runs as root, else as is."""
    if os.geteuid() != 0:
        return command
    assignments = [f"{key}={value}" for key, value in env.items()]
    return ["runuser", "-u", USER, "--", "env", "-i", *assignments, *command]


def ensure_user() -> None:
    if os.geteuid() != 0:
        return
    try:
        pwd.getpwnam(USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER],
            check=True,
        )


def interpreter_for_user(work: Path, env: dict[str, str]) -> str:
    """A Python the test user can run with this environment's packages.

    Why not always ``sys.executable``: an interpreter under a folder only root may enter (a
    pyenv under /root) cannot be started by another user. Then a bare virtual environment on the
    system's Python of the same version reads this one's packages through a ``.pth`` line.
    """
    probe = as_user([sys.executable, "-c", "import autograder, course"], env)
    if subprocess.run(probe, capture_output=True).returncode == 0:
        return sys.executable
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    system = shutil.which(f"python{version}", path="/usr/bin:/usr/local/bin")
    if system is None:
        pytest.skip(f"the test user cannot run {sys.executable} and no system python{version}")
    bridge = work / "venv"
    subprocess.run([system, "-m", "venv", "--without-pip", str(bridge)], check=True)
    site = sysconfig.get_paths()["purelib"]
    packages = bridge / "lib" / f"python{version}" / "site-packages"
    (packages / "course-environment.pth").write_text(
        f"import site; site.addsitedir({site!r})\n", encoding="utf-8"
    )
    # nbgrader runs the `alembic` command; this environment's script starts its interpreter.
    alembic = bridge / "bin" / "alembic"
    alembic.write_text(
        f"#!{bridge}/bin/python\nimport sys\nfrom alembic.config import main\nsys.exit(main())\n",
        encoding="utf-8",
    )
    alembic.chmod(0o755)
    return str(bridge / "bin" / "python")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the sandbox needs Linux")
def test_a_normal_user_grades_the_corpus_with_the_same_walls():
    """Does each case come out as expected, every honest learner in full, without root?"""
    if os.geteuid() != 0 and sandbox.user_namespaces_problem():
        pytest.skip(sandbox.user_namespaces_problem())
    ensure_user()
    work = Path(tempfile.mkdtemp(prefix="autograder-nonroot-"))
    try:
        work.chmod(0o755)
        env = {
            "HOME": str(work),
            "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        python = interpreter_for_user(work, env)
        env["PATH"] = f"{Path(python).parent}:/usr/bin:/bin"
        if os.geteuid() == 0:
            shutil.chown(work, USER, USER)
            for path in work.rglob("*"):
                shutil.chown(path, USER, USER)
        command = [
            python,
            str(RUN_CORPUS),
            "--only",
            *CASES,
            "--cell-timeout",
            "10",
            "--time-limit",
            "600",
            "--workdir",
            str(work),
        ]
        done = subprocess.run(
            as_user(command, env), cwd=work, capture_output=True, text=True, timeout=900
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    table = done.stdout
    assert done.returncode == 0, table[-6000:] + done.stderr[-3000:]
    assert "honest learners graded with full marks: 3/3" in table, table
    assert "gradebook intact: yes" in table and "processes left behind: none" in table, table
    if os.geteuid() == 0:
        assert "--runner nbgrader" not in table  # never told to fall back to the unprotected way
