"""Practice 20, cultural diversity: the checklist, then composition and gaps by group.

``playbook/diversity_checklist.ipynb``. The checklist (items from
:mod:`fieldsales.playbook`, answers in the decisions store) comes first; below
it, from :mod:`fieldsales.equity`: the team composition by gender or age
band, the revenue target gap for the same tenure and place, and the voluntary
exit gap adjusted for tenure, each with a 95% interval. Groups under the
minimum size are "too small to judge". Pay is not in the canonical data.
"""

from __future__ import annotations

from datetime import date
from os import PathLike

import ipywidgets as widgets
import numpy as np
import pandas as pd

from .. import config
from ..equity import (
    GROUP_COLUMNS,
    TOO_SMALL,
    EquityData,
    composition_chart,
    gap_chart,
    load_equity,
)
from ..exceptions import ConfigError, FieldsalesError
from ..playbook import load_checklist
from ..workspace import Workspace
from ._checklist import checklist_app
from ._common import App, error_html, esc, guarded, html_table, note_html, open_ws, wait_for_viewer
from ._render import chart_output, show_chart, show_html

__all__ = ["diversity_checklist", "PAY_NOTE"]

#: What the page says about pay: the data model has no pay table.
PAY_NOTE = (
    "Pay: not in the data. fieldsales imports no salaries or bonuses, so pay gaps cannot be "
    "shown here; compare base and variable pay by group with HR's figures (checklist item "
    "“Compare pay by group”)."
)


def _pct(value: float, signed: bool = True) -> str:
    if value is None or not np.isfinite(value):
        return "–"
    return f"{value:+.0%}" if signed else f"{value:.0%}"


def _interval(low: float, high: float, fmt) -> str:
    if not (np.isfinite(low) and np.isfinite(high)):
        return "–"
    return f"{fmt(low)} to {fmt(high)}"


def _reference_first(gaps: pd.DataFrame) -> pd.DataFrame:
    """The reference group, then the judged groups, then those too small (largest first)."""
    rank = gaps["verdict"].map(
        lambda v: 0 if v == "reference group" else 2 if v == TOO_SMALL else 1
    )
    return gaps.assign(_rank=rank).sort_values(["_rank", "reps"], ascending=[True, False],
                                               kind="stable").drop(columns="_rank")  # fmt: skip


def _target_rows(gaps: pd.DataFrame) -> pd.DataFrame:
    def shown(row) -> dict:
        small = row["verdict"] == TOO_SMALL
        ref = row["verdict"] == "reference group"
        return {
            "group": row["group"],
            "reps": int(row["reps"]),
            "mean": "–" if small else f"{row['mean_target']:,.0f}",
            "raw": "reference" if ref else _pct(row["raw_gap"]),
            "gap": "reference" if ref else _pct(row["gap"]),
            "interval": _interval(row["low"], row["high"], _pct),
            "verdict": row["verdict"],
        }

    return pd.DataFrame([shown(r) for _, r in _reference_first(gaps).iterrows()])


def _points(value: float) -> str:
    return "–" if not np.isfinite(value) else f"{value * 100:+.1f} pts"


def _attrition_rows(gaps: pd.DataFrame) -> pd.DataFrame:
    def shown(row) -> dict:
        small = row["verdict"] == TOO_SMALL
        ref = row["verdict"] == "reference group"

        def num(value, text):
            return "–" if small or not np.isfinite(value) else text

        return {
            "group": row["group"],
            "reps": int(row["reps"]),
            "years": num(row["rep_years"], f"{row['rep_years']:,.0f}"),
            "exits": num(row["exits"], f"{row['exits']:,.0f}"),
            "raw": num(row["raw_rate"], f"{row['raw_rate']:.1%}"),
            "expected": num(row["expected"], f"{row['expected']:,.1f}"),
            "adjusted": num(row["adjusted_rate"], f"{row['adjusted_rate']:.1%}"),
            "gap": "reference" if ref else _points(row["gap"]),
            "interval": _interval(row["low"], row["high"], _points),
            "verdict": row["verdict"],
        }

    return pd.DataFrame([shown(r) for _, r in _reference_first(gaps).iterrows()])


