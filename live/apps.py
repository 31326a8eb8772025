from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "live"
    verbose_name = "Live sessions, attendance and time zones"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from courses.due_zones import zone_reader_register
        from enrolment.account_panels import account_panel_register
        from enrolment.program_sections import program_section_register
        from live import middleware, panels, selectors
        from progress.calendar.events import calendar_source_register
        from progress.dashboard_panels import dashboard_panel_register
        from progress.dashboards.attendance import attendance_reader_register

        # The student dashboard's upcoming sessions (progress.dashboard_panels).
        dashboard_panel_register(
            template="live/_dashboard_sessions.html", order=5, context=panels.dashboard_context
        )
        # The account page's time zone (enrolment.account_panels).
        account_panel_register(
            template="live/_account_time_zone.html", order=16, context=panels.account_context
        )
        # Each track's weekly live sessions, in its card on /programs/.
        program_section_register(
            template="live/_program_schedule.html", order=20, context=panels.program_schedules
        )
        # Sessions in each person's private calendar feed (progress.calendar.events).
        calendar_source_register("live.student", panels.student_sessions)
        calendar_source_register("live.teaching", panels.teaching_sessions)
        # The gradebook's attendance column and at-risk reason.
        attendance_reader_register(selectors.attendance_summaries)
        # Emails (the due-date reminder) read a due date's moment in the person's zone.
        zone_reader_register(panels.person_zone)
        # The person's zone goes into their session at log-in (live.middleware).
        user_logged_in.connect(middleware.on_login, dispatch_uid="live.remember_zone")
