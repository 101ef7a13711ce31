"""The walls around one submission: namespaces, a root of its own, a disk and a cgroup of its own.

Why these and not Docker: the course must grade on a plain Linux machine with no container
engine, as root on a grading server or as a normal user on a laptop. What nbgrader leaves open
(``docs/grader-threats.md``; the walls: ``docs/threat-model.md``) is closed with the kernel's
own tools, applied in the forked copy of a warm worker:

- a new network namespace with no interface up: no connection reaches any address, not even
  127.0.0.1 on the grading machine;
- a root file system of its own, built from an allow-list (:func:`allowed_paths`): the Python
  installation, the course library and the few grader modules learner code imports, each
  mounted read-only at its usual place, a handful of files from /etc and /dev, and nothing
  else. The instructor's course directory (classmates' notebooks, the roster, the gradebook),
  the repository's ``exercises/`` (solutions, hidden tests), home folders and /tmp are not
  hidden: they are simply not there;
- a disk of its own (a tmpfs of ``Limits.disk_bytes``) for the working folder, /tmp, /var/tmp
  and /dev/shm together: a submission that fills it fills only itself;
- a new PID namespace whose first process is the submission: when it ends, the kernel ends
  every process it started, detached or not;
- a cgroup (:mod:`autograder.runner.cgroups`) holding memory, processes and CPU time for the
  whole process tree; rlimits per process as well (address space, open files, file size, CPU
  seconds);
- no privileges: as root, an unprivileged user id of its own; as a normal user, a user
  namespace inside which it is an unprivileged id, with every mount locked in place.

:func:`isolation_problem` says why a machine cannot build this, and :func:`controls` which
limits hold and, for any that does not, why.
"""

from __future__ import annotations

import ctypes
import os
import platform
import resource
import signal
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from autograder.runner import cgroups

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_REMOUNT = 32
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18
MNT_DETACH = 2
PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38
SYS_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41, "arm64": 41}.get(platform.machine())
INNER_UID = 1000
"""The submission's user id inside its user namespace (when the grader is not root)."""

SYSTEM_FOLDERS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
"""Programs and shared libraries (symbolic links such as /bin -> usr/bin are kept as links)."""
SYSTEM_FILES = (
    "/etc/ld.so.cache",
    "/etc/localtime",
    "/etc/passwd",
    "/etc/group",
    "/etc/nsswitch.conf",
    "/etc/hosts",
    "/etc/mime.types",
    "/etc/ssl",
    "/etc/fonts",
    "/etc/matplotlibrc",
)
"""What Python, pandas and matplotlib read from /etc; the rest of /etc is not there."""
DEVICES = ("null", "zero", "full", "random", "urandom")
LEARNER_MODULES = (
    "autograder/__init__.py",
    "autograder/checks/*.py",
    "autograder/runner/__init__.py",
    "autograder/verdict_channel.py",
)
"""The grader's files learner code imports: the checks' in-kernel half (``verify`` asks the
worker over a socket; ``check_answer`` does nothing while grading) and ``start_exercise``, which
builds the learner's case. The rest of ``autograder`` (commands, gradebook, runner) is absent,
and ``autograder/checks/exercises/`` holds only each module's learner side
(:mod:`autograder.runner.learner_side`): no reference answer, no check."""


class SandboxError(RuntimeError):
    """The sandbox could not be built on this machine; the message says what is missing."""


@dataclass(frozen=True)
class Limits:
    """What one submission may use. Wall-clock limits are enforced by the worker."""

    cell_seconds: float = 60.0
    notebook_seconds: float = 300.0
    memory_bytes: int = 1024 * 1024 * 1024
    processes: int = 64
    open_files: int = 256
    file_bytes: int = 64 * 1024 * 1024
    disk_bytes: int = 256 * 1024 * 1024
    cpus: float = 1.0


@dataclass
class Walls:
    """One submission's sandbox as planned by the worker before it forks (see :func:`prepare`)."""

    root: str  # an empty host folder that becomes the sandbox's "/"
    work: str  # the working folder, as the submission sees it
    files: dict[str, bytes]
    uid: int  # the id the submission runs as (inside its user namespace when not root)
    limits: Limits
    allowed: list[str]
    user_namespace: bool
    group: cgroups.Group | None = None
    learner_side: dict[str, str] = field(default_factory=dict)  # exercises/ file -> its source


_libc = ctypes.CDLL(None, use_errno=True)


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


# --- what this machine offers ------------------------------------------------------------------


