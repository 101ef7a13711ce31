"""How the demo site hands out preheated kernels: ready ones only, refilled when things are calm.

Voila's pool (``voila.voila_kernel_manager``) holds tasks, some finished (a kernel with the demo
already run) and some still starting. It gives a visitor the oldest task even when that task is
still starting, and it starts the replacement one second after a kernel is taken. In a burst of
visitors, both hurt: visitor three waits behind a refill that has not even begun, and the
refills compete for the CPU with the visitors' own kernels. Measured with ``bench/demos.py`` (10
visitors at once, pool of 2 per demo, 2 cores), that cost about half the waiting time.

Here a visitor gets a kernel that is ready now, or else Voila's ordinary path starts one for them
at once. Refills wait ``REFILL_DELAY_SECONDS`` so they run after a burst, not during it. A task
whose kernel failed to start is dropped and replaced instead of being handed to a visitor.

Starting a kernel and running a demo in it costs about 1.5 s of CPU (Python, pandas, matplotlib,
the figures). Ten started at once on two cores share the CPU evenly and all finish late,
together; started a few at a time (``kernel_starts_at_once``: one per core), the first visitors
are served early and the last no later. The same slots hold back refills, and visitors whose
kernel is ready never wait for a slot.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

REFILL_DELAY_SECONDS = 10.0
"""Seconds between a kernel leaving the pool and its replacement starting."""


SLOT_WAIT_SECONDS = 60.0
"""Longest wait for a start slot; after it a visitor's kernel starts anyway (a stuck start must
not lock everyone out)."""


def kernel_starts_at_once() -> int:
    """One kernel start per CPU core this process may use."""
    return max(1, len(os.sched_getaffinity(0)))


async def take_slot(slots: asyncio.Semaphore) -> bool:
    """Wait for a start slot; False when none came within ``SLOT_WAIT_SECONDS`` (go anyway)."""
    try:
        await asyncio.wait_for(slots.acquire(), SLOT_WAIT_SECONDS)
    except TimeoutError:
        return False
    return True


def _ready(task: asyncio.Task) -> bool:
    return task.done() and not task.cancelled() and task.exception() is None


def _failed(task: asyncio.Task) -> bool:
    return task.done() and (task.cancelled() or task.exception() is not None)


def ready_first(pool_class: type) -> type:
    """A subclass of Voila's pooled kernel manager class (made at run time by Voila's factory)."""

    class ReadyFirstKernelPool(pool_class):
        start_slots: asyncio.Semaphore  # set by DemoSite, shared with its page handler

        async def _initialize(self, notebook_path: str, kernel_id: str | None = None, **kwargs):
            """A refill holds a start slot until its demo has run (or a visitor took it)."""
            taken = await take_slot(self.start_slots)
            try:
                content = await super()._initialize(notebook_path, kernel_id, **kwargs)
            except BaseException:
                if taken:
                    self.start_slots.release()
                raise
            if taken:
                content["task"].add_done_callback(lambda _: self.start_slots.release())
            return content

        def get_pool_size(self, notebook_name: str) -> int:
            """Kernels ready now; Voila's own path starts a kernel when this is 0."""
            pool = self._pools.get(notebook_name, [])
            failed = [task for task in pool if _failed(task)]
            if failed:
                for task in failed:
                    pool.remove(task)
                    self.log.warning("A preheated kernel for %s failed to start", notebook_name)
                self.fill_if_needed(notebook_name=notebook_name)
            return sum(1 for task in pool if _ready(task))

        async def get_rendered_notebook(self, notebook_name: str, *args: Any, **kwargs: Any):
            """Voila takes the pool's first task: put a ready one there."""
            pool = self._pools.get(notebook_name, [])
            ready = next((task for task in pool if _ready(task)), None)
            if ready is not None:
                pool.remove(ready)
                pool.insert(0, ready)
            return await super().get_rendered_notebook(notebook_name, *args, **kwargs)

    ReadyFirstKernelPool.__name__ = pool_class.__name__  # keeps `--VoilaKernelManager.*` config
    return ReadyFirstKernelPool
