"""The public demo site: every module's case demo served by Voila, and nothing else.

Why a subclass of Voila rather than plain ``voila modules/``: plain Voila in directory mode shows
a file tree, serves a contents API and renders any notebook under its root, so a visitor could
open a lesson (or anything else) by guessing its path. Here the root is a staging folder holding
only copies of the demo notebooks named in the catalog, the tree, contents and file handlers are
removed, and the render route matches only those names. Kernels are preheated (a pool per demo,
with the notebook already executed) so a visitor does not wait for a kernel start, and idle
kernels are culled.

The page is our own template (``demo_site/page``): the server renders text and plots as HTML
and a small script (built from ``demo-frontend/``) brings the widgets to life. Voila's own page
loads JupyterLab's frontend, about 5 MB of JavaScript in 90 files, which a visitor's browser
spends over a second compiling before the first control appears; ours is one file of about 1 MB.
"""

from __future__ import annotations

import asyncio
import html
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tornado.web
from jupyter_server.utils import url_path_join
from jupyterlab_server.themes_handler import ThemesHandler
from voila.app import Voila
from voila.static_file_handler import (
    AllowListFileHandler,
    MultiStaticFileHandler,
    TemplateStaticFileHandler,
)
from voila.tornado.contentshandler import VoilaContentsHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

from course.catalog import Catalog, load_catalog
from demo_site.pool import REFILL_DELAY_SECONDS, kernel_starts_at_once, ready_first, take_slot

DEFAULT_PORT = 8866
"""Voila's own default port, so the demo site is where Voila users expect it."""

POOL_SIZE = 2
"""Preheated kernels per demo: one for the next visitor and one refilling behind it. Each is a
Python process of about 100 MB, so five demos cost about 1 GB."""

CULL_IDLE_SECONDS = 600
"""A visitor's kernel with no activity for ten minutes is shut down (its tab was closed or
forgotten); pooled kernels waiting for a visitor are never culled."""

CULL_INTERVAL_SECONDS = 60
"""How often the server looks for idle kernels."""

FRONTEND_EXTENSIONS = ("@jupyter-widgets/jupyterlab-manager", "@voila-dashboards/widgets-manager8")
"""The only JupyterLab extensions named in a page's configuration. Our page loads none of them,
but Voila would otherwise list every extension installed (nbgrader's among them) to visitors."""

FORKING_PROVISIONER = "course-forking"
"""Kernels are forked from a warm process that has imported what demos need
(demo_site/kernel_zygote.py, demo_site/forking_provisioner.py)."""

DEMO_PAGE = Path(__file__).parent / "page"
"""The page template (``index.html.j2``) and its built script and styles (``static/``)."""

PAGE_STATIC_PREFIX = "course-demo/static"
"""Where the page's script and styles are served; ``assets.html.j2`` links here."""

PAGE_FILES = r"demo\.js|demo\.css|demo\.js\.LICENSES\.txt"
"""The files served from ``page/static``: the bundle, its styles and its licences."""

IOPUB_TIMEOUT_SECONDS = 30
"""How long a demo's run waits for a cell's output after the cell finished. nbclient's 4 s lose
the view (the page shows no controls) when the machine is busy, as on a loaded server or CI."""

RENDER_PREFIX = "voila/render"
"""Where demos are served; the landing page links here."""


@dataclass(frozen=True)
class Demo:
    """One demo on the landing page: the module it belongs to and the staged notebook."""

    module_id: str
    title: str
    pitch: str
    file_name: str  # the staged copy's name, e.g. "negotiation.ipynb"

    @property
    def path(self) -> str:
        """The demo's address relative to the site's base URL."""
        return f"{RENDER_PREFIX}/{self.file_name}"


