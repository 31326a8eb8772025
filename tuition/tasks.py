"""Tuition's Celery tasks: thin, by id or by the clock, safe to run twice."""

from celery import shared_task

from tuition.services import events, holds, payments, refunds


@shared_task(name="tuition.release_unpaid_deposits")
def release_unpaid_deposits() -> int:
    return holds.unpaid_deposits_release()


@shared_task(name="tuition.charge_due_installments")
def charge_due_installments() -> int:
    return payments.installments_charge_due()


@shared_task(name="tuition.reconcile_payments")
def reconcile_payments() -> int:
    return events.payments_reconcile()


@shared_task(
    name="tuition.send_refund", autoretry_for=(Exception,), retry_backoff=60, max_retries=8
)
def send_refund(refund_id: int) -> bool:
    return refunds.refund_send(refund_id=refund_id)
