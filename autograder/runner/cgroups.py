"""One control group per sandbox: memory, processes and CPU limited for its whole process tree.

Why a control group and not only rlimits: an rlimit counts one process. A submission that starts
ten processes, each under the per-process memory limit, held 6 GiB; one that starts its own
session (``setsid``) got a scheduling group of its own from the kernel's autogroup feature and
took CPU time from the honest notebooks graded beside it, until their cells ran past the time
limit. A control group holds every process the submission starts, detached or not: its memory
(``memory.max``), its number of processes (``pids.max``) and its CPU time (``cpu.max``, one
core by default) are counted together.

Both kernel interfaces are handled, because grading machines have either:

- cgroup v2 (one hierarchy, ``/sys/fs/cgroup/cgroup.controllers``): the group is made under the
  grading command's own cgroup, which must have the controllers enabled for its children
  (root in a container or on a server; a normal user where systemd delegates a cgroup);
- cgroup v1 (one hierarchy per controller, ``/sys/fs/cgroup/memory`` ...): one group per
  controller, each under the grading command's own group, so limits set above it still hold.

Where neither can be written, :func:`availability` says why in one sentence and the sandbox
falls back to per-process rlimits, saying so (``autograder grade`` prints it before grading).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

CONTROLLERS = ("memory", "pids", "cpu")
CPU_PERIOD_MICROSECONDS = 100_000
_counter = itertools.count()


class CgroupError(RuntimeError):
    """A control group could not be made or limited; the message names the file and the cause."""


@dataclass(frozen=True)
class Hierarchy:
    """Where this process's cgroups are: v2's one folder, or v1's folder per controller."""

    version: int
    folders: dict[str, Path]  # controller -> the folder our own process is in
    top: Path | None = None  # cgroup v2: the hierarchy's mount point


@dataclass
class Group:
    """One sandbox's control group (v2: one folder; v1: one folder per controller)."""

    version: int
    folders: dict[str, Path]
    _made: list[Path] = field(default_factory=list)

    def add(self, pid: int) -> None:
        """Put ``pid`` (and every process it starts from now on) in the group."""
        for folder in dict.fromkeys(self.folders.values()):
            _write(folder / "cgroup.procs", str(pid))

    def memory_peak(self) -> int | None:
        """The most memory the group ever held, in bytes (None if the kernel does not say)."""
        names = ("memory.peak",) if self.version == 2 else ("memory.max_usage_in_bytes",)
        return _read_int(self.folders.get("memory"), names)

    def processes_peak(self) -> int | None:
        """The most processes the group ever held at once (cgroup v2 ``pids.peak``), if known."""
        return _read_int(self.folders.get("pids"), ("pids.peak",))

    def memory_killed(self) -> bool:
        """Did the kernel kill a process of the group for using more than its memory?"""
        folder = self.folders.get("memory")
        if folder is None:
            return False
        name = "memory.events" if self.version == 2 else "memory.oom_control"
        with contextlib.suppress(OSError, ValueError):
            for line in (folder / name).read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill" and int(value) > 0:
                    return True
        return False

    def processes_refused(self) -> bool:
        """Did the group ask for more processes than it may have?"""
        folder = self.folders.get("pids")
        if folder is None:
            return False
        with contextlib.suppress(OSError, ValueError):
            for line in (folder / "pids.events").read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "max" and int(value) > 0:
                    return True
        return False

    def remove(self) -> None:
        """Kill whatever is left in the group and delete its folders (never raises)."""
        for folder in dict.fromkeys(self.folders.values()):
            _kill_all(folder, self.version)
        for folder in reversed(self._made):
            for _ in range(50):  # the kernel frees a killed group's processes shortly after
                try:
                    folder.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.02)


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text)
    except OSError as error:
        raise CgroupError(f"cannot write {text!r} to {path}: {error.strerror}") from None


def _read_int(folder: Path | None, names: tuple[str, ...]) -> int | None:
    if folder is None:
        return None
    for name in names:
        with contextlib.suppress(OSError, ValueError):
            return int((folder / name).read_text().split()[0])
    return None


def _kill_all(folder: Path, version: int) -> None:
    if version == 2 and (folder / "cgroup.kill").exists():
        with contextlib.suppress(OSError):
            (folder / "cgroup.kill").write_text("1")
        return
    for _ in range(20):  # v1: processes may fork while being killed; a few rounds settle it
        try:
            pids = [int(p) for p in (folder / "cgroup.procs").read_text().split()]
        except OSError:
            return
        if not pids:
            return
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.01)


def _own_cgroups() -> dict[str, str]:
    """Controller (or "" for v2) -> this process's path, from /proc/self/cgroup."""
    found: dict[str, str] = {}
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        for name in controllers.split(",") if controllers else [""]:
            found[name] = path
    return found


