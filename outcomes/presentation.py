"""A report's figures as the pages show them: suppressed below rules.SUPPRESS_BELOW, with
shares of the right base, and the bars of the chart (widths computed here, drawn in HTML)."""

from django.urls import reverse

from enrolment.money import code_display
from outcomes import rules

SUPPRESSED = f"fewer than {rules.SUPPRESS_BELOW}"

# (key, label, base of its share)
ROWS = [
    ("enrolled", "Enrolled (every student who began, dropouts included)", None),
    ("graduated_on_time", "Graduated on time", "enrolled"),
    ("graduated_late", "Graduated late (within 150% of the program's length)", "enrolled"),
    ("not_graduated", "Did not graduate", "enrolled"),
    ("job_seeking", "Graduates seeking a job (by their intent on day one)", None),
    ("not_seeking", "Graduates not seeking a job (by intent)", None),
    ("full_time", "Hired in field within 180 days: full-time", "job_seeking"),
    ("part_time", "Hired in field within 180 days: part-time", "job_seeking"),
    ("contract", "Hired in field within 180 days: contract or freelance", "job_seeking"),
    ("school", "Hired in field within 180 days: by the school", "job_seeking"),
    ("out_of_field", "Hired out of field within 180 days", "job_seeking"),
    ("still_searching", "Still searching, or hired after day 180", "job_seeking"),
    ("not_reported", "Did not report", "job_seeking"),
]
CHART = [
    "full_time",
    "part_time",
    "contract",
    "school",
    "out_of_field",
    "still_searching",
    "not_reported",
]


def count_display(count: int) -> str:
    return SUPPRESSED if rules.is_suppressed(count) else f"{count:,}"


def money_display(minor: int, currency: str) -> str:
    """In the currency's own minor unit (enrolment.money): JPY has none, KWD three."""
    return code_display(minor, currency)


def salary_lines(figures: dict) -> list[dict]:
    """The median per currency as stored (the program's currency first). A report published
    before the per-currency median held one US dollar median and a count of the salaries in
    other currencies it left out: it reads as that one line, and a line of its own for the
    others (never rewritten: a published version is frozen)."""
    if "salaries" in figures:
        stored = figures["salaries"]
    elif figures.get("salary_count"):
        stored = [
            {
                "currency": figures["currency"],
                "count": figures["salary_count"],
                "median_minor": figures["median_salary_minor"],
            }
        ]
    else:
        stored = []
    lines = []
    for line in stored:
        code, count = line["currency"], line["count"]
        shown = count >= rules.SUPPRESS_BELOW and line["median_minor"] is not None
        lines.append(
            {
                "currency": code,
                "count": count,
                "shown": shown,
                "median": money_display(line["median_minor"], code) if shown else "",
                "text": money_display(line["median_minor"], code)
                if shown
                else f"{code}: not shown ({SUPPRESSED} salaries)",
            }
        )
    if figures.get("salary_other_currency"):
        lines.append(
            {
                "currency": "",
                "count": figures["salary_other_currency"],
                "shown": False,
                "median": "",
                "text": f"{count_display(figures['salary_other_currency'])} in other "
                "currencies, left out of this version's median",
            }
        )
    return lines


def salary_display(figures: dict) -> str:
    """The medians in one line of text, each currency with its count."""
    lines = salary_lines(figures)
    if not lines:
        return "no salaries reported"
    return "; ".join(
        f"{line['text']} (from {line['count']:,} salaries)" if line["shown"] else line["text"]
        for line in lines
    )


def _share(figures: dict, key: str, base: str | None) -> str:
    if base is None or rules.is_suppressed(figures[key]) or not figures.get(base):
        return ""
    return f"{round(100 * figures[key] / figures[base])}%"


def report_rows(figures: dict) -> list[dict]:
    return [
        {
            "key": key,
            "label": label,
            "count": count_display(figures.get(key, 0)),
            "share": _share(figures, key, base),
        }
        for key, label, base in ROWS
    ]


def chart_bars(figures: dict) -> list[dict]:
    """Each outcome as a share of the job-seeking graduates; a suppressed one draws no bar."""
    seeking = figures.get("job_seeking", 0)
    labels = dict((key, label) for key, label, _ in ROWS)
    bars = []
    for key in CHART:
        count = figures.get(key, 0)
        hidden = rules.is_suppressed(count) or not seeking
        bars.append(
            {
                "key": key,
                "label": labels[key].replace("Hired in field within 180 days: ", "In field, "),
                "width": 0 if hidden else round(100 * count / seeking),
                "text": SUPPRESSED
                if rules.is_suppressed(count)
                else _share(figures, key, "job_seeking") or "0%",
            }
        )
    return bars


def salary_figure(report) -> dict | None:
    """The salary page's figure from a published report: its first median shown (the
    program's currency unless that one is suppressed), None while every one is suppressed."""
    line = next((line for line in salary_lines(report.figures) if line["shown"]), None)
    if line is None:
        return None
    return {
        "program": report.program.name,
        "period": report.period_label,
        "median": line["median"],
        "count": line["count"],
        "version": report.version,
        "url": reverse("outcomes:public"),
        "source": "the published outcomes report: base salary only, jobs within 180 days",
    }
