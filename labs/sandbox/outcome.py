"""What a sandboxed run is given (limits) and what it gives back (an outcome)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

OK = "ok"
TIMEOUT = "timeout"
MEMORY = "memory"
ERROR = "error"
MISSING_FUNCTION = "missing_function"
BAD_OUTPUT = "bad_output"
PLATFORM_ERROR = "platform_error"
STATUSES = (OK, TIMEOUT, MEMORY, ERROR, MISSING_FUNCTION, BAD_OUTPUT, PLATFORM_ERROR)


@dataclass(frozen=True)
class SandboxLimits:
    """Per-run limits; the defaults fit the built-in datasets with room to spare."""

    wall_seconds: float = 30.0
    cpu_seconds: int = 30
    memory_bytes: int = 1024 * 1024 * 1024  # address space, so it includes mapped libraries
    file_bytes: int = 16 * 1024 * 1024  # any single file written, including the output log
    tmp_bytes: int = 64 * 1024 * 1024  # the private /tmp (a tmpfs, so it is memory too)
    open_files: int = 64
    processes: int = 64  # threads; new processes are refused outright by seccomp
    output_bytes: int = 4096  # of printed output kept for the student
    predictions_bytes: int = 2 * 1024 * 1024  # the predictions handed back: an upload's cap


@dataclass(frozen=True)
class SandboxOutcome:
    status: str
    predictions_csv: bytes | None = None
    message: str = ""
    output: str = ""
    traceback: str = ""
    duration_ms: int = 0

    @property
    def is_ok(self) -> bool:
        return self.status == OK

    def summary(self) -> dict:
        """What is kept with the submission (no predictions)."""
        data = asdict(self)
        data.pop("predictions_csv")
        return data