def _mounts() -> list[tuple[str, str, str, set[str]]]:
    """(mount root, mount point, type, options) of every cgroup file system."""
    found = []
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        fields = line.split()
        separator = fields.index("-")
        kind = fields[separator + 1]
        if kind in ("cgroup", "cgroup2"):
            options = set(fields[separator + 3].split(","))
            found.append((fields[3], fields[4].replace("\\040", " "), kind, options))
    return found


def _inside(mount_root: str, mount_point: str, path: str) -> Path:
    relative = path
    if mount_root != "/" and (path == mount_root or path.startswith(mount_root + "/")):
        relative = path[len(mount_root) :]
    return Path(mount_point) / relative.lstrip("/")


@cache
def hierarchy() -> Hierarchy | None:
    """Where this process's cgroups live, or None when no cgroup file system is mounted."""
    try:
        own = _own_cgroups()
        mounts = _mounts()
    except OSError:
        return None
    v1 = {}
    for root, point, kind, options in mounts:
        if kind == "cgroup":
            for controller in CONTROLLERS:
                if controller in options and controller in own:
                    v1[controller] = _inside(root, point, own[controller])
    if set(v1) == set(CONTROLLERS):
        return Hierarchy(1, v1)
    for root, point, kind, _ in mounts:
        if kind == "cgroup2" and "" in own:
            folder = _inside(root, point, own[""])
            available = (
                (folder / "cgroup.controllers").read_text().split()
                if (folder / "cgroup.controllers").exists()
                else []
            )
            if set(CONTROLLERS) <= set(available):
                return Hierarchy(2, {c: folder for c in CONTROLLERS}, Path(point))
    return None


def _enable_for_children(folder: Path) -> None:
    """cgroup v2: let this folder's children use the controllers (needs a delegated folder)."""
    enabled = (folder / "cgroup.subtree_control").read_text().split()
    missing = [c for c in CONTROLLERS if c not in enabled]
    if missing:
        _write(folder / "cgroup.subtree_control", " ".join(f"+{c}" for c in missing))


def _v2_parent(found: Hierarchy) -> Path:
    """Our own cgroup when its controllers can be given to children; as root, else the top.

    A cgroup that holds processes cannot pass controllers to children (cgroup v2's "no
    internal processes" rule), and the grading command usually shares its cgroup with others (a
    systemd service or session). The top of the hierarchy is exempt, and root may use it.
    """
    own = found.folders["memory"]
    try:
        _enable_for_children(own)
        return own
    except CgroupError as refused:
        if os.geteuid() != 0 or found.top is None or found.top == own:
            raise
        try:
            _enable_for_children(found.top)
        except CgroupError:
            raise refused from None
        return found.top


def create(memory_bytes: int, processes: int, cpus: float) -> Group:
    """A new group with these limits, under this process's own; :class:`CgroupError` if not."""
    found = hierarchy()
    if found is None:
        raise CgroupError(
            "no cgroup file system offers the memory, pids and cpu controllers to this process"
        )
    name = f"autograder-{os.getpid()}-{next(_counter)}"
    made: list[Path] = []
    try:
        if found.version == 2:
            parent = _v2_parent(found)
            folder = parent / name
            folder.mkdir()
            made.append(folder)
            group = Group(2, {c: folder for c in CONTROLLERS}, made)
            _write(folder / "memory.max", str(memory_bytes))
            if (folder / "memory.swap.max").exists():
                _write(folder / "memory.swap.max", "0")
            _write(folder / "pids.max", str(processes))
            quota = int(cpus * CPU_PERIOD_MICROSECONDS)
            _write(folder / "cpu.max", f"{quota} {CPU_PERIOD_MICROSECONDS}")
            return group
        folders = {}
        for controller, parent in found.folders.items():
            folder = parent / name
            folder.mkdir()
            made.append(folder)
            folders[controller] = folder
        group = Group(1, folders, made)
        memory = folders["memory"]
        _write(memory / "memory.limit_in_bytes", str(memory_bytes))
        if (memory / "memory.memsw.limit_in_bytes").exists():  # no swap beyond the limit
            _write(memory / "memory.memsw.limit_in_bytes", str(memory_bytes))
        _write(folders["pids"] / "pids.max", str(processes))
        _write(folders["cpu"] / "cpu.cfs_period_us", str(CPU_PERIOD_MICROSECONDS))
        _write(folders["cpu"] / "cpu.cfs_quota_us", str(int(cpus * CPU_PERIOD_MICROSECONDS)))
        return group
    except CgroupError:
        Group(found.version, {}, made).remove()
        raise
    except OSError as error:
        Group(found.version, {}, made).remove()
        where = made[-1].parent if made else found.folders["memory"]
        raise CgroupError(f"cannot make a cgroup under {where}: {error.strerror}") from None


@cache
def availability() -> str | None:
    """Why this process cannot give each sandbox a cgroup, or None when it can (tried once)."""
    try:
        group = create(64 * 1024 * 1024, 8, 1.0)
    except (CgroupError, OSError) as error:
        return str(error)
    group.remove()
    return None
