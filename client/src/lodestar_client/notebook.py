"""For Jupyter: log in, load a lab's data as DataFrames, submit predictions, see the grade.

from lodestar_client import notebook
notebook.login("https://lodestar.example.com")  # asks for your token
train, test = notebook.load("first-classifier")
notebook.submit("first-classifier", predictions)  # columns id, prediction
"""

import html
import io

from lodestar_client.api import Client


class Result(dict):
    """A submission's answer from the API, shown as a small table in a notebook."""

    @property
    def passed(self) -> bool:
        return bool(self.get("passed"))

    def _rows(self):
        rows = [("Status", self["status"])]
        if self["status"] == "graded":
            rows += [
                ("Grade", "Passed" if self["passed"] else "Not passing yet"),
                (f"Public score ({self['metric_label']})", _score(self["public_score"])),
                ("Reference model", _score(self["reference_score"])),
                ("To pass", _score(self.get("pass_threshold"))),
            ]
        rows += [("Problem", problem) for problem in self.get("problems") or []]
        return rows

    def __repr__(self):
        lines = [f"Submission #{self['id']} for {self['lab']}"]
        lines += [f"  {name}: {value}" for name, value in self._rows()]
        return "\n".join(lines)

    def _repr_html_(self):
        cells = "".join(
            f"<tr><th style='text-align:left'>{html.escape(name)}</th>"
            f"<td>{html.escape(str(value))}</td></tr>"
            for name, value in self._rows()
        )
        title = html.escape(f"Submission #{self['id']} for {self['lab']}")
        link = html.escape(self["web_url"], quote=True)
        return f"<table><caption>{title}</caption>{cells}</table><a href='{link}'>Details</a>"


def load(lab: str, *, client: Client | None = None):
    """The lab's training split and test features as two pandas DataFrames."""
    import pandas as pd

    client = client or Client.from_config()
    return tuple(pd.read_csv(io.BytesIO(client.read_file(lab, part))) for part in ("train", "test"))


def submit(
    lab: str,
    predictions,
    *,
    wait: bool = True,
    timeout: float = 600,
    client: Client | None = None,
    show=print,
) -> Result:
    """Submit a DataFrame with `id` and `prediction` columns (or a Series indexed by id).

    With wait (the default) it returns once graded, printing the status while it waits.
    """
    client = client or Client.from_config()
    frame = predictions
    if hasattr(frame, "to_frame") and not hasattr(frame, "columns"):  # a Series
        frame = frame.rename("prediction").rename_axis("id").reset_index()
    missing = {"id", "prediction"} - set(frame.columns)
    if missing:
        raise ValueError(
            f"The predictions need the columns id and prediction; missing: {sorted(missing)}."
        )
    content = frame[["id", "prediction"]].to_csv(index=False).encode()
    submission = client.submit(lab, "predictions.csv", content)
    if not wait:
        return Result(submission)
    seen = set()

    def progress(current):
        if current["status"] not in seen:
            seen.add(current["status"])
            show(f"Submission #{current['id']}: {current['status']}...")

    return Result(client.wait(submission, timeout=timeout, on_poll=progress))


def _score(value) -> str:
    return "-" if value is None else f"{value:.4f}"


def login(url: str, *, token: str | None = None, show=print) -> Client:
    """Check a token with the site and save it, as `lodestar login` does; in a notebook,
    the token is asked for without showing it (create one on the site's account page)."""
    from lodestar_client import config

    url = url.rstrip("/")
    if token is None:
        import getpass

        token = getpass.getpass(f"Token (create one at {url}/account/): ")
    client = Client(url, token.strip())
    me = client.me()  # refuses a wrong token before anything is saved
    config.save(url=url, token=client.token)
    show(f"Logged in to {url} as {me['username']}.")
    return client
