"""Reads for the student dashboard (student.py) and the instructor gradebook (gradebook.py:
its page of students, the whole class and the CSV's chunks; gradebook_cells.py: the rows).

Each page costs a fixed number of queries whatever the number of labs, students or
submissions: labs come with their reference score in one query, a student's
submissions (or a cohort's per-student, per-lab aggregates) in one more, and the rest
is computed in Python. statuses.py holds what both show: a lab's status, its words
and its Bootstrap classes.
"""
