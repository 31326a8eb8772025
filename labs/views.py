"""Lab pages for students, and the gradebook for instructors."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def lab_list(request):
    return render(request, "careers/home.html")


@login_required
def gradebook_index(request):
    return render(request, "careers/home.html")
