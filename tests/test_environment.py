"""Does environment.yml list exactly the dependencies of pyproject.toml?"""

from __future__ import annotations

import re
import tomllib

import yaml

from course.catalog import REPO_ROOT


def normalise(requirement: str) -> tuple[str, str]:
    """Split 'Name>=1,<2' into ('name', '>=1,<2'), with PyPI's name normalisation."""
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    assert match, requirement
    name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
    return name, match.group(2).replace(" ", "")


def test_environment_matches_pyproject():
    """Do the conda file and pyproject.toml name the same packages with the same versions?"""
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    wanted = dict(normalise(r) for r in project["dependencies"])
    wanted.update(normalise(r) for r in project["optional-dependencies"]["test"])
    env = yaml.safe_load((REPO_ROOT / "environment.yml").read_text())
    listed = dict(
        normalise(d)
        for d in env["dependencies"]
        if isinstance(d, str) and not d.startswith(("python", "pip"))
    )
    assert listed == wanted


def test_importing_nbformat_does_not_build_a_uri_grammar():
    """Does nbformat import without rfc3987-syntax (3 s of grammar building in every process
    that reads a notebook; pyproject.toml pins jsonschema below 4.25 for it)?"""
    import subprocess
    import sys

    probe = "import sys, nbformat; print('rfc3987_syntax' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
