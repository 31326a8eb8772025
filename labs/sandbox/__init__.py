"""Running a student's code in a bubblewrap sandbox; no Django here.

``run_code`` takes the solution (a .py file or a notebook) and the two public CSV files,
runs ``train(X, y)`` and ``predict(model, X)`` inside the sandbox and returns a
``SandboxOutcome`` with the predictions CSV it wrote. The caller scores that file with
``labs.grading`` exactly like an uploaded one. If the host cannot sandbox,
``sandbox_available()`` says why and ``run_code`` refuses: code never runs unsandboxed.
"""

from labs.sandbox.bubblewrap import run_code, sandbox_available, sandbox_status
from labs.sandbox.jobs import sweep_stale_jobs
from labs.sandbox.outcome import (
    BAD_OUTPUT,
    ERROR,
    MEMORY,
    MISSING_FUNCTION,
    OK,
    PLATFORM_ERROR,
    STATUSES,
    TIMEOUT,
    SandboxLimits,
    SandboxOutcome,
)

__all__ = [
    "BAD_OUTPUT",
    "ERROR",
    "MEMORY",
    "MISSING_FUNCTION",
    "OK",
    "PLATFORM_ERROR",
    "STATUSES",
    "TIMEOUT",
    "SandboxLimits",
    "SandboxOutcome",
    "run_code",
    "sandbox_available",
    "sandbox_status",
    "sweep_stale_jobs",
]
