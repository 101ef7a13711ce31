"""The adversarial corpus, graded by the isolated runner: every case must come out as expected.

One ``autograder grade`` run over the hostile submissions (all but the slow one) and five
honest learners (see ``corpus.py`` for each case's expected outcome and ``run_corpus.py`` for
the harness). A 10 s cell timeout keeps the loops short; the memory bomb that really grows is
included, because the sandbox's memory limit makes it safe.
"""

from __future__ import annotations

from tests.grading.adversarial import corpus
from tests.grading.adversarial.run_corpus import main


def test_the_corpus_is_big_enough():
    """Does the corpus hold at least 30 hostile submissions, each with an expected outcome?"""
    assert len(corpus.CASES) >= 30
    assert all(case.expected.status in ("graded", "ungradable", "either") for case in corpus.CASES)


def test_every_hostile_submission_gets_the_expected_outcome(tmp_path, capsys):
    """Is every case graded as expected, every other learner graded, the gradebook intact?"""
    status = main(
        ["--unsafe", "--cell-timeout", "10", "--time-limit", "900", "--workdir", str(tmp_path)]
    )
    table = capsys.readouterr().out
    assert status == 0, table
    assert "FAIL" not in table.split("learner / case", 1)[1].split("cases:", 1)[0], table
    assert "gradebook intact: yes" in table
    assert "processes left behind: none" in table
