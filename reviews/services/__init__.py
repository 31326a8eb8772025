"""Writes for review, one module per concern (import the module that owns a function):

- comments: a comment on a submission, its email to the other side, read marks
- overrides: set and undo a grade override (one in force per student, lab and cohort)
- announcements: write one to a cohort's students, send it in batches, once per student
- mail: the sweeper that publishes unsent emails again, and what counts as one bad address
"""
