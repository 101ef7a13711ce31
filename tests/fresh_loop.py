"""Run an async test scenario on a fresh event loop in its own thread.

Why a thread: Playwright's sync API (the browser tests, in the same pytest process) leaves an
event loop running in the main thread, where ``asyncio.run`` then refuses to start.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def run_in_fresh_loop(scenario: Callable[[], Awaitable[T]]) -> T:
    """``scenario()``'s result, run to completion by ``asyncio.run`` in a new thread."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, scenario()).result()
