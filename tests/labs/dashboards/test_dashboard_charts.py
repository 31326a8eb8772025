"""SVG charts carry a title, a description and their numbers as text, all escaped."""

from progress.charts import histogram_chart, progress_chart, score_history_chart


def _accessible(chart):
    svg = str(chart.svg)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'role="img"' in svg
    assert "<title id=" in svg and "<desc id=" in svg
    assert "aria-labelledby=" in svg


def test_history_chart_draws_points_reference_and_lists_every_score():
    chart = score_history_chart(
        points=[("#1", 0.5, False), ("#2", 0.91, True)], reference=0.9, threshold=0.855
    )
    _accessible(chart)
    svg = str(chart.svg)
    assert svg.count("<circle") == 2
    assert 'data-series="reference"' in svg and 'data-series="threshold"' in svg
    assert chart.rows == [("#1", "0.5000", "not yet"), ("#2", "0.9100", "passed")]
    assert "best 0.9100" in chart.description and "reference 0.9000" in chart.description


def test_history_chart_best_follows_lower_is_better():
    chart = score_history_chart(
        points=[("#1", 60.0, False), ("#2", 45.0, True)], reference=50.0, higher_is_better=False
    )
    assert "best 45.0000" in chart.description
    assert "Lower is better" in chart.description


def test_history_chart_without_points_says_so():
    chart = score_history_chart(points=[], reference=None)
    _accessible(chart)
    assert "No graded attempt yet" in str(chart.svg)
    assert chart.rows == []


def test_progress_chart_segments_add_up():
    chart = progress_chart(passed=2, open_not_passed=1, locked=5)
    _accessible(chart)
    assert [row[1] for row in chart.rows] == ["2", "1", "5"]
    assert chart.rows[0][2] == "25%"
    assert "2 of 8 labs passed" in chart.description


def test_histogram_counts_every_value_once():
    values = [0.1, 0.15, 0.5, 0.52, 0.55, 0.9, 1.0]
    chart = histogram_chart(values=values, bins=5, reference=0.8)
    _accessible(chart)
    assert sum(int(row[1]) for row in chart.rows) == len(values)
    assert len(chart.rows) == 5
    assert 'data-series="reference"' in str(chart.svg)


def test_histogram_of_identical_values_and_of_nothing():
    assert sum(int(r[1]) for r in histogram_chart(values=[0.7, 0.7, 0.7]).rows) == 3
    empty = histogram_chart(values=[])
    _accessible(empty)
    assert empty.rows == []


def test_text_in_charts_is_escaped():
    chart = score_history_chart(
        points=[("<b>#1</b>", 0.5, True)], reference=None, metric_label="<script>x</script>"
    )
    svg = str(chart.svg)
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg
