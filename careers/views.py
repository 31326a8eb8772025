"""Career pages a visitor reads before signing up, and the site-wide error pages."""

from django.http import HttpResponsePermanentRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static

from careers import selectors
from careers.graduate_salaries import graduate_salary_figures


def home(request):
    roles = list(selectors.role_list())
    context = {
        "lowest_paid": min(roles, key=lambda r: r.average_salary_usd, default=None),
        "highest_paid": max(roles, key=lambda r: r.average_salary_usd, default=None),
    }
    return render(request, "careers/home.html", context)


def what(request):
    context = {
        "responsibilities": selectors.responsibility_list(),
        "system_types": selectors.system_type_list(),
        "entry_roles": selectors.entry_role_list(),
    }
    return render(request, "careers/what.html", context)


def salaries(request):
    roles = list(selectors.role_list())
    context = {
        "roles": roles,
        "bars": selectors.salary_bars(roles=roles),
        "graduate_salaries": graduate_salary_figures(),
    }
    return render(request, "careers/salaries.html", context)


def skills(request):
    context = {"skills": selectors.skill_list(), "languages": selectors.language_list()}
    return render(request, "careers/skills.html", context)


def applications(request):
    context = {"applications": selectors.application_list()}
    return render(request, "careers/applications.html", context)


def paths(request):
    context = {"paths": selectors.study_path_list()}
    return render(request, "careers/paths.html", context)


def faq(request):
    context = {"questions": selectors.question_list()}
    return render(request, "careers/faq.html", context)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors: the error may come from them or from the database.
    return HttpResponseServerError(loader.get_template("500.html").render())


def favicon(request):
    """Browsers ask for /favicon.ico before reading a page's <link rel="icon">."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
