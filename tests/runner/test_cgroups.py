"""Which cgroup a sandbox gets, on either kernel interface, and what is written there.

The machine running the tests offers one interface (or none); the other is laid out in a
temporary folder with the files the kernel would show, so both paths are checked everywhere.
"""

from __future__ import annotations

import os
import signal

import pytest

from autograder.runner import cgroups


@pytest.fixture
def fake_machine(tmp_path, monkeypatch):
    """Point the module at cgroup files under ``tmp_path`` (controller name -> own path)."""

    def install(version: int, own: dict[str, str], mounts: list[tuple[str, str, str, set]]):
        monkeypatch.setattr(cgroups, "_own_cgroups", lambda: own)
        monkeypatch.setattr(cgroups, "_mounts", lambda: mounts)
        cgroups.hierarchy.cache_clear()

    yield install
    cgroups.hierarchy.cache_clear()


def test_cgroup_v2_limits_are_written_in_a_child_of_our_own_cgroup(tmp_path, fake_machine):
    own = tmp_path / "system.slice" / "grading.service"
    own.mkdir(parents=True)
    (own / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    (own / "cgroup.subtree_control").write_text("\n")
    fake_machine(2, {"": "/system.slice/grading.service"}, [("/", str(tmp_path), "cgroup2", set())])
    found = cgroups.hierarchy()
    assert found.version == 2 and found.folders["memory"] == own
    group = cgroups.create(512 * 1024**2, 32, 0.5)
    folder = group.folders["memory"]
    assert folder.parent == own
    assert "+memory" in (own / "cgroup.subtree_control").read_text()
    assert (folder / "memory.max").read_text() == str(512 * 1024**2)
    assert (folder / "pids.max").read_text() == "32"
    assert (folder / "cpu.max").read_text() == "50000 100000"


def test_cgroup_v1_uses_one_group_per_controller_under_each_own_path(tmp_path, fake_machine):
    mounts = []
    own = {}
    for controller in ("memory", "pids", "cpu"):
        point = tmp_path / controller
        (point / "abc").mkdir(parents=True)
        mounts.append(("/docker", str(point), "cgroup", {"rw", controller}))
        own[controller] = "/docker/abc"
    fake_machine(1, own, mounts)
    found = cgroups.hierarchy()
    assert found.version == 1
    # The mount's root is the container's own cgroup: paths are taken relative to it.
    assert found.folders["memory"] == tmp_path / "memory" / "abc"
    group = cgroups.create(2**30, 64, 1.0)
    assert (group.folders["memory"] / "memory.limit_in_bytes").read_text() == str(2**30)
    assert (group.folders["pids"] / "pids.max").read_text() == "64"
    assert (group.folders["cpu"] / "cpu.cfs_quota_us").read_text() == "100000"


def test_no_cgroup_file_system_is_a_stated_reason(fake_machine):
    fake_machine(0, {"": "/"}, [])
    with pytest.raises(cgroups.CgroupError, match="no cgroup file system"):
        cgroups.create(2**30, 64, 1.0)


@pytest.mark.skipif(cgroups.availability() is not None, reason="no cgroup can be made here")
def test_a_real_group_holds_a_process_and_is_removed():
    group = cgroups.create(256 * 1024**2, 8, 1.0)
    pid = os.fork()
    if pid == 0:
        signal.pause()
        os._exit(0)
    try:
        group.add(pid)
        procs = (group.folders["pids"] / "cgroup.procs").read_text().split()
        assert str(pid) in procs
    finally:
        group.remove()
        os.waitpid(pid, 0)
    assert not any(folder.exists() for folder in group.folders.values())
