"""Enrolment business rules, one module per concern (import the module that owns a function):

- programs: the two standard programs and new cohorts
- accounts: a student account (the email is the username)
- applications: sign-up (account + application in one transaction), and staff enrolments
- changes: seats and the waitlist, and every move between them after sign-up
- rows: the steps each of those is made of (locks, seats, status changes, history)

Seats are taken with a conditional update on the cohort row (backed by the
cohort_seats_within_capacity constraint) while that row is locked, so concurrent
sign-ups are serialized per cohort and never over-allocate. Every change of an
enrolment's status or cohort is recorded as an EnrolmentEvent; every email is queued
in the outbox (enrolment.emails.email_queue), in the same transaction.
"""
