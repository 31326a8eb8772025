"""/client/: the page with this site's exact install, login and notebook commands, and the
wheel itself at a stable address, for anyone, never anything else from the build folder."""

import html
import os

import pytest
from django.urls import reverse

from api.v1 import API_VERSION
from tests.api.client_wheels import put_wheel, sha256
from tests.api.conftest import secret_for

pytestmark = pytest.mark.django_db

PAGE = "/client/"


@pytest.fixture
def build_dir(settings, tmp_path):
    folder = tmp_path / "build" / "client"
    settings.LODESTAR_CLIENT_DIR = folder
    return folder


@pytest.fixture
def wheel(build_dir):
    return put_wheel(build_dir, "9.1.0")


def text_of(response, testid: str) -> str:
    body = response.content.decode()
    start = body.index(f'data-testid="{testid}">') + len(f'data-testid="{testid}">')
    return html.unescape(body[start : body.index("</", start)])


def test_the_page_gives_this_sites_exact_commands_and_checksum(client, alice, wheel):
    client.force_login(alice)
    response = client.get(PAGE)
    assert response.status_code == 200
    url = "http://testserver/client/lodestar_client-9.1.0-py3-none-any.whl"
    assert text_of(response, "client-pip") == f"pip install {url}"
    assert text_of(response, "client-sha256") == sha256(wheel)
    assert text_of(response, "client-pip-checked") == f'pip install "{url}#sha256={sha256(wheel)}"'
    assert text_of(response, "client-login").splitlines()[0] == (
        "lodestar login --url http://testserver"
    )
    cell = text_of(response, "client-notebook").splitlines()
    assert cell == [
        f"%pip install --quiet {url}",
        "from lodestar_client import notebook",
        'notebook.login("http://testserver")',
    ]
    assert text_of(response, "client-version") == "9.1.0"
    assert text_of(response, "api-version") == API_VERSION


def test_the_page_names_the_address_the_student_reached_over_https(client, alice, wheel, settings):
    settings.ALLOWED_HOSTS = ["lodestar.example.com"]
    client.force_login(alice)
    response = client.get(
        PAGE, HTTP_HOST="lodestar.example.com", HTTP_X_FORWARDED_PROTO="https", secure=True
    )
    assert text_of(response, "client-pip") == (
        "pip install https://lodestar.example.com/client/lodestar_client-9.1.0-py3-none-any.whl"
    )
    assert "lodestar login --url https://lodestar.example.com\n" in text_of(
        response, "client-login"
    )


def test_the_page_is_for_signed_in_people(client, wheel):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_without_a_built_wheel_the_page_says_so_and_shows_no_command(client, alice, build_dir):
    client.force_login(alice)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert b'data-testid="client-not-built"' in response.content
    assert b"pip install" not in response.content
    assert text_of(response, "client-version") == "not built on this site"


def test_the_wheel_is_served_to_anyone_as_a_zip_with_its_checksum_as_etag(client, wheel):
    response = client.get(f"/client/{wheel.name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="{wheel.name}"'
    assert b"".join(response.streaming_content) == wheel.read_bytes()
    assert response["ETag"] == f'"{sha256(wheel)}"'
    assert "no-cache" in response["Cache-Control"]
    again = client.get(f"/client/{wheel.name}", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert client.head(f"/client/{wheel.name}").status_code == 200
    assert client.post(f"/client/{wheel.name}").status_code == 405


def test_a_rebuild_is_served_with_its_new_checksum(client, wheel):
    first = client.get(f"/client/{wheel.name}")["ETag"]
    put_wheel(wheel.parent, "9.1.0", content=b"rebuilt, other bytes")
    os.utime(wheel, ns=(1, 1))  # an older time than before: the size and time changed
    response = client.get(f"/client/{wheel.name}")
    assert b"".join(response.streaming_content) == b"rebuilt, other bytes"
    assert response["ETag"] == f'"{sha256(wheel)}"' != first


def test_only_the_newest_wheel_is_served_and_nothing_else_from_the_folder(
    client, build_dir, tmp_path
):
    older = put_wheel(build_dir, "9.0.12")
    newest = put_wheel(build_dir, "9.10.0")  # 9.10 is newer than 9.9: versions, not text
    put_wheel(build_dir, "9.9.0")
    (build_dir / ".built-stamp").write_text("")
    (build_dir / "notes.txt").write_text("not for students")
    secret = tmp_path / "build" / "secret.txt"
    secret.write_text("a secret next to the folder")
    outside = tmp_path / "lodestar_client-99.0.0-py3-none-any.whl"
    outside.write_bytes(b"from outside the folder")
    (build_dir / "lodestar_client-50.0.0-py3-none-any.whl").symlink_to(outside)

    assert client.get(f"/client/{newest.name}").status_code == 200
    for name in (
        older.name,
        "lodestar_client-9.9.0-py3-none-any.whl",
        "lodestar_client-50.0.0-py3-none-any.whl",  # a link: never followed
        ".built-stamp",
        "notes.txt",
        "..%2Fsecret.txt",
        "%2e%2e%2fsecret.txt",
        "..%5Csecret.txt",
        "lodestar_client-9.10.0-py3-none-any.whl%00",
    ):
        response = client.get(f"/client/{name}")
        assert response.status_code in (400, 404), name
        assert b"secret" not in response.content and b"outside" not in response.content
    for path in ("/client/../build/secret.txt", "/client/x/../../secret.txt", "/build/client/"):
        assert client.get(path).status_code == 404, path
    stale = client.get(f"/client/{older.name}")
    assert stale["Content-Type"] == "text/plain; charset=utf-8"
    assert newest.name in stale.content.decode()


def test_without_a_built_wheel_the_address_answers_404_saying_why(client, build_dir):
    response = client.get("/client/lodestar_client-0.2.0-py3-none-any.whl")
    assert response.status_code == 404
    assert "has not built its lodestar client" in response.content.decode()
    assert "make install" in response.content.decode()


def test_api_answers_name_the_api_version_and_the_clients_address(client, alice, wheel):
    token = secret_for(alice)
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response["Lodestar-API-Version"] == API_VERSION
    assert response["Lodestar-Client-Url"] == f"http://testserver/client/{wheel.name}"
    refused = client.get("/api/v1/me", headers={"Authorization": "Bearer wrong"})
    assert refused.status_code == 401
    assert refused["Lodestar-API-Version"] == API_VERSION


def test_without_a_wheel_the_api_still_names_its_version(client, alice, build_dir):
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret_for(alice)}"})
    assert response["Lodestar-API-Version"] == API_VERSION
    assert "Lodestar-Client-Url" not in response


@pytest.mark.parametrize("path", ["/account/", "/api/v1/docs", "/labs/first-classifier/"])
def test_the_account_api_docs_and_lab_pages_link_to_it(
    client, enrolled_alice, wine_lab_week3, path
):
    client.force_login(enrolled_alice)
    response = client.get(path)
    assert response.status_code == 200
    assert f'href="{PAGE}"'.encode() in response.content
    assert b"pip install ./client" not in response.content
