"""The demo seed: `manage.py seed_demo` builds people, cohorts and lab work by calling every
app's services (enrolment.demo, security.demo and the lab work here). Nothing imports it."""
