"""A malformed parameter is a 400 in the API's one error shape, as the README promises."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_limit_that_is_not_a_number_is_a_400_naming_the_parameter(alice_api):
    response = alice_api.get("/api/v1/submissions", {"limit": "abc"})
    assert response.status_code == 400
    data = response.json()
    assert set(data) == {"detail", "code", "problems"}
    assert data["code"] == "invalid_request"
    assert data["problems"] == [
        "query parameter “limit”: Input should be a valid integer, "
        "unable to parse string as an integer"
    ]
    assert data["detail"] == f"The request is not valid: {data['problems'][0]}"


def test_a_cohort_that_is_not_a_number_is_a_400_on_the_leaderboard(
    as_user, instructor, wine_lab_week3
):
    response = as_user(instructor).get(
        f"/api/v1/labs/{wine_lab_week3.slug}/leaderboard", {"cohort": "x1"}
    )
    assert response.status_code == 400
    assert response.json()["problems"][0].startswith("query parameter “cohort”:")


def test_every_number_in_a_query_string_answers_400_when_it_is_not_one(
    client, as_user, staff_user, wine_lab_week3
):
    """Whatever endpoint takes a number in its query string: from the schema, so a new one
    is covered the day it is added."""
    schema = client.get("/api/v1/openapi.json").json()
    api = as_user(staff_user)
    checked = []
    for path, operations in schema["paths"].items():
        operation = operations.get("get")
        if operation is None:
            continue
        url = path.replace("{slug}", wine_lab_week3.slug).replace("{part}", "train")
        url = url.replace("{pk}", "1").replace("{cohort_id}", "1")
        for parameter in operation.get("parameters", []):
            types = {parameter["schema"].get("type")} | {
                option.get("type") for option in parameter["schema"].get("anyOf", [])
            }
            if parameter["in"] != "query" or "integer" not in types:
                continue
            response = api.get(url, {parameter["name"]: "twelve"})
            assert response.status_code == 400, (url, parameter["name"], response.content)
            assert response.json()["code"] == "invalid_request"
            checked.append((path, parameter["name"]))
    assert ("/api/v1/submissions", "limit") in checked
    assert ("/api/v1/labs/{slug}/leaderboard", "cohort") in checked


def test_without_a_token_a_bad_parameter_is_still_a_401(client):
    assert client.get("/api/v1/submissions", {"limit": "abc"}).status_code == 401


def test_a_multipart_body_over_djangos_header_limit_is_a_400_not_a_500(alice_api, wine_lab_week3):
    """A part whose headers exceed Django's limit (the fuzzer's find) is the sender's mistake."""
    boundary = "fuzz"
    payload = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{"[" * 20000}.csv"\r\n'
        "Content-Type: text/csv\r\n\r\nid,target\r\n"
        f"--{boundary}--\r\n"
    ).encode()
    response = alice_api.post(
        f"/api/v1/labs/{wine_lab_week3.slug}/submissions",
        payload,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "invalid_request"
    assert "multipart body could not be read" in data["detail"]
