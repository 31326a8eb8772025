"""How far a student is from completing their program."""

from courses import rules
from courses.selectors.policies import completion_share
from enrolment.models import Enrolment
from labs.models import Lab


def completion_progress(*, results: dict, labs: list[Lab], share: float) -> dict:
    """How far a student is from completion: passed, needed, total."""
    total = len(labs)
    passed = sum(1 for lab in labs if results[lab.pk].has_passed)
    needed = rules.labs_needed(total=total, min_share=share)
    return {
        "passed": passed,
        "needed": needed,
        "total": total,
        "missing": max(needed - passed, 0),
        "share_percent": round(share * 100),
        "percent": round(100 * min(passed, needed) / needed) if needed else 0,
    }


def enrolment_completion(*, enrolment: Enrolment, results: dict, labs: list[Lab]) -> dict:
    """Completion progress and the valid certificate, if any, for an enrolment read by
    enrolments_with_standing: no query, the completion rule and the certificate came with it."""
    # A missing reverse one-to-one read by select_related raises DoesNotExist, an AttributeError.
    rule = getattr(enrolment.cohort.program, "completion_rule", None)
    progress = completion_progress(results=results, labs=labs, share=completion_share(rule))
    # select_related through a FilteredRelation sets the attribute only when a row matched.
    progress["certificate"] = getattr(enrolment, "valid_certificate", None)
    return progress
