"""The sandbox's own cost: the same small solution run sandboxed and unsandboxed."""

import statistics
import subprocess
import tempfile
import time
from pathlib import Path

RUNS = 10
SOLUTION = b"""
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def train(X, y):
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)).fit(X, y)


def predict(model, X):
    return model.predict(X)
"""


def _unsandboxed(train: bytes, test: bytes) -> float:
    """The runner on the bare interpreter: only for this comparison, never for grading."""
    from labs.sandbox.channels import Channels, read_bounded
    from labs.sandbox.command import THREAD_ENV, interpreter
    from labs.sandbox.jobs import prepare_job

    with tempfile.TemporaryDirectory(prefix="lodestar-bench-") as tmp:
        job = Path(tmp)
        prepare_job(
            job,
            kind="python",
            code=SOLUTION,
            train_csv=train,
            test_csv=test,
            task="classification",
            prediction_kind="label",
            feature_columns=None,
        )
        channels = Channels.open()
        env = {"PATH": "/usr/bin:/bin", "LODESTAR_JOB_DIR": str(job), "HOME": tmp}
        env.update({name: "1" for name in THREAD_ENV})
        env.update({name: str(fd) for name, fd in channels.for_child().items()})
        try:
            started = time.perf_counter()
            process = subprocess.Popen(  # noqa: S603 - our own runner on our own solution
                [interpreter(), "-I", str(job / "in" / "runner.py")],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=list(channels.for_child().values()),
            )
            channels.child_started()
            if process.wait() != 0:
                raise RuntimeError(f"the unsandboxed run exited with {process.returncode}")
            elapsed = (time.perf_counter() - started) * 1000
            if read_bounded(channels.predictions, 16)[1] == 0:
                raise RuntimeError("the unsandboxed run wrote no predictions")
        finally:
            channels.close()
        return elapsed


def _sandboxed(train: bytes, test: bytes) -> float:
    from labs import sandbox

    started = time.perf_counter()
    outcome = sandbox.run_code("python", SOLUTION, train, test)
    elapsed = (time.perf_counter() - started) * 1000
    if not outcome.is_ok:
        raise RuntimeError(f"the sandboxed run failed: {outcome.status} {outcome.message}")
    return elapsed


def run(workdir) -> dict:
    from labs.catalog import build_dataset
    from labs.sandbox import sandbox_available

    available, reason = sandbox_available(refresh=True)
    if not available:
        print(f"sandbox benchmark skipped: {reason}")
        return {}
    splits = build_dataset("wine")
    train, test = splits.train_csv_bytes(), splits.test_features_csv_bytes()
    _sandboxed(train, test), _unsandboxed(train, test)  # warm the page cache
    sandboxed, bare = [], []
    for _ in range(RUNS):  # interleaved, so drift in machine load hits both alike
        sandboxed.append(_sandboxed(train, test))
        bare.append(_unsandboxed(train, test))
    sandbox_ms, bare_ms = statistics.median(sandboxed), statistics.median(bare)
    return {
        "sandbox_overhead_ms": round(sandbox_ms - bare_ms, 1),
        "sandbox_run_ms": round(sandbox_ms, 1),
        "unsandboxed_run_ms": round(bare_ms, 1),
    }
