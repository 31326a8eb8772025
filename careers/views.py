"""Career pages a visitor reads before signing up."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def home(request):
    return render(request, "careers/home.html")


def stub(request):
    return render(request, "careers/home.html")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors: the error may come from them or from the database.
    return HttpResponseServerError(loader.get_template("500.html").render())