@cache
def user_namespaces_problem() -> str | None:
    """Why a normal user cannot make user namespaces here, or None when it works (tried once)."""
    pid = os.fork()
    if pid == 0:
        flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET
        os._exit(0 if _libc.unshare(flags) == 0 else 10 + ctypes.get_errno())
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code == 0:
        return None
    reason = os.strerror(code - 10) if code >= 10 else f"exit status {code}"
    return (
        f"unprivileged user namespaces are not allowed on this machine ({reason}); an "
        "administrator can allow them (sysctl user.max_user_namespaces, "
        "kernel.unprivileged_userns_clone, or AppArmor's "
        "kernel.apparmor_restrict_unprivileged_userns), or run `autograder grade` as root"
    )


def isolation_problem() -> str | None:
    """Why this machine cannot isolate submissions, or None when it can."""
    if not sys.platform.startswith("linux"):
        return "the isolated runner needs Linux (namespaces, cgroups and rlimits)"
    if SYS_PIVOT_ROOT is None:
        return f"the isolated runner does not know this processor ({platform.machine()})"
    if os.geteuid() == 0:
        return None
    return user_namespaces_problem()


def controls(limits: Limits | None = None) -> tuple[list[str], list[str]]:
    """What holds for each submission, and what does not hold fully here (each with why)."""
    limits = limits or Limits()
    memory = f"{limits.memory_bytes / 2**30:g} GiB of memory"
    held = [
        f"a disk of its own ({limits.disk_bytes / 2**20:g} MiB) for its folder and temporary "
        "files; no network; only the Python installation and the course library visible",
        "an unprivileged user id" if os.geteuid() == 0 else "a user namespace (not root)",
    ]
    weaker = []
    missing = cgroups.availability()
    if missing is None:
        held.append(
            f"{memory}, {limits.processes} processes and {limits.cpus:g} CPU for its whole "
            f"process tree (cgroup v{cgroups.hierarchy().version})"
        )
    else:
        weaker.append(
            f"{memory} per process (not for all its processes together), {limits.processes} "
            f"processes, and no CPU share, so one submission's processes can slow the others: "
            f"no cgroup could be made ({missing})"
        )
    return held, weaker


# --- planned by the worker, before the fork ------------------------------------------------------


def _site_folder(path: str) -> bool:
    name = Path(path).name
    return name in ("site-packages", "dist-packages", "lib-dynload") or path.endswith(".zip")


def python_paths() -> list[str]:
    """The Python installation this worker runs: prefixes, the interpreter, its library folders.

    Why not every ``sys.path`` entry: the current folder or a repository root on ``sys.path``
    (``python -m`` from a checkout, pytest) would bring ``exercises/`` with it.
    """
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    executable = Path(sys.executable)
    paths |= {str(executable.parent), str(executable.resolve().parent)}
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for prefix in (sys.prefix, sys.base_prefix):
        paths.add(str(Path(prefix) / "lib" / version))
    paths |= {p for p in sys.path if p and _site_folder(p)}
    return sorted(p for p in paths if os.path.exists(p))


def learner_module_paths() -> list[str]:
    """The course library (the learner's own toolkit) and :data:`LEARNER_MODULES`, by file."""
    import autograder
    import course

    repository = Path(autograder.__file__).resolve().parent.parent
    paths = [str(Path(course.__file__).resolve().parent)]
    for pattern in LEARNER_MODULES:
        for source in sorted(repository.glob(pattern)):
            paths.append(str(source))
            cached = source.parent / "__pycache__"
            paths += [str(p) for p in sorted(cached.glob(f"{source.stem}.*.pyc"))]
    return paths


def learner_side_modules() -> dict[str, str]:
    """Each module of ``autograder/checks/exercises/`` (a file, or a package's ``__init__.py``)
    as the sandbox gets it: the learner side."""
    import autograder.checks.exercises as exercises
    from autograder.runner.learner_side import for_file

    folder = Path(exercises.__file__).resolve().parent
    found = {str(folder / "__init__.py"): (folder / "__init__.py").read_text(encoding="utf-8")}
    for path in sorted([*folder.glob("[!_]*.py"), *folder.glob("[!_]*/__init__.py")]):
        found[str(path)] = for_file(path)
    return found


def preload_course_library() -> None:
    """Import the course library a case is built from, so each sandbox starts with it loaded.

    Never the checks modules themselves: a sandbox is a fork of the process that calls this.
    """
    import importlib
    import pkgutil

    import course.cases
    import course.models

    for package in (course.cases, course.models):
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")


