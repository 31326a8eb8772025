"""Malformed and hostile uploads for the hardening tests.

Each case is a file a careless or hostile student could upload, with what must happen
to it: refused by the page before storing ("refused"), stored and rejected by the grader
with a specific message ("rejected"), or graded normally ("graded"). The contents are
built from a lab's real test ids and labels, so that every file is wrong in one way only.

Write the corpus to a folder to look at it, or to upload it by hand:

    .venv/bin/python -m tests.hardening.make_corpus /tmp/corpus

Big files are generated in chunks (``Case.chunks``); nothing here holds the oversize
file in memory.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.hardening.corpus import csv_cases, hostile_cases
from tests.hardening.corpus.kinds import CAP_BYTES, SCRIPT, Case, Lab

__all__ = ["CAP_BYTES", "SCRIPT", "Case", "Lab", "build_cases", "write_corpus"]


def build_cases() -> list[Case]:
    """Every case, in a stable order; names are unique and safe as file names."""
    cases = [*csv_cases.cases(), *hostile_cases.cases()]
    names = [case.name for case in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return cases


def write_corpus(folder: Path, labs: dict[str, Lab]) -> list[Path]:
    """Write every case to `folder` (big ones chunk by chunk) with an index of outcomes."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    index = []
    for case in build_cases():
        lab = labs[case.lab_kind]
        target = folder / f"{case.name}.{case.filename.rsplit('.', 1)[-1]}"
        with target.open("wb") as handle:
            if case.chunks:
                for chunk in case.chunks(lab):
                    handle.write(chunk)
            else:
                handle.write(case.build(lab))
        written.append(target)
        index.append(f"{target.name}\t{case.lab_kind}\t{case.outcome}\t{case.message}")
    (folder / "INDEX.tsv").write_text("\n".join(index) + "\n", encoding="utf-8")
    return written


def _demo_labs() -> dict[str, Lab]:
    """Ids and labels of two built-in datasets, without Django (wine and diabetes)."""
    from labs.catalog import build_dataset

    wine, diabetes = build_dataset("wine"), build_dataset("diabetes")
    return {
        "label": Lab("label", list(wine.test_features["id"]), list(wine.classes)),
        "number": Lab("number", list(diabetes.test_features["id"])),
    }


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "var/hostile-corpus")
    files = write_corpus(out, _demo_labs())
    print(f"wrote {len(files)} files to {out}")
