"""Do kernels forked from the warm process behave like ordinary kernels, and fail safe?

Real kernels through jupyter_client's AsyncKernelManager with the ``course-forking``
provisioner selected as the demo site selects it. Each scenario runs on its own event loop in
its own thread (Playwright's sync API, used by browser tests in the same process, leaves a loop
running in the main thread).
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import KernelProvisionerFactory
from traitlets.config import Config

from demo_site import forking_provisioner
from demo_site.forking_provisioner import ForkedKernel, ForkingProvisioner, forkable, zygote
from demo_site.kernel_zygote import serve
from tests.fresh_loop import run_in_fresh_loop

CONFIG = Config({"KernelProvisionerFactory": {"default_provisioner_name": "course-forking"}})


async def started_kernel(tmp_path) -> tuple[AsyncKernelManager, object]:
    KernelProvisionerFactory.clear_instance()
    KernelProvisionerFactory.instance(config=CONFIG)
    manager = AsyncKernelManager(kernel_name="python3", config=CONFIG)
    await manager.start_kernel(cwd=str(tmp_path), env={**os.environ, "COURSE_PROBE": "yes"})
    client = manager.client()
    client.start_channels()
    await client.wait_for_ready(timeout=60)
    return manager, client


async def run_code(client, code: str, timeout: float = 30) -> tuple[str, dict]:
    printed = []

    def keep(message):
        if message["msg_type"] == "stream":
            printed.append(message["content"]["text"])

    reply = await client.execute_interactive(code, timeout=timeout, output_hook=keep)
    return "".join(printed), reply["content"]


async def wait_dead(process: ForkedKernel, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return True
        await asyncio.sleep(0.1)
    return False


def test_only_our_pythons_plain_ipykernel_command_is_forked():
    file = "/tmp/kernel-1.json"
    assert forkable([sys.executable, "-m", "ipykernel_launcher", "-f", file]) == file
    assert forkable(["/usr/bin/python2", "-m", "ipykernel_launcher", "-f", file]) is None
    assert forkable([sys.executable, "-m", "ipykernel_launcher", "-f", file, "--debug"]) is None
    assert forkable(["julia", "kernel.jl", file]) is None


def test_a_forked_kernel_runs_code_warm_in_its_own_folder_and_environment(tmp_path):
    async def scenario():
        manager, client = await started_kernel(tmp_path)
        try:
            assert isinstance(manager.provisioner, ForkingProvisioner)
            assert isinstance(manager.provisioner.process, ForkedKernel)
            printed, reply = await run_code(
                client,
                "import os, sys\n"
                "print(os.getppid(), os.getcwd(), os.environ['COURSE_PROBE'],"
                " 'pandas' in sys.modules, 'course.widgets.negotiation_view' in sys.modules)",
            )
            assert reply["status"] == "ok"
            return printed.split(), zygote().process.pid, manager.provisioner.pid
        finally:
            client.stop_channels()
            await manager.shutdown_kernel()

    (parent, folder, probe, pandas, views), warm_pid, kernel_pid = run_in_fresh_loop(scenario)
    assert int(parent) == warm_pid != os.getpid()
    assert folder == str(tmp_path) and probe == "yes"
    assert pandas == views == "True", "the warm imports were not inherited"
    assert ForkedKernel(kernel_pid).poll() is not None, "the kernel outlived its shutdown"


def test_interrupt_and_kill_reach_a_forked_kernel(tmp_path):
    async def scenario():
        manager, client = await started_kernel(tmp_path)
        try:
            running = asyncio.ensure_future(run_code(client, "import time; time.sleep(60)", 90))
            await asyncio.sleep(1.0)
            started = time.monotonic()
            await manager.interrupt_kernel()
            _, reply = await running
            interrupted_in = time.monotonic() - started
            process = manager.provisioner.process
            os.kill(process.pid, signal.SIGKILL)
            dead = await wait_dead(process)
            return reply, interrupted_in, dead, await manager.is_alive()
        finally:
            client.stop_channels()
            await manager.shutdown_kernel(now=True)

    reply, interrupted_in, dead, alive = run_in_fresh_loop(scenario)
    assert reply["status"] == "error" and reply["ename"] == "KeyboardInterrupt"
    assert interrupted_in < 10
    assert dead and not alive


def test_a_dead_warm_process_is_replaced_and_its_kernels_stop(tmp_path):
    async def scenario():
        first, first_client = await started_kernel(tmp_path)
        warm = zygote().process
        warm.kill()
        await warm.wait()
        orphan_stopped = await wait_dead(first.provisioner.process, seconds=20)
        second, second_client = await started_kernel(tmp_path)
        try:
            printed, _ = await run_code(second_client, "print(6 * 7)")
            return orphan_stopped, printed.strip(), zygote().process.pid != warm.pid
        finally:
            for manager, client in ((first, first_client), (second, second_client)):
                client.stop_channels()
                await manager.shutdown_kernel(now=True)

    orphan_stopped, printed, replaced = run_in_fresh_loop(scenario)
    assert orphan_stopped, "a kernel outlived its warm process"
    assert printed == "42" and replaced


def test_without_a_warm_process_kernels_start_the_usual_way(tmp_path, monkeypatch):
    async def broken_fork(self, *args, **kwargs):
        raise RuntimeError("demo_site.kernel_zygote did not start")

    monkeypatch.setattr(forking_provisioner.Zygote, "fork", broken_fork)

    async def scenario():
        manager, client = await started_kernel(tmp_path)
        try:
            printed, _ = await run_code(client, "print('still a kernel')")
            return printed.strip(), type(manager.provisioner.process)
        finally:
            client.stop_channels()
            await manager.shutdown_kernel(now=True)

    printed, process_type = run_in_fresh_loop(scenario)
    assert printed == "still a kernel"
    assert process_type is subprocess.Popen


@pytest.mark.parametrize(
    "line, error",
    [("not json\n", "bad request"), (json.dumps({"cwd": "/"}) + "\n", "connection_file")],
)
def test_the_warm_process_answers_a_bad_request_with_an_error(line, error):
    replies = io.StringIO()
    serve(io.StringIO(line), replies)
    assert error in json.loads(replies.getvalue())["error"]
