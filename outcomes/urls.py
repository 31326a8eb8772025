from django.urls import path

from outcomes.views import career, graduate, public

app_name = "outcomes"

# A period in the address: "2027-H1" (January-June) or "2027-H2".
PERIOD = "<str:period>"

urlpatterns = [
    path("", public.public_reports, name="public"),
    path("intent/", graduate.intent_survey, name="intent"),
    path("my/", graduate.my_records, name="mine"),
    path("my/new/", graduate.record_create, name="record_create"),
    path("records/<id:pk>/edit/", graduate.record_edit, name="record_edit"),
    path("records/<id:pk>/delete/", graduate.record_delete, name="record_delete"),
    path("records/<id:pk>/evidence/", graduate.evidence_download, name="evidence"),
    path("records/<id:pk>/verify/", career.record_verify, name="record_verify"),
    path("pipeline/", career.pipeline_index, name="pipeline_index"),
    path("pipeline/<id:cohort_id>/", career.pipeline, name="pipeline"),
    path("graduates/<id:enrolment_id>/new/", career.record_create_for, name="record_create_for"),
    path("intent/<id:enrolment_id>/change/", career.intent_change, name="intent_change"),
    path("report/", public.report_index, name="report_index"),
    path(f"report/<id:program_id>/{PERIOD}/", public.report_live, name="report"),
    path(f"report/<id:program_id>/{PERIOD}/publish/", public.report_publish, name="publish"),
    path(f"report/<id:program_id>/{PERIOD}/audit.csv", public.audit_csv, name="audit_csv"),
]
