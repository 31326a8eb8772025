"""Reference models: queue a training run, train it once on a worker, tell when it is stale."""

import logging
import time

from django.core.files.base import ContentFile
from django.utils import timezone

from config.publish import publish_on_commit
from labs import grading
from labs.models import Lab, ReferenceModel
from labs.selectors import current_reference
from labs.services.answer_keys import answer_key_for

logger = logging.getLogger("lodestar.grading")


def reference_request(*, lab: Lab) -> ReferenceModel:
    """Queue a training run of the lab's reference pipeline (after commit)."""
    reference = ReferenceModel.objects.create(
        lab=lab, pipeline=lab.reference_name, dataset_version=lab.dataset.version
    )
    publish_on_commit("labs.train_reference", reference.pk)
    return reference


def reference_needs_training(*, lab: Lab) -> bool:
    current = current_reference(lab=lab)
    return current is None or (
        current.pipeline != lab.reference_name or current.dataset_version != lab.dataset.version
    )


def reference_train(*, reference_id: int) -> ReferenceModel | None:
    """Fit the reference pipeline on the training split and score it like a submission."""
    from labs.grading.references import (
        REFERENCE_VERSION,
        fit_reference,
        predict_for_submission,
        read_csv_bytes,
    )

    claimed = ReferenceModel.objects.filter(
        pk=reference_id, status=ReferenceModel.Status.PENDING
    ).update(status=ReferenceModel.Status.TRAINING)
    if not claimed:
        return None
    reference = ReferenceModel.objects.select_related("lab__dataset").get(pk=reference_id)
    dataset = reference.lab.dataset
    started = time.perf_counter()
    try:
        with dataset.train_file.open("rb") as handle:
            train = read_csv_bytes(handle.read(), task=dataset.task)
        with dataset.test_features_file.open("rb") as handle:
            test = read_csv_bytes(handle.read(), target_column=None, task=dataset.task)
        model = fit_reference(reference.pipeline, train, dataset.feature_columns, task=dataset.task)
        predictions = predict_for_submission(
            model, test, metric=dataset.metric, classes=dataset.classes or None
        )
        result = grading.grade(
            predictions,
            answer_key=answer_key_for(dataset),
            metric=dataset.metric,
            classes=dataset.classes or None,
            reference_public=None,
        )
    except Exception as exc:
        logger.exception("reference training failed", extra={"reference": reference_id})
        reference.status = ReferenceModel.Status.FAILED
        reference.error = f"{type(exc).__name__}: {exc}"[:2000]
        reference.save(update_fields=["status", "error"])
        return reference
    reference.duration_ms = int((time.perf_counter() - started) * 1000)
    reference.public_score = result.public_score
    reference.private_score = result.private_score
    reference.version = REFERENCE_VERSION
    reference.predictions_file.save("predictions.csv", ContentFile(predictions), save=False)
    reference.status = ReferenceModel.Status.READY
    reference.trained_at = timezone.now()
    reference.save()
    logger.info(
        "reference trained lab=%s pipeline=%s public=%.4f duration_ms=%d",
        reference.lab.slug,
        reference.pipeline,
        result.public_score,
        reference.duration_ms,
    )
    return reference
