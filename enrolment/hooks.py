"""What higher apps (tuition) hear from enrolment, registered in their AppConfig.ready.

Enrolment calls the hooks and knows none of the apps behind them:
- seat kept: an account confirmed its email, or accepted an offer, and so keeps its seat
  (tuition then asks for the deposit);
- withdrawn: an enrolment holding a place was withdrawn, by its owner or by staff (tuition
  then refunds by the program's policy);
- seat lost: an enrolment that held a seat went to a waitlist without withdrawing (staff's
  waitlist action, a deferral to a full cohort, a hold that ran out; tuition then closes
  the account: a refund by the policy, no more installments);
- withdraw notices: lines the withdraw page shows before the person confirms (the refund).
Callbacks run inside the caller's transaction, after the cohort and enrolment rows are locked.
"""

from collections.abc import Callable

_seat_kept: list[Callable] = []
_withdrawn: list[Callable] = []
_seat_lost: list[Callable] = []
_withdraw_notices: list[Callable] = []


def _add(hooks: list, callback: Callable) -> None:
    if callback not in hooks:  # a second ready() registers nothing twice
        hooks.append(callback)


def seat_kept_register(callback: Callable) -> None:
    """callback(enrolment) when a seat is kept (email confirmed, offer accepted)."""
    _add(_seat_kept, callback)


def withdrawn_register(callback: Callable) -> None:
    """callback(enrolment, actor) when an enrolment holding a place is withdrawn."""
    _add(_withdrawn, callback)


def seat_lost_register(callback: Callable) -> None:
    """callback(enrolment, actor, from_cohort) when an enrolment that held a seat in
    `from_cohort` is waitlisted instead (its cohort may have changed: a deferral)."""
    _add(_seat_lost, callback)


def withdraw_notice_register(callback: Callable) -> None:
    """callback(enrolment) -> str or None: a line for the withdraw page."""
    _add(_withdraw_notices, callback)


def seat_kept(enrolment) -> None:
    for callback in _seat_kept:
        callback(enrolment)


def withdrawn(enrolment, actor) -> None:
    for callback in _withdrawn:
        callback(enrolment, actor)


def seat_lost(enrolment, actor, from_cohort) -> None:
    for callback in _seat_lost:
        callback(enrolment, actor, from_cohort)


def withdraw_notices(enrolment) -> list[str]:
    return [line for callback in _withdraw_notices if (line := callback(enrolment))]
