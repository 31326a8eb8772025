"""A small client for the Lodestar API, on the standard library's urllib."""

import difflib
import json
import re
import shutil
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

from lodestar_client import __version__, config

USER_AGENT = f"lodestar-client/{__version__}"

# The newest revision of the site's API this client knows. The site names its own in the
# Lodestar-API-Version header of every API answer; a newer one may offer what this client
# cannot use, or expect what it does not send, so the client says how to upgrade
# (the Lodestar-Client-Url header: this site's own copy of the client).
API_VERSION = "1.0"
API_VERSION_HEADER = "Lodestar-API-Version"
CLIENT_URL_HEADER = "Lodestar-Client-Url"


class ApiError(Exception):
    """The API said no: `detail` is the site's own sentence, `problems` the precise ones."""

    def __init__(self, status: int, detail: str, code: str = "", problems=(), retry_after=None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.code = code
        self.problems = list(problems)
        self.retry_after = retry_after


class NotLoggedIn(Exception):
    """No saved token: run `lodestar login` first."""


# The API's answer for anything the token's owner may not see or that does not exist.
NOT_FOUND = "Not found."


class NoSuchLab(ApiError):
    """The site knows no lab of that name for this student (a typo, or another cohort's)."""

    def __init__(self, slug: str, known: list[str]):
        self.slug = slug
        self.suggestion = next(iter(difflib.get_close_matches(slug, known, n=1)), None)
        detail = f"No lab '{slug}' among your labs."
        if self.suggestion:
            detail += f" Did you mean '{self.suggestion}'?"
        super().__init__(404, detail, "not_found")


class SiteUnreachable(ConnectionError):
    """Nothing answered at the site's address: the site is down, or the address is wrong."""

    def __init__(self, url: str, reason):
        self.url = url
        self.reason = reason
        super().__init__(
            f"Could not reach the Lodestar site at {url}: {_describe(reason)}. "
            "Check that the site is running and that this is its address."
        )


class Client:
    def __init__(self, url: str, token: str, *, timeout: float = 60, warn=None):
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout
        # Where the "this client is older than the site" notice goes (standard error).
        self.warn = warn or _print_warning

    @classmethod
    def from_config(cls) -> "Client":
        settings = config.load()
        if not settings.get("url") or not settings.get("token"):
            raise NotLoggedIn("Not logged in: run `lodestar login` first.")
        return cls(settings["url"], settings["token"])

    # -------------------------------------------------------------- plumbing

    def _url(self, path: str, params: dict | None = None) -> str:
        if path.startswith(("http://", "https://")):
            url = path
        elif path.startswith("/"):
            url = self.url + path
        else:
            url = f"{self.url}/api/v1/{path}"
        if params:
            url += "?" + urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
        return url

    def _open(self, method: str, path: str, *, params=None, body=None, headers=None):
        request = urllib.request.Request(  # noqa: S310 - the user's own site address
            self._url(path, params),
            data=body,
            method=method,
            headers={
                "Authorization": f"Bearer {self.token}",
                "Accept": "application/json",
                "User-Agent": USER_AGENT,
                **(headers or {}),
            },
        )
        try:
            response = urllib.request.urlopen(request, timeout=self.timeout)  # noqa: S310
        except urllib.error.HTTPError as error:
            self._check_api_version(error.headers)
            raise _api_error(error) from None
        except urllib.error.URLError as error:
            raise SiteUnreachable(self.url, error.reason) from None
        except (ConnectionError, TimeoutError) as error:
            raise SiteUnreachable(self.url, error) from None
        self._check_api_version(response.headers)
        return response

    def _check_api_version(self, headers) -> None:
        """Say once per site and process when the site's API is newer than this client."""
        site_version = (headers or {}).get(API_VERSION_HEADER)
        if not is_newer(site_version, API_VERSION) or self.url in _WARNED:
            return
        _WARNED.add(self.url)
        self.warn(upgrade_notice(self.url, site_version, headers.get(CLIENT_URL_HEADER)))

    def _json(self, method: str, path: str, **kwargs):
        with self._open(method, path, **kwargs) as response:
            return json.loads(response.read() or b"null"), response.headers

    def get(self, path: str, params: dict | None = None):
        return self._json("GET", path, params=params)[0]

    # -------------------------------------------------------------- the API

    def me(self) -> dict:
        return self.get("me")

    def labs(self) -> list[dict]:
        return self.get("labs")

    def lab(self, slug: str) -> dict:
        with self._about_lab(slug):
            return self.get(f"labs/{_quote(slug)}")

    def results(self) -> dict:
        return self.get("results")

    def submissions(self, lab: str | None = None, limit: int = 20) -> list[dict]:
        return self.get("submissions", {"lab": lab, "limit": limit})

    def submission(self, pk: int) -> dict:
        return self.get(f"submissions/{int(pk)}")

    def download(self, slug: str, folder: Path | str = ".") -> list[Path]:
        """Save the lab's data files into folder; returns their paths."""
        with self._about_lab(slug):
            files = self.get(f"labs/{_quote(slug)}/files")
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        saved = []
        for item in files:
            target = folder / Path(item["filename"]).name
            with self._open("GET", item["url"]) as response, open(target, "wb") as out:
                shutil.copyfileobj(response, out)
            saved.append(target)
        return saved

    def read_file(self, slug: str, part: str) -> bytes:
        with self._about_lab(slug):
            response = self._open("GET", f"labs/{_quote(slug)}/files/{_quote(part)}")
        with response:
            return response.read()

    def submit(self, slug: str, filename: str, content: bytes, note: str = "") -> dict:
        """Upload predictions or code, with an optional note on the attempt; returns the
        queued submission."""
        boundary = uuid.uuid4().hex
        safe_name = Path(filename).name.replace('"', "_").replace("\r", "").replace("\n", "")
        note_part = b""
        if note:
            note_part = b"".join(
                [
                    f"--{boundary}\r\n".encode(),
                    b'Content-Disposition: form-data; name="note"\r\n',
                    b"Content-Type: text/plain; charset=utf-8\r\n\r\n",
                    note.encode("utf-8"),
                    b"\r\n",
                ]
            )
        body = b"".join(
            [
                note_part,
                f"--{boundary}\r\n".encode(),
                f'Content-Disposition: form-data; name="file"; filename="{safe_name}"\r\n'.encode(),
                b"Content-Type: application/octet-stream\r\n\r\n",
                content,
                f"\r\n--{boundary}--\r\n".encode(),
            ]
        )
        with self._about_lab(slug):
            return self._json(
                "POST",
                f"labs/{_quote(slug)}/submissions",
                body=body,
                headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
            )[0]

    @contextmanager
    def _about_lab(self, slug: str):
        """A bare "Not found." for a lab becomes NoSuchLab, with the closest of the student's
        own labs; the site's other 404s ("This lab is not open yet.") say enough already."""
        try:
            yield
        except ApiError as error:
            if error.status != 404 or error.detail != NOT_FOUND:
                raise
            try:
                known = [lab["slug"] for lab in self.labs()]
            except (ApiError, OSError):
                known = []
            raise NoSuchLab(slug, known) from None

    def wait(self, submission: dict, *, timeout: float = 600, on_poll=None) -> dict:
        """Poll until the submission is graded, rejected or failed, as Retry-After asks."""
        deadline = time.monotonic() + timeout
        current = submission
        while current.get("is_pending"):
            if on_poll:
                on_poll(current)
            body, headers = self._json("GET", current["url"])
            current = body
            if not current.get("is_pending"):
                break
            if time.monotonic() > deadline:
                raise TimeoutError(f"Still {current['status']} after {timeout:.0f} s.")
            delay = _seconds(headers.get("Retry-After"), default=2.0)
            # Short naps, so that a progress indicator keeps moving.
            until = min(time.monotonic() + delay, deadline)
            while time.monotonic() < until:
                if on_poll:
                    on_poll(current)
                time.sleep(min(0.2, max(until - time.monotonic(), 0)))
        return current


# The sites this process has already warned about: one notice, not one per request.
_WARNED: set[str] = set()


def _version_key(version) -> tuple[int, ...] | None:
    """ "1.2" -> (1, 2); None for anything that is not dotted numbers."""
    if not isinstance(version, str) or not re.fullmatch(r"\d+(\.\d+)*", version.strip()):
        return None
    return tuple(int(part) for part in version.strip().split("."))


def is_newer(version, than: str) -> bool:
    mine, theirs = _version_key(than), _version_key(version)
    if mine is None or theirs is None:
        return False
    width = max(len(mine), len(theirs))
    return theirs + (0,) * (width - len(theirs)) > mine + (0,) * (width - len(mine))


def upgrade_notice(site: str, site_version: str, client_url: str | None) -> str:
    command = f"pip install {client_url}" if client_url else f"see {site}/client/"
    return (
        f"Note: {site} runs version {site_version} of the Lodestar API; this lodestar client "
        f"({__version__}) knows version {API_VERSION}, so some commands may not work as the "
        f"site expects. Upgrade it: {command}"
    )


def _print_warning(message: str) -> None:
    print(message, file=sys.stderr)


def _quote(part: str) -> str:
    return urllib.parse.quote(str(part), safe="")


def _seconds(value, default: float) -> float:
    try:
        return max(0.2, min(float(value), 30.0))
    except (TypeError, ValueError):
        return default


def _describe(reason) -> str:
    """Why a connection failed, in words; the system's own text for anything else."""
    if isinstance(reason, ConnectionRefusedError):
        return "nothing is listening there (connection refused)"
    if isinstance(reason, socket.gaierror):
        return "the host name is unknown"
    if isinstance(reason, TimeoutError):
        return "no answer in time"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror.lower()
    return str(reason)


def _api_error(error: urllib.error.HTTPError) -> ApiError:
    raw = error.read()
    try:
        body = json.loads(raw)
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    detail = body.get("detail") or f"The site answered {error.code} {error.reason}."
    return ApiError(
        error.code,
        str(detail),
        body.get("code", ""),
        body.get("problems") or [],
        retry_after=error.headers.get("Retry-After"),
    )
