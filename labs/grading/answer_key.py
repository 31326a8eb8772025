"""The hidden answers of a test set, and which of its rows are public.

Stored form (``AnswerKey.to_csv_bytes``): a UTF-8 CSV ``id,target,split`` where
``split`` is ``public`` or ``private``. ``AnswerKey.from_csv`` reads that back exactly;
given a labels CSV without a ``split`` column it chooses the public rows itself:

* deterministic for a given ``seed``: ids are put in a random order drawn from
  ``numpy.random.default_rng(seed)`` (starting from the sorted ids, so file order does not
  matter), then stably sorted by target, and every ``1/public_fraction``-th row (with a
  random start) is public. That is a stratified systematic sample: each class (or each
  range of a regression target) gets its share of public rows, give or take one, so a
  rare class such as fraud is never missing from the public part by bad luck.

Labels are kept as text for classification and as floats when ``task="regression"``.
With ``task=None`` they are kept as text; ``grade`` converts them as its metric needs.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
from dataclasses import dataclass, field

import numpy as np

from labs.grading.errors import DatasetInvalid, ProblemCollector

SPLIT_COLUMN = "split"
PUBLIC, PRIVATE = "public", "private"


@dataclass(frozen=True)
class AnswerKey:
    ids: tuple[str, ...]
    labels: tuple
    public_ids: frozenset[str]
    _positions: dict = field(default=None, repr=False, compare=False, hash=False)

    def __post_init__(self):
        if len(self.ids) != len(self.labels):
            raise ValueError("ids and labels differ in length")
        positions = {row_id: i for i, row_id in enumerate(self.ids)}
        if len(positions) != len(self.ids):
            raise ValueError("ids are not unique")
        if not self.public_ids <= positions.keys():
            raise ValueError("public_ids holds ids that are not in ids")
        object.__setattr__(self, "_positions", positions)

    def position(self, row_id: str) -> int:
        """Index of ``row_id`` in ``ids``."""
        return self._positions[row_id]

    # -------------------------------------------------------------- reading

    @classmethod
    def from_csv(
        cls,
        data: bytes,
        *,
        id_column: str,
        target_column: str,
        public_fraction: float = 0.5,
        seed: int = 0,
        task: str | None = None,
    ) -> AnswerKey:
        """Read a labels CSV (raises ``DatasetInvalid`` with specific problems)."""
        if not 0.0 < public_fraction <= 1.0:
            raise ValueError("public_fraction must be in (0, 1]")
        if task not in (None, "classification", "regression"):
            raise ValueError(f"unknown task {task!r}")
        rows, header = _read_rows(data, required=(id_column, target_column))
        id_at = header.index(id_column)
        target_at = header.index(target_column)
        split_at = header.index(SPLIT_COLUMN) if SPLIT_COLUMN in header else None

        problems = ProblemCollector(20)
        ids: list[str] = []
        labels: list = []
        splits: list[str] = []
        seen: dict[str, int] = {}
        for line, row in rows:
            if len(row) != len(header):
                problems.add(f"line {line}: expected {len(header)} values but found {len(row)}")
                continue
            row_id = row[id_at].strip()
            raw = row[target_at].strip()
            if not row_id:
                problems.add(f"line {line}: the id is empty")
                continue
            if row_id in seen:
                problems.add(
                    f"line {line}: id {row_id!r} appears again (first on line {seen[row_id]})"
                )
                continue
            seen[row_id] = line
            if not raw:
                problems.add(f"line {line}: the {target_column} of id {row_id!r} is empty")
                continue
            if task == "regression":
                try:
                    value = float(raw)
                except ValueError:
                    problems.add(f"line {line}: {target_column} {raw!r} is not a number")
                    continue
                if not math.isfinite(value):
                    problems.add(f"line {line}: {target_column} {raw!r} is not finite")
                    continue
                labels.append(value)
            else:
                labels.append(raw)
            ids.append(row_id)
            if split_at is not None:
                split = row[split_at].strip().lower()
                if split not in (PUBLIC, PRIVATE):
                    problems.add(f"line {line}: split must be 'public' or 'private', not {split!r}")
                splits.append(split)
        if not ids and not problems:
            problems.add("the labels file has a header but no rows")
        if problems:
            raise DatasetInvalid(problems.as_list())

        if split_at is not None:
            public = frozenset(i for i, s in zip(ids, splits, strict=True) if s == PUBLIC)
            if not public:
                raise DatasetInvalid(["the split column marks no row as public"])
        else:
            public = choose_public_ids(ids, labels, fraction=public_fraction, seed=seed)
        return cls(ids=tuple(ids), labels=tuple(labels), public_ids=public)

    def to_csv_bytes(self, *, id_column: str = "id", target_column: str = "target") -> bytes:
        """The key as ``id,target,split`` CSV bytes; ``from_csv`` reads it back unchanged."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([id_column, target_column, SPLIT_COLUMN])
        for row_id, label in zip(self.ids, self.labels, strict=True):
            value = repr(label) if isinstance(label, float) else label
            writer.writerow([row_id, value, PUBLIC if row_id in self.public_ids else PRIVATE])
        return out.getvalue().encode("utf-8")


def choose_public_ids(
    ids: list[str], labels: list, *, fraction: float, seed: int
) -> frozenset[str]:
    """Pick about ``fraction`` of ``ids`` as public: stratified by label, deterministic."""
    if fraction >= 1.0:
        return frozenset(ids)
    rng = np.random.default_rng(seed)
    by_id = dict(zip(ids, labels, strict=True))
    start = sorted(ids)
    shuffled = [start[i] for i in rng.permutation(len(start))]
    numeric = all(isinstance(v, float) for v in labels)
    shuffled.sort(key=lambda i: by_id[i] if numeric else str(by_id[i]))
    offset = float(rng.random())
    public = [
        row_id
        for k, row_id in enumerate(shuffled)
        if math.floor((k + 1) * fraction + offset) > math.floor(k * fraction + offset)
    ]
    if not public:  # a tiny set: still score something
        public = shuffled[:1]
    return frozenset(public)


def _read_rows(data: bytes, *, required: tuple[str, ...]):
    """Decode a CSV and return ``([(line, row), ...], header)``; raise DatasetInvalid."""
    if not data or not data.strip():
        raise DatasetInvalid(["the labels file is empty"])
    if b"\x00" in data:
        raise DatasetInvalid(["the labels file contains binary data (NUL bytes)"])
    try:
        text = data.decode("utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DatasetInvalid(
            [f"the labels file is not UTF-8 text (byte offset {exc.start}, line {line})"]
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [cell.strip() for cell in next(reader)]
        rows = [(reader.line_num, row) for row in reader if row and any(c.strip() for c in row)]
    except csv.Error as exc:
        raise DatasetInvalid([f"line {reader.line_num}: not valid CSV ({exc})"]) from None
    missing = [c for c in required if c not in header]
    if missing:
        raise DatasetInvalid(
            [f"the labels file has no column {c!r} (found: {', '.join(header)})" for c in missing]
        )
    return rows, header
