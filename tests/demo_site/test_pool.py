"""Does the demo site's kernel pool hand out ready kernels only, and limit kernel starts?

Voila's pooled kernel manager is replaced by a stand-in with the same protocol (``_pools`` of
tasks, ``_initialize`` returning the render task, ``get_rendered_notebook`` taking the first
task), so the policy in demo_site/pool.py is tested without starting kernels.
"""

from __future__ import annotations

import asyncio
import logging

import pytest

from demo_site import pool as demo_pool
from demo_site.pool import ready_first, take_slot
from tests.fresh_loop import run_in_fresh_loop


class FakeVoilaPool:
    """What demo_site/pool.py relies on in Voila's VoilaKernelManager."""

    log = logging.getLogger("fake-pool")

    def __init__(self) -> None:
        self._pools: dict[str, list[asyncio.Task]] = {}
        self.refills: list[str] = []
        self.running = 0
        self.most_running = 0

    def fill_if_needed(self, notebook_name: str, **kwargs) -> None:
        self.refills.append(notebook_name)

    async def _initialize(self, notebook_path: str, kernel_id=None, **kwargs) -> dict:
        self.running += 1
        self.most_running = max(self.most_running, self.running)

        async def render() -> None:
            await asyncio.sleep(0.05)
            self.running -= 1

        return {"task": asyncio.ensure_future(render()), "kernel_id": notebook_path}

    async def get_rendered_notebook(self, notebook_name: str, **kwargs):
        return await self._pools[notebook_name].pop(0)


def make_pool(slots: int = 2):
    pool = ready_first(FakeVoilaPool)()
    pool.start_slots = asyncio.Semaphore(slots)
    return pool


async def finished(value=None) -> asyncio.Task:
    task = asyncio.ensure_future(asyncio.sleep(0, result=value))
    await task
    return task


async def failed() -> asyncio.Task:
    async def boom():
        raise RuntimeError("kernel died on start")

    task = asyncio.ensure_future(boom())
    await asyncio.sleep(0)
    return task


def test_only_started_kernels_count_and_the_ready_one_is_handed_out():
    async def scenario():
        pool = make_pool()
        starting = asyncio.ensure_future(asyncio.sleep(30))
        ready = await finished({"kernel_id": "ready"})
        pool._pools["demo.ipynb"] = [starting, ready]
        assert pool.get_pool_size("demo.ipynb") == 1
        assert await pool.get_rendered_notebook("demo.ipynb") == {"kernel_id": "ready"}
        assert pool._pools["demo.ipynb"] == [starting]
        assert pool.get_pool_size("demo.ipynb") == 0  # Voila now starts a kernel at once
        starting.cancel()

    run_in_fresh_loop(scenario)


def test_a_kernel_that_failed_to_start_is_dropped_and_replaced(caplog):
    async def scenario():
        pool = make_pool()
        bad = await failed()
        pool._pools["demo.ipynb"] = [bad, await finished()]
        with caplog.at_level(logging.WARNING):
            assert pool.get_pool_size("demo.ipynb") == 1
        assert bad not in pool._pools["demo.ipynb"]
        assert pool.refills == ["demo.ipynb"]
        assert "failed to start" in caplog.text

    run_in_fresh_loop(scenario)


def test_kernel_starts_never_exceed_the_slots_and_all_slots_come_back():
    async def scenario():
        pool = make_pool(slots=2)
        contents = await asyncio.gather(*(pool._initialize("demo.ipynb") for _ in range(7)))
        await asyncio.gather(*(content["task"] for content in contents))
        await asyncio.sleep(0)
        return pool

    pool = run_in_fresh_loop(scenario)
    assert pool.most_running == 2
    assert pool.start_slots._value == 2


def test_a_start_that_raises_gives_its_slot_back():
    class Crashing(FakeVoilaPool):
        async def _initialize(self, notebook_path, kernel_id=None, **kwargs):
            raise RuntimeError("no kernel spec")

    async def scenario():
        pool = ready_first(Crashing)()
        pool.start_slots = asyncio.Semaphore(1)
        with pytest.raises(RuntimeError):
            await pool._initialize("demo.ipynb")
        return pool.start_slots._value

    assert run_in_fresh_loop(scenario) == 1


def test_no_slot_within_the_wait_means_go_anyway(monkeypatch):
    monkeypatch.setattr(demo_pool, "SLOT_WAIT_SECONDS", 0.05)

    async def scenario():
        slots = asyncio.Semaphore(1)
        assert await take_slot(slots) is True
        assert await take_slot(slots) is False  # a stuck start must not lock visitors out
        return slots._value

    assert run_in_fresh_loop(scenario) == 0


def test_the_pool_keeps_voilas_class_name_for_its_settings():
    assert ready_first(FakeVoilaPool).__name__ == "FakeVoilaPool"
