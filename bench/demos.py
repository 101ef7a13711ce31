"""Benchmark: time from navigation to the first interactive widget on the demo site.

Runs, in the same process and one after the other on the same machine:
- our demo site (`course demos`: our light page, preheated pools of kernels forked from a warm
  process, kernel starts limited to one per core), and
- plain `voila NOTEBOOK` on the same demo notebook (a kernel started per visitor),
each with 1 visitor (repeated ``--rounds`` times) and with 10 concurrent visitors, in Debian's
Chromium through Playwright. A visitor's time runs from ``page.goto`` until the first ipywidget
is visible. Prints p50 and p95 per setting; the last line reads ``p50_1: S ratio_10: X`` where
X is plain Voila's p50 over ours with 10 visitors.

Usage: ``python bench/demos.py [--demo negotiation] [--rounds 5] [--visitors 10] [--pool-size N]``
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from course.catalog import load_catalog  # noqa: E402
from course.server_state import find_free_port  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, stop, wait_for_http  # noqa: E402

WIDGET = ".jupyter-widgets"
TIMEOUT_MS = 180_000


async def visit(browser, url: str) -> float:
    context = await browser.new_context()
    page = await context.new_page()
    start = time.perf_counter()
    await page.goto(url, timeout=TIMEOUT_MS)
    await page.locator(WIDGET).first.wait_for(state="visible", timeout=TIMEOUT_MS)
    elapsed = time.perf_counter() - start
    await context.close()
    return elapsed


async def measure(url: str, rounds: int, visitors: int, settle: float) -> dict[str, list[float]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        await visit(browser, url)  # warm the browser and the server's caches
        await asyncio.sleep(settle)
        single = []
        for _ in range(rounds):
            single.append(await visit(browser, url))
            await asyncio.sleep(settle)  # let a preheated pool refill, as between real visitors
        burst = await asyncio.gather(*(visit(browser, url) for _ in range(visitors)))
        await browser.close()
    return {"1": single, str(visitors): list(burst)}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def run_server(command: list[str], url: str, log: IO[str]) -> subprocess.Popen:
    """Start a server logging to ``log`` (a pipe nobody reads would fill up and stall it)."""
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for_http(url, process, timeout=180)
    except AssertionError as problem:
        log.seek(0)
        raise SystemExit(f"{problem}\n{log.read()[-3000:]}") from None
    return process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", default="negotiation", help="module id whose demo is timed")
    parser.add_argument("--rounds", type=int, default=5, help="single-visitor rounds")
    parser.add_argument("--visitors", type=int, default=10, help="concurrent visitors")
    parser.add_argument(
        "--pool-size",
        type=int,
        default=None,
        help="preheated kernels per demo on our site (default: the site's own default)",
    )
    parser.add_argument(
        "--warmup", type=float, default=60, help="seconds to let preheated pools fill"
    )
    args = parser.parse_args()
    catalog = load_catalog()
    notebook = catalog.root / catalog.module(args.demo).demo
    results = {}
    with tempfile.TemporaryDirectory() as staging, open(Path(staging) / "server.log", "w+") as log:
        port = find_free_port(19866)
        pool = [] if args.pool_size is None else ["--pool-size", str(args.pool_size)]
        served = Path(staging) / "demos"
        ours = run_server(
            [sys.executable, "-m", "course", "demos", "--port", str(port), "--staging", str(served)]
            + pool,
            f"http://127.0.0.1:{port}/",
            log,
        )
        try:
            time.sleep(args.warmup)
            url = f"http://127.0.0.1:{port}/voila/render/{args.demo}.ipynb"
            results["ours"] = asyncio.run(measure(url, args.rounds, args.visitors, settle=8))
        finally:
            stop(ours)
        port = find_free_port(20866)
        plain = run_server(
            [sys.executable, "-m", "voila", str(notebook), f"--port={port}", "--no-browser"],
            f"http://127.0.0.1:{port}/",
            log,
        )
        try:
            url = f"http://127.0.0.1:{port}/"
            results["plain"] = asyncio.run(measure(url, args.rounds, args.visitors, settle=1))
        finally:
            stop(plain)
    for name, runs in results.items():
        for visitors, times in runs.items():
            print(
                f"{name:5} visitors={visitors:>2}  p50={statistics.median(times):6.2f} s  "
                f"p95={percentile(times, 0.95):6.2f} s  (n={len(times)})"
            )
    crowd = str(args.visitors)
    ratio = statistics.median(results["plain"][crowd]) / statistics.median(results["ours"][crowd])
    print(f"p50_1: {statistics.median(results['ours']['1']):.2f} ratio_10: {ratio:.1f}")


if __name__ == "__main__":
    main()
