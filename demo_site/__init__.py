"""The public demo site: every module's case demo served by Voila on a page of our own.

Why a package of its own: the course library (``course/``) is what lessons, exercises and graders
import; hosting (the page template and its script, the kernel pool, the forked kernels) is a
deployment of its views, so it lives beside the course rather than inside it.

- ``server.py``: the Voila application that serves only the demos, and ``serve_demos``.
- ``pool.py``: how preheated kernels are handed out and how many start at once.
- ``kernel_zygote.py`` and ``forking_provisioner.py``: kernels forked from a warm process.
- ``page/``: the page template and its built script and styles (sources in ``demo-frontend/``).
"""
