"""What the submission viewer (reviews) shows of rubric grading: the rubric and the marks,
the line and cell comments beside the file, regrade requests, and the forms for each
side; and the name a grader sees (a pseudonym while the lab is graded blind).

A comment sits on a line of a Python file, a cell of a notebook, or a line of the
predictions' preview (the header is line 1). Students see their marks and the line
comments only once the lab's grades are released to their cohort; before that, nothing.
A lab without a rubric is released too (its line comments alone), so comments on any lab's
file reach the student the same way.
"""

from collections import defaultdict

from rubrics import selectors
from rubrics.forms import LineCommentForm, RegradeAnswerForm, RegradeRequestForm, RubricGradeForm


def viewer_context(
    *,
    user,
    submission,
    is_reviewer: bool,
    file,
    forms: dict | None = None,
    is_teammate: bool = False,
):
    """`is_teammate`: the user reads this submission as their team's milestone work (teams'
    rule, asked by reviews): once released, they read its marks and line comments as its
    author does, but the regrade requests stay the author's."""
    forms = forms or {}
    lab, cohort = submission.lab, submission.cohort
    rubric = selectors.rubric_for(lab=lab)
    released = selectors.is_released(lab=lab, cohort=cohort)
    is_blind = bool(is_reviewer and rubric and rubric.is_blind and not released)
    is_author = user.pk == submission.student_id
    shows = is_reviewer or (released and (is_author or is_teammate))
    context = {
        "rubric": rubric,
        "rubric_released": released,
        "is_blind": is_blind,
        "student_label": _label(submission, user, is_blind),
        "rubric_shows": shows,
        "file_lines": [],
        "notebook_cells": [(cell, []) for cell in file.cells],
    }
    comments = list(selectors.line_comments_on(submission=submission)) if shows else []
    by_line, by_cell = defaultdict(list), defaultdict(list)
    for comment in comments:
        if comment.line is not None:
            by_line[comment.line].append(comment)
        else:
            by_cell[comment.cell].append(comment)
    context["file_lines"] = [
        (number, html, by_line.get(number, [])) for number, html in enumerate(file.lines, 1)
    ]
    context["notebook_cells"] = [
        (cell, by_cell.get(index, [])) for index, cell in enumerate(file.cells)
    ]
    # Predictions: line 1 is the header, the preview's rows are lines 2 and on.
    context["header_comments"] = by_line.get(1, []) if file.kind == "predictions" else []
    context["preview_rows"] = [
        (number, row, by_line.get(number, [])) for number, row in enumerate(file.rows, 2)
    ]
    context["line_comment_count"] = len(comments)
    if is_reviewer and file.kind in ("python", "notebook", "predictions"):
        context["line_comment_form"] = forms.get("line") or LineCommentForm(prefix="line")
    if rubric is None or cohort is None or not shows:
        return context
    items = list(rubric.items.all())
    grade = selectors.grade_of(student=submission.student_id, lab=lab, cohort=cohort)
    marks = {m.item_id: m for m in grade.marks.all()} if grade else {}
    points = sum((m.points for m in marks.values()), 0)
    context.update(
        {
            "rubric_grade": grade,
            "rubric_rows": [(item, marks.get(item.pk)) for item in items],
            "rubric_points": points,
            "rubric_total": sum(item.points for item in items),
            # (request, its answer form for a grader while open, else None)
            "regrades": (
                list(selectors.regrades_of(grade=grade))
                if grade and (is_reviewer or is_author)
                else []
            ),
        }
    )
    if is_reviewer:
        context["grade_form"] = forms.get("grade") or RubricGradeForm(
            prefix="rubric", items=items, grade=grade
        )
        answering = forms.get("answer")
        context["regrades"] = [
            (r, _answer_form(r, answering) if r.status == r.Status.OPEN else None)
            for r in context["regrades"]
        ]
    else:
        context["regrades"] = [(r, None) for r in context["regrades"]]
    if not is_reviewer and is_author and grade is not None:
        context["regrade_form"] = forms.get("regrade") or RegradeRequestForm(
            prefix="regrade", items=items
        )
    return context


def _label(submission, user, is_blind: bool) -> str:
    if is_blind:
        return selectors.pseudonym(lab_id=submission.lab_id, student_id=submission.student_id)
    student = submission.student
    return student.get_full_name() or student.username


def _answer_form(regrade, answering):
    """The form a grader answers this request with (the one just sent back, if it was)."""
    if answering is not None and answering.prefix == f"answer{regrade.pk}":
        return answering
    return RegradeAnswerForm(prefix=f"answer{regrade.pk}")
