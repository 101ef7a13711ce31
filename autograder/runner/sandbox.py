"""The walls around one submission: Linux namespaces, a private view of the disk, rlimits, no root.

Why these and not Docker: the course must grade on a plain Linux machine with no container
engine. What nbgrader leaves open (docs/grader-threats.md, "Threat table") is closed here
with the kernel's own tools, applied in the forked copy of a warm worker:

- a new network namespace with no interface up: no connection reaches any address, not even
  127.0.0.1 on the grading machine;
- a new mount namespace in which the instructor's course directory, the repository's source
  exercises (hidden tests, solutions), home directories and the shared temporary folders are
  covered by empty read-only tmpfs mounts; only the Python installation and the submission's own
  working folder are put back;
- a new PID namespace whose first process is the submission: when it ends, the kernel ends
  every process it started, detached or not;
- rlimits for address space, processes, open files, file size and CPU time;
- an unprivileged user id of its own, so nothing outside its folder is writable and no mount
  can be undone.

Needs root (CI and a grading server run as root); :func:`isolation_problem` explains otherwise.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18
PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38

ALWAYS_HIDDEN = ("/root", "/home", "/tmp", "/var/tmp", "/dev/shm", "/run", "/srv", "/mnt")
"""Folders where instructors keep files or processes meet; covered unless the Python install or
the submission lives inside (then only that part is put back)."""

SHARED_TEMPORARY = ("/tmp", "/var/tmp", "/dev/shm")
"""Covered by a fresh, empty, writable tmpfs: libraries expect to write there."""

_libc = ctypes.CDLL(None, use_errno=True)


@dataclass(frozen=True)
class Limits:
    """What one submission may use. Wall-clock limits are enforced by the worker."""

    cell_seconds: float = 60.0
    notebook_seconds: float = 300.0
    memory_bytes: int = 1024 * 1024 * 1024
    processes: int = 64
    open_files: int = 256
    file_bytes: int = 64 * 1024 * 1024


class SandboxError(RuntimeError):
    """The sandbox could not be built on this machine; the message says what is missing."""


def isolation_problem() -> str | None:
    """Why this machine cannot isolate submissions, or None when it can."""
    if not sys.platform.startswith("linux"):
        return "the isolated runner needs Linux (namespaces and rlimits)"
    if os.geteuid() != 0:
        return (
            "the isolated runner needs root to build each submission's namespaces; run "
            "`autograder grade` as root (a grading server or container) or use --runner nbgrader"
        )
    return None


def _check(result: int, what: str) -> None:
    if result != 0:
        error = ctypes.get_errno()
        raise SandboxError(f"{what} failed: {os.strerror(error)}")


def _mount(source: str, target: str, fstype: str | None, flags: int, data: str | None) -> None:
    _check(
        _libc.mount(
            source.encode(),
            target.encode(),
            fstype.encode() if fstype else None,
            flags,
            data.encode() if data else None,
        ),
        f"mount {target}",
    )


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def enter_namespaces() -> None:
    """Unshare network, mounts, PIDs, IPC and host name (called in the submission's parent)."""
    flags = CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS
    _check(_libc.unshare(flags), "unshare (namespaces)")
    _mount("none", "/", None, MS_REC | MS_PRIVATE, None)


def hide_folders(hidden: list[str], keep: list[str]) -> None:
    """Cover every existing ``hidden`` folder with an empty tmpfs, putting back ``keep`` paths.

    A kept path inside a hidden folder (the Python install under /root, the submission under
    /tmp) is opened before the cover goes on and bind-mounted back at the same place afterwards,
    so imports and the working folder keep their absolute paths.
    """
    keep = [os.path.realpath(k) for k in keep if os.path.exists(k)]
    for folder in sorted({os.path.realpath(h) for h in hidden if os.path.isdir(h)}, key=len):
        if not os.path.isdir(folder):
            continue  # already covered along with a folder above it
        inside = sorted({k for k in keep if _inside(k, folder) and k != folder}, key=len)
        inside = [k for k in inside if not any(_inside(k, o) and k != o for o in inside)]
        handles = {k: os.open(k, os.O_PATH) for k in inside}
        mode = "1777" if folder in SHARED_TEMPORARY else "755"
        _mount("tmpfs", folder, "tmpfs", MS_NOSUID | MS_NODEV, f"mode={mode},size=64m")
        for path, handle in handles.items():
            Path(path).mkdir(parents=True, exist_ok=True) if os.path.isdir(
                f"/proc/self/fd/{handle}"
            ) else Path(path).touch()
            _mount(f"/proc/self/fd/{handle}", path, None, MS_BIND | MS_REC, None)
            os.close(handle)


def become_sandboxed(uid: int, limits: Limits, work_dir: str) -> None:
    """In the PID namespace's first process: own /proc, rlimits, then drop root for good."""
    _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV, None)
    address_space = _address_space() + limits.memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    resource.setrlimit(resource.RLIMIT_NPROC, (limits.processes, limits.processes))
    resource.setrlimit(resource.RLIMIT_NOFILE, (limits.open_files, limits.open_files))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    cpu = int(limits.notebook_seconds) + 5
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(no_new_privs)")
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    # Set after the uid change, which clears it: if the submission's parent dies, so does it.
    _check(_libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "prctl(pdeathsig)")
    os.chdir(work_dir)
    os.environ.update(
        HOME=work_dir,
        TMPDIR="/tmp",
        MPLCONFIGDIR="/tmp",
        NBGRADER_EXECUTION="autograde",
    )


def _address_space() -> int:
    """This process's current virtual size: the memory limit is counted on top of it."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()