def _show_targets(out, view, data: EquityData, column: str, label: str) -> None:
    if data.target_months is None or data.targets.empty:
        view.value = '<p class="fs-muted">No revenue targets in the data (quotas table): ' \
                     "nothing to compare.</p>"  # fmt: skip
        show_html(out, "")
        return
    gaps = data.target_gap(column)
    first, last = data.target_months
    table = html_table(
        _target_rows(gaps),
        {"group": label.capitalize(), "reps": "Reps", "mean": "Average target per FTE month",
         "raw": "Raw difference", "gap": f"Same tenure and {data.place}",
         "interval": "95% interval", "verdict": "Reading"},
        nowrap=("group", "interval"),
    )  # fmt: skip
    view.value = (
        f'<p class="fs-muted">Revenue target per full-time month, {esc(first)} to {esc(last)}; '
        f"the gap compares reps of the same tenure band in the same {esc(data.place)} with the "
        "reference group (a gap of +10% means 10% higher targets).</p>" + table
    )
    chart_gaps = gaps.assign(**{c: gaps[c].astype(float) for c in ("gap", "low", "high")})
    if not np.isfinite(chart_gaps["gap"]).any():
        show_html(out, '<p class="fs-muted">No group besides the reference is large enough '
                       "to compare targets.</p>")  # fmt: skip
        return
    show_chart(out, gap_chart(chart_gaps, f"Target gap by {label}, vs reference",
                              "target difference, same tenure and place"))  # fmt: skip


def _show_attrition(out, view, data: EquityData, column: str, label: str) -> None:
    gaps = data.attrition_gap(column)
    start, end = data.attrition_window
    table = html_table(
        _attrition_rows(gaps),
        {"group": label.capitalize(), "reps": "Reps", "years": "Rep-years",
         "exits": "Voluntary exits", "raw": "Exits a year", "expected": "Expected from tenure",
         "adjusted": "Tenure-adjusted", "gap": "Gap", "interval": "95% interval",
         "verdict": "Reading"},
        nowrap=("group", "interval", "gap"),
    )  # fmt: skip
    view.value = (
        f'<p class="fs-muted">Voluntary exits from {start:%d %b %Y} to {end:%d %b %Y} per rep '
        "employed a year; “expected from tenure” applies the company's exit rate at each tenure "
        "(new reps leave more often) to the group, and the gap compares tenure-adjusted rates "
        "with the reference group, in exits per 100 reps a year (pts).</p>" + table
    )
    scaled = gaps.assign(**{c: gaps[c].astype(float) * 100 for c in ("gap", "low", "high")})
    if not np.isfinite(scaled["gap"]).any():
        show_html(out, '<p class="fs-muted">No group besides the reference is large enough, '
                       "or no rep left voluntarily: no exit gap to draw.</p>")  # fmt: skip
        return
    title = f"Voluntary exit gap by {label}, vs reference"
    axis = "exits per 100 reps a year, tenure-adjusted"
    show_chart(out, gap_chart(scaled, title, axis, fmt="+.1f"))


def _method(data: EquityData) -> str:
    return (
        '<p class="fs-muted">How it is computed: managers are left out; a group with fewer than '
        f"{data.min_group} reps is “{TOO_SMALL}” and gets no figure. Target gaps come from a "
        "least-squares fit of log target on group, tenure band and place; exit gaps from "
        "indirect standardisation by tenure band. Intervals: bootstrap over reps, "
        f"{data.n_boot} draws. An interval that includes 0 means the difference could be "
        "chance. These figures describe the data; they do not say why a gap exists.</p>"
    )


