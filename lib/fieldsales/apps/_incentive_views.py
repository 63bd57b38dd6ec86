"""What the incentive design app shows, as pure functions: periods, curves, charts, tables.

Nothing here holds widgets or state; :mod:`._incentive_design` wires these
to the page. Every CRM or plan string put into HTML is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import altair as alt
import numpy as np
import pandas as pd

from ..incentives import CommissionPlan, SimulationResult, commission_multiple
from ._common import esc, fmt

__all__ = [
    "PLAN_COLORS",
    "STYLE_EXTRA",
    "HISTORY_PERIODS",
    "period_label",
    "complete_periods",
    "curve_frame",
    "curve_chart",
    "quantile_histogram",
    "distribution_frame",
    "distribution_chart",
    "comparison_html",
    "payouts_html",
    "figure",
    "short",
]

#: Styles of this app, added to :data:`._common.STYLE`.
STYLE_EXTRA = """<style>
.fs-compact { font-size: 0.9em; }
.fs-compact td, .fs-compact th { padding: 1px 8px; line-height: 1.5; }
.fs-side { display: inline-block; vertical-align: top; margin: 0 28px 0 0; }
.fs-side h3 { margin: 0.4em 0 0.2em; font-size: 1.05em; }
.fs-scroll { max-height: 440px; overflow: auto; display: inline-block; }
.fs-scroll th { position: sticky; top: 0; background: #fff; white-space: nowrap; }
.fs-total td { font-weight: 600; background: #f7f9fb; }
</style>"""
#: Plan A blue, plan B orange (B drawn dashed, so two equal plans both show).
PLAN_COLORS = ("#3b6ea8", "#e67e22")
#: Complete pay periods loaded per grain: the history the simulation resamples.
HISTORY_PERIODS = {"month": 12, "quarter": 8, "year": 3}
_FREQ = {"month": "M", "quarter": "Q", "year": "Y"}
#: Attainment range of the commission curve.
CURVE_MAX = 2.0
_METRICS = {  # compare_plans metric -> what a manager reads
    "rows_paid": "reps paid",
    "rows_without_quota": "reps without a quota",
    "rows_without_revenue": "reps without revenue data",
    "revenue_won": "revenue won",
    "base_pay": "base pay",
    "commission": "commission",
    "spif_pay": "SPIFs",
    "clawback": "clawbacks",
    "variable_pay": "variable pay",
    "total_pay": "total pay",
    "cost_of_sales": "cost of sales (pay ÷ revenue)",
    "share_at_or_above_target": "reps at or above target",
    "share_capped": "reps capped",
    "share_decelerated": "reps decelerated",
    "reps": "reps simulated",
    "draws": "simulated periods",
    "expected_cost_of_sales": "expected cost of sales",
    "cost_of_sales_p10": "cost of sales, 10th percentile",
    "cost_of_sales_p50": "cost of sales, median",
    "cost_of_sales_p90": "cost of sales, 90th percentile",
    "expected_variable_cost_of_sales": "expected variable pay ÷ revenue",
    "expected_team_pay": "expected team pay",
    "team_pay_p10": "team pay, 10th percentile",
    "team_pay_p50": "team pay, median",
    "team_pay_p90": "team pay, 90th percentile",
    "expected_team_variable_pay": "expected team variable pay",
    "expected_team_revenue": "expected team revenue",
    "rep_variable_pay_p10": "variable pay of a rep, 10th percentile",
    "rep_variable_pay_p50": "variable pay of a rep, median",
    "rep_variable_pay_p90": "variable pay of a rep, 90th percentile",
}


def period_label(period: pd.Period, grain: str) -> str:
    """The label :func:`fieldsales.kpis.compute` uses: ``2026-10``, ``2026-Q3``, ``2026``."""
    if grain == "quarter":
        return f"{period.year}-Q{period.quarter}"
    return str(period)


def complete_periods(end: pd.Timestamp, today: date, grain: str, count: int) -> list[str]:
    """The ``count`` latest pay periods over by ``today`` and covered by data to ``end``.

    A period is complete when its last day is before ``today`` and not after
    the data's last day. Oldest first.
    """
    last_day = min(pd.Timestamp(end).normalize(), pd.Timestamp(today) - pd.Timedelta(days=1))
    period = pd.Period(last_day, freq=_FREQ[grain])
    if period.end_time.normalize() > last_day:
        period -= 1
    return [period_label(period - k, grain) for k in range(count - 1, -1, -1)]


def curve_frame(plans: Mapping[str, CommissionPlan], step: float = 0.01) -> pd.DataFrame:
    """Commission multiple by attainment 0-200% for each plan: ``plan``, ``attainment``,
    ``multiple`` (commission ÷ target variable pay, after decelerator and cap).

    The grid holds every tier start and, at a decelerator's threshold, a point
    just below it, so a jump is drawn as one.
    """
    frames = []
    for label, plan in plans.items():
        grid = set(np.round(np.arange(0, CURVE_MAX + step / 2, step), 10))
        grid |= {t.from_attainment for t in plan.tiers if t.from_attainment <= CURVE_MAX}
        if plan.decelerator is not None:
            grid |= {plan.decelerator.threshold, plan.decelerator.threshold - 1e-9}
        a = np.array(sorted(grid))
        frames.append(
            pd.DataFrame(
                {
                    "plan": label,
                    "attainment": a,
                    "multiple": commission_multiple(plan, a).multiple,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _colors(labels: list[str]) -> alt.Scale:
    return alt.Scale(domain=labels, range=list(PLAN_COLORS[: len(labels)]))


def curve_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Both plans' commission curves, with a rule at 100% attainment."""
    labels = list(dict.fromkeys(frame["plan"]))
    line = (
        alt.Chart(frame)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=alt.X(
                "attainment:Q",
                title="attainment (% of quota)",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, CURVE_MAX]),
            ),
            y=alt.Y("multiple:Q", title="commission ÷ target variable pay"),
            color=alt.Color(
                "plan:N",
                scale=_colors(labels),
                title=None,
                legend=alt.Legend(orient="top-left", labelLimit=260),
            ),
            strokeDash=alt.StrokeDash(
                "plan:N",
                scale=alt.Scale(domain=labels, range=[[1, 0], [7, 4]][: len(labels)]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("plan:N"),
                alt.Tooltip("attainment:Q", format=".0%"),
                alt.Tooltip("multiple:Q", format=".2f", title="× target variable"),
            ],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"attainment": [1.0]}))
        .mark_rule(color="#999999", strokeDash=[3, 3])
        .encode(x="attainment:Q")
    )
    title = alt.TitleParams(
        "Commission curve",
        subtitle="what each plan pays for each level of attainment (SPIFs aside)",
    )
    return alt.layer(rule, line).properties(title=title, width=430, height=250)


