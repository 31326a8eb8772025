"""The built-in curriculum: its datasets, labs and first reference runs."""

from django.db import transaction

from labs.models import Dataset, Lab, ReferenceModel
from labs.services import datasets, references


def curriculum_install() -> list[Lab]:
    """Create the built-in datasets and labs that are missing, and train their references."""
    from labs.catalog import build_dataset
    from labs.curriculum import CURRICULUM

    labs = []
    for spec in CURRICULUM:
        with transaction.atomic():
            lab = Lab.objects.filter(slug=spec.slug).first()
            if lab is None:
                # Built once here, for both the dataset's files and the reference's name.
                splits = build_dataset(spec.dataset)
                dataset = Dataset.objects.filter(
                    slug=spec.dataset
                ).first() or datasets.dataset_create_builtin(slug=spec.dataset, splits=splits)
                lab = Lab.objects.create(
                    slug=spec.slug,
                    title=spec.title,
                    week=spec.week,
                    dataset=dataset,
                    summary=spec.summary,
                    instructions=spec.instructions,
                    daily_limit=spec.daily_limit,
                    submission_kind=spec.submission_kind,
                    reference_name=splits.reference,
                )
            if (
                references.reference_needs_training(lab=lab)
                and not lab.references.filter(
                    status__in=[ReferenceModel.Status.PENDING, ReferenceModel.Status.TRAINING]
                ).exists()
            ):
                references.reference_request(lab=lab)
        labs.append(lab)
    return labs