def diversity_checklist(
    ws: Workspace | str | PathLike | None = None,
    today: date | None = None,
    *,
    team: str = "",
    group: str = "",
    user: str = "",
    lang: str = "en",
) -> App:
    """The diversity checklist app (practice 20): a fresh widget tree.

    Parameters
    ----------
    ws : a workspace, its folder, or empty for ``FIELDSALES_WORKSPACE``.
    today : the day overdue items are judged against; default :func:`fieldsales.config.today`.
    team : the team whose checklist is shown first; empty for the whole company's.
    group : ``gender`` or ``age_band``, the grouping shown first; empty for the first present.
    user : the name recorded with saves; default ``FIELDSALES_USER`` or the OS user.
    lang : ``en`` or ``zh``, the language of the checklist items.

    Returns
    -------
    :class:`~fieldsales.apps.App` with ``controls`` ``team``, ``user`` and
    ``group`` (when the reps have a group column), and ``parts`` ``checklist``
    (:class:`~fieldsales.apps._checklist.ChecklistEditor`), ``summary``,
    ``message``, ``status``, ``notes``, ``composition``, ``targets``,
    ``target_chart``, ``attrition``, ``attrition_chart``.
    """
    wait_for_viewer()  # pre-heated: read saved decisions when the page is asked for
    ws = open_ws(ws)
    today = today or config.today()
    data = load_equity(ws)
    columns = data.columns
    notes = widgets.HTML(note_html(PAY_NOTE))
    composition_out = chart_output(name="composition")
    target_out, attrition_out = chart_output(name="target-gap"), chart_output(name="exit-gap")
    targets, attrition = widgets.HTML(), widgets.HTML()
    for view in (targets, attrition):
        view.add_class("fs-view")
    status = widgets.HTML()
    controls: dict[str, widgets.Widget] = {}
    if not columns:
        notes.value += note_html(
            "The reps table has no gender or age band: they are optional columns (reps.gender, "
            "reps.age_band), self-reported. Import them to see the composition and the gaps."
        )
        body: list[widgets.Widget] = [notes]
    else:
        if group and group not in columns:
            raise ConfigError(f"group must be one of {', '.join(columns)}, got {group!r}")
        group_box = widgets.Dropdown(
            options=[(GROUP_COLUMNS[c], c) for c in columns], value=group or columns[0],
            description="Compare by", layout=widgets.Layout(width="260px"),
        )  # fmt: skip
        controls["group"] = group_box

        def refresh() -> None:
            column = group_box.value
            label = GROUP_COLUMNS[column]
            comp = data.composition(column)
            show_chart(composition_out, composition_chart(comp, label))
            _show_targets(target_out, targets, data, column, label)
            _show_attrition(attrition_out, attrition, data, column, label)
            status.value = ""

        group_box.observe(guarded(status, refresh), names="value")
        try:
            refresh()
        except FieldsalesError as exc:
            status.value = error_html(str(exc))
        body = [
            widgets.HBox([group_box]), status, notes, composition_out,
            widgets.HTML("<h3>Targets</h3>"), targets, target_out,
            widgets.HTML("<h3>Voluntary exits</h3>"), attrition, attrition_out,
            widgets.HTML(_method(data)),
        ]  # fmt: skip
    intro = widgets.HTML(
        "<h2>What the data show</h2>"
        '<p class="fs-muted">For the whole company, from the reps table (gender and age band '
        f"are self-reported and used here only); reps at work on {data.end:%d %b %Y}. A single "
        "team is usually too small to judge a gap, so the gaps are company-wide.</p>"
    )
    return checklist_app(
        ws, load_checklist(20), team=team, user=user, today=today, lang=lang,
        analytics=[intro, *body], controls=controls,
        parts={"notes": notes, "composition": composition_out, "targets": targets,
               "target_chart": target_out, "attrition": attrition,
               "attrition_chart": attrition_out},
    )  # fmt: skip
