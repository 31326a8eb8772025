"""What a case of the hostile corpus is, and the builders its cases share."""

from __future__ import annotations

import gzip
import io
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

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


def utf8(text_of: Callable[[Lab], str]) -> Callable[[Lab], bytes]:
    return lambda lab: text_of(lab).encode("utf-8")


def gzip_of(lab: Lab) -> bytes:
    return gzip.compress(lab.valid().encode())


def zip_of(lab: Lab) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("predictions.csv", lab.valid())
    return buffer.getvalue()


def oversize_chunks(lab: Lab, total: int = 64 * CAP_BYTES) -> Iterator[bytes]:
    """A valid-looking CSV of `total` bytes (128 MiB by default), one MiB at a time."""
    yield HEADER.encode()
    line = f"{lab.ids[0]},{lab.good_value(0)}\n".encode()
    block = line * (1024 * 1024 // len(line))
    sent = len(HEADER)
    while sent < total:
        piece = block[: total - sent]
        sent += len(piece)
        yield piece


def empty_rows(lab: Lab, count: int = 2_000_000) -> Iterator[bytes]:
    yield HEADER.encode()
    for _ in range(count // 100_000):
        yield b"\n" * 100_000


def empty_fields(lab: Lab, count: int = 900_000) -> Iterator[bytes]:
    yield HEADER.encode()
    for _ in range(count // 100_000):
        yield b",\n" * 100_000


def cells(lab: Lab, value: str) -> str:
    return HEADER + lab.rows(lambda i, _id: value)
