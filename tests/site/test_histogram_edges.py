"""The lab histogram when every score is the same: no invented axis, nothing overlaps."""

import re

from progress.charts import WIDTH, histogram_chart


def _numbers(svg: str, pattern: str) -> list[float]:
    return [float(match) for match in re.findall(pattern, svg)]


def _tick_labels(svg: str) -> list[str]:
    return re.findall(r'font-size="10" fill="[^"]+">(\d\.\d{4})</text>', svg)


def test_equal_scores_keep_the_axis_on_the_score_itself():
    chart = histogram_chart(values=[1.0] * 6, reference=1.0, metric_label="accuracy")
    # One tick, at the score; nothing above an accuracy of 1.
    assert _tick_labels(chart.svg) == ["1.0000"]
    assert chart.rows == [("1.0000", "6")]
    assert "1.0500" not in chart.svg and "0.9500" not in chart.svg


def test_equal_scores_put_the_bar_on_its_tick():
    chart = histogram_chart(values=[0.82] * 4, metric_label="accuracy")
    rect = re.search(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', chart.svg)
    bar_centre = float(rect.group(1)) + float(rect.group(2)) / 2
    (tick,) = _numbers(chart.svg, r'<line x1="([\d.]+)"[^>]*data-tick=')
    assert abs(bar_centre - tick) < 1.5


def test_reference_label_sits_above_the_bars():
    chart = histogram_chart(values=[1.0] * 6, reference=1.0)
    label_y = float(re.search(r'y="([\d.]+)"[^>]*>reference', chart.svg).group(1))
    bar_top = min(_numbers(chart.svg, r'<rect x="[\d.]+" y="([\d.]+)"'))
    count_y = float(re.search(r'y="([\d.]+)"[^>]*font-size="11"[^>]*>6<', chart.svg).group(1))
    # Text baselines: the 10px label ends above the 11px count, which ends above the bar.
    assert label_y <= count_y - 11 < bar_top


def test_the_last_tick_label_ends_inside_the_picture():
    chart = histogram_chart(values=[0.2, 0.5, 0.9], bins=5, reference=0.6)
    last = re.findall(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="(\w+)"[^>]*>0\.9000<', chart.svg)
    assert last, chart.svg
    x, anchor = float(last[0][0]), last[0][1]
    assert anchor == "end" and x <= WIDTH


def test_the_count_stays_clear_of_the_reference_line():
    chart = histogram_chart(values=[1.0] * 6, reference=1.0)
    line_x = float(
        re.search(r'<line x1="([\d.]+)"[^>]*data-series="reference"', chart.svg).group(1)
    )
    count = re.search(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="(\w+)"[^>]*>6<', chart.svg)
    # An 11px digit right-aligned 5px left of the line never touches it.
    assert count.group(2) == "end" and float(count.group(1)) < line_x - 3
