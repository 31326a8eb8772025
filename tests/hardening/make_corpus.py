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

import gzip
import io
import sys
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

CAP_BYTES = 2 * 1024 * 1024  # labs.uploads.max_upload_bytes() default
SCRIPT = "<script>alert(1)</script>"
HEADER = "id,prediction\n"


@dataclass(frozen=True)
class Lab:
    """What a case needs to know about the lab it is uploaded to."""

    kind: str  # "label" (classification) or "number" (regression)
    ids: Sequence[str]
    classes: Sequence[str] = ()

    def good_value(self, index: int) -> str:
        return self.classes[index % len(self.classes)] if self.kind == "label" else "150.0"

    def rows(self, values: Callable[[int, str], str] | None = None) -> str:
        values = values or (lambda i, _id: self.good_value(i))
        return "".join(f"{row_id},{values(i, row_id)}\n" for i, row_id in enumerate(self.ids))

    def valid(self) -> str:
        return HEADER + self.rows()


@dataclass(frozen=True)
class Case:
    name: str
    lab_kind: str  # which lab it is uploaded to: "label" or "number"
    # "refused" | "rejected" | "graded".
    outcome: str
    message: str  # a piece of the message the student must see
    build: Callable[[Lab], bytes] | None = None
    chunks: Callable[[Lab], Iterator[bytes]] | None = None  # for files too big to hold
    filename: str = "predictions.csv"

    def content(self, lab: Lab) -> bytes:
        if self.build is not None:
            return self.build(lab)
        return b"".join(self.chunks(lab))


def _utf8(text_of: Callable[[Lab], str]) -> Callable[[Lab], bytes]:
    return lambda lab: text_of(lab).encode("utf-8")


def _gzip(lab: Lab) -> bytes:
    return gzip.compress(lab.valid().encode())


def _zip(lab: Lab) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("predictions.csv", lab.valid())
    return buffer.getvalue()


