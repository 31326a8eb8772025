"""What a submission's file looks like on the review page: its first rows, or its code.

The file is the student's, so it is hostile: it is read through the storage API with a
size bound, a notebook's JSON depth is checked before it is parsed, and every piece of
text ends up escaped. Code goes through Pygments, whose HTML formatter escapes it; that
HTML is the only markup marked safe here.
"""

import csv
import io
import json
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from pygments import highlight, lex
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer
from pygments.token import STANDARD_TYPES

from config.guards import JsonTooDeep, check_json_depth

# Bigger files are shown up to here (the upload cap is larger; the grader reads it all).
MAX_SHOWN_BYTES = 256 * 1024
PREVIEW_ROWS = 20
MAX_COLUMNS = 12
MAX_CELL_CHARS = 60
MAX_NOTEBOOK_CELLS = 200
MAX_OUTPUT_CHARS = 4000
NOTEBOOK_MAX_DEPTH = 64
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# Control characters other than tab and newline would show as nothing, or garble a line.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass
class NotebookCell:
    kind: str  # "code", "markdown" or "raw"
    text: str = ""
    code_html: SafeString | None = None
    execution_count: int | None = None
    outputs: list[str] = field(default_factory=list)


@dataclass
class FileView:
    kind: str  # "predictions", "python", "notebook" or "unreadable"
    size: int = 0
    truncated: bool = False
    problem: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    code_html: SafeString | None = None
    # A Python file line by line (highlighted HTML each), so comments sit beside a line.
    lines: list[SafeString] = field(default_factory=list)
    cells: list[NotebookCell] = field(default_factory=list)


def _clean(text: str, limit: int | None = None) -> str:
    text = _CONTROL.sub("\ufffd", _ANSI.sub("", text))
    if limit is not None and len(text) > limit:
        return text[:limit] + " …"
    return text


def highlight_python(source: str) -> SafeString:
    """Python source as highlighted HTML with line numbers; Pygments escapes every token."""
    formatter = HtmlFormatter(cssclass="highlight", linenos="table", wrapcode=True)
    html = highlight(_clean(source), PythonLexer(stripnl=False), formatter)
    return mark_safe(html)  # noqa: S308 - Pygments' HtmlFormatter escapes the source


def highlight_lines(source: str) -> list[SafeString]:
    """Python source as one highlighted HTML string per line (the classes of the
    stylesheet below); each token's text is escaped here."""
    lines: list[list[str]] = [[]]
    for token, value in lex(_clean(source), PythonLexer(stripnl=False)):
        css = _css_class(token)
        for index, part in enumerate(value.split("\n")):
            if index:
                lines.append([])
            if part:
                lines[-1].append(
                    f'<span class="{css}">{escape(part)}</span>' if css else escape(part)
                )
    if len(lines) > 1 and not lines[-1]:
        lines.pop()  # the lexer ends the source with a new line
    return [mark_safe("".join(parts)) for parts in lines]  # noqa: S308 - escaped above


def _css_class(token) -> str:
    while token not in STANDARD_TYPES:
        token = token.parent
    return STANDARD_TYPES[token]


def read_bounded(field_file, limit: int = MAX_SHOWN_BYTES) -> tuple[bytes, bool]:
    """At most `limit` bytes of a stored file (storage API only), and whether there was more."""
    with field_file.open("rb") as handle:
        data = handle.read(limit + 1)
    return data[:limit], len(data) > limit


def submission_file_view(submission) -> FileView:
    """The file of a submission, ready to show: first rows of predictions, or code."""
    kind = submission.code_kind or "predictions"
    try:
        data, truncated = read_bounded(submission.file)
    except (OSError, ValueError):
        return FileView("unreadable", problem="The stored file could not be read.")
    view = FileView(kind, size=submission.size_bytes, truncated=truncated)
    text = data.decode("utf-8-sig", errors="replace")
    if kind == "predictions":
        _predictions(view, text)
    elif kind == "python":
        view.lines = highlight_lines(text)
    else:
        _notebook(view, text)
    return view


def _predictions(view: FileView, text: str) -> None:
    lines = text.splitlines()[: PREVIEW_ROWS + 1]
    try:
        rows = list(csv.reader(io.StringIO("\n".join(lines))))
    except csv.Error:
        view.problem = "The first rows are not CSV we can read; the problems below say more."
        return
    cut = [[_clean(cell, MAX_CELL_CHARS) for cell in row[:MAX_COLUMNS]] for row in rows]
    if cut:
        view.header, view.rows = cut[0], cut[1:]


def _source(value) -> str:
    if isinstance(value, list):
        return "".join(part for part in value if isinstance(part, str))
    return value if isinstance(value, str) else ""


def _output_text(output) -> str:
    if not isinstance(output, dict):
        return ""
    kind = output.get("output_type")
    if kind == "stream":
        text = _source(output.get("text"))
    elif kind in ("execute_result", "display_data"):
        data = output.get("data") if isinstance(output.get("data"), dict) else {}
        text = _source(data.get("text/plain")) or "[output that is not text is not shown]"
    elif kind == "error":
        trace = output.get("traceback")
        lines = [t for t in trace if isinstance(t, str)] if isinstance(trace, list) else []
        text = "\n".join(lines) or f"{output.get('ename', '')}: {output.get('evalue', '')}"
    else:
        return ""
    return _clean(text, MAX_OUTPUT_CHARS)


def _notebook(view: FileView, text: str) -> None:
    if view.truncated:
        view.problem = "This notebook is too large to show here; the grader read all of it."
        return
    try:
        check_json_depth(text, max_depth=NOTEBOOK_MAX_DEPTH)
        cells = json.loads(text).get("cells")
    except JsonTooDeep:
        view.problem = f"Not shown: its JSON is nested more than {NOTEBOOK_MAX_DEPTH} levels deep."
        return
    except (ValueError, AttributeError, RecursionError):
        cells = None
    if not isinstance(cells, list):
        view.problem = "Not shown: this is not Jupyter notebook JSON with a list of cells."
        return
    for raw in cells[:MAX_NOTEBOOK_CELLS]:
        if not isinstance(raw, dict):
            continue
        kind = raw.get("cell_type") if raw.get("cell_type") in ("code", "markdown") else "raw"
        source = _source(raw.get("source"))
        cell = NotebookCell(kind)
        if kind == "code":
            cell.code_html = highlight_python(source)
            count = raw.get("execution_count")
            cell.execution_count = count if isinstance(count, int) else None
            outputs = raw.get("outputs") if isinstance(raw.get("outputs"), list) else []
            cell.outputs = [t for t in map(_output_text, outputs[:20]) if t]
        else:
            cell.text = _clean(source, MAX_OUTPUT_CHARS * 5)
        view.cells.append(cell)
    view.truncated = len(cells) > MAX_NOTEBOOK_CELLS


def stylesheet() -> str:
    """The CSS of the highlighted code (static/css/pygments.css is generated from it)."""
    header = "/* Generated by `manage.py pygments_css`; do not edit. */\n"
    return header + HtmlFormatter(style="default").get_style_defs(".highlight") + "\n"
