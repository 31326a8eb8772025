"""The `lodestar` command: login, labs, download, submit [--wait], status."""

import argparse
import getpass
import itertools
import sys
import time
from pathlib import Path

from lodestar_client import __version__, config
from lodestar_client.api import (
    API_VERSION,
    NOT_FOUND,
    ApiError,
    Client,
    NoSuchLab,
    NotLoggedIn,
    SiteUnreachable,
)

DEFAULT_URL = "http://127.0.0.1:8000"


def main(argv=None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (NotLoggedIn, UsageError) as error:
        _err(str(error))
    except NoSuchLab as error:
        _err(f"{error.detail} Run `lodestar labs` to see your labs.")
    except ApiError as error:
        _err(error.detail)
        for problem in error.problems:
            if problem != error.detail:
                _err(f"  - {problem}")
        if error.status == 401:
            _err("Your token was refused: create a new one on your account page, then log in.")
        if error.retry_after:
            _err(f"Try again in {error.retry_after} s.")
    except SiteUnreachable as error:
        _err(str(error))
        _err("If the site moved, log in again with its address: lodestar login --url <address>")
    except TimeoutError as error:
        _err(str(error))
    except OSError as error:  # file errors, or the connection lost halfway
        _err(f"Could not finish: {getattr(error, 'reason', None) or error}")
    return 1


class UsageError(Exception):
    """The command cannot run as asked; the message says what to do instead."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lodestar", description=__doc__)
    parser.add_argument(
        "--version",
        action="version",
        version=f"lodestar {__version__} (Lodestar API {API_VERSION})",
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    login = commands.add_parser("login", help="store your API token for this site")
    login.add_argument("--url", help=f"the site's address (default: saved, or {DEFAULT_URL})")
    login.add_argument(
        "--token",
        help="the token from your account page (else asked on a terminal, or read from a pipe)",
    )
    login.set_defaults(run=cmd_login)

    labs = commands.add_parser("labs", help="your labs, with dates and status")
    labs.set_defaults(run=cmd_labs)

    download = commands.add_parser("download", help="download a lab's train and test files")
    download.add_argument("lab")
    download.add_argument("-d", "--dir", default=".", help="where to save them (default: here)")
    download.set_defaults(run=cmd_download)

    submit = commands.add_parser("submit", help="submit predictions (CSV) or code (.py/.ipynb)")
    submit.add_argument("lab")
    submit.add_argument("file", type=Path)
    submit.add_argument(
        "-m", "--message", default="", help="a note on this attempt, shown with it on the site"
    )
    submit.add_argument("--wait", action="store_true", help="wait for the grade and show it")
    submit.add_argument("--timeout", type=float, default=600, help="seconds to wait at most")
    submit.set_defaults(run=cmd_submit)

    status = commands.add_parser("status", help="your progress, or one submission's result")
    status.add_argument("submission", nargs="?", type=int, help="a submission number")
    status.set_defaults(run=cmd_status)
    return parser


# ------------------------------------------------------------------ commands


def cmd_login(args) -> int:
    saved = config.load()
    url = (args.url or saved.get("url") or DEFAULT_URL).rstrip("/")
    token = (args.token or _ask_token(url)).strip()
    if not token:
        raise UsageError(f"No token given: create one at {url}/account/ and paste it.")
    me = Client(url, token).me()  # refuses a wrong token before anything is saved
    path = config.save(url=url, token=token)
    cohort = f" in {me['cohort']['name']}" if me.get("cohort") else ""
    print(f"Logged in to {url} as {me['username']}{cohort}. Token saved in {path}.")
    return 0


def _ask_token(url: str) -> str:
    """Asked without echo on a terminal; read from standard input when it is piped
    (`echo "$TOKEN" | lodestar login`), where getpass would warn that it cannot hide it."""
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(f"Token (create one at {url}/account/): ")
    token = sys.stdin.readline().strip() if sys.stdin is not None else ""
    if not token:
        raise UsageError(
            'No token on standard input: pipe it in (echo "$TOKEN" | lodestar login) '
            f"or pass --token. Create one at {url}/account/."
        )
    return token


def cmd_labs(args) -> int:
    rows = [
        (
            lab["slug"],
            str(lab["week"]),
            lab["status"],
            lab["opens_on"] or "",
            lab["due_on"] or "",
            lab["title"],
        )
        for lab in Client.from_config().labs()
    ]
    _table(("LAB", "WEEK", "STATUS", "OPENS", "DUE", "TITLE"), rows)
    return 0


def cmd_download(args) -> int:
    for path in Client.from_config().download(args.lab, args.dir):
        print(f"Saved {path}")
    return 0


def cmd_submit(args) -> int:
    client = Client.from_config()
    submission = client.submit(args.lab, args.file.name, args.file.read_bytes(), note=args.message)
    print(f"Submission #{submission['id']} received ({submission['status']}).")
    if not args.wait:
        print(f"See it with: lodestar status {submission['id']}")
        return 0
    progress = Progress(sys.stderr)
    try:
        result = client.wait(submission, timeout=args.timeout, on_poll=progress.update)
    finally:
        progress.done()
    _show_submission(result)
    return 0 if result["status"] == "graded" else 2


def cmd_status(args) -> int:
    client = Client.from_config()
    if args.submission is not None:
        try:
            result = client.submission(args.submission)
        except ApiError as error:
            if error.status == 404 and error.detail == NOT_FOUND:
                raise UsageError(
                    f"No submission #{args.submission} among yours. "
                    "Run `lodestar status` to see your labs."
                ) from None
            raise
        _show_submission(result)
        return 0
    results = client.results()
    print(
        f"{results['cohort']['name']}, week {results['week']}: "
        f"{results['passed']} of {results['total']} labs passed ({results['open']} open)."
    )
    rows = [
        (
            lab["lab"],
            lab["status"],
            _score(lab["best_score"]),
            _score(lab["reference_score"]),
            str(lab["attempts"]),
            str(lab["attempts_left_today"]),
            lab["due_on"],
        )
        for lab in results["labs"]
    ]
    _table(("LAB", "STATUS", "BEST", "REFERENCE", "TRIES", "LEFT TODAY", "DUE"), rows)
    return 0


# ------------------------------------------------------------------ output


class Progress:
    """A spinner with the status and elapsed time on a terminal; status changes elsewhere."""

    FRAMES = "|/-\\"

    def __init__(self, stream):
        self.stream = stream
        self.is_tty = stream.isatty()
        self.started = time.monotonic()
        self.frames = itertools.cycle(self.FRAMES)
        self.last_status = None

    def update(self, submission):
        status = submission.get("status", "")
        elapsed = time.monotonic() - self.started
        if self.is_tty:
            self.stream.write(f"\r{next(self.frames)} {status}... {elapsed:4.0f} s ")
            self.stream.flush()
        elif status != self.last_status:
            self.stream.write(f"{status}... ({elapsed:.0f} s)\n")
            self.stream.flush()
        self.last_status = status

    def done(self):
        if self.is_tty:
            self.stream.write("\r" + " " * 40 + "\r")
            self.stream.flush()


def _show_submission(result: dict) -> None:
    status = result["status"]
    print(f"Submission #{result['id']} for {result['lab']}: {status}")
    if result.get("note"):
        print(f"  Note: {result['note']}")
    if status == "graded":
        verdict = "PASSED" if result["passed"] else "not passing yet"
        print(f"  Grade: {verdict}")
        print(f"  Public score ({result['metric_label']}): {_score(result['public_score'])}")
        print(f"  Reference model: {_score(result['reference_score'])}")
        if result.get("pass_threshold") is not None:
            bound = "at least" if result["higher_is_better"] else "at most"
            print(f"  To pass: {bound} {_score(result['pass_threshold'])}")
        if result.get("private_score") is not None:
            print(f"  Final (private) score: {_score(result['private_score'])}")
        else:
            print("  Final (private) score: revealed once late work for the lab closes")
    for problem in result.get("problems") or []:
        print(f"  - {problem}")
    sandbox = (result.get("feedback") or {}).get("sandbox") or {}
    if sandbox.get("traceback"):
        print("  Traceback (your code):")
        print("    " + sandbox["traceback"].rstrip().replace("\n", "\n    "))
    print(f"  Details: {result['web_url']}")


def _score(value) -> str:
    return "-" if value is None else f"{value:.4f}"


def _table(header, rows) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    for row in (header, *rows):
        print(
            "  ".join(
                str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)
            ).rstrip()
        )


def _err(message: str) -> None:
    print(message, file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