def forget_checks() -> None:
    """Drop any checks module this process imported (a test may have): the sandbox re-imports
    the learner side from its own disk, and the collector frees the reference code."""
    import gc

    prefix = "autograder.checks.exercises."
    package = sys.modules.get(prefix.rstrip("."))
    for name in [n for n in sys.modules if n.startswith(prefix)]:
        del sys.modules[name]
        if package is not None and hasattr(package, name[len(prefix) :]):
            delattr(package, name[len(prefix) :])
    gc.collect()


def allowed_paths() -> list[str]:
    """Everything the sandbox sees from the host, read-only, at the same place."""
    candidates = [*SYSTEM_FOLDERS, *SYSTEM_FILES, *python_paths(), *learner_module_paths()]
    return [path for path in sorted(set(candidates)) if os.path.lexists(path)]


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def prepare(
    root: Path,
    learner: str,
    assignment: str,
    files: dict[str, bytes],
    uid: int,
    limits: Limits,
) -> Walls:
    """Plan one submission's sandbox; its cgroup is made now, so the worker can remove it."""
    root.mkdir(parents=True, exist_ok=True)
    user_namespace = os.geteuid() != 0
    walls = Walls(
        root=str(root),
        work=f"/tmp/{learner}/{assignment}",  # nbgrader's layout: the learner id is in it
        files=files,
        uid=INNER_UID if user_namespace else uid,
        limits=limits,
        allowed=allowed_paths(),
        user_namespace=user_namespace,
        learner_side=learner_side_modules(),
    )
    if cgroups.availability() is None:
        try:
            walls.group = cgroups.create(limits.memory_bytes, limits.processes, limits.cpus)
        except cgroups.CgroupError as error:
            raise SandboxError(f"the submission's cgroup could not be made: {error}") from None
    return walls


def release(walls: Walls) -> None:
    """After the run: end whatever is left in the cgroup and remove it."""
    if walls.group is not None:
        walls.group.remove()


def stop_reason(walls: Walls) -> str | None:
    """Why the kernel stopped the submission, when its cgroup says so."""
    group = walls.group
    if group is None:
        return None
    if group.memory_killed():
        return f"it used more than its {walls.limits.memory_bytes / 2**30:g} GiB of memory"
    if group.processes_refused():
        return f"it tried to run more than {walls.limits.processes} processes"
    return None


# --- in the fork: the submission's parent (root, or root of its own user namespace) -------------


def enter(walls: Walls) -> None:
    """Join the cgroup, unshare every namespace, and build the new root (not entered yet)."""
    if walls.group is not None:
        walls.group.add(os.getpid())
    flags = CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS
    if walls.user_namespace:
        uid, gid = os.getuid(), os.getgid()
        _check(_libc.unshare(flags | CLONE_NEWUSER), "unshare (user and other namespaces)")
        _map_ids(0, uid, 0, gid)
    else:
        _check(_libc.unshare(flags), "unshare (namespaces)")
    _mount("none", "/", None, MS_REC | MS_PRIVATE, None)
    _build_root(walls)


def _map_ids(inner_uid: int, outer_uid: int, inner_gid: int, outer_gid: int) -> None:
    Path("/proc/self/setgroups").write_text("deny")
    Path("/proc/self/uid_map").write_text(f"{inner_uid} {outer_uid} 1")
    Path("/proc/self/gid_map").write_text(f"{inner_gid} {outer_gid} 1")


def _build_root(walls: Walls) -> None:
    root = walls.root
    _mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "mode=755,size=1m")
    disk = f"{root}/tmp"
    os.mkdir(disk)
    _mount(
        "tmpfs", disk, "tmpfs", MS_NOSUID | MS_NODEV, f"mode=1777,size={walls.limits.disk_bytes}"
    )
    covered: list[str] = []
    for path in walls.allowed:
        if any(_inside(path, folder) for folder in covered):
            continue
        target = root + path
        if os.path.islink(path) and path in SYSTEM_FOLDERS:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.symlink(os.readlink(path), target)
            continue
        _bind_read_only(path, target)
        if os.path.isdir(path):
            covered.append(path)
    _write_learner_side(walls)
    _make_devices(root)
    for inside in ("/var/tmp", "/dev/shm"):
        store = f"{disk}/.{inside.strip('/').replace('/', '-')}"
        os.mkdir(store)
        os.chmod(store, 0o1777)
        os.makedirs(root + inside, exist_ok=True)
        _mount(store, root + inside, None, MS_BIND, None)
    os.makedirs(f"{root}/proc", exist_ok=True)
    _write_work(walls, disk)


