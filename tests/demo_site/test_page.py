"""Is the demo page's committed script the build of the committed sources?

The demo site's script (``demo_site/page/static/demo.js``) is built from ``demo-frontend/``
with esbuild and committed, so neither CI nor a deployment needs Node.js. The build records a
digest of its sources; these tests recompute it, so a source edited without a rebuild (or a
bundle edited by hand) fails here with the command that fixes it.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from demo_site.server import DEMO_PAGE

REPO = Path(__file__).resolve().parents[2]
FRONTEND = REPO / "demo-frontend"
STATIC = DEMO_PAGE / "static"
REBUILD = "cd demo-frontend && npm ci && npm run build, then commit demo_site/page"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sources_digest(sources: list[str]) -> str:
    """The digest build.mjs writes: each source's path and sha256, one per line."""
    lines = "".join(f"{path}\n{sha256((FRONTEND / path).read_bytes())}\n" for path in sources)
    return sha256(lines.encode())


def test_the_bundle_was_built_from_the_current_sources():
    record = json.loads((STATIC / "build.json").read_text())
    current = ["package.json", "package-lock.json", "build.mjs"] + sorted(
        f"src/{path.name}" for path in (FRONTEND / "src").iterdir()
    )
    assert record["sources"] == current, f"sources were added or removed: {REBUILD}"
    assert record["sources_sha256"] == sources_digest(current), f"a source changed: {REBUILD}"


def test_the_page_links_the_built_files_by_their_content():
    assets = (DEMO_PAGE / "assets.html.j2").read_text()
    for name in ("demo.js", "demo.css"):
        version = sha256((STATIC / name).read_bytes())[:16]
        assert f"course-demo/static/{name}?v={version}" in assets, f"{name} is stale: {REBUILD}"


def test_the_bundle_ships_the_licences_of_what_it_bundles():
    bundle = (STATIC / "demo.js").read_text()
    licences = (STATIC / "demo.js.LICENSES.txt").read_text()
    assert "demo.js.LICENSES.txt" in bundle.splitlines()[0]
    for package in ("@jupyter-widgets/controls", "@jupyterlab/services", "@lumino/widgets"):
        assert re.search(rf"^{re.escape(package)}@\d", licences, re.MULTILINE), package
    assert licences.count("Permission is hereby granted") > 5  # the MIT texts themselves


def test_the_frontend_pins_exact_versions():
    """A rebuild must give the same bundle: no version ranges in package.json."""
    package = json.loads((FRONTEND / "package.json").read_text())
    for section in ("dependencies", "devDependencies"):
        for name, version in package[section].items():
            assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name}: {version} is a range"
