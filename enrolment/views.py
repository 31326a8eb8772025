"""Programs, sign-up and the student's account page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


def programs(request):
    return render(request, "careers/home.html")


def signup(request):
    return render(request, "careers/home.html")


@login_required
def account(request):
    return render(request, "careers/home.html")
