"""nbgrader's own steps around our execution: sanitize before, grade and record after.

Why keep nbgrader here: its gradebook, its locked-cell protection (``OverwriteCells`` restores
every locked and test cell, hidden tests included, from the gradebook), its scoring, late
penalties, feedback and export are what instructors rely on. Only its ``Execute`` step is
replaced: by :class:`InjectExecuted`, which hands nbgrader the outputs our sandbox produced for
exactly the notebook nbgrader sanitized.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import nbformat
from nbconvert.exporters.exporter import ResourcesDict
from nbconvert.preprocessors import Preprocessor

from autograder.course_dir import COURSE_ID, CourseDir, nbgrader_api
from autograder.runner.judged_notebook import trusted_checks
from autograder.runner.staging import STAGED


def sanitized(course: CourseDir, learner: str, assignment: str, path) -> dict[str, Any]:
    """The notebook nbgrader would execute: outputs cleared, locked and test cells restored."""
    from nbgrader.converters import Autograde
    from traitlets.config import Config

    config = Config()
    config.CourseDirectory.course_id = COURSE_ID
    notebook = nbformat.read(path, as_version=4)
    resources = ResourcesDict(
        nbgrader={
            "student": learner,
            "assignment": assignment,
            "notebook": path.stem,
            "db_url": course.db_url,
            "course_id": COURSE_ID,
        }
    )
    for step in Autograde.sanitize_preprocessors.default():
        notebook, resources = step(config=config)(notebook, resources)
    return notebook


def checks_by_cell(course: CourseDir, assignment: str) -> dict[str, dict[str, list[str]]]:
    """Per notebook, per graded cell id: the checks its trusted (gradebook) source calls."""
    from nbgrader.api import Gradebook

    found: dict[str, dict[str, list[str]]] = {}
    with Gradebook(course.db_url, COURSE_ID) as gradebook:
        for notebook in gradebook.find_assignment(assignment).notebooks:
            cells = found.setdefault(notebook.name, {})
            for cell in notebook.source_cells:
                names = trusted_checks(cell.source or "")
                if names:
                    cells[cell.name] = names
    return found


class InjectExecuted(Preprocessor):
    """nbgrader's Execute step, replaced: the outputs come from the sandbox's run.

    One instance per grading run (:func:`recording_api`); before nbgrader grades a learner, the
    runner hands it that learner's runs (:meth:`expect`), and afterwards asks which of them
    nbgrader took (:attr:`used`). The code cells nbgrader sanitized now must be the very cells
    the sandbox ran; if not, the step fails and the learner is reported, rather than graded on
    outputs of other code.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.runs: dict[tuple[str, str], dict[str, Any]] = {}
        self.used: set[tuple[str, str]] = set()

    def expect(self, runs: dict[tuple[str, str], dict[str, Any]]) -> None:
        """The executed notebooks, by (learner, notebook name), for the next ``autograde``."""
        self.runs, self.used = dict(runs), set()

    def __deepcopy__(self, memo: dict) -> InjectExecuted:
        # nbgrader's converter receives its steps through traitlets configuration, which
        # deep-copies every value it applies. This step is one object the grading loop talks
        # to, so a copy of it is itself; a copy would record its use where nobody looks.
        return self

    def __call__(self, nb, resources):
        # nbconvert skips a preprocessor whose ``enabled`` is False, its default. Skipping this
        # one would grade a notebook that never ran: no errors, full marks. So it always runs.
        return self.preprocess(nb, resources)

    def preprocess(self, nb, resources):
        key = (resources["nbgrader"]["student"], resources["nbgrader"]["notebook"])
        executed = self.runs.get(key)
        if executed is None:
            raise RuntimeError(f"the runner has no run of notebook {key[1]!r} for {key[0]!r}")
        ours = [c for c in nb.cells if c.cell_type == "code"]
        theirs = [c for c in executed["cells"] if c.get("cell_type") == "code"]
        if [c.source for c in ours] != [_text(c.get("source", "")) for c in theirs]:
            raise RuntimeError("the notebook changed between running and grading; grade again")
        for cell, run in zip(ours, theirs, strict=True):
            cell.outputs = [nbformat.from_dict(copy.deepcopy(o)) for o in run.get("outputs", [])]
            cell.execution_count = run.get("execution_count")
        self.used.add(key)
        return nb, resources


def _text(source: Any) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


