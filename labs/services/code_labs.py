"""Code labs and the sandbox: the limits, what the lab page promises, one run."""

import logging

from django.conf import settings

from labs import grading
from labs.models import Lab, Submission

logger = logging.getLogger("lodestar.grading")


def code_limits():
    """The sandbox limits for code labs (LABS_SANDBOX_TIMEOUT_S, LABS_SANDBOX_MEMORY_MB)."""
    from labs import sandbox

    seconds = settings.LABS_SANDBOX_TIMEOUT_S
    return sandbox.SandboxLimits(
        wall_seconds=seconds,
        cpu_seconds=int(seconds),
        memory_bytes=settings.LABS_SANDBOX_MEMORY_MB * 1024 * 1024,
        predictions_bytes=settings.LABS_MAX_UPLOAD_BYTES,
    )


def code_contract(*, lab: Lab) -> dict:
    """What the lab page tells students about a code lab: prediction kind, libraries, limits."""
    from labs.sandbox.contract import installed_libraries

    return {
        "prediction_kind": grading.get_metric(lab.dataset.metric).kind,
        "classes": lab.dataset.classes,
        "feature_count": len(lab.dataset.feature_columns),
        "libraries": installed_libraries(),
        "limits": code_limits(),
    }


def code_run(*, submission: Submission, code: bytes):
    """Run a code submission in the sandbox on its lab's two public files."""
    from labs import sandbox

    dataset = submission.lab.dataset
    with dataset.train_file.open("rb") as handle:
        train = handle.read()
    with dataset.test_features_file.open("rb") as handle:
        test = handle.read()
    limits = code_limits()
    outcome = sandbox.run_code(
        submission.code_kind or "python",
        code,
        train,
        test,
        limits=limits,
        task=dataset.task,
        prediction_kind=grading.get_metric(dataset.metric).kind,
        feature_columns=list(dataset.feature_columns) or None,
    )
    if outcome.status == sandbox.PLATFORM_ERROR:
        logger.error("code sandbox unavailable: %s", outcome.message)
    return outcome
