"""Runs one student's solution inside the sandbox and writes its predictions.

This file is copied into the job directory and executed by the real interpreter inside
bubblewrap; it imports nothing from the project. It reads ``config.json``, the training
split and the test features from the read-only input directory, says "ready" on its
ready pipe and closes it, loads the student's module (or a notebook's code cells, in
order, in one namespace), calls ``train(X, y)`` and ``predict(model, X)``, and writes the
predictions CSV (id,prediction) and the result (status and message, JSON) to the two
in-memory files the worker passed by number. It writes no file the worker reads: from the
moment student code runs, everything this process says is the student's, and the worker
trusts none of it about the platform or about quality.
"""

import csv
import json
import linecache
import math
import os
import site
import sys
import traceback
import types

JOB = os.environ.get("LODESTAR_JOB_DIR", "/tmp/job")  # noqa: S108 - inside the sandbox
IN = os.path.join(JOB, "in")
MAX_MESSAGE = 3000
READY_FD = int(os.environ.get("LODESTAR_READY_FD", "-1"))
RESULT_FD = int(os.environ.get("LODESTAR_RESULT_FD", "-1"))
PREDICTIONS_FD = int(os.environ.get("LODESTAR_PREDICTIONS_FD", "-1"))


class Stop(Exception):
    """Ends the run with a status other than ok."""

    def __init__(self, status, message, traceback_text=""):
        super().__init__(message)
        self.status = status
        self.message = message
        self.traceback_text = traceback_text


def _overwrite(fd, data):
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    while data:
        written = os.write(fd, data)
        data = data[written:]


def write_result(status, message="", traceback_text=""):
    result = {
        "status": status,
        "message": message[:MAX_MESSAGE],
        "traceback": traceback_text[-MAX_MESSAGE:],
    }
    _overwrite(RESULT_FD, json.dumps(result).encode("utf-8"))


def say_ready(line):
    """Tell the worker the sandbox started (or why the data could not be read), once."""
    try:
        os.write(READY_FD, line)
    finally:
        os.close(READY_FD)


# ------------------------------------------------------------------ student code

_student_files = set()


def _remember_source(filename, source):
    """Let tracebacks show the student's lines, although they were never files."""
    _student_files.add(filename)
    lines = source.splitlines(keepends=True)
    linecache.cache[filename] = (len(source), None, lines, filename)


def student_traceback(error):
    """The traceback trimmed to the student's own frames, then the error itself."""
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename in _student_files
    ]
    text = "".join(traceback.format_exception_only(type(error), error))
    if frames:
        shown = "".join(traceback.format_list(frames))
        text = "Traceback (most recent call last):\n" + shown + text
    return text


def _code_cells(raw):
    try:
        notebook = json.loads(raw.decode("utf-8-sig"))
        cells = notebook["cells"]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, RecursionError):
        raise Stop(
            "error", "This file is not a Jupyter notebook: it is not notebook JSON with cells."
        ) from None
    if not isinstance(cells, list):
        raise Stop("error", "This file is not a Jupyter notebook: its cells are not a list.")
    skipped = []
    number = 0
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        number += 1
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(part for part in source if isinstance(part, str))
        elif not isinstance(source, str):
            source = ""
        lines = []
        for line_number, line in enumerate(str(source).splitlines(), start=1):
            if line.lstrip().startswith(("%", "!")):
                # IPython magics and shell escapes mean nothing here: keep the line count.
                skipped.append(f"cell {number}, line {line_number}: {line.strip()[:60]}")
                lines.append("pass")
            else:
                lines.append(line)
        yield f"cell {number}", "\n".join(lines) + "\n"
    if skipped:
        print("Skipped notebook magics and shell commands (they do not run in grading):")
        for item in skipped[:10]:
            print("  " + item)


def load_solution(kind, path):
    with open(path, "rb") as handle:
        raw = handle.read()
    module = types.ModuleType("solution")
    module.__file__ = "solution.py"
    sys.modules["solution"] = module
    if kind == "notebook":
        parts = list(_code_cells(raw))
    else:
        try:
            parts = [("solution.py", raw.decode("utf-8-sig"))]
        except UnicodeDecodeError:
            raise Stop(
                "error", "The file is not UTF-8 text, so it cannot be Python code."
            ) from None
    for filename, source in parts:
        _remember_source(filename, source)
        try:
            code = compile(source, filename, "exec")
        except SyntaxError as error:
            raise Stop(
                "error",
                f"Your code has a syntax error ({filename}, line {error.lineno}).",
                "".join(traceback.format_exception_only(type(error), error)),
            ) from None
        run_student(
            lambda code=code: exec(code, module.__dict__),  # noqa: S102 - sandboxed
            f"loading {filename}",
        )
    return module


def run_student(call, doing):
    try:
        return call()
    except MemoryError:
        raise Stop("memory", f"Your code ran out of memory while {doing}.") from None
    except Stop:
        raise
    except SystemExit as error:
        raise Stop("error", f"Your code called exit({error.code!r}) while {doing}.") from None
    except BaseException as error:  # the student's code may raise anything at all
        message = f"Your code raised {type(error).__name__} while {doing}."
        if isinstance(error, PermissionError):
            message += (
                " The grader runs code in a sandbox: no network, no new processes (keep "
                "n_jobs=1), and files can only be written under /tmp."
            )
        raise Stop("error", message, student_traceback(error)) from None