def stage_demos(destination: Path, catalog: Catalog | None = None) -> list[Demo]:
    """Copy every module's demo notebook to ``destination`` as ``<module-id>.ipynb``.

    The folder is emptied first, so a demo removed from the catalog is no longer served. Each
    copy carries, in its metadata, the page title and the previous and next demos, which the
    page template turns into the links back to the list and on to the next demo.
    """
    catalog = catalog or load_catalog()
    if destination.exists():
        shutil.rmtree(destination)
    destination.mkdir(parents=True)
    demos = [
        Demo(module.id, module.title, module.pitch or "", f"{module.id}.ipynb")
        for module in catalog.modules
        if module.demo
    ]
    sources = [catalog.root / module.demo for module in catalog.modules if module.demo]
    for number, (demo, source) in enumerate(zip(demos, sources, strict=True)):
        notebook = json.loads(source.read_text(encoding="utf-8"))
        notebook.setdefault("metadata", {})
        notebook["metadata"]["title"] = f"{demo.title}: case demo - {catalog.title}"
        notebook["metadata"]["course_demo"] = {
            "site_title": catalog.title,
            "title": demo.title,
            "position": f"Demo {number + 1} of {len(demos)}",
            "previous": _neighbour(demos, number - 1),
            "next": _neighbour(demos, number + 1),
        }
        (destination / demo.file_name).write_text(json.dumps(notebook), encoding="utf-8")
    return demos


def _neighbour(demos: list[Demo], number: int) -> dict[str, str] | None:
    """The demo at ``number`` as the page's link needs it, or None past either end."""
    if not 0 <= number < len(demos):
        return None
    return {"title": demos[number].title, "path": demos[number].path}


LANDING_STYLE = """
:root { color-scheme: light dark; --text: #1b1b1b; --muted: #3d3d3d; --link: #1a4f8b;
        --focus: #1a5fb4; --background: #ffffff; }
@media (prefers-color-scheme: dark) {
  :root { --text: #eeeeee; --muted: #cccccc; --link: #8cc4ff; --focus: #8cc4ff;
          --background: #111111; }
}
body { font-family: system-ui, sans-serif; max-width: 46em; margin: 2em auto; padding: 0 1em;
       color: var(--text); background: var(--background); line-height: 1.5; }
h1 { font-size: 1.8em; line-height: 1.2; }
li { margin-bottom: 1em; }
a { font-size: 1.15em; color: var(--link); }
a:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
li span { color: var(--muted); }
"""
"""The landing page's look: readable from a phone to a desktop, light or dark as the visitor's
system prefers, contrast above WCAG AA in both."""


def landing_html(title: str, tagline: str, demos: list[Demo], base_url: str) -> str:
    """The landing page: the course title and one link with a one-line pitch per demo."""
    items = "\n".join(
        f'<li><a href="{html.escape(url_path_join(base_url, demo.path))}">'
        f"{html.escape(demo.title)}</a><br><span>{html.escape(demo.pitch)}</span></li>"
        for demo in demos
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}: case demos</title>
<link rel="icon" href="data:,">
<style>{LANDING_STYLE}</style></head><body>
<main>
<h1>{html.escape(title)}: case demos</h1>
<p>{html.escape(tagline)}</p>
<p>Each demo is an interactive case study from the course. Move the controls and watch the
numbers change. All companies are fictional.</p>
<ol id="demos">
{items}
</ol>
</main>
</body></html>"""


class LandingHandler(tornado.web.RequestHandler):
    """Serves the landing page (built once at start-up)."""

    def initialize(self, page: str) -> None:
        self.page = page

    def get(self) -> None:
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.write(self.page)


class NotFoundHandler(tornado.web.RequestHandler):
    """Everything the site does not serve: a short 404, never a listing or a traceback."""

    def prepare(self) -> None:
        raise tornado.web.HTTPError(404)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{status_code}: not a page of this site\n")


class DemoPageHandler(TornadoVoilaHandler):
    """Voila's page handler; a visitor without a ready kernel waits for a start slot first.

    The slot is held while the page is generated, which for such a visitor is the kernel start
    and the demo's run (see demo_site/pool.py for why starts are limited).
    """

    async def get(self, path: str | None = None) -> None:
        manager = self.kernel_manager
        ready = getattr(manager, "get_pool_size", lambda _: 0)(path) > 0
        if ready:
            await super().get(path)
            return
        taken = await take_slot(manager.start_slots)
        try:
            await super().get(path)
        finally:
            if taken:
                manager.start_slots.release()


_REMOVED = (
    TornadoVoilaTreeHandler,
    VoilaContentsHandler,
    AllowListFileHandler,
    TemplateStaticFileHandler,
    MultiStaticFileHandler,
    ThemesHandler,
)
"""Voila handlers the demo site drops: the file tree, the contents API and file downloads, and
the static files of Voila's own templates and themes. Of those our page loads only the lab
template's two style sheets, served by ``TEMPLATE_FILES`` below; Voila's own route took any
path and answered one it could not split into template/static/file with a 500."""

TEMPLATE_FILES = r"lab/static/(?:index|theme-light|theme-dark)\.css"
"""The files of nbconvert's lab template that our page links (its styles and light theme)."""


