"""Server-drawn charts: bars in proportion, every chart titled and described, nothing drawn from no figures."""

from complaints import charts


def test_stacked_columns_stack_each_series_in_proportion():
    chart = charts.stacked_columns(
        title="By month",
        description="Answered on time and late by month.",
        categories=[("Oct 2026", {"on_time": 3, "late": 1}), ("Nov 2026", {"on_time": 2})],
        series=[charts.Series("on_time", "On time"), charts.Series("late", "Late")],
    )
    assert not chart.empty
    october_on_time, october_late, november_on_time = chart.rects
    assert (october_on_time.css_class, october_late.css_class) == ("chart-series-1", "chart-series-2")
    # The axis tops out at 5: three is three fifths of the plot's height, one is a fifth.
    plot_h = chart.height - 12 - 48
    assert round(october_on_time.height, 6) == round(plot_h * 3 / 5, 6)
    assert round(october_late.height, 6) == round(plot_h / 5, 6)
    assert october_late.y + october_late.height == october_on_time.y  # stacked on top
    assert october_late.tooltip == "Oct 2026: late 1"
    assert [i.label for i in chart.legend] == ["On time", "Late"]
    assert {"Oct 2026", "Nov 2026", "4", "2"} <= {label.text for label in chart.labels}


def test_a_chart_of_nothing_says_so():
    chart = charts.stacked_columns(
        title="By month", description="None.", categories=[("Oct 2026", {})], series=[charts.Series("a", "A")]
    )
    assert chart.empty and chart.rects == ()
    bars = charts.horizontal_bars(title="Medians", description="None.", items=[("Green", None)])
    assert bars.empty and [label.text for label in bars.labels][-1] == "none"


def test_horizontal_bars_mark_the_reference_and_write_each_value():
    chart = charts.horizontal_bars(
        title="Median working days to reply, by political group",
        description="Medians by group.",
        items=[("Green", 4), ("Labour", 5)],
        unit="days",
        reference=("Council median", 4),
    )
    green, labour = chart.rects
    assert labour.width / green.width == 5 / 4
    assert len(chart.marks) == 1 and chart.marks[0].x1 == green.x + green.width  # the median line at 4
    assert {"4 days", "5 days", "Council median: 4"} <= {label.text for label in chart.labels}
    assert chart.title_id != chart.desc_id and chart.title_id.startswith(chart.dom_id)


def test_a_long_period_labels_every_other_month():
    chart = charts.stacked_columns(
        title="By month", description="Two years.",
        categories=[(f"M{i}", {"a": 1}) for i in range(24)], series=[charts.Series("a", "A")],
    )
    month_labels = [label.text for label in chart.labels if label.text.startswith("M")]
    assert month_labels == [f"M{i}" for i in range(0, 24, 2)]
