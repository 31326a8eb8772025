"""A ZIP archive written as it is sent: nothing of it is ever whole in memory or on disk.

zipfile writes to a sink that cannot seek, so each entry carries its sizes after its data
(a data descriptor), and every chunk it writes is handed on as soon as it is written.
"""

import io
import zipfile
from collections.abc import Callable, Iterable, Iterator

CHUNK_BYTES = 64 * 1024


class _Sink(io.RawIOBase):
    """Collects what zipfile writes until the generator takes it. tell() and seek() raise
    (RawIOBase's own), which tells zipfile to stream."""

    def __init__(self):
        self._chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


# An entry: its name in the archive, and a callable that yields its content in chunks
# (called only when the entry's turn comes, so files are opened one at a time).
Entry = tuple[str, Callable[[], Iterable[bytes]]]


def zip_chunks(entries: Iterable[Entry]) -> Iterator[bytes]:
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            with archive.open(name, "w") as target:
                for chunk in content():
                    target.write(chunk)
                    if data := sink.take():
                        yield data
            if data := sink.take():
                yield data
    yield sink.take()


UNREADABLE = (
    b"This file could not be read from storage when the archive was made. "
    b"Download your data again later, or ask the Lodestar team.\n"
)


def stored_file_entries(files: Iterable[tuple[str, object]]) -> Iterator[Entry]:
    """(name, FieldFile) pairs as entries. Each file is opened through the storage API
    (local disk or a bucket alike) when its turn comes; one the storage cannot read becomes
    <name>.unreadable.txt, saying so, instead of a broken archive."""
    for name, field_file in files:
        try:
            handle = field_file.storage.open(field_file.name, "rb")
        except (OSError, ValueError):
            yield f"{name}.unreadable.txt", lambda: [UNREADABLE]
            continue
        yield name, lambda handle=handle: _read_and_close(handle)


def _read_and_close(handle) -> Iterator[bytes]:
    with handle:
        while chunk := handle.read(CHUNK_BYTES):
            yield chunk
