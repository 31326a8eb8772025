"""Server-rendered SVG charts for the dashboards: readable without JavaScript.

Every chart carries a <title> and a <desc> (linked by aria-labelledby) and returns its
numbers as rows, which the `_dashboard_chart.html` partial prints as a table, so each
number in a picture is also reachable as text.
"""

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
HEIGHT = 240
PAD_LEFT = 52
PAD_RIGHT = 16
PAD_TOP = 16
PAD_BOTTOM = 36

# Colours come from Bootstrap's CSS variables, so charts follow the colour mode.
PASSED_COLOUR = "var(--bs-success)"
FAILING_COLOUR = "var(--bs-warning)"
LINE_COLOUR = "var(--bs-primary)"
REFERENCE_COLOUR = "var(--bs-secondary-color)"
BAR_COLOUR = "var(--bs-primary)"
TEXT_COLOUR = "var(--bs-body-color)"


@dataclass(frozen=True)
class Chart:
    """An SVG picture and the same numbers as a table."""

    svg: SafeString
    title: str
    description: str
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]] = field(default_factory=list)


def format_score(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.4f}" if abs(value) < 1000 else f"{value:,.1f}"


def _open_svg(title: str, description: str, height: int = HEIGHT, width: int = WIDTH) -> str:
    ident = f"chart-{uuid.uuid4().hex[:10]}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="img-fluid w-100" role="img" preserveAspectRatio="xMidYMid meet" '
        f'aria-labelledby="{ident}-title {ident}-desc" data-chart="{ident}">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(description)}</desc>'
    )


def _text(x: float, y: float, content: str, *, anchor: str = "middle", size: int = 11) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'fill="{TEXT_COLOUR}">{escape(content)}</text>'
    )


def _nice_range(values: Sequence[float]) -> tuple[float, float]:
    low, high = min(values), max(values)
    if math.isclose(low, high):
        spread = abs(low) * 0.1 or 1.0
        return low - spread, high + spread
    margin = (high - low) * 0.1
    return low - margin, high + margin


def score_history_chart(
    *,
    points: Sequence[tuple[str, float, bool]],
    reference: float | None,
    threshold: float | None = None,
    metric_label: str = "score",
    higher_is_better: bool = True,
) -> Chart:
    """Scores of graded attempts in order (label, score, passed), the reference as a line."""
    direction = "higher" if higher_is_better else "lower"
    title = f"Public {metric_label} of each graded attempt"
    if not points:
        description = "No graded attempt yet."
    else:
        best = (max if higher_is_better else min)(score for _, score, _ in points)
        description = (
            f"{len(points)} graded attempts; best {format_score(best)}, "
            f"latest {format_score(points[-1][1])}"
            + (f", reference {format_score(reference)}" if reference is not None else "")
            + f". {direction.capitalize()} is better."
        )
    rows = [
        (label, format_score(score), "passed" if passed else "not yet")
        for label, score, passed in points
    ]
    svg = [_open_svg(title, description)]
    values = [score for _, score, _ in points]
    values += [v for v in (reference, threshold) if v is not None]
    if not values:
        svg.append(_text(WIDTH / 2, HEIGHT / 2, "No graded attempt yet"))
        svg.append("</svg>")
        return Chart(mark_safe("".join(svg)), title, description, ("Attempt", "Score", "Result"))  # noqa: S308 - every text piece is escaped above

    low, high = _nice_range(values)
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM

    def y_of(value: float) -> float:
        return PAD_TOP + plot_h * (1 - (value - low) / (high - low))

    def x_of(index: int) -> float:
        if len(points) == 1:
            return PAD_LEFT + plot_w / 2
        return PAD_LEFT + plot_w * index / (len(points) - 1)

    # Axes and three y ticks.
    svg.append(
        f'<g stroke="{REFERENCE_COLOUR}" stroke-width="1" opacity="0.5">'
        f'<line x1="{PAD_LEFT}" y1="{PAD_TOP}" x2="{PAD_LEFT}" y2="{PAD_TOP + plot_h}"/>'
        f'<line x1="{PAD_LEFT}" y1="{PAD_TOP + plot_h}" x2="{WIDTH - PAD_RIGHT}" '
        f'y2="{PAD_TOP + plot_h}"/></g>'
    )
    for tick in (low, (low + high) / 2, high):
        svg.append(_text(PAD_LEFT - 6, y_of(tick) + 4, format_score(tick), anchor="end", size=10))
    if reference is not None:
        y = y_of(reference)
        svg.append(
            f'<line x1="{PAD_LEFT}" y1="{y:.1f}" x2="{WIDTH - PAD_RIGHT}" y2="{y:.1f}" '
            f'stroke="{REFERENCE_COLOUR}" stroke-width="2" stroke-dasharray="6 4" '
            f'data-series="reference"/>'
        )
        svg.append(
            _text(WIDTH - PAD_RIGHT, y - 5, f"reference {format_score(reference)}", anchor="end")
        )
    if threshold is not None:
        y = y_of(threshold)
        svg.append(
            f'<line x1="{PAD_LEFT}" y1="{y:.1f}" x2="{WIDTH - PAD_RIGHT}" y2="{y:.1f}" '
            f'stroke="{FAILING_COLOUR}" stroke-width="1" stroke-dasharray="2 3" '
            f'data-series="threshold"/>'
        )
        svg.append(
            _text(
                PAD_LEFT + 4, y + 12, f"to pass {format_score(threshold)}", anchor="start", size=10
            )
        )
    if points:
        path = " ".join(f"{x_of(i):.1f},{y_of(s):.1f}" for i, (_, s, _) in enumerate(points))
        svg.append(
            f'<polyline points="{path}" fill="none" stroke="{LINE_COLOUR}" stroke-width="2" '
            f'data-series="scores"/>'
        )
        step = max(1, math.ceil(len(points) / 12))
        for i, (label, score, passed) in enumerate(points):
            colour = PASSED_COLOUR if passed else FAILING_COLOUR
            svg.append(
                f'<circle cx="{x_of(i):.1f}" cy="{y_of(score):.1f}" r="4.5" fill="{colour}" '
                f'stroke="{LINE_COLOUR}"><title>{escape(label)}: {format_score(score)}</title>'
                f"</circle>"
            )
            if i % step == 0 or i == len(points) - 1:
                svg.append(_text(x_of(i), HEIGHT - PAD_BOTTOM + 16, label, size=10))
    svg.append("</svg>")
    return Chart(
        mark_safe("".join(svg)),  # noqa: S308 - every text piece is escaped above
        title,
        description,
        ("Attempt", "Score", "Result"),
        rows,
    )