def quantile_histogram(quantiles: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Share of a distribution in each bin, from its percentiles 0, 1, ..., 100.

    Each of the 100 gaps between consecutive percentiles holds 1% of the
    distribution, spread evenly over the gap; a gap of width 0 (many equal
    values, e.g. reps at the cap) puts its 1% in the bin holding that value.
    Values outside the edges count in the first or last bin.
    """
    q = np.asarray(quantiles, dtype=float)
    edges = np.asarray(edges, dtype=float)
    n = len(edges) - 1
    share = np.zeros(n)
    unit = 1.0 / (len(q) - 1)
    for lo, hi in zip(q[:-1], q[1:], strict=True):
        if hi <= lo:
            share[np.clip(np.searchsorted(edges, lo, side="right") - 1, 0, n - 1)] += unit
            continue
        inside = np.clip(np.minimum(edges[1:], hi) - np.maximum(edges[:-1], lo), 0, None)
        inside[0] += max(0.0, min(hi, edges[0]) - lo)
        inside[-1] += max(0.0, hi - max(lo, edges[-1]))
        share += unit * inside / (hi - lo)
    return share


def distribution_frame(results: Mapping[str, SimulationResult], bins: int = 24) -> pd.DataFrame:
    """Share of simulated rep-periods by variable pay, per plan: ``plan``, ``pay_from``,
    ``pay_to``, ``share``.

    The bins run from 0 to the highest 99th percentile of the plans (the top
    1% counts in the last bin).
    """
    top = max(float(r.rep_variable_pay_quantiles[99]) for r in results.values())
    edges = np.linspace(0.0, top if top > 0 else 1.0, bins + 1)
    frames = [
        pd.DataFrame(
            {
                "plan": label,
                "pay_from": edges[:-1],
                "pay_to": edges[1:],
                "share": quantile_histogram(r.rep_variable_pay_quantiles, edges),
            }
        )
        for label, r in results.items()
    ]
    return pd.concat(frames, ignore_index=True)


def distribution_chart(frame: pd.DataFrame, per: str, currency: str) -> alt.Chart:
    """Both plans' simulated variable pay per rep and period, as overlaid step areas."""
    labels = list(dict.fromkeys(frame["plan"]))
    title = alt.TitleParams(
        f"Variable pay per rep and {per}, simulated",
        subtitle="share of reps paid each amount, from their past attainment",
    )
    # a step is drawn from each point to the next: a last point closes the last bin
    last = frame.groupby("plan", sort=False).tail(1)
    data = pd.concat([frame, last.assign(pay_from=last["pay_to"])], ignore_index=True)
    return (
        alt.Chart(data)
        .mark_area(interpolate="step-after", opacity=0.3, line=True)
        .encode(
            x=alt.X(
                "pay_from:Q",
                title=f"variable pay in a {per} ({currency})",
                axis=alt.Axis(format="~s"),
            ),
            y=alt.Y("share:Q", title="share of reps", axis=alt.Axis(format="%"), stack=None),
            color=alt.Color(
                "plan:N",
                scale=_colors(labels),
                title=None,
                legend=alt.Legend(orient="top-right", labelLimit=260),
            ),
            tooltip=[
                alt.Tooltip("plan:N"),
                alt.Tooltip("pay_from:Q", format=",.0f", title="from"),
                alt.Tooltip("pay_to:Q", format=",.0f", title="to"),
                alt.Tooltip("share:Q", format=".1%"),
            ],
        )
        .properties(title=title, width=430, height=250)
    )


def _unit(unit: str) -> str:
    return unit if unit in ("ratio", "count") else "currency"


def figure(value: object, unit: str) -> str:
    """A figure as the app shows it: ratios with one decimal (16.6%), amounts in full."""
    if unit == "ratio" and not isinstance(value, str) and value is not None and not pd.isna(value):
        return f"{float(value):.1%}"
    return fmt(value, _unit(unit))


def short(value: float, unit: str) -> str:
    """A tile's figure: ``ratio`` 16.6%; amounts 1.42 M, 84 k, 950."""
    if unit == "ratio" or pd.isna(value):
        return figure(value, "ratio")
    if abs(value) >= 1e6:
        return f"{value / 1e6:,.2f} M"
    if abs(value) >= 1e4:
        return f"{value / 1e3:,.0f} k"
    return f"{value:,.0f}"


def _difference(value: float, unit: str) -> str:
    if value is None or pd.isna(value):
        return "–"
    if abs(value) < 1e-12:
        return "same"
    if unit == "ratio":
        return f"{value * 100:+.1f} pts"
    return f"{value:+,.0f}"


def comparison_html(frame: pd.DataFrame, names: tuple[str, str], heads: Mapping[str, str]) -> str:
    """The :func:`~fieldsales.incentives.compare_plans` frame as one table per basis.

    ``heads`` maps a basis (``actual``, ``simulated``) to the heading above it.
    """
    out = []
    for basis, rows in frame.groupby("basis", sort=False):
        body = []
        for r in rows.itertuples(index=False):
            unit = _unit(r.unit)
            body.append(
                f"<tr><td>{esc(_METRICS.get(r.metric, r.metric.replace('_', ' ')))}</td>"
                f'<td class="fs-num">{esc(figure(r.plan_a, unit))}</td>'
                f'<td class="fs-num">{esc(figure(r.plan_b, unit))}</td>'
                f'<td class="fs-num">{esc(_difference(r.difference, r.unit))}</td></tr>'
            )
        out.append(
            f'<div class="fs-side"><h3>{esc(heads.get(basis, basis))}</h3>'
            f'<table class="fs-table fs-compact"><thead><tr><th></th>'
            f'<th title="{esc(names[0])}">Plan A</th><th title="{esc(names[1])}">Plan B</th>'
            "<th>B − A</th></tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table></div>"
        )
    return "".join(out)


_PAY_COLUMNS = {  # payout column -> heading, unit
    "rep_name": ("Rep", ""),
    "attainment": ("Attainment", "ratio"),
    "base_pay": ("Base pay", "currency"),
    "commission": ("Commission", "currency"),
    "spif_pay": ("SPIFs", "currency"),
    "clawback": ("Clawback", "currency"),
    "total_pay": ("Total pay", "currency"),
    "notes": ("Notes", ""),
}


def payouts_html(payouts: pd.DataFrame, summary: pd.DataFrame) -> str:
    """One row per rep (by name) and a totals row from
    :func:`~fieldsales.incentives.payout_summary` (rows with a quota only)."""
    if payouts.empty:
        return '<p class="fs-muted"><em>No rep was paid by the plan in this period.</em></p>'
    totals = summary.set_index("metric")["value"]
    head = "".join(f"<th>{esc(title)}</th>" for title, _ in _PAY_COLUMNS.values())
    rows = []
    for record in payouts.sort_values(["rep_name", "rep_id"]).to_dict("records"):
        cells = []
        for column, (_, unit) in _PAY_COLUMNS.items():
            value = record.get(column)
            if column == "rep_name":
                value = value or record["rep_id"]
            if column == "attainment" and record["status"] != "ok":
                value = record["status"]
            css = (
                ' class="fs-num"' if unit else ' class="fs-nowrap"' if column == "rep_name" else ""
            )
            if column == "notes":
                css = ' class="fs-muted"'
            cells.append(f"<td{css}>{esc(figure(value, unit))}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    total = [f"Total of {int(totals['rows_paid'])} reps with a quota", ""]
    total += [
        fmt(totals[m], "currency")
        for m in ("base_pay", "commission", "spif_pay", "clawback", "total_pay")
    ]
    total_row = "".join(
        f'<td class="fs-num">{esc(v)}</td>' if i > 1 else f'<td class="fs-nowrap">{esc(v)}</td>'
        for i, v in enumerate(total)
    )
    return (
        f'<div class="fs-scroll"><table class="fs-table fs-compact"><thead><tr>{head}</tr></thead>'
        f'<tbody><tr class="fs-total">{total_row}<td></td></tr>{"".join(rows)}'
        "</tbody></table></div>"
    )
