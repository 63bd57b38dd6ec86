"""Charts of the equity analysis: composition by team, gaps with their intervals.

Pure functions from the frames of :mod:`fieldsales.equity` to ``alt.Chart``;
every spec exists in vega-lite 5 (Voila draws v5 offline).
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

__all__ = ["composition_chart", "gap_chart"]

_PALETTE = ["#3b6ea8", "#e67e22", "#2e8b57", "#8e44ad", "#c0392b", "#7f8c8d", "#16a085"]


def composition_chart(frame: pd.DataFrame, group_title: str, title: str = "") -> alt.Chart:
    """Stacked bars: each team's reps split by group (shares; counts in the tooltip).

    ``frame`` is :func:`fieldsales.equity.composition` output; ``All teams`` comes first.
    """
    teams = ["All teams"] + sorted(t for t in frame["team"].unique() if t != "All teams")
    groups = sorted(frame["group"].unique())
    return (
        alt.Chart(frame, title=title or f"Reps by {group_title}, per team", width=460)
        .mark_bar()
        .encode(
            y=alt.Y("team:N", sort=teams, title=None),
            x=alt.X(
                "reps:Q",
                stack="normalize",
                title="share of the team's reps",
                axis=alt.Axis(format="%"),
            ),  # fmt: skip
            color=alt.Color(
                "group:N",
                title=group_title,
                sort=groups,
                scale=alt.Scale(domain=groups, range=_PALETTE[: len(groups)] or _PALETTE),
                legend=alt.Legend(labelLimit=360),  # merged groups have long names
            ),  # fmt: skip
            order=alt.Order("group:N"),
            tooltip=[
                alt.Tooltip("team:N", title="team"),
                alt.Tooltip("group:N", title=group_title),
                alt.Tooltip("reps:Q", title="reps"),
                alt.Tooltip("share:Q", title="share", format=".0%"),
            ],
        )
    )


def gap_chart(frame: pd.DataFrame, title: str, axis_title: str, *, fmt: str = "+.0%") -> alt.Chart:
    """Each judged group's gap (point) and 95% interval (line) against the reference (0).

    ``frame`` has ``group``, ``gap``, ``low``, ``high`` and ``verdict``; groups
    without a gap (too small, the reference) are left out, the reference is
    the zero line.
    """
    shown = frame[np.isfinite(frame["gap"].astype(float))][["group", "gap", "low", "high",
                                                              "verdict"]]  # fmt: skip
    shown = shown.assign(clear=shown["verdict"].str.startswith("clear"))
    base = alt.Chart(shown, width=320, height=max(60, 30 * len(shown)))
    y = alt.Y("group:N", title=None, sort=list(shown["group"]))
    tooltip = [
        alt.Tooltip("group:N", title="group"),
        alt.Tooltip("gap:Q", title="gap", format=fmt),
        alt.Tooltip("low:Q", title="95% from", format=fmt),
        alt.Tooltip("high:Q", title="95% to", format=fmt),
        alt.Tooltip("verdict:N", title="reading"),
    ]
    interval = base.mark_rule(strokeWidth=2, color="#7f8c8d").encode(
        y=y, x=alt.X("low:Q", title=axis_title, axis=alt.Axis(format=fmt)), x2="high:Q",
        tooltip=tooltip,
    )  # fmt: skip
    point = base.mark_point(filled=True, size=90).encode(
        y=y, x="gap:Q", tooltip=tooltip,
        color=alt.condition("datum.clear", alt.value("#c0392b"), alt.value("#3b6ea8")),
    )  # fmt: skip
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(strokeDash=[4, 3], color="#333")
    return alt.layer(interval, point, zero.encode(x="x:Q")).properties(title=title)
