"""A small client for the Lodestar API, on the standard library's urllib."""

import json
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from lodestar_client import config

USER_AGENT = "lodestar-client/0.1.0"


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


class Client:
    def __init__(self, url: str, token: str, *, timeout: float = 60):
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout

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
            return urllib.request.urlopen(request, timeout=self.timeout)  # noqa: S310
        except urllib.error.HTTPError as error:
            raise _api_error(error) from None

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
        return self.get(f"labs/{_quote(slug)}")

    def results(self) -> dict:
        return self.get("results")

    def submissions(self, lab: str | None = None, limit: int = 20) -> list[dict]:
        return self.get("submissions", {"lab": lab, "limit": limit})

    def submission(self, pk: int) -> dict:
        return self.get(f"submissions/{int(pk)}")

    def download(self, slug: str, folder: Path | str = ".") -> list[Path]:
        """Save the lab's data files into folder; returns their paths."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        saved = []
        for item in self.get(f"labs/{_quote(slug)}/files"):
            target = folder / Path(item["filename"]).name
            with self._open("GET", item["url"]) as response, open(target, "wb") as out:
                shutil.copyfileobj(response, out)
            saved.append(target)
        return saved

    def read_file(self, slug: str, part: str) -> bytes:
        with self._open("GET", f"labs/{_quote(slug)}/files/{_quote(part)}") as response:
            return response.read()

    def submit(self, slug: str, filename: str, content: bytes) -> dict:
        """Upload predictions or code; returns the queued submission."""
        boundary = uuid.uuid4().hex
        safe_name = Path(filename).name.replace('"', "_").replace("\r", "").replace("\n", "")
        body = b"".join(
            [
                f"--{boundary}\r\n".encode(),
                f'Content-Disposition: form-data; name="file"; filename="{safe_name}"\r\n'.encode(),
                b"Content-Type: application/octet-stream\r\n\r\n",
                content,
                f"\r\n--{boundary}--\r\n".encode(),
            ]
        )
        return self._json(
            "POST",
            f"labs/{_quote(slug)}/submissions",
            body=body,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )[0]

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


def _quote(part: str) -> str:
    return urllib.parse.quote(str(part), safe="")


def _seconds(value, default: float) -> float:
    try:
        return max(0.2, min(float(value), 30.0))
    except (TypeError, ValueError):
        return default


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
