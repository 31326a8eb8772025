from django.apps import AppConfig


class SyllabusConfig(AppConfig):
    name = "syllabus"
    verbose_name = "Syllabus"

    def ready(self):
        from enrolment.program_sections import program_section_register
        from progress.dashboard_panels import dashboard_panel_register
        from syllabus import panels

        # "This week" and lessons done, on the student dashboard.
        dashboard_panel_register(
            template="syllabus/_dashboard_this_week.html", order=5, context=panels.this_week_panel
        )
        # What each week covers, in each program's card on /programs/.
        program_section_register(
            template="syllabus/_program_summary.html", order=10, context=panels.program_summaries
        )