# ------------------------------------------------------------------ predictions


def _as_values(predictions, rows):
    if predictions is None:
        raise Stop("bad_output", "predict(model, X) returned None: did you forget `return`?")
    import numpy as np

    values = predictions.to_numpy() if hasattr(predictions, "to_numpy") else predictions
    try:
        array = np.asarray(values, dtype=object)
    except Exception:
        raise Stop(
            "bad_output",
            f"predict(model, X) returned a {type(predictions).__name__}, which is not a "
            "sequence of predictions.",
        ) from None
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim != 1:
        hint = ""
        if array.ndim == 2:
            hint = (
                " A table with one column per class comes from predict_proba: return one "
                "value per row instead."
            )
        raise Stop(
            "bad_output",
            f"predict(model, X) returned an array of shape {tuple(array.shape)}; it must "
            f"return one prediction per test row (a list, a Series or a 1-D array).{hint}",
        )
    if len(array) != rows:
        raise Stop(
            "bad_output",
            f"predict(model, X) returned {len(array)} predictions for {rows} test rows.",
        )
    return array


def _label(value):
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        return str(int(value))
    if hasattr(value, "item"):  # numpy scalars
        return _label(value.item())
    return str(value)


def _number(value, position):
    try:
        return repr(float(value))
    except (TypeError, ValueError):
        raise Stop(
            "bad_output",
            f"predict(model, X) returned {str(value)[:40]!r} for test row {position}, "
            "which is not a number.",
        ) from None


def write_predictions(ids, array, prediction_kind):
    os.ftruncate(PREDICTIONS_FD, 0)
    os.lseek(PREDICTIONS_FD, 0, os.SEEK_SET)
    with open(PREDICTIONS_FD, "w", newline="", encoding="utf-8", closefd=False) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id", "prediction"])
        for position, (row_id, value) in enumerate(zip(ids, array, strict=True), start=1):
            if prediction_kind == "label":
                shown = _label(value)
            else:
                shown = _number(value, position)
            writer.writerow([row_id, shown])


# ------------------------------------------------------------------ main


def read_data(id_column, target, classification):
    import pandas as pd

    dtype = {id_column: str}
    train = pd.read_csv(
        os.path.join(IN, "train.csv"),
        dtype={**dtype, target: str} if classification else dtype,
        encoding="utf-8-sig",
    )
    test = pd.read_csv(os.path.join(IN, "test.csv"), dtype=dtype, encoding="utf-8-sig")
    return train, test


def main():
    with open(os.path.join(IN, "config.json"), encoding="utf-8") as handle:
        config = json.load(handle)
    for directory in config.get("site_dirs", []):
        site.addsitedir(directory)
    id_column = config.get("id_column", "id")
    target = config.get("target_column", "target")
    try:
        train, test = read_data(id_column, target, config.get("task") == "classification")
    except Exception as error:  # before any student code ran: the platform's fault
        say_ready(b"data-failed:" + repr(error)[:500].encode("utf-8", "replace") + b"\n")
        os._exit(3)
    # From here on student code runs in this process: the ready line is the last word the
    # worker takes from it as the platform's.
    say_ready(b"ready\n")
    features = config.get("feature_columns") or [
        c for c in train.columns if c not in (id_column, target)
    ]

    module = load_solution(config["kind"], os.path.join(IN, config["solution"]))
    missing = [name for name in ("train", "predict") if not callable(getattr(module, name, None))]
    if missing:
        names = " and ".join(f"{name}(...)" for name in missing)
        raise Stop(
            "missing_function",
            f"Your code does not define {names}. Define train(X, y) returning a model and "
            "predict(model, X) returning one prediction per row.",
        )
    model = run_student(
        lambda: module.train(train[features].copy(), train[target].copy()), "running train(X, y)"
    )
    predictions = run_student(
        lambda: module.predict(model, test[features].copy()), "running predict(model, X)"
    )
    array = _as_values(predictions, len(test))
    try:
        write_predictions(test[id_column].astype(str).tolist(), array, config["prediction_kind"])
    except OSError as error:
        raise Stop("bad_output", f"The predictions could not be written: {error}") from None


# The exit status when no result could be handed back (the code closed or replaced the
# channels, or broke what writes them); labs.sandbox.verdict knows it as CHANNELS_BROKEN.
CHANNELS_BROKEN = 5

if __name__ == "__main__":
    try:
        try:
            main()
        except Stop as stop:
            write_result(stop.status, stop.message, stop.traceback_text)
        except MemoryError:
            write_result("memory", "Your code ran out of memory.")
        else:
            write_result("ok")
        sys.stdout.flush()
    except BaseException:
        # Nothing of the runner's own insides (its traceback) goes to the student's output.
        os._exit(CHANNELS_BROKEN)
    # Threads or atexit handlers the student left behind must not keep the sandbox alive.
    os._exit(0)
