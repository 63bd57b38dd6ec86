"""Altair charts of goal sets: targets against last year's actual, and the breakdown over time.

Pure functions from tidy frames to ``alt.Chart``; every spec exists in
vega-lite 5 (Voila draws v5 locally). Altair is imported when a chart is built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    import altair as alt

__all__ = ["targets_chart", "breakdown_chart", "SERIES_COLORS", "MAX_HEIGHT"]

#: Tallest :func:`targets_chart` in pixels, however many reps or teams it shows.
MAX_HEIGHT = 1200
#: Colours of the series of :func:`targets_chart`: actual grey, proposal light, target dark.
SERIES_COLORS = ("#9aa5b1", "#9ec5e8", "#1f5f99")


def targets_chart(frame: pd.DataFrame, title: str, *, label: str = "Rep") -> alt.Chart:
    """Horizontal bars per ``who`` (a rep or team): one bar per ``series`` side by side.

    ``frame``: ``who``, ``series`` (in the order to show), ``value``.
    """
    import altair as alt

    series = list(dict.fromkeys(frame["series"]))
    bars = len(series) * frame["who"].nunique()
    # 16 px a bar, but at most about 1200 px in all (a company of a hundred teams)
    height = max(120, round(min(16.0, MAX_HEIGHT / max(bars, 1)) * bars))
    return (
        alt.Chart(frame, title=title, width=420, height=height)
        .mark_bar()
        .encode(
            y=alt.Y("who:N", title=None, sort=list(dict.fromkeys(frame["who"]))),
            yOffset=alt.YOffset("series:N", sort=series),
            x=alt.X("value:Q", title=None),
            color=alt.Color(
                "series:N",
                title=None,
                sort=series,
                scale=alt.Scale(domain=series, range=list(SERIES_COLORS[-len(series) :])),
                legend=alt.Legend(orient="top"),
            ),  # fmt: skip
            tooltip=[
                alt.Tooltip("who:N", title=label),
                alt.Tooltip("series:N", title="what"),
                alt.Tooltip("value:Q", title="value", format=",.0f"),
            ],  # fmt: skip
        )
    )


def breakdown_chart(frame: pd.DataFrame, title: str) -> alt.Chart:
    """Bars of ``target`` per ``slice`` in time order, coloured by ``group`` (month or quarter).

    ``frame``: ``slice`` (label), ``group``, ``target``, in time order.
    """
    import altair as alt

    frame = frame.assign(order=range(len(frame)), key=frame["group"] + " " + frame["slice"])
    return (
        alt.Chart(frame, title=title, width=max(240, 26 * len(frame)), height=200)
        .mark_bar()
        .encode(
            x=alt.X("key:N", sort=list(frame["key"]), title=None,
                    axis=alt.Axis(labelExpr="split(datum.label, ' ')[1]", labelAngle=-60)),
            y=alt.Y("target:Q", title=None),
            color=alt.Color("group:N", title=None, legend=alt.Legend(orient="top")),
            tooltip=[alt.Tooltip("group:N", title="in"), alt.Tooltip("slice:N", title="slice"),
                     alt.Tooltip("target:Q", title="target", format=",.0f")],
        )
    )  # fmt: skip