def progress_chart(*, passed: int, open_not_passed: int, locked: int) -> Chart:
    """One stacked bar over the whole curriculum: passed, open and not passed, locked."""
    total = passed + open_not_passed + locked
    title = "Progress through the curriculum"
    description = (
        f"{passed} of {total} labs passed; {open_not_passed} open and not passed yet; "
        f"{locked} still locked."
    )
    height = 44
    svg = [_open_svg(title, description, height=height)]
    segments = [
        ("Passed", passed, PASSED_COLOUR),
        ("Open, not passed yet", open_not_passed, FAILING_COLOUR),
        ("Locked", locked, "var(--bs-secondary-bg)"),
    ]
    x = 0.0
    svg.append(
        f'<rect x="0" y="4" width="{WIDTH}" height="28" rx="6" fill="var(--bs-secondary-bg)"/>'
    )
    for label, count, colour in segments:
        if not total or not count:
            continue
        width = WIDTH * count / total
        svg.append(
            f'<rect x="{x:.1f}" y="4" width="{width:.1f}" height="28" fill="{colour}" '
            f'data-segment="{escape(label)}"><title>{escape(label)}: {count}</title></rect>'
        )
        if width > 30:
            svg.append(_text(x + width / 2, 23, str(count), size=13))
        x += width
    svg.append("</svg>")
    rows = [
        (label, str(count), f"{(100 * count / total) if total else 0:.0f}%")
        for label, count, _ in segments
    ]
    return Chart(
        mark_safe("".join(svg)),  # noqa: S308 - every text piece is escaped above
        title,
        description,
        ("Labs", "Count", "Share"),
        rows,
    )


def _range_label(low: float, high: float) -> str:
    if math.isclose(low, high):
        return format_score(low)
    return f"{format_score(low)} to {format_score(high)}"