def _oversize_chunks(lab: Lab, total: int = 64 * CAP_BYTES) -> Iterator[bytes]:
    """A valid-looking CSV of `total` bytes (128 MiB by default), one MiB at a time."""
    yield HEADER.encode()
    line = f"{lab.ids[0]},{lab.good_value(0)}\n".encode()
    block = line * (1024 * 1024 // len(line))
    sent = len(HEADER)
    while sent < total:
        piece = block[: total - sent]
        sent += len(piece)
        yield piece


def _empty_rows(lab: Lab, count: int = 2_000_000) -> Iterator[bytes]:
    yield HEADER.encode()
    for _ in range(count // 100_000):
        yield b"\n" * 100_000


def _empty_fields(lab: Lab, count: int = 900_000) -> Iterator[bytes]:
    yield HEADER.encode()
    for _ in range(count // 100_000):
        yield b",\n" * 100_000


def _cells(lab: Lab, value: str) -> str:
    return HEADER + lab.rows(lambda i, _id: value)


def build_cases() -> list[Case]:
    """Every case, in a stable order; names are unique and safe as file names."""
    label, number = "label", "number"
    cases = [
        # -- nothing useful in the file
        Case("empty", label, "refused", "The submitted file is empty", build=lambda lab: b""),
        Case("whitespace-only", label, "refused", "The file is empty", _utf8(lambda lab: " \n\n ")),
        Case(
            "header-only", label, "rejected", "header but no predictions", _utf8(lambda lab: HEADER)
        ),
        Case("bom-only", label, "rejected", "the file is empty", build=lambda lab: b"\xef\xbb\xbf"),
        # -- columns
        Case(
            "wrong-header",
            label,
            "rejected",
            "the header must be exactly 'id,prediction'",
            _utf8(lambda lab: "row,label\n" + lab.rows()),
        ),
        Case(
            "upper-case-header",
            label,
            "rejected",
            "column names are case-sensitive",
            _utf8(lambda lab: "ID,PREDICTION\n" + lab.rows()),
        ),
        Case(
            "no-header",
            label,
            "rejected",
            "the first line looks like a prediction",
            _utf8(lambda lab: lab.rows()),
        ),
        Case(
            "three-columns",
            label,
            "rejected",
            "expected 2 values (id,prediction) but found 3",
            _utf8(lambda lab: HEADER + lab.rows(lambda i, _id: f"{lab.good_value(i)},extra")),
        ),
        Case(
            "one-column",
            label,
            "rejected",
            "expected 2 values (id,prediction) but found 1",
            _utf8(lambda lab: HEADER + "".join(f"{i}\n" for i in lab.ids)),
        ),
        Case(
            "semicolons",
            label,
            "rejected",
            "the separator must be a comma, not ';'",
            _utf8(lambda lab: lab.valid().replace(",", ";")),
        ),
        Case(
            "tabs",
            label,
            "rejected",
            "the separator must be a comma, not a tab",
            _utf8(lambda lab: lab.valid().replace(",", "\t")),
        ),
        Case(
            "decimal-commas",
            number,
            "rejected",
            "use a dot as the decimal separator",
            _utf8(lambda lab: _cells(lab, "150,5")),
        ),
        Case(
            "unclosed-quote",
            label,
            "rejected",
            "closing double quote missing",
            _utf8(lambda lab: HEADER + f'{lab.ids[0]},"{lab.good_value(0)}\n' + lab.rows()),
        ),
        # -- ids
        Case(
            "ids-missing",
            label,
            "rejected",
            "ids of the test set are missing",
            _utf8(lambda lab: HEADER + "".join(lab.rows().splitlines(True)[: len(lab.ids) // 2])),
        ),
        Case(
            "ids-repeated",
            label,
            "rejected",
            "appears more than once",
            _utf8(lambda lab: lab.valid() + lab.rows().splitlines(True)[0]),
        ),
        Case(
            "ids-unknown",
            label,
            "rejected",
            "is not in the test set",
            _utf8(lambda lab: lab.valid() + f"not-a-test-id,{lab.good_value(0)}\n"),
        ),
        Case(
            "ids-empty",
            label,
            "rejected",
            "the id is empty",
            _utf8(lambda lab: HEADER + "".join(f",{lab.good_value(i)}\n" for i in range(5))),
        ),
        Case(
            "ids-with-terminal-escapes",
            label,
            "rejected",
            "is not in the test set",
            _utf8(lambda lab: lab.valid() + f"\x1b[31m{lab.ids[0]}\x1b[0m,{lab.good_value(0)}\n"),
        ),
        # -- values
        Case("labels-empty", label, "rejected", "is empty", _utf8(lambda lab: _cells(lab, ""))),
        Case(
            "labels-unknown",
            label,
            "rejected",
            "is not one of the allowed labels",
            _utf8(lambda lab: _cells(lab, "cultivar_z")),
        ),
        Case(
            "labels-wrong-case",
            label,
            "rejected",
            "labels are case-sensitive",
            _utf8(lambda lab: _cells(lab, lab.classes[0].upper())),
        ),
        Case(
            "labels-nan",
            label,
            "rejected",
            "is not one of the allowed labels",
            _utf8(lambda lab: _cells(lab, "NaN")),
        ),
        Case(
            "labels-zero-width-and-rtl",
            label,
            "rejected",
            "is not one of the allowed labels",
            _utf8(lambda lab: _cells(lab, "\u200b\u202e" + lab.classes[0])),
        ),
        Case("numbers-nan", number, "rejected", "is NaN", _utf8(lambda lab: _cells(lab, "nan"))),
        Case(
            "numbers-inf", number, "rejected", "is infinite", _utf8(lambda lab: _cells(lab, "inf"))
        ),
        Case(
            "numbers-minus-infinity",
            number,
            "rejected",
            "is infinite",
            _utf8(lambda lab: _cells(lab, "-Infinity")),
        ),
        Case(
            "numbers-overflowing",
            number,
            "rejected",
            "is infinite",
            _utf8(lambda lab: _cells(lab, "1e999")),
        ),
        Case(
            "numbers-huge-finite",
            number,
            "rejected",
            "the numbers are too large",
            _utf8(lambda lab: _cells(lab, "1.7976931348623157e308")),
        ),
        Case(
            "numbers-underscores",
            number,
            "rejected",
            "is not a number",
            _utf8(lambda lab: _cells(lab, "1_000")),
        ),
        Case(
            "numbers-arabic-digits",
            number,
            "rejected",
            "is not a number",
            _utf8(lambda lab: _cells(lab, "\u0661\u0665\u0660")),
        ),
        Case(
            "numbers-hex",
            number,
            "rejected",
            "is not a number",
            _utf8(lambda lab: _cells(lab, "0x96")),
        ),
        Case(
            "numbers-as-words",
            number,
            "rejected",
            "is not a number",
            _utf8(lambda lab: _cells(lab, "one hundred")),
        ),
        # -- not CSV text at all
        Case(
            "binary-noise",
            label,
            "rejected",
            "binary data",
            build=lambda lab: bytes(range(256)) * 64,
        ),
        Case(
            "png-named-csv",
            label,
            "rejected",
            "binary data",
            build=lambda lab: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64,
        ),
        Case("gzip-posing-as-csv", label, "rejected", "gzip-compressed", build=_gzip),
        Case("zip-posing-as-csv", label, "rejected", "ZIP archive", build=_zip),
        Case(
            "xlsx-by-name",
            label,
            "refused",
            "extension “xlsx” is not allowed",
            build=_zip,
            filename="predictions.xlsx",
        ),
        Case(
            "executable-by-name",
            label,
            "refused",
            "extension “exe” is not allowed",
            build=lambda lab: b"MZ\x90\x00",
            filename="predictions.exe",
        ),
        Case(
            "latin-1",
            label,
            "rejected",
            "is not UTF-8 text",
            build=lambda lab: (lab.valid() + "caf\xe9,x\n").encode("latin-1"),
        ),
        Case(
            "utf-16",
            label,
            "rejected",
            "UTF-16",
            build=lambda lab: lab.valid().encode("utf-16"),
        ),
        Case(
            "nul-in-the-middle",
            label,
            "rejected",
            "a NUL byte",
            build=lambda lab: lab.valid().encode()[:40] + b"\x00" + lab.valid().encode()[40:],
        ),
        # -- spreadsheet formulas and markup in every text field
        Case(
            "formula-predictions",
            label,
            "rejected",
            "is not one of the allowed labels",
            _utf8(lambda lab: _cells(lab, '=HYPERLINK("http://evil.example")')),
        ),
        Case(
            "formula-ids",
            label,
            "rejected",
            "is not in the test set",
            _utf8(lambda lab: lab.valid() + "=cmd|' /C calc'!A0,x\n"),
        ),
        Case(
            "formula-header",
            label,
            "rejected",
            "the header must be exactly",
            _utf8(lambda lab: "=1+1,@SUM(A1)\n" + lab.rows()),
        ),
        Case(
            "script-in-header",
            label,
            "rejected",
            "the header must be exactly",
            _utf8(lambda lab: f"{SCRIPT},prediction\n" + lab.rows()),
        ),
        Case(
            "script-in-ids",
            label,
            "rejected",
            "is not in the test set",
            _utf8(lambda lab: lab.valid() + f"{SCRIPT},{lab.good_value(0)}\n"),
        ),
        Case(
            "script-in-predictions",
            label,
            "rejected",
            "is not one of the allowed labels",
            _utf8(lambda lab: _cells(lab, '<img src=x onerror="alert(1)">')),
        ),
        Case(
            "script-in-numbers",
            number,
            "rejected",
            "is not a number",
            _utf8(lambda lab: _cells(lab, SCRIPT)),
        ),
        Case(
            "script-in-file-name",
            label,
            "graded",
            "",
            _utf8(lambda lab: lab.valid()),
            filename=f"{SCRIPT}.csv",
        ),
        Case(
            "path-in-file-name",
            label,
            "graded",
            "",
            _utf8(lambda lab: lab.valid()),
            filename="../../../etc/passwd.csv",
        ),
        # -- size and shape
        Case(
            "bom-and-crlf-valid",
            label,
            "graded",
            "",
            build=lambda lab: b"\xef\xbb\xbf" + lab.valid().replace("\n", "\r\n").encode(),
        ),
        Case(
            "very-long-line",
            label,
            "rejected",
            "cannot be read as CSV",
            _utf8(lambda lab: HEADER + f"{lab.ids[0]},{'x' * 1_500_000}\n"),
        ),
        Case(
            "very-long-header",
            label,
            "rejected",
            "the header cannot be read as CSV",
            _utf8(lambda lab: "i" * 1_500_000 + "\n"),
        ),
        Case(
            "two-million-empty-rows",
            label,
            "rejected",
            "header but no predictions",
            chunks=_empty_rows,
        ),
        Case(
            "nine-hundred-thousand-empty-fields",
            label,
            "rejected",
            "the id is empty",
            chunks=_empty_fields,
        ),
        Case(
            "just-over-the-cap",
            label,
            "refused",
            "limit, so it was not stored",
            chunks=lambda lab: _oversize_chunks(lab, total=CAP_BYTES + 1),
        ),
        Case(
            "far-over-the-cap",
            label,
            "refused",
            "limit, so it was not stored",
            chunks=_oversize_chunks,
        ),
    ]
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
