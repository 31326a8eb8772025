"""The hidden labels of a dataset, parsed once per worker process and dataset version."""

from labs import grading
from labs.models import Dataset

_answer_keys: dict[tuple, grading.AnswerKey] = {}


def answer_key_for(dataset: Dataset) -> grading.AnswerKey:
    """The hidden labels, parsed once per worker process and dataset version."""
    cache_key = (dataset.pk, dataset.version, dataset.test_labels_file.name)
    key = _answer_keys.get(cache_key)
    if key is None:
        with dataset.test_labels_file.open("rb") as handle:
            key = grading.AnswerKey.from_csv(
                handle.read(), id_column="id", target_column="target", task=dataset.task
            )
        _answer_keys[cache_key] = key
    return key
