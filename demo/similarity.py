"""Demo data for similarity checks: three graduates' code for the code lab, two of them the
same program under other names, and the check that found them (instructor, /similarity/)."""

import datetime

from django.db import transaction
from django.utils import timezone

from enrolment.demo import GRADUATES, demo_finished_cohort
from enrolment.models import Enrolment
from labs.models import Lab, Submission
from labs.services import intake
from similarity import services
from similarity.models import SimilarityRun

CODE_LAB = "digits-in-code"

_FOREST = """from sklearn.ensemble import RandomForestClassifier


def keep_columns(frame):
    kept = [column for column in frame.columns if frame[column].std() > 0]
    return frame[kept], kept


def train(X, y):
    features, kept = keep_columns(X)
    forest = RandomForestClassifier(n_estimators=150, max_depth=12, random_state=1, n_jobs=1)
    forest.fit(features, y)
    return {"forest": forest, "kept": kept}


def predict(model, X):
    return model["forest"].predict(X[model["kept"]])
"""

# The same program, its names changed and its lines moved about.
_FOREST_RENAMED = """from sklearn.ensemble import RandomForestClassifier

def useful(df):
    cols = [c for c in df.columns if df[c].std() > 0]
    return df[cols], cols

def train(data, target):
    x, cols = useful(data)
    rf = RandomForestClassifier(n_estimators=150, max_depth=12, random_state=1, n_jobs=1)
    rf.fit(x, target)
    return {"forest": rf, "kept": cols}

def predict(m, data):
    return m["forest"].predict(data[m["kept"]])
"""

_SVM = """from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC


def train(X, y):
    model = make_pipeline(StandardScaler(), SVC(C=4.0, gamma="scale"))
    model.fit(X.to_numpy(dtype=float), y)
    return model


def predict(model, X):
    return model.predict(X.to_numpy(dtype=float))
"""

_WORK = [(GRADUATES[0][0], _FOREST), (GRADUATES[1][0], _FOREST_RENAMED), (GRADUATES[2][0], _SVM)]


def seed_similarity_demo() -> None:
    """Idempotent: nothing happens once the finished cohort has a check of the code lab."""
    cohort = demo_finished_cohort()
    lab = Lab.objects.filter(slug=CODE_LAB).first()
    if (
        cohort is None
        or lab is None
        or SimilarityRun.objects.filter(lab=lab, cohort=cohort).exists()
    ):
        return
    opened = datetime.datetime.combine(
        lab.opens_on(cohort) + datetime.timedelta(days=2),
        datetime.time(10),
        timezone.get_current_timezone(),
    )
    for index, (username, code) in enumerate(_WORK):
        enrolment = Enrolment.objects.filter(cohort=cohort, user__username=username).first()
        if enrolment is None:
            continue
        when = opened + datetime.timedelta(hours=index)
        with transaction.atomic():
            submission = intake.submission_create(
                lab=lab,
                student=enrolment.user,
                cohort=cohort,
                upload=intake.UploadedPredictions(name="solution.py", content=code.encode()),
                now=when,
            )
            # The demo has no code sandbox: the grade the sandbox would give, short of a pass
            # (the graduates' completion leaves the code lab out).
            Submission.objects.filter(pk=submission.pk).update(
                status=Submission.Status.GRADED,
                public_score=0.5 + index / 10,
                private_score=0.5 + index / 10,
                passed=False,
                attempts=1,
                started_at=when,
                finished_at=when + datetime.timedelta(seconds=20),
            )
    run = services.run_request(lab=lab, cohort=cohort)
    services.run_check(run_id=run.pk)
