"""The team capstone's pages: the student's (`student`) and the instructors' (`review`)."""