def _write_learner_side(walls: Walls) -> None:
    """A folder of its own for the checks modules, holding only their learner side."""
    if not walls.learner_side:
        return
    folder = os.path.dirname(next(iter(walls.learner_side)))
    os.makedirs(walls.root + folder, exist_ok=True)
    _mount("tmpfs", walls.root + folder, "tmpfs", MS_NOSUID | MS_NODEV, "mode=755,size=4m")
    for path, source in walls.learner_side.items():
        Path(walls.root + path).parent.mkdir(exist_ok=True)  # an exercise package's folder
        Path(walls.root + path).write_text(source, encoding="utf-8")
    _mount("none", walls.root + folder, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, None)


def _bind_read_only(source: str, target: str) -> None:
    if os.path.isdir(source):
        os.makedirs(target, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        Path(target).touch()
    _mount(source, target, None, MS_BIND | MS_REC, None)
    # A remount must keep the flags the kernel locked on the source (inside a user namespace).
    locked = _mount_flags(source) & (MS_NOSUID | MS_NODEV | MS_NOEXEC)
    _mount("none", target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | locked, None)


def _mount_flags(path: str) -> int:
    info = os.statvfs(path)
    flags = 0
    for bit, name in ((MS_NOSUID, "ST_NOSUID"), (MS_NODEV, "ST_NODEV"), (MS_NOEXEC, "ST_NOEXEC")):
        if info.f_flag & getattr(os, name):
            flags |= bit
    return flags


def _make_devices(root: str) -> None:
    os.makedirs(f"{root}/dev", exist_ok=True)
    _mount("tmpfs", f"{root}/dev", "tmpfs", MS_NOSUID, "mode=755,size=64k")
    for name in DEVICES:
        Path(f"{root}/dev/{name}").touch()
        _mount(f"/dev/{name}", f"{root}/dev/{name}", None, MS_BIND, None)
    for name, target in (
        ("fd", "/proc/self/fd"),
        ("stdin", "/proc/self/fd/0"),
        ("stdout", "/proc/self/fd/1"),
        ("stderr", "/proc/self/fd/2"),
    ):
        os.symlink(target, f"{root}/dev/{name}")


def _write_work(walls: Walls, disk: str) -> None:
    """The submission's files, on its own disk; a path that climbs out is never written."""
    work = Path(disk + walls.work.removeprefix("/tmp"))
    work.mkdir(parents=True)
    for relative, data in walls.files.items():
        target = (work / relative).resolve()
        if not target.is_relative_to(work.resolve()):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    if not walls.user_namespace:  # as root: hand the folder to the submission's own user id
        for path in [work.parent, work, *work.rglob("*")]:
            os.chown(path, walls.uid, walls.uid)


# --- in the fork: the submission itself (PID 1 of its namespace) ---------------------------------


def become_sandboxed(walls: Walls) -> None:
    """Own /proc, enter the new root, rlimits, then drop every privilege for good."""
    forget_checks()
    root = walls.root
    _mount("proc", f"{root}/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None)
    os.chdir(root)
    _check(_libc.syscall(SYS_PIVOT_ROOT, b".", b"."), "pivot_root")
    _check(_libc.umount2(b".", MNT_DETACH), "detaching the old root")
    os.chdir("/")
    limits = walls.limits
    address_space = _address_space() + limits.memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    resource.setrlimit(resource.RLIMIT_NPROC, (limits.processes, limits.processes))
    resource.setrlimit(resource.RLIMIT_NOFILE, (limits.open_files, limits.open_files))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    cpu = int(limits.notebook_seconds) + 5
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(no_new_privs)")
    if walls.user_namespace:
        # A second user namespace, owned by no one the submission can become: every mount
        # made above is locked in place, and the id below has no capability at all.
        _check(_libc.unshare(CLONE_NEWUSER | CLONE_NEWNS), "unshare (inner user namespace)")
        _map_ids(walls.uid, 0, walls.uid, 0)
        os.setresgid(walls.uid, walls.uid, walls.uid)
        os.setresuid(walls.uid, walls.uid, walls.uid)
    else:
        os.setgroups([])
        os.setgid(walls.uid)
        os.setuid(walls.uid)
    # Set after the uid change, which clears it: if the submission's parent dies, so does it.
    _check(_libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "prctl(pdeathsig)")
    os.chdir(walls.work)
    os.environ.update(
        HOME=walls.work,
        TMPDIR="/tmp",
        MPLCONFIGDIR="/tmp",
        NBGRADER_EXECUTION="autograde",
    )


def _address_space() -> int:
    """This process's current virtual size: the memory limit is counted on top of it."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()