def histogram_chart(
    *,
    values: Sequence[float],
    bins: int = 10,
    reference: float | None = None,
    metric_label: str = "score",
    what: str = "students",
) -> Chart:
    """How many `what` fall in each of `bins` equal score ranges; the reference marked."""
    title = f"Distribution of best {metric_label}"
    bins = max(1, bins)
    edges_source = list(values) + ([reference] if reference is not None else [])
    if not values:
        description = f"No graded {metric_label} yet."
        svg = _open_svg(title, description) + _text(WIDTH / 2, HEIGHT / 2, description) + "</svg>"
        return Chart(mark_safe(svg), title, description, ("Range", "Count"), [])  # noqa: S308
    low, high = min(edges_source), max(edges_source)
    # Everyone (and the reference) on one score: one bar on one tick, no invented range
    # (an accuracy of 1.0 must not grow an axis that runs to 1.05).
    single = math.isclose(low, high)
    if single:
        bins, width = 1, 0.0
        counts = [len(values)]
    else:
        width = (high - low) / bins
        counts = [0] * bins
        for value in values:
            index = min(int((value - low) / width), bins - 1)
            counts[index] += 1
    edges = [(low + i * width, low + (i + 1) * width) for i in range(bins)]
    peak = max(counts)
    description = (
        f"{len(values)} {what} with a graded {metric_label}, from {format_score(min(values))} "
        f"to {format_score(max(values))}; the fullest range holds {peak}."
        + (f" Reference {format_score(reference)}." if reference is not None else "")
    )
    svg = [_open_svg(title, description)]
    # Room above the bars for the reference label, so it never sits on a bar or a count.
    top = PAD_TOP + 24
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - top - PAD_BOTTOM
    bar_w = plot_w / 3 if single else plot_w / bins
    first_x = PAD_LEFT + plot_w / 3 if single else PAD_LEFT

    def x_of(score: float) -> float:
        if single:
            return PAD_LEFT + plot_w / 2
        return PAD_LEFT + plot_w * (score - low) / (high - low)

    for i, count in enumerate(counts):
        bar_h = plot_h * count / peak if peak else 0
        x = first_x + i * bar_w
        y = top + plot_h - bar_h
        label = f"{_range_label(*edges[i])}: {count}"
        svg.append(
            f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" height="{bar_h:.1f}" '
            f'fill="{BAR_COLOUR}" opacity="0.8" data-count="{count}"><title>{escape(label)}</title>'
            f"</rect>"
        )
        if count:
            centre = x + bar_w / 2
            if reference is not None and abs(x_of(reference) - centre) < 14:
                # The reference line runs through the bar's middle: the count goes beside it.
                svg.append(_text(x_of(reference) - 5, y - 4, str(count), anchor="end", size=11))
            else:
                svg.append(_text(centre, y - 4, str(count), size=11))
    svg.append(
        f'<line x1="{PAD_LEFT}" y1="{top + plot_h}" x2="{WIDTH - PAD_RIGHT}" '
        f'y2="{top + plot_h}" stroke="{REFERENCE_COLOUR}"/>'
    )
    ticks = [low] if single else [low + i * width for i in (0, bins // 2, bins)]
    for number, edge in enumerate(ticks):
        # The last label ends at its tick, so it stays inside the picture.
        anchor = "end" if number == 2 else "middle"
        svg.append(
            f'<line x1="{x_of(edge):.1f}" y1="{top + plot_h}" x2="{x_of(edge):.1f}" '
            f'y2="{top + plot_h + 4}" stroke="{REFERENCE_COLOUR}" data-tick="{edge}"/>'
        )
        svg.append(
            _text(x_of(edge), HEIGHT - PAD_BOTTOM + 16, format_score(edge), anchor=anchor, size=10)
        )
    if reference is not None:
        x = x_of(reference)
        svg.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{top + plot_h}" '
            f'stroke="{REFERENCE_COLOUR}" stroke-width="2" stroke-dasharray="6 4" '
            f'data-series="reference"/>'
        )
        # Beside its line, on the side with more room.
        left_half = x < PAD_LEFT + plot_w / 2
        svg.append(
            _text(
                x + 4 if left_half else x - 4,
                PAD_TOP + 4,
                f"reference {format_score(reference)}",
                anchor="start" if left_half else "end",
                size=10,
            )
        )
    svg.append("</svg>")
    rows = [
        (_range_label(lo, hi), str(count)) for (lo, hi), count in zip(edges, counts, strict=True)
    ]
    return Chart(
        mark_safe("".join(svg)),  # noqa: S308 - every text piece is escaped above
        title,
        description,
        ("Range", "Count"),
        rows,
    )
