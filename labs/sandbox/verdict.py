"""The outcome of a run, decided by the worker from what it saw, never from what it was told.

The process's exit, the wall clock and the ready line (see ``channels``) are facts the
code cannot forge. ``result`` and ``predictions`` are the student's own bytes: they may
say which of the student's own failures happened, and supply the predictions to score,
but never that the platform failed, and never anything longer than a fixed bound.
"""

from __future__ import annotations

import json
import signal

from labs.sandbox.channels import DATA_FAILED, READY_LINE, Channels, read_bounded
from labs.sandbox.outcome import (
    BAD_OUTPUT,
    ERROR,
    MEMORY,
    MISSING_FUNCTION,
    OK,
    PLATFORM_ERROR,
    TIMEOUT,
    SandboxLimits,
    SandboxOutcome,
)

RESULT_BYTES = 64 * 1024
# The runner's exit status when it could not hand a result back (labs/sandbox/runner.py).
CHANNELS_BROKEN = 5
MESSAGE_CHARS = 3000
# What a result written by the student's process may claim; anything else is ignored.
STUDENT_STATUSES = (OK, ERROR, MEMORY, MISSING_FUNCTION, BAD_OUTPUT)


def decide(
    channels: Channels,
    *,
    returncode: int | None,
    timed_out: bool,
    limits: SandboxLimits,
    duration_ms: int,
) -> SandboxOutcome:
    output = _printed(channels.log, limits)
    ready = channels.ready()
    if not ready.startswith(READY_LINE):
        # No student code ran: whatever went wrong is the platform's, and the output is
        # bwrap's or the runner's own.
        if ready.startswith(DATA_FAILED):
            detail = ready[len(DATA_FAILED) :].decode("utf-8", "replace").strip()
            message = f"The sandbox could not read the dataset: {detail}"
        elif timed_out:
            message = f"The sandbox did not start within {limits.wall_seconds:.0f} seconds."
        else:
            message = f"The sandbox did not start (exit status {returncode}): {output[-500:]}"
        return SandboxOutcome(PLATFORM_ERROR, message=message, duration_ms=duration_ms)
    common = {"output": output, "duration_ms": duration_ms}
    if timed_out:
        return SandboxOutcome(
            TIMEOUT,
            message=f"Your code ran for more than {limits.wall_seconds:.0f} seconds and was "
            "stopped. Train something lighter or check for a loop that never ends.",
            **common,
        )
    result = _result(channels.result)
    status = result.get("status") if result is not None else None
    if status not in STUDENT_STATUSES:
        return _died(returncode, limits, common)
    if status != OK:
        return SandboxOutcome(
            status,
            message=str(result.get("message", ""))[:MESSAGE_CHARS],
            traceback=str(result.get("traceback", ""))[-MESSAGE_CHARS:],
            **common,
        )
    if returncode != 0:
        return _died(returncode, limits, common)
    # Never more than an upload may be: a bigger file is refused unread.
    cap = limits.predictions_bytes
    predictions, size = read_bounded(channels.predictions, cap + 1)
    if size == 0:
        return SandboxOutcome(BAD_OUTPUT, message="No predictions were written.", **common)
    if size > cap:
        return SandboxOutcome(
            BAD_OUTPUT,
            message=f"The predictions written were {size / 2**20:.1f} MB; the most we take, "
            f"as for an upload, is {cap / 2**20:.1f} MB.",
            **common,
        )
    return SandboxOutcome(OK, predictions_csv=predictions, **common)


def _printed(fd: int, limits: SandboxLimits) -> str:
    head, size = read_bounded(fd, limits.output_bytes)
    output = head.decode("utf-8", "replace")
    if size > limits.output_bytes:
        output += f"\n[... {size - limits.output_bytes} more bytes of output not shown]"
    return output


def _result(fd: int) -> dict | None:
    raw, size = read_bounded(fd, RESULT_BYTES)
    if not raw or size > RESULT_BYTES:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _died(returncode: int | None, limits: SandboxLimits, common: dict) -> SandboxOutcome:
    """No valid result: the process was killed, or ended itself early."""
    if returncode == CHANNELS_BROKEN:
        return SandboxOutcome(
            ERROR,
            message="Your code closed or replaced the files the grader reads its results "
            "from, so no result came back. Leave the process's open files alone.",
            **common,
        )
    signal_number = returncode - 128 if returncode and returncode > 128 else None
    if returncode is not None and returncode < 0:
        signal_number = -returncode
    if signal_number == signal.SIGXCPU:
        return SandboxOutcome(
            TIMEOUT,
            message=f"Your code used more than {limits.cpu_seconds} seconds of CPU time and "
            "was stopped.",
            **common,
        )
    if signal_number in (signal.SIGSEGV, signal.SIGBUS, signal.SIGABRT):
        return SandboxOutcome(
            ERROR,
            message=f"Your code crashed ({signal.Signals(signal_number).name}); running out "
            f"of memory is a common cause (the limit is {limits.memory_bytes >> 20} MB).",
            **common,
        )
    if signal_number is not None:
        return SandboxOutcome(
            ERROR,
            message=f"Your code was stopped by signal {signal_number} before it wrote its "
            "predictions. Do not send signals to the process.",
            **common,
        )
    return SandboxOutcome(
        ERROR,
        message="Your code ended the program before it wrote its predictions "
        f"(exit status {returncode}). Do not call exit() or kill the process.",
        **common,
    )
