"""The demo shows a similarity check: the renamed copy is flagged, the honest one is not."""

import pytest

from demo.lab_work import seed_labs_demo
from demo.similarity import seed_similarity_demo
from enrolment.demo import seed_enrolment_demo
from similarity.models import SimilarityPair, SimilarityRun

pytestmark = [pytest.mark.django_db, pytest.mark.real_clock]


def test_the_demo_seeds_one_flagged_pair_of_graduates_once():
    seed_enrolment_demo(seed=7)
    seed_labs_demo(seed=7)

    seed_similarity_demo()
    seed_similarity_demo()  # idempotent

    run = SimilarityRun.objects.get()
    assert run.status == SimilarityRun.Status.DONE
    assert run.compared == 3
    pair = SimilarityPair.objects.get()
    names = {pair.submission_a.student.username, pair.submission_b.student.username}
    assert names == {"graduate", "graduate2"}
