"""Chart builders for the model notebooks: pure functions returning ``alt.Chart``."""

from __future__ import annotations

import pandas as pd

__all__ = ["calibration_chart"]


def calibration_chart(calibration: pd.DataFrame, title: str = "Calibration (test months)"):
    """Mean predicted risk against the observed rate per bin, with the diagonal.

    Uses only marks and encodings that exist in vega-lite 5 and 6. Render it
    offline (``alt.renderers.enable("svg")`` uses vl-convert, no network).
    """
    import altair as alt

    top = float(max(calibration["predicted"].max(), calibration["observed"].max(), 0.05))
    diagonal = pd.DataFrame({"predicted": [0.0, top], "observed": [0.0, top]})
    axis_x = alt.X("predicted:Q", title="mean predicted risk", scale=alt.Scale(domain=[0, top]))
    axis_y = alt.Y("observed:Q", title="observed rate", scale=alt.Scale(domain=[0, top]))
    line = alt.Chart(diagonal).mark_line(strokeDash=[4, 4], color="gray").encode(axis_x, axis_y)
    points = (
        alt.Chart(calibration)
        .mark_circle(size=80)
        .encode(axis_x, axis_y, tooltip=["bin", "n", "predicted", "observed"])
    )
    return (line + points).properties(width=320, height=320, title=title)
