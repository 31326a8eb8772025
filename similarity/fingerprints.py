"""How alike two code files are: copydetect's winnowed fingerprints (MOSS-style), with the
lab's starter code removed first. Plain Python, no Django: the task hands it texts.

copydetect hashes k-grams with Python's `hash()`, which is salted per process, so every
text of one comparison (starter included) is fingerprinted in the same call.
"""

import io
import itertools
from dataclasses import dataclass

# k-grams of NOISE filtered characters are fingerprinted; any match of GUARANTEE or more is
# found (copydetect's defaults are 25/25; a wider window keeps fewer fingerprints).
NOISE = 25
GUARANTEE = 30
# A pair is shown when this share of either file's fingerprinted code is found in the other.
THRESHOLD = 0.5


@dataclass(frozen=True)
class Document:
    key: int  # the submission's id
    text: str


@dataclass(frozen=True)
class Match:
    key_a: int
    key_b: int
    similarity_a: float  # share of A's code found in B
    similarity_b: float
    overlap: int  # tokens in common
    passages_a: list[tuple[int, int]]  # [start, end) character ranges of A's text
    passages_b: list[tuple[int, int]]

    @property
    def score(self) -> float:
        return max(self.similarity_a, self.similarity_b)


def _fingerprint(text: str, *, window: int, boilerplate=None):
    from copydetect.detector import CodeFingerprint

    # Names become V/F/O and strings S before hashing, so renaming and reformatting change
    # nothing; comments and whitespace are dropped.
    return CodeFingerprint(
        "solution.py",
        NOISE,
        window,
        boilerplate=boilerplate,
        language="python",
        fp=io.StringIO(text),
    )


def _starter_hashes(starter: str):
    import numpy

    if not starter.strip():
        return None
    # Every k-gram of the starter (window 1), as copydetect does for its boilerplate files.
    return numpy.unique(numpy.array(list(_fingerprint(starter, window=1).hashes)))


def _ranges(slices, length: int) -> list[tuple[int, int]]:
    if len(slices) == 0 or len(slices[0]) == 0:
        return []
    ranges = []
    for start, end in zip(slices[0], slices[1], strict=True):
        start, end = max(0, int(start)), min(length, int(end))
        if end > start:
            ranges.append((start, end))
    return ranges


def compare(
    current: list[Document],
    earlier: list[Document] = (),
    *,
    starter: str = "",
    threshold: float = THRESHOLD,
) -> list[Match]:
    """Every pair within `current`, and each of `current` against each of `earlier`, whose
    score reaches `threshold`; highest first. Code that is in `starter` never matches."""
    from copydetect.detector import compare_files

    window = GUARANTEE - NOISE + 1
    boilerplate = _starter_hashes(starter)
    documents = {doc.key: doc for doc in itertools.chain(current, earlier)}
    prints = {
        key: _fingerprint(doc.text, window=window, boilerplate=boilerplate)
        for key, doc in documents.items()
    }
    pairs = itertools.chain(
        itertools.combinations([doc.key for doc in current], 2),
        itertools.product([doc.key for doc in current], [doc.key for doc in earlier]),
    )
    matches = []
    for key_a, key_b in pairs:
        if key_a == key_b:
            continue
        overlap, (similarity_a, similarity_b), (slices_a, slices_b) = compare_files(
            prints[key_a], prints[key_b]
        )
        match = Match(
            key_a,
            key_b,
            float(similarity_a),
            float(similarity_b),
            int(overlap),
            _ranges(slices_a, len(documents[key_a].text)),
            _ranges(slices_b, len(documents[key_b].text)),
        )
        if overlap and match.score >= threshold:
            matches.append(match)
    return sorted(matches, key=lambda m: (-m.score, m.key_a, m.key_b))


def segments(text: str, passages) -> list[tuple[str, bool]]:
    """The text cut into (piece, is_matched) in order, for showing the matches highlighted."""
    pieces, position = [], 0
    for start, end in sorted((int(s), int(e)) for s, e in passages):
        start, end = max(start, position), min(end, len(text))
        if end <= start:
            continue
        if start > position:
            pieces.append((text[position:start], False))
        pieces.append((text[start:end], True))
        position = end
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces
