"""The OpenAPI schema validates, names every route, and the docs work offline under the CSP."""

import pytest
from openapi_spec_validator import validate

from api.v1 import API_VERSION

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_openapi_schema_validates(schema):
    validate(schema)
    assert schema["info"]["version"] == API_VERSION == "1.0"


def test_every_operation_says_it_needs_a_bearer_token(schema):
    schemes = schema["components"]["securitySchemes"]
    assert [s["scheme"] for s in schemes.values()] == ["bearer"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("security"), f"{method.upper()} {path} has no security"
            assert "401" in operation["responses"], f"{method.upper()} {path} documents no 401"


def test_every_operation_documents_its_400_in_the_error_shape(schema):
    # Any endpoint can answer 400: a malformed parameter, or a NUL byte in the address.
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            documented = operation["responses"].get("400", {})
            assert documented.get("content") == error, f"{method.upper()} {path} documents no 400"
            assert "422" not in operation["responses"]


def test_the_schema_documents_every_endpoint(schema):
    operations = {
        operation["operationId"]
        for operations in schema["paths"].values()
        for operation in operations.values()
    }
    assert operations == {
        "me",
        "enrolments",
        "labs",
        "lab_detail",
        "lab_files",
        "lab_file",
        "lab_submit",
        "leaderboard",
        "submission_detail",
        "submissions",
        "results",
        "cohorts",
        "gradebook",
        "job_records",
        # Rubric grading (api/routers/rubrics.py)
        "rubric_feedback",
        "regrade_request_create",
        "rubric_grades",
        "regrade_answer",
        "capstone",
        "capstone_invitation_accept",
        "capstone_invitation_decline",
    }


def test_submit_is_documented_as_multipart_with_a_file(schema):
    body = schema["paths"]["/api/v1/labs/{slug}/submissions"]["post"]["requestBody"]
    assert "multipart/form-data" in body["content"]


def test_the_docs_load_their_scripts_from_this_site(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_docs_are_a_lodestar_page_in_english(client):
    response = client.get("/api/v1/docs")
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "<title>API reference · Lodestar ML bootcamp</title>" in page
    assert 'class="navbar-brand site-brand" href="/"' in page  # the way back to the site
    assert "/static/css/api_docs.css" in page
    assert '"deepLinking": false' in page  # links inside Swagger's buttons fail axe


def test_the_docs_are_linked_from_every_footer_and_the_token_panel(client, alice):
    link = 'href="/api/v1/docs"'
    assert link in client.get("/").content.decode()
    client.force_login(alice)
    assert link in client.get("/account/").content.decode()
    created = client.post("/account/tokens/", {"name": "laptop"})
    assert link in created.content.decode()
