"""Detect course text copied from the seed articles, without keeping the articles in the repo.

The seeds (five articles, listed by title in docs/evidence.md, "Seed articles") are source
material, kept outside the repository: the course must paraphrase them. We store only
salted hashes of their word windows and sentences (tests/files/seed_fingerprints.txt), made by
``python -m tests.content.originality PATH_TO_SEEDS``, so the check runs on a clean clone and the
repository never carries the articles' text.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterable
from pathlib import Path

WINDOW = 8  # eight words in a row in the same order is copying, not a shared phrase
MIN_SENTENCE_WORDS = 6
SALT = b"outsourcing-lab-seeds"
FINGERPRINTS = Path(__file__).resolve().parent.parent / "files" / "seed_fingerprints.txt"


def words(text: str) -> list[str]:
    """Lower-case word tokens; punctuation, markup and case do not hide a copy."""
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'", ""))


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def _digest(tokens: Iterable[str]) -> str:
    return hashlib.sha1(SALT + " ".join(tokens).encode()).hexdigest()[:16]


def fingerprints(text: str) -> set[str]:
    """Hashes of every WINDOW-word run and every sentence of at least MIN_SENTENCE_WORDS words."""
    tokens = words(text)
    found = {_digest(tokens[i : i + WINDOW]) for i in range(len(tokens) - WINDOW + 1)}
    for sentence in sentences(text):
        sentence_tokens = words(sentence)
        if len(sentence_tokens) >= MIN_SENTENCE_WORDS:
            found.add(_digest(sentence_tokens))
    return found


# A short quoted span is a citation (an article's title), not copied prose.
_QUOTED_TITLE = re.compile(r'"[^"\n]{1,80}"|\u201c[^\u201d\n]{1,80}\u201d')


def copied_runs(text: str, known: set[str]) -> list[str]:
    """The word runs or sentences of ``text`` whose fingerprint is in ``known``.

    Quoted titles of at most 80 characters are left out: citing an article by name is required.
    """
    text = _QUOTED_TITLE.sub(" ", text)
    tokens = words(text)
    hits = [
        " ".join(tokens[i : i + WINDOW])
        for i in range(len(tokens) - WINDOW + 1)
        if _digest(tokens[i : i + WINDOW]) in known
    ]
    for sentence in sentences(text):
        sentence_tokens = words(sentence)
        if len(sentence_tokens) >= MIN_SENTENCE_WORDS and _digest(sentence_tokens) in known:
            hits.append(sentence.strip())
    return hits


def load_fingerprints() -> set[str]:
    return set(FINGERPRINTS.read_text().split())


def main(seed_dir: str) -> None:
    known: set[str] = set()
    for path in sorted(Path(seed_dir).glob("*.txt")):
        known |= fingerprints(path.read_text(encoding="utf-8", errors="replace"))
    FINGERPRINTS.write_text("\n".join(sorted(known)) + "\n")
    print(f"wrote {len(known)} fingerprints to {FINGERPRINTS}")


if __name__ == "__main__":
    main(sys.argv[1])