class _SchemaCheckedOnce:
    """``jsonschema`` for nbgrader's metadata validator, checking its constant schema once.

    Why: nbgrader validates every cell's metadata with ``jsonschema.validate``, which first
    re-checks the schema itself; that was most of nbgrader's own time per submission (measured
    with cProfile on a 20-learner cohort). The verdicts are the same: the same validator class,
    the same schema, the same best-match error.
    """

    def __init__(self) -> None:
        import jsonschema

        self._jsonschema = jsonschema
        self._validators: dict[int, tuple[Any, Any]] = {}

    def validate(self, instance: Any, schema: Any) -> None:
        known = self._validators.get(id(schema))
        if known is None or known[0] is not schema:
            kind = self._jsonschema.validators.validator_for(schema)
            kind.check_schema(schema)
            known = self._validators[id(schema)] = (schema, kind(schema))
        error = self._jsonschema.exceptions.best_match(known[1].iter_errors(instance))
        if error is not None:
            raise error

    def __getattr__(self, name: str) -> Any:
        return getattr(self._jsonschema, name)


def check_schemas_once() -> None:
    """Install :class:`_SchemaCheckedOnce` in nbgrader's metadata validator (this process)."""
    from nbgrader.nbgraderformat import common

    if not isinstance(common.jsonschema, _SchemaCheckedOnce):
        common.jsonschema = _SchemaCheckedOnce()


@contextmanager
def one_engine_per_gradebook() -> Iterator[None]:
    """While grading, every nbgrader ``Gradebook`` on one database shares one SQLAlchemy engine.

    Why: nbgrader opens a new ``Gradebook`` about eleven times per learner (each converter step
    opens its own), and each one built a new engine, listed the tables, re-ran ``create_all``
    and, with a new engine, compiled every SQL statement again: a quarter of the time this
    process spends per learner. Sharing the engine keeps SQLAlchemy's statement cache; the first
    ``Gradebook`` on a database is built by nbgrader itself (tables, alembic version), later ones
    reuse its engine with fresh sessions. Same queries, same commits, same gradebook. Restored
    on exit, so a gradebook deleted and recreated later in this process starts over.

    While grading, the SQLite file is also in write-ahead-log mode with ``synchronous=NORMAL``
    (see :func:`_commit_without_fsync`), and back in nbgrader's own rollback-journal mode after.
    """
    from nbgrader import api
    from sqlalchemy.orm import scoped_session, sessionmaker

    original = api.Gradebook.__init__
    engines: dict[str, Any] = {}

    def shared_init(self, db_url, course_id="default_course", authenticator=None) -> None:
        engine = engines.get(db_url)
        if engine is None:
            original(self, db_url, course_id, authenticator)
            engines[db_url] = self.engine
            _commit_without_fsync(self.engine)
            return
        self.engine = engine
        self.db = scoped_session(sessionmaker(autoflush=True, bind=engine, future=True))
        self.check_course(course_id=course_id)
        self.course_id = course_id
        self.authenticator = authenticator

    api.Gradebook.__init__ = shared_init
    try:
        yield
    finally:
        api.Gradebook.__init__ = original
        for engine in engines.values():
            _back_to_rollback_journal(engine)
            engine.dispose()


def _commit_without_fsync(engine) -> None:
    """Write-ahead log, synced at checkpoints rather than at each of nbgrader's commits.

    Why: nbgrader commits about 27 times per learner, and each commit's fsync was a tenth of
    this process's time. In WAL mode with ``synchronous=NORMAL`` a killed run keeps every
    committed grade (the log is in the operating system's hands) and the file cannot be
    corrupted; only a power cut can undo the last commits, which the ledger's re-grade heals.
    """
    from sqlalchemy import event

    def on_connect(connection, _record) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    event.listen(engine, "connect", on_connect)
    engine.dispose()  # connections opened before the listener: reopen with it
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA journal_mode=WAL")


def _back_to_rollback_journal(engine) -> None:
    """Fold the log into the file and leave it as nbgrader made it: one self-contained file.

    If another program (formgrader) holds the file open, SQLite refuses ("database is
    locked") and the file stays in WAL mode, which every SQLite reader handles: the grades are
    committed either way, so that refusal is no reason to fail a finished run.
    """
    from sqlalchemy.exc import OperationalError

    engine.dispose()
    with contextlib.suppress(OperationalError), engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.exec_driver_sql("PRAGMA journal_mode=DELETE")


def recording_api(course: CourseDir, injector: InjectExecuted):
    """nbgrader's API reading the staged submissions, with Execute replaced by ``injector``."""
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import Execute

    api = nbgrader_api(course)
    default = Autograde.autograde_preprocessors.default()
    if Execute not in default:
        raise RuntimeError("this nbgrader version has no Execute step to replace")
    steps = [injector if step is Execute else step for step in default]
    api.config.Autograde.autograde_preprocessors = steps
    api.config.CourseDirectory.submitted_directory = STAGED
    api.coursedir.submitted_directory = STAGED
    return api
