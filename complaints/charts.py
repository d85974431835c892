"""Charts drawn on the server as SVG: no JavaScript, no CDN, printable.

Each chart is a dataclass holding its geometry, drawn by templates/reports/_chart.html. A chart
always has a title and a one-sentence description (read out by screen readers through the
SVG's <title> and <desc>), and the page shows the same figures beside it in a table: the chart
is for a person who would rather look than read, never the only place a figure is.

Colours come from CSS classes (chart-series-1 ...) in static/css/portal.css, so the strict
Content-Security-Policy (no inline styles) holds, and the legend names every series in the
order the segments are stacked.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

_ids = itertools.count(1)


def _nice_ceiling(value: float) -> float:
    """A round number at or above `value` for the top of the axis (1, 2, 5, 10, 20, 50...)."""
    if value <= 0:
        return 1
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        top = step * 10**exponent
        if top >= value:
            return top
    return 10 ** (exponent + 1)


def _number(value: float) -> str:
    return f"{value:g}" if value != int(value) else f"{int(value)}"


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    css_class: str
    tooltip: str


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "middle"


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class LegendItem:
    label: str
    css_class: str


@dataclass(frozen=True)
class Chart:
    dom_id: str
    title: str
    description: str
    width: int
    height: int
    rects: tuple[Rect, ...]
    labels: tuple[Label, ...]
    grid: tuple[Line, ...]
    axis: tuple[Line, ...]
    legend: tuple[LegendItem, ...]
    empty: bool
    marks: tuple[Line, ...] = ()  # reference lines, drawn dashed

    @property
    def title_id(self) -> str:
        return f"{self.dom_id}-title"

    @property
    def desc_id(self) -> str:
        return f"{self.dom_id}-desc"


@dataclass(frozen=True)
class Series:
    key: str
    label: str


def stacked_columns(
    *,
    title: str,
    description: str,
    categories: Sequence[tuple[str, dict[str, float]]],
    series: Sequence[Series],
    width: int = 640,
    height: int = 300,
) -> Chart:
    """Vertical columns, one per category (e.g. a month), each stacked from its series (bottom first)."""
    left, right, top, bottom = 44, 12, 12, 48
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(values.get(s.key, 0) for s in series) for _, values in categories]
    ceiling = _nice_ceiling(max(totals, default=0))
    slot = plot_w / max(len(categories), 1)
    column_w = min(slot * 0.6, 56)
    every = max(1, math.ceil(len(categories) / 12))  # a label for every month up to a year, then fewer
    rects, labels, grid = [], [], []
    for i in range(5):
        value = ceiling * i / 4
        y = top + plot_h - plot_h * i / 4
        grid.append(Line(left, y, left + plot_w, y))
        labels.append(Label(left - 6, y + 4, _number(round(value, 2)), anchor="end"))
    for index, (name, values) in enumerate(categories):
        x = left + slot * index + (slot - column_w) / 2
        y = top + plot_h
        for number, s in enumerate(series, start=1):
            value = values.get(s.key, 0)
            if not value:
                continue
            h = plot_h * value / ceiling
            y -= h
            rects.append(Rect(x, y, column_w, h, f"chart-series-{number}", f"{name}: {s.label.lower()} {_number(value)}"))
        if index % every == 0:
            labels.append(Label(x + column_w / 2, top + plot_h + 18, name))
        if totals[index] and every == 1:
            labels.append(Label(x + column_w / 2, y - 4, _number(totals[index])))
    axis = (Line(left, top, left, top + plot_h), Line(left, top + plot_h, left + plot_w, top + plot_h))
    return Chart(
        dom_id=f"chart-{next(_ids)}",
        title=title,
        description=description,
        width=width,
        height=height,
        rects=tuple(rects),
        labels=tuple(labels),
        grid=tuple(grid),
        axis=axis,
        legend=tuple(LegendItem(s.label, f"chart-series-{n}") for n, s in enumerate(series, start=1)),
        empty=not any(totals),
    )


def horizontal_bars(
    *,
    title: str,
    description: str,
    items: Sequence[tuple[str, float | None]],
    unit: str = "",
    width: int = 640,
    reference: tuple[str, float] | None = None,
) -> Chart:
    """One bar per item, its value written at its end; an item with no value is labelled "none".

    `reference` draws a vertical line (e.g. the council's median) so a longer wait stands out.
    """
    left, right, top, row_h = 190, 70, 8, 28
    height = top * 2 + row_h * max(len(items), 1) + 20
    plot_w = width - left - right
    values = [v for _, v in items if v is not None]
    ceiling = _nice_ceiling(max([*values, reference[1] if reference else 0], default=0))
    rects, labels, marks = [], [], []
    for index, (name, value) in enumerate(items):
        y = top + row_h * index
        short = name if len(name) <= 28 else name[:27] + "…"
        labels.append(Label(left - 8, y + row_h / 2 + 4, short, anchor="end"))
        if value is None:
            labels.append(Label(left + 4, y + row_h / 2 + 4, "none", anchor="start"))
            continue
        w = plot_w * value / ceiling
        text = f"{_number(round(value, 1))}{f' {unit}' if unit else ''}"
        rects.append(Rect(left, y + 5, max(w, 1), row_h - 10, "chart-series-1", f"{name}: {text}"))
        labels.append(Label(left + w + 6, y + row_h / 2 + 4, text, anchor="start"))
    bottom = top + row_h * max(len(items), 1)
    axis = [Line(left, top, left, bottom)]
    legend = []
    if reference is not None:
        x = left + plot_w * reference[1] / ceiling
        marks.append(Line(x, top, x, bottom))
        labels.append(Label(x, bottom + 14, f"{reference[0]}: {_number(round(reference[1], 1))}"))
        legend.append(LegendItem(f"Dashed line: {reference[0].lower()}", "chart-reference-key"))
    return Chart(
        dom_id=f"chart-{next(_ids)}",
        title=title,
        description=description,
        width=width,
        height=height,
        rects=tuple(rects),
        labels=tuple(labels),
        grid=(),
        axis=tuple(axis),
        legend=tuple(legend),
        empty=not values,
        marks=tuple(marks),
    )
