"""The SVG bar chart's geometry."""

from pdflet.admin.chart import bar_chart, nice_ceiling


def test_nice_ceiling():
    assert [nice_ceiling(v) for v in (0, 1, 3, 7, 10, 11, 180, 999)] == [1, 1, 5, 10, 10, 20, 200, 1000]


def test_bars_scale_to_the_peak_and_sit_on_the_axis():
    chart = bar_chart([("2026-01-01", 0), ("2026-01-02", 5), ("2026-01-03", 10)], width=300, height=200)
    zero, half, full = chart.bars
    assert zero.height == 0
    assert abs(half.height * 2 - full.height) < 0.05
    assert all(abs((b.y + b.height) - chart.bars[0].y) < 0.05 for b in chart.bars)  # common baseline
    assert full.title == "2026-01-03: 10 requests"
    assert chart.total == 15
    assert [t.label for t in chart.ticks] == ["0", "5", "10"]
    assert max(b.x + b.width for b in chart.bars) <= 300


def test_ninety_days_keep_few_labels_and_the_last_day():
    points = [(f"2026-01-{d:02d}", d) for d in range(1, 31)] * 3
    chart = bar_chart(points, max_labels=8)
    assert len(chart.bars) == 90
    assert len(chart.x_labels) <= 8
    assert chart.x_labels[-1][1] == points[-1][0][5:]


def test_an_empty_period_has_integer_ticks():
    chart = bar_chart([("2026-01-01", 0)] * 7)
    assert [t.label for t in chart.ticks] == ["0", "1"]
    assert chart.total == 0
