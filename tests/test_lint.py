"""Is the code ruff-clean, as docs/conventions.md, "Code style and lint" asks?"""

from __future__ import annotations

import subprocess
import sys

from course.catalog import REPO_ROOT


def test_ruff_is_clean():
    """Does 'ruff check' report nothing over the packages, tests and benchmarks?"""
    folders = [
        name for name in ("course", "autograder", "tests", "bench") if (REPO_ROOT / name).is_dir()
    ]
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", *folders],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
