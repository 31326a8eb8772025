"""The two tracks Lodestar runs, as plain data (the seeding migration and the demo read it)."""

DEFAULT_PROGRAMS = [
    {
        "slug": "intensive",
        "name": "Intensive",
        "weeks": 12,
        "hours_per_week": 40,
        "format": "full_time",
        "ordering": 1,
        "summary": "Twelve weeks, full-time: the fastest way from developer to ML engineer.",
        "description": (
            "A full-time track for people who can step away from work for three months. "
            "Weekdays are split between short lectures, pair work and the labs: every week "
            "you train, evaluate and ship a model against a reference baseline. Instructors "
            "review your work daily and the cohort moves through the curriculum together."
        ),
    },
    {
        "slug": "flexible",
        "name": "Flexible",
        "weeks": 30,
        "hours_per_week": 15,
        "format": "part_time",
        "ordering": 2,
        "summary": "Thirty weeks, part-time: keep your job and learn in the evenings.",
        "description": (
            "The same curriculum and labs as the Intensive track, spread over thirty weeks "
            "for people who keep working. Expect two evening sessions and one weekend block "
            "a week. Lab deadlines follow the longer calendar, and instructors hold office "
            "hours outside working time."
        ),
    },
]
PROGRAM_FIELDS = (
    "name",
    "weeks",
    "hours_per_week",
    "format",
    "ordering",
    "summary",
    "description",
)
