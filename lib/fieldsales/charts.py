"""Altair chart builders: pure functions from a tidy frame to an ``alt.Chart``.

They never fetch anything and never change Altair's global state; how a chart
is rendered (svg via vl-convert for offline HTML reports) is the caller's
choice — see :func:`show_offline`.

Every spec used here exists in vega-lite 5 too (Voila draws v5 locally).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

__all__ = [
    "trend_chart",
    "pipeline_chart",
    "activity_mix_chart",
    "attainment_histogram",
    "leaderboard_chart",
    "alerts_by_practice_chart",
    "show_offline",
    "WIDTH",
]

#: Default chart width in pixels (a report page is about 900 px wide).
WIDTH = 560
_COLOR = "#3b6ea8"
_ALERT = "#c0392b"


def _base(frame: pd.DataFrame, title: str) -> alt.Chart:
    return alt.Chart(frame, title=title, width=WIDTH)


def trend_chart(
    frame: pd.DataFrame,
    value: str,
    title: str,
    *,
    declining: bool = False,
    team: str | None = None,
) -> alt.Chart | alt.LayerChart:
    """A monthly line of ``value`` over ``period_start``; red when a decline is flagged.

    ``team`` names a column of team medians drawn as a dashed grey line.
    """
    data = frame[["period_start", value] + ([team] if team else [])].copy()
    data["period_start"] = pd.to_datetime(data["period_start"])
    x = alt.X("period_start:T", title=None, axis=alt.Axis(format="%Y-%m"))
    line = (
        _base(data, title)
        .mark_line(point=True, color=_ALERT if declining else _COLOR)
        .encode(x=x, y=alt.Y(f"{value}:Q", title=None), tooltip=["period_start:T", f"{value}:Q"])
    )
    if not team:
        return line
    median = (
        alt.Chart(data)
        .mark_line(strokeDash=[4, 3], color="#999999")
        .encode(x=x, y=alt.Y(f"{team}:Q"))
    )
    return alt.layer(line, median)


def pipeline_chart(frame: pd.DataFrame, title: str = "Open pipeline by stage") -> alt.Chart:
    """Horizontal bars of ``amount`` per ``stage`` (stages in the order given)."""
    return (
        _base(frame, title)
        .mark_bar(color=_COLOR)
        .encode(
            y=alt.Y("stage:N", sort=list(frame["stage"]), title=None),
            x=alt.X("amount:Q", title="amount"),
            tooltip=["stage:N", "deals:Q", "amount:Q"],
        )
    )


def activity_mix_chart(frame: pd.DataFrame, title: str = "Activity mix") -> alt.Chart:
    """Bars of the share of each activity ``type``; ``who`` (rep / team) side by side."""
    return (
        _base(frame, title)
        .mark_bar()
        .encode(
            y=alt.Y("type:N", title=None),
            yOffset="who:N",
            x=alt.X("share:Q", axis=alt.Axis(format="%"), title="share of activities"),
            color=alt.Color("who:N", title=None),
            tooltip=["who:N", "type:N", alt.Tooltip("share:Q", format=".0%")],
        )
    )


def attainment_histogram(
    frame: pd.DataFrame, title: str = "Quota attainment across the team"
) -> alt.Chart:
    """Histogram of ``quota_attainment`` (one row per rep), bins of 10 points."""
    return (
        _base(frame, title)
        .mark_bar(color=_COLOR)
        .encode(
            x=alt.X(
                "quota_attainment:Q",
                bin=alt.Bin(step=0.1),
                axis=alt.Axis(format="%"),
                title="attainment",
            ),
            y=alt.Y("count():Q", title="reps"),
        )
    )


def leaderboard_chart(
    frame: pd.DataFrame, value: str = "revenue_won", label: str = "rep_name", title: str = ""
) -> alt.Chart:
    """Horizontal bars of ``value`` per ``label``, best first."""
    return (
        _base(frame, title or f"{value} by rep")
        .mark_bar(color=_COLOR)
        .encode(
            y=alt.Y(f"{label}:N", sort="-x", title=None),
            x=alt.X(f"{value}:Q", title=value),
            tooltip=[f"{label}:N", f"{value}:Q"],
        )
    )


def alerts_by_practice_chart(frame: pd.DataFrame, title: str = "Alerts by practice") -> alt.Chart:
    """Stacked bars: alerts per ``practice_name``, coloured by ``severity``."""
    return (
        _base(frame, title)
        .mark_bar()
        .encode(
            y=alt.Y("practice_name:N", sort="-x", title=None),
            x=alt.X("alerts:Q", title="alerts"),
            color=alt.Color(
                "severity:N",
                scale=alt.Scale(
                    domain=["high", "medium", "low"], range=[_ALERT, "#e67e22", "#f1c40f"]
                ),
            ),
            tooltip=["practice_name:N", "severity:N", "alerts:Q"],
        )
    )


def show_offline(chart: alt.TopLevelMixin) -> None:
    """Display ``chart`` as static SVG (vl-convert): it needs no script and no network.

    The renderer is enabled only for this call, so Altair's global state is
    left as it was.
    """
    from IPython.display import display

    with alt.renderers.enable("svg"):
        display(chart)
