"""Progress views: lab_pages (a lab, uploads, submissions), student_dashboard and gradebook.
Each module keeps its private request getters (object or 404) beside its views."""
