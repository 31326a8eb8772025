"""A submission's code as the similarity check compares it: read with a size cap, without
following symlinks, and for a notebook its code cells only. The files are hostile input."""

import json
import os
import re
import stat

from django.core.files.storage import FileSystemStorage

from config.guards import JsonTooDeep, check_json_depth

MAX_BYTES = 256 * 1024
NOTEBOOK_MAX_DEPTH = 64


class Unreadable(Exception):
    """Why a file is left out of a comparison."""


def read_capped(field_file, limit: int = MAX_BYTES) -> bytes:
    """At most `limit` bytes of a stored file, or Unreadable when it is larger.

    Through the storage API, except on local disk: there a symlink planted in the upload
    folder could point anywhere, so the file is opened with O_NOFOLLOW, must resolve
    inside the storage's folder and be a regular file (a FIFO would block the worker).
    """
    storage = field_file.storage
    if isinstance(storage, FileSystemStorage):
        return _read_local(storage, field_file.name, limit)
    with field_file.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise Unreadable(f"larger than {limit // 1024} KiB")
    return data


def _read_local(storage: FileSystemStorage, name: str, limit: int) -> bytes:
    root = os.path.realpath(storage.location)
    path = storage.path(name)
    if os.path.commonpath([root, os.path.realpath(path)]) != root:
        raise Unreadable("outside the upload folder")
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        raise Unreadable(f"cannot be opened ({error.strerror})") from None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise Unreadable("not a regular file")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise Unreadable(f"larger than {limit // 1024} KiB")
    return data


def code_text(raw: bytes, *, kind: str | None) -> str:
    """The text to compare: the file itself, or a notebook's code cells one after another."""
    text = raw.decode("utf-8-sig", errors="replace")
    if kind != "notebook":
        return text
    try:
        check_json_depth(text, max_depth=NOTEBOOK_MAX_DEPTH)
        cells = json.loads(text).get("cells")
    except (JsonTooDeep, ValueError, AttributeError, RecursionError):
        raise Unreadable("not notebook JSON") from None
    if not isinstance(cells, list):
        raise Unreadable("a notebook without a list of cells")
    code = []
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(part for part in source if isinstance(part, str))
        if isinstance(source, str):
            code.append(source.rstrip("\n") + "\n")
    return "\n".join(code)


def submission_code(submission) -> str:
    """The compared text of a submission (Unreadable when it cannot be compared)."""
    return code_text(read_capped(submission.file), kind=submission.code_kind)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Control characters (but tab and newline) shown as U+FFFD, one for one, so the
    passages' offsets still fit."""
    return _CONTROL.sub("\ufffd", text)
