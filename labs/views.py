"""Lab pages that read no result: the list of labs and a lab's files (its data, a code lab's
starter). The pages that show a student's result are progress.views.lab_pages."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from labs import access
from labs.lookups import get_lab_for_student
from labs.models import Lab


@login_required
def lab_list(request):
    cohort = access.student_cohort(user=request.user)
    if not access.can_open_labs(request.user, cohort=cohort):
        return render(request, "labs/not_enrolled.html", status=200)
    today = timezone.localdate()
    labs = []
    for lab in Lab.objects.filter(is_published=True).select_related("dataset"):
        labs.append(
            {
                "lab": lab,
                "is_open": access.is_lab_open(lab=lab, cohort=cohort),
                "opens_on": lab.opens_on(cohort) if cohort else None,
                "due_on": lab.due_on(cohort) if cohort else None,
            }
        )
    return render(request, "labs/lab_list.html", {"labs": labs, "cohort": cohort, "today": today})


@login_required
@require_GET
def dataset_download(request, slug, part):
    lab, cohort = get_lab_for_student(request, slug)
    if not access.is_lab_open(lab=lab, cohort=cohort):
        raise Http404("This lab is not open yet.")
    # Only the two public files exist here: the hidden labels have no URL at all.
    files = {"train": lab.dataset.train_file, "test": lab.dataset.test_features_file}
    if part not in files:
        raise Http404("No such file.")
    handle = files[part].open("rb")
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{lab.slug}-{part}.csv",
        content_type="text/csv",
    )


@login_required
@require_GET
def starter_download(request, slug, kind):
    """The starter file of a code lab, as a .py file or a notebook."""
    from labs.sandbox.starters import starter_notebook, starter_source

    lab, _ = get_lab_for_student(request, slug)
    if not lab.takes_code or kind not in ("py", "ipynb"):
        raise Http404("No starter file here.")
    if kind == "py":
        content, content_type = starter_source(lab.dataset.task).encode(), "text/x-python"
    else:
        content, content_type = starter_notebook(lab.dataset.task), "application/x-ipynb+json"
    response = HttpResponse(content, content_type=content_type)
    filename = f"{lab.slug}-starter.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
