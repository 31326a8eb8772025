"""The similarity check on fixtures: a renamed copy is flagged, honest work and work that
shares only the starter are not; earlier cohorts are compared; hostile files are skipped."""

import os

import pytest

from similarity import services
from similarity.models import SimilarityPair, SimilarityRun
from tests.labs.factories import CohortFactory
from tests.similarity import fixtures
from tests.similarity.conftest import final_code, notebook

pytestmark = pytest.mark.django_db


def _run(lab, cohort):
    run = services.run_request(lab=lab, cohort=cohort)
    return services.run_check(run_id=run.pk)


def _flagged(run):
    return {
        frozenset((pair.submission_a_id, pair.submission_b_id))
        for pair in SimilarityPair.objects.filter(run=run)
    }


def test_renamed_copy_is_flagged_and_honest_and_starter_only_pairs_are_not(similarity_lab, cohort):
    made = {
        name: final_code(lab=similarity_lab, cohort=cohort, text=getattr(fixtures, name))
        for name in (
            "ORIGINAL",
            "RENAMED",
            "HONEST_ONE",
            "HONEST_TWO",
            "STARTER_PLUS_ONE",
            "STARTER_PLUS_TWO",
        )
    }

    run = _run(similarity_lab, cohort)

    assert run.status == SimilarityRun.Status.DONE
    assert run.compared == 6
    assert _flagged(run) == {frozenset((made["ORIGINAL"].pk, made["RENAMED"].pk))}
    pair = SimilarityPair.objects.get(run=run)
    assert pair.score >= 0.9
    assert pair.passages_a and pair.passages_b


def test_without_the_starter_excluded_the_starter_pair_would_have_been_flagged(
    similarity_lab, cohort, monkeypatch
):
    """The control of the test above: what makes the starter pair pass is the exclusion."""
    one = final_code(lab=similarity_lab, cohort=cohort, text=fixtures.STARTER_PLUS_ONE)
    two = final_code(lab=similarity_lab, cohort=cohort, text=fixtures.STARTER_PLUS_TWO)
    monkeypatch.setattr(services, "_starter", lambda lab: "")

    run = _run(similarity_lab, cohort)

    assert _flagged(run) == {frozenset((one.pk, two.pk))}


def test_notebooks_are_compared_on_their_code_cells(similarity_lab, cohort):
    source = final_code(lab=similarity_lab, cohort=cohort, text=fixtures.ORIGINAL)
    copied = final_code(
        lab=similarity_lab,
        cohort=cohort,
        name="mine.ipynb",
        text=notebook(
            *fixtures.RENAMED.split("\n\n\n"), markdown=fixtures.HONEST_ONE.replace("\n", " ")
        ),
    )
    run = _run(similarity_lab, cohort)
    assert _flagged(run) == {frozenset((source.pk, copied.pk))}


def test_a_copy_of_an_earlier_cohorts_work_is_flagged(similarity_lab, cohort):
    earlier = CohortFactory(start_date=cohort.start_date.replace(year=cohort.start_date.year - 1))
    old = final_code(lab=similarity_lab, cohort=earlier, text=fixtures.ORIGINAL)
    new = final_code(lab=similarity_lab, cohort=cohort, text=fixtures.RENAMED)
    final_code(lab=similarity_lab, cohort=cohort, text=fixtures.HONEST_ONE)

    run = _run(similarity_lab, cohort)

    assert run.compared_earlier == 1
    pair = SimilarityPair.objects.get(run=run)
    assert (pair.submission_a_id, pair.submission_b_id) == (new.pk, old.pk)


def test_only_final_submissions_are_compared(similarity_lab, cohort):
    first = final_code(lab=similarity_lab, cohort=cohort, text=fixtures.ORIGINAL, score=0.5)
    # The same student's better attempt counts; the earlier one is not compared.
    final_code(
        lab=similarity_lab,
        cohort=cohort,
        text=fixtures.HONEST_TWO,
        student=first.student,
        score=0.9,
    )
    final_code(lab=similarity_lab, cohort=cohort, text=fixtures.RENAMED)

    run = _run(similarity_lab, cohort)

    assert run.compared == 2
    assert _flagged(run) == set()


def test_oversized_and_symlinked_files_are_skipped_not_followed(similarity_lab, cohort, tmp_path):
    secret = tmp_path / "secret.py"
    secret.write_text(fixtures.ORIGINAL)
    final_code(lab=similarity_lab, cohort=cohort, text=fixtures.RENAMED)
    linked = final_code(lab=similarity_lab, cohort=cohort, text="x = 1\n")
    path = linked.file.storage.path(linked.file.name)
    os.unlink(path)
    os.symlink(secret, path)
    final_code(lab=similarity_lab, cohort=cohort, text="x = 1\n" * 60_000)

    run = _run(similarity_lab, cohort)

    assert run.status == SimilarityRun.Status.DONE
    assert run.skipped == 2
    assert _flagged(run) == set()


def test_a_second_delivery_changes_nothing(similarity_lab, cohort):
    final_code(lab=similarity_lab, cohort=cohort, text=fixtures.ORIGINAL)
    final_code(lab=similarity_lab, cohort=cohort, text=fixtures.RENAMED)
    run = _run(similarity_lab, cohort)

    assert services.run_check(run_id=run.pk) is None
    assert SimilarityPair.objects.filter(run=run).count() == 1


def test_one_check_waits_at_a_time(similarity_lab, cohort, instructor):
    first = services.run_request(lab=similarity_lab, cohort=cohort, requested_by=instructor)
    again = services.run_request(lab=similarity_lab, cohort=cohort, requested_by=instructor)
    assert again.pk == first.pk
