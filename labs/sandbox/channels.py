"""How a sandboxed run hands its results back without the worker opening a file it named.

The worker creates three anonymous in-memory files (memfd) and one pipe, and passes them
to the sandbox by number:

* ``ready`` (a pipe): the runner writes one line once it has read its input and before
  any student code runs, then closes its end. Its presence is the only proof that the
  sandbox started; student code can add bytes after it but never take that line away, so
  it cannot forge "the platform failed".
* ``log`` (stdout and stderr), ``result`` (a small JSON object) and ``predictions`` (the
  CSV): written by a process that runs the student's code, so they are the student's own
  bytes, bounded by the run's file size limit and read back here up to a fixed size.

Nothing is read through the job folder: a symlink, a FIFO, a hard link or a huge file
that the code leaves behind is never opened by the worker.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field

READY_LINE = b"ready\n"
DATA_FAILED = b"data-failed:"
ENV_NAMES = {
    "ready": "LODESTAR_READY_FD",
    "result": "LODESTAR_RESULT_FD",
    "predictions": "LODESTAR_PREDICTIONS_FD",
}


@dataclass
class Channels:
    """The fds of one run; close() releases every one still open."""

    log: int
    result: int
    predictions: int
    ready_read: int
    ready_write: int | None
    _closed: bool = field(default=False, repr=False)

    @classmethod
    def open(cls) -> Channels:
        ready_read, ready_write = os.pipe()
        os.set_blocking(ready_read, False)
        return cls(
            log=os.memfd_create("lodestar-log"),
            result=os.memfd_create("lodestar-result"),
            predictions=os.memfd_create("lodestar-predictions"),
            ready_read=ready_read,
            ready_write=ready_write,
        )

    def for_child(self) -> dict[str, int]:
        """The fd numbers the runner writes to, by the environment variable that names them."""
        return {
            ENV_NAMES["ready"]: self.ready_write,
            ENV_NAMES["result"]: self.result,
            ENV_NAMES["predictions"]: self.predictions,
        }

    def child_started(self) -> None:
        """The child holds its own copy of the pipe's write end: drop ours, or we would
        keep the pipe open forever."""
        if self.ready_write is not None:
            os.close(self.ready_write)
            self.ready_write = None

    def ready(self) -> bytes:
        """What the runner said before student code ran (at most one short line)."""
        try:
            return os.read(self.ready_read, 1024)
        except BlockingIOError:
            return b""

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.child_started()
        for fd in (self.log, self.result, self.predictions, self.ready_read):
            os.close(fd)


def read_bounded(fd: int, limit: int) -> tuple[bytes, int]:
    """At most ``limit`` bytes from the start of a regular file we opened, and its size.

    The size is taken after the writer is gone and only to say how much was cut; the read
    itself never goes past ``limit``, whatever the size claims (a sparse file, a lie).
    """
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        return b"", 0
    return os.pread(fd, limit, 0), info.st_size
