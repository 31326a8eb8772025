"""Instructor review: the submission viewer, comments, grade overrides and announcements."""
