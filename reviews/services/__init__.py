"""Writes for review, one module per concern (import the module that owns a function):

- comments: a comment on a submission, its email to the other side, read marks
- overrides: set and undo a grade override (one in force per student, lab and cohort)
- announcements: write one to a cohort's students, and its email to each (once)

Their emails leave through the outbox (outbox.services), rendered by the senders
registered in ReviewsConfig.ready.
"""
