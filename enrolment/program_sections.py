"""The programs page's sections that other apps own (syllabus: what each week covers;
live: the weekly schedule of live sessions):
each app registers its section in its AppConfig.ready, and /programs/ renders them in
order inside each program's card. Enrolment knows the page, not the apps that add to it
(as account_panels does for the account page).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string


@dataclass(frozen=True)
class ProgramSection:
    template: str
    order: int
    # context(request, programs=[...]) -> {program pk: the template's context}; one read
    # for all programs; a program left out gets no section
    context: Callable[..., dict]


_sections: dict[str, ProgramSection] = {}


def program_section_register(*, template: str, order: int, context: Callable[..., dict]) -> None:
    """Add a section to each program on /programs/ (again on a second ready() replaces it)."""
    _sections[template] = ProgramSection(template, order, context)


def program_sections_render(request, *, programs) -> dict[int, list[str]]:
    """Each program's sections' HTML, in order, keyed by the program's pk."""
    rendered: dict[int, list[str]] = {program.pk: [] for program in programs}
    for section in sorted(_sections.values(), key=lambda section: section.order):
        contexts = section.context(request, programs=programs)
        for program in programs:
            if program.pk in contexts:
                rendered[program.pk].append(
                    render_to_string(section.template, contexts[program.pk], request=request)
                )
    return rendered