class DemoSite(Voila):
    """Voila serving only the staged demos, with a landing page instead of the file tree."""

    name = "course-demos"
    demos: list[Demo] = []
    course_title = "Outsourcing Leadership Lab"
    tagline = ""

    def init_settings(self) -> dict:
        """Voila's settings; its kernel pool hands out ready kernels only, and kernel starts
        share the start slots with the page handler (demo_site/pool.py)."""
        settings = super().init_settings()
        if self.voila_configuration.preheat_kernel:
            self.kernel_manager.__class__ = ready_first(type(self.kernel_manager))
        self.kernel_manager.start_slots = asyncio.Semaphore(kernel_starts_at_once())
        return settings

    def setup_template_dirs(self) -> None:
        """Voila's template folders, with ours first so its ``index.html.j2`` is the page."""
        super().setup_template_dirs()
        self.template_paths = [str(DEMO_PAGE), *self.template_paths]

    def init_handlers(self) -> list:
        handlers = [
            handler
            for handler in super().init_handlers()
            if not (len(handler) > 1 and handler[1] in _REMOVED)
            and not (len(handler) > 1 and handler[1] is TornadoVoilaHandler)
        ]
        names = "|".join(re.escape(demo.file_name) for demo in self.demos)
        page = landing_html(self.course_title, self.tagline, self.demos, self.server_url)
        handlers += [
            (url_path_join(self.server_url, r"/?"), LandingHandler, {"page": page}),
            (
                url_path_join(self.server_url, rf"/{PAGE_STATIC_PREFIX}/({PAGE_FILES})"),
                tornado.web.StaticFileHandler,
                {"path": str(DEMO_PAGE / "static")},
            ),
            (
                url_path_join(self.server_url, rf"/voila/templates/({TEMPLATE_FILES})"),
                TemplateStaticFileHandler,
            ),
            (
                url_path_join(self.server_url, rf"/{RENDER_PREFIX}/({names})"),
                DemoPageHandler,
                {
                    "template_paths": self.template_paths,
                    "config": self.config,
                    "voila_configuration": self.voila_configuration,
                },
            ),
            (url_path_join(self.server_url, r"/.*"), NotFoundHandler),
        ]
        return handlers


def demo_site_argv(
    root: Path, port: int, base_url: str = "/", pool_size: int = POOL_SIZE
) -> list[str]:
    """Voila's command-line settings for the demo site (also what the README documents)."""
    return [
        str(root),
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--no-browser",
        f"--Voila.base_url={base_url}",
        "--Voila.port_retries=0",
        "--VoilaConfiguration.show_tracebacks=False",
        *(f"--VoilaConfiguration.extension_allowlist={name}" for name in FRONTEND_EXTENSIONS),
        "--VoilaConfiguration.preheat_kernel=True",
        f"--VoilaExecutor.iopub_timeout={IOPUB_TIMEOUT_SECONDS}",
        f"--VoilaConfiguration.default_pool_size={pool_size}",
        f"--VoilaKernelManager.fill_delay={REFILL_DELAY_SECONDS}",
        f"--KernelProvisionerFactory.default_provisioner_name={FORKING_PROVISIONER}",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL_SECONDS}",
        "--MappingKernelManager.cull_connected=False",
    ]


def serve_demos(
    port: int = DEFAULT_PORT,
    base_url: str = "/",
    staging: Path | None = None,
    pool_size: int | None = None,
) -> None:
    """Stage the catalog's demos and serve them until interrupted."""
    catalog = load_catalog()
    root = staging or catalog.root / "build" / "demos"
    demos = stage_demos(root, catalog)
    DemoSite.demos = demos
    DemoSite.course_title = catalog.title
    DemoSite.tagline = catalog.tagline or ""
    size = POOL_SIZE if pool_size is None else pool_size
    DemoSite.launch_instance(argv=demo_site_argv(root, port, base_url, size))
