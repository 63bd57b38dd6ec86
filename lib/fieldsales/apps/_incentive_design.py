"""Incentive design: ``playbook/incentive_design.ipynb`` (practice 6 of the playbook).

Two commission plans side by side: their commission curves, what each would
cost by Monte Carlo from the reps' past attainment, what each pays every rep
on actual data, per-rep payout statements (HTML and CSV), and plans saved,
versioned, in the decisions store. The engine is :mod:`fieldsales.incentives`;
the plan editor is :mod:`._incentive_form`, saving :mod:`._incentive_saved`.

Speed: the payout inputs of a pay period grain (every complete period of the
history window) are computed once and cut per period; simulations and payouts
are kept per plan, so an edit re-simulates and re-pays only the plan edited,
and the per-rep table (1,000 rows) is redrawn only when the plan it pays changed.
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from os import PathLike

import ipywidgets as widgets
import numpy as np
import pandas as pd

from .. import config
from ..exceptions import ConfigError, FieldsalesError
from ..incentives import (
    DEFAULT_SPIF_KPIS,
    CommissionPlan,
    SimulationResult,
    calculate_payouts,
    compare_payouts,
    compare_simulations,
    payout_summary,
    simulate,
)
from ..workspace import Workspace
from ._common import (
    APPS,
    STYLE,
    App,
    error_html,
    esc,
    guarded,
    links_html,
    open_ws,
    tiles_html,
    wait_for_viewer,
)
from ._incentive_data import Inputs, Warm, load_inputs, warm_up, with_spifs, write_statement
from ._incentive_form import PlanForm
from ._incentive_saved import SavedPlans, variant
from ._incentive_views import (
    STYLE_EXTRA,
    comparison_html,
    curve_chart,
    curve_frame,
    distribution_chart,
    distribution_frame,
    payouts_html,
    short,
)
from ._render import chart_output, show_chart, show_html

__all__ = ["incentive_design", "DRAWS", "DEFAULT_DRAWS"]

#: Simulated periods a manager can choose. 2,000 by default: an edit re-simulates the plan
#: edited, for 1,000 reps ~0.16 s at 2,000 draws but ~0.5 s at 10,000 (measured); the
#: tiles' figures move by a few tenths of a percentage point between seeds.
DRAWS = (1_000, 2_000, 5_000, 10_000)
DEFAULT_DRAWS = 2_000
#: Simulations and payouts kept, the least recently used dropped.
_CACHE = 48


class _Page(SavedPlans):
    """The app's state and callbacks; :func:`incentive_design` returns its :meth:`app`."""

    def __init__(self, ws: Workspace, today: date, warm: Warm, *, plan: str, plan_b: str,
                 period: str, user: str):  # fmt: skip
        self.ws, self.today, self.end, self.kpis = ws, today, warm.end, tuple(warm.kpis)
        self.inputs = warm.inputs  # per grain, SPIF counts and day
        self.cache: OrderedDict[tuple, object] = OrderedDict()  # see _memo
        self.shown: tuple = ()  # what the payout table shows
        self.quiet = False
        self.status = widgets.HTML()
        self.saved_widgets(user)
        self._widgets()
        notes: list[str] = []
        first_a, loaded_a = self.initial_plan(plan, notes)
        first_b, loaded_b = self.initial_plan(plan_b, notes) if plan_b else (variant(first_a), None)
        options = [(name, k) for k, name in warm.kpis.items()]
        self.forms = {
            "A": PlanForm("A", first_a, options),
            "B": PlanForm("B", first_b, options, extra=[self.copy]),
        }
        self.forms["A"].loaded, self.forms["B"].loaded = loaded_a, loaded_b
        self.valid = {"A": first_a, "B": first_b}
        self.origin("A", loaded_a)
        self.origin("B", loaded_b, copied=not plan_b)
        self.status.value = "".join(f'<div class="fs-note">{esc(n)}</div>' for n in notes)
        self._wire()
        self.show_saved(loaded_a[0] if loaded_a else "")
        try:
            data = self._data(first_a.pay_period)
        except FieldsalesError as exc:  # e.g. no quotas: say so on the page
            self.status.value += error_html(str(exc))
            self._curve()
            show_html(self.distribution, '<p class="fs-muted">Nothing to simulate.</p>')
            return
        if period and period not in data.periods:
            raise ConfigError(
                f"period {period!r} is not one of the {first_a.pay_period}s offered "
                f"({data.periods[-1]} to {data.periods[0]}); leave it empty for the newest"
            )
        self.plans_changed(first=period)

    # -- data ------------------------------------------------------------------------------
    def _data(self, grain: str) -> Inputs:
        """Payout inputs per ``grain``: the default SPIF counts and those the plans use."""
        used = [s.kpi for p in self.valid.values() for s in p.spifs if s.kpi in self.kpis]
        kpis = tuple(k for k in self.kpis if k in DEFAULT_SPIF_KPIS or k in used)
        key = (grain, kpis, self.today)
        if key not in self.inputs:  # kept for good: results are keyed by its id
            self.inputs[key] = load_inputs(self.ws, grain, kpis, self.end, self.today)
        return self.inputs[key]

    def _memo(self, key: tuple, compute: Callable[[], object]):
        """``compute()``, kept for the same ``key`` (the least recently used dropped)."""
        if key in self.cache:
            self.cache.move_to_end(key)
        else:
            self.cache[key] = compute()
            while len(self.cache) > _CACHE:
                self.cache.popitem(last=False)
        return self.cache[key]

    def _simulate(self, plan: CommissionPlan, data: Inputs) -> SimulationResult:
        """Simulated once per plan terms: renaming or describing a plan costs nothing."""
        terms = dataclasses.replace(plan, name="plan", description="")
        draws, seed = self.draws.value, self.seed.value
        return self._memo(("sim", terms, id(data), draws, seed), lambda: simulate(
            terms, data.frame, n_draws=draws, seed=seed,
            reps=data.team or None))  # fmt: skip

    def _paid(self, plan: CommissionPlan, data: Inputs, period: str) -> pd.DataFrame:
        def pay() -> pd.DataFrame:
            return calculate_payouts(plan, with_spifs(data.frame[data.frame["period"] == period],
                                                      plan))  # fmt: skip

        return self._memo(("paid", plan, id(data), period), pay)

    def comparable(self) -> str:
        """Why plans A and B cannot be compared, or ``""``."""
        a, b = self.valid["A"], self.valid["B"]
        if a.pay_period != b.pay_period:
            return f"plan A pays per {a.pay_period} and plan B per {b.pay_period}"
        if a.currency != b.currency:
            return f"plan A pays in {a.currency} and plan B in {b.currency}"
        return ""

    def _labels(self) -> dict[str, str]:
        return {k: f"{k}: {p.name}" for k, p in self.valid.items()}

    # -- views -----------------------------------------------------------------------------
    def plans_changed(self, first: str = "") -> None:
        for label, form in self.forms.items():
            plan = form.check()
            if plan is not None:
                self.valid[label] = plan
        self._curve()
        self.simulation()
        self.payouts(first=first)  # and the comparison

    def resimulate(self) -> None:
        self.simulation()
        self.comparison_view()

    def _curve(self) -> None:
        plans = {text: self.valid[k] for k, text in self._labels().items()}
        show_chart(self.curve, curve_chart(curve_frame(plans)))

    def simulation(self) -> None:
        a, b = self.valid["A"], self.valid["B"]
        data, why, labels = self._data(a.pay_period), self.comparable(), self._labels()
        results = {labels["A"]: self._simulate(a, data)}
        if not why:
            results[labels["B"]] = self._simulate(b, data)
        per, sims = a.pay_period, list(results.values())
        chart = distribution_chart(distribution_frame(results), per, a.currency)
        show_chart(self.distribution, chart)

        def pair(values, unit: str) -> str:
            return " → ".join(short(v, unit) for v in values)

        at_target = sims[0].share_at_target.mean()
        tiles = [
            (pair([np.nanmean(r.cost_of_sales) for r in sims], "ratio"), "expected cost of sales"),
            (pair([r.team_pay.mean() for r in sims], "money"), f"expected team pay a {per}"),
            (pair([r.rep_variable_pay_quantiles[50] for r in sims], "money"),
             f"median variable pay of a rep a {per}"),
            (short(at_target, "ratio"), "reps at or above target"),
            (pair([r.share_capped.mean() for r in sims], "ratio"), "reps capped"),
        ]  # fmt: skip
        head = f"{sims[0].n_draws:,} simulated {per}s of {data.note}."
        if why:
            head += (f" Only plan A is simulated: {why}; give both the same pay period and "
                     "currency to compare them.")  # fmt: skip
        else:
            head += " Tiles: plan A → plan B."
        left = [n.replace(" left out", "") for n in sims[0].notes]
        left_out = f"Left out: {'; '.join(left)}." if left else ""
        bad = [t == "reps at or above target" and at_target < 0.4 for _, t in tiles]
        self.summary.value = (
            f"<p>{esc(head)}<br><span class='fs-muted'>{esc(left_out)}</span></p>"
            + tiles_html([(v, t, b) for (v, t), b in zip(tiles, bad, strict=True)])
        )

    def comparison_view(self) -> None:
        why = self.comparable()
        if why:
            self.comparison.value = (
                f'<p class="fs-muted">Plans A and B cannot be compared: {esc(why)}.</p>'
            )
            return
        a, b = self.valid["A"], self.valid["B"]
        data = self._data(a.pay_period)
        period = self.period.value if self.period.value in data.periods else data.periods[0]
        frame = pd.concat(
            [compare_payouts(self._paid(a, data, period), self._paid(b, data, period)),
             compare_simulations(self._simulate(a, data), self._simulate(b, data))],
            ignore_index=True,
        )  # fmt: skip
        heads = {
            "actual": f"Paid on actual data, {period}",
            "simulated": f"Simulated, {self.draws.value:,} {a.pay_period}s",
        }
        self.comparison.value = comparison_html(frame, (a.name, b.name), heads)

    def payouts(self, first: str = "") -> None:
        """Offer the periods of the paying plan's grain, then show its payouts."""
        data = self._data(self.valid[self.pay_plan.value].pay_period)
        options = [(p, p) for p in data.periods]
        current = first or self.period.value
        self.quiet = True
        try:
            if list(self.period.options) != options:
                self.period.options = options
            self.period.value = current if current in data.periods else data.periods[0]
        finally:
            self.quiet = False
        self.payouts_view()

    def payouts_view(self) -> None:
        """The paying plan's payouts in the chosen period (redrawn only when they change),
        then the comparison, which is paid on the same period."""
        label = self.pay_plan.value
        plan = self.valid[label]
        data, period = self._data(plan.pay_period), self.period.value
        if self.shown != (label, plan, id(data), period):
            self.shown = (label, plan, id(data), period)
            self.paid = self._paid(plan, data, period)
            self._payout_table(label, plan, period)
        self.comparison_view()

    def _payout_table(self, label: str, plan: CommissionPlan, period: str) -> None:
        summary = payout_summary(self.paid)
        s = summary.set_index("metric")["value"]
        tiles = tiles_html([
            (f"{int(s['rows_paid']):,}", "reps paid on a quota", False),
            (short(s["total_pay"], "money"), f"total pay ({plan.currency})", False),
            (short(s["cost_of_sales"], "ratio"), "cost of sales", False),
            (short(s["share_at_or_above_target"], "ratio"), "at or above target", False),
        ])  # fmt: skip
        self.payout_table.value = (
            f'<p class="fs-muted">Plan {label}, “{esc(plan.name)}” · {esc(period)} · '
            f"{len(self.paid):,} reps at work in the period</p>"
            + tiles
            + payouts_html(self.paid, summary)
        )
        reps = self.paid.assign(rep_name=self.paid["rep_name"].fillna(self.paid["rep_id"]))
        reps = reps.sort_values(["rep_name", "rep_id"])
        chosen = self.rep.value
        self.quiet = True
        try:
            self.rep.options = [("Choose a rep", "")] + [
                (f"{r.rep_name} ({r.rep_id})", r.rep_id) for r in reps.itertuples()
            ]
            self.rep.value = chosen if chosen in set(reps["rep_id"]) else ""
        finally:
            self.quiet = False
        self.statement_view()

    def statement_view(self) -> None:
        """The chosen rep's statement (HTML, sandboxed) and its CSV in ``exports/``."""
        rep_id = self.rep.value
        if not rep_id:
            self.statement.value = (
                '<p class="fs-muted">Choose a rep to see their payout statement; it is also '
                "written as a CSV file you can download.</p>"
            )
            return
        plan = self.valid[self.pay_plan.value]
        row = self.paid[self.paid["rep_id"] == rep_id].iloc[0]
        self.statement.value = write_statement(self.ws, row, plan)

    # -- widgets ---------------------------------------------------------------------------
    def _widgets(self) -> None:
        w, lay = widgets, widgets.Layout
        self.curve = chart_output(name="curve")
        self.distribution = chart_output(name="distribution")
        self.curve.layout.width = self.distribution.layout.width = "545px"
        self.draws = w.Dropdown(
            options=[(f"{n:,}", n) for n in DRAWS], value=DEFAULT_DRAWS,
            description="Simulated periods", style={"description_width": "125px"},
            layout=lay(width="250px"),
        )  # fmt: skip
        self.seed = w.BoundedIntText(
            value=0, min=0, max=2**32 - 1, description="Seed", layout=lay(width="160px")
        )
        self.period = w.Dropdown(description="Period", layout=lay(width="220px"))
        self.pay_plan = w.ToggleButtons(options=[("Plan A", "A"), ("Plan B", "B")],
                                        style={"button_width": "80px"})  # fmt: skip
        self.rep = w.Dropdown(
            options=[("Choose a rep", "")], description="Statement for",
            style={"description_width": "100px"}, layout=lay(width="420px"),
        )  # fmt: skip
        self.summary, self.comparison = w.HTML(), w.HTML()
        self.payout_table, self.statement = w.HTML(), w.HTML()
        for part in (self.summary, self.comparison, self.payout_table, self.statement):
            part.add_class("fs-view")

    def guard(self, action) -> Callable[..., None]:
        """``action`` as a callback: the page's last message cleared, errors shown plainly."""

        def act() -> None:
            self.status.value = ""
            action()

        return guarded(self.status, act)

    def _wire(self) -> None:
        def on(widget, action) -> None:
            run = self.guard(action)
            widget.observe(lambda _: None if self.quiet else run(), names="value")

        for form in self.forms.values():
            form.on_change = self.guard(self.plans_changed)
        on(self.draws, self.resimulate)
        on(self.seed, self.resimulate)
        on(self.period, self.payouts_view)
        on(self.pay_plan, self.payouts)
        on(self.rep, self.statement_view)
        self.wire_saved()

    def app(self) -> App:
        w, row = widgets, widgets.HBox
        wrap = w.Layout(flex_flow="row wrap")

        def head(title: str, text: str) -> widgets.HTML:
            return w.HTML(f"<h2>{esc(title)}</h2><p class='fs-muted'>{esc(text)}</p>")

        header = w.HTML(
            STYLE + STYLE_EXTRA + "<h1>Incentive design</h1>"
            '<p class="fs-lead">What a commission plan pays and what it would cost. Compare '
            "plan A (the plan you have, or your draft) with plan B (the alternative) on the "
            "commission curve, by simulation from your reps' past attainment and on actual "
            "data; give each rep a payout statement; save plans with who changed what.</p>"
        )
        children = [
            header, self.status,
            row([self.curve, self.distribution], layout=wrap),
            row([self.draws, self.seed]), self.summary,
            head("The two plans", "Change a field and the charts, figures and tables follow. "
                 "Shares and attainment are in %; rates and the cap are multiples of target "
                 "variable pay."),
            self.user, row([self.forms["A"], self.forms["B"]], layout=wrap),
            head("Plan A and plan B side by side", "Both plans paid on the same actual period "
                 "and simulated on the same draws, so every difference is the plan's."),
            self.comparison,
            head("Payouts on actual data", "What the chosen plan pays each rep for a complete "
                 "period; reps without a quota are listed but not summed."),
            row([self.pay_plan, self.period]), self.payout_table, self.rep, self.statement,
            head("Saved plans", "Every save is a new version with who saved it and when; "
                 "load any version into plan A or B."),
            row([self.saved, self.version]), row([self.load_a, self.load_b]), self.history,
            w.HTML("<h2>The other apps</h2>" + links_html(APPS, current="incentive_design")),
        ]  # fmt: skip
        controls = {
            "draws": self.draws, "seed": self.seed, "user": self.user, "period": self.period,
            "pay_plan": self.pay_plan, "rep": self.rep, "saved": self.saved,
            "version": self.version, "load_a": self.load_a, "load_b": self.load_b,
            "copy_b": self.copy,
        }  # fmt: skip
        parts = {
            "curve": self.curve, "distribution": self.distribution, "summary": self.summary,
            "plan_a": self.forms["A"], "plan_b": self.forms["B"], "comparison": self.comparison,
            "payouts": self.payout_table, "statement": self.statement, "history": self.history,
            "status": self.status,
        }  # fmt: skip
        return App(children, controls=controls, parts=parts)


def incentive_design(
    ws: Workspace | str | PathLike | None = None,
    today: date | None = None,
    *,
    plan: str = "",
    plan_b: str = "",
    period: str = "",
    user: str = "",
) -> App:
    """The incentive design app: a fresh widget tree.

    Parameters
    ----------
    ws : a workspace, its folder, or empty for ``FIELDSALES_WORKSPACE``.
    today : the day the page is for; default :func:`fieldsales.config.today`.
        Only pay periods over by then are paid and resampled.
    plan : saved plan shown as plan A; empty: the most recently saved plan,
        else the example plan of ``docs/incentives.md``.
    plan_b : saved plan shown as plan B; empty: a copy of plan A.
    period : the pay period paid first (``2026-Q3``); empty: the latest complete one.
    user : the name saves are made under; empty: ``FIELDSALES_USER``, else the login name.

    Returns
    -------
    :class:`App` with ``parts`` ``curve`` and ``distribution`` (chart outputs),
    ``summary``, ``comparison``, ``payouts``, ``statement``, ``history`` and
    ``status`` (HTML), ``plan_a`` and ``plan_b`` (:class:`PlanForm`); and
    ``controls`` ``draws``, ``seed``, ``user``, ``period``, ``pay_plan``,
    ``rep``, ``saved``, ``version``, ``load_a``, ``load_b``, ``copy_b``.
    """
    ws = open_ws(ws)
    warm = warm_up(ws, today or config.today())
    wait_for_viewer()  # pre-heated: read the saved plans when the page is asked for
    # today again: a kernel pre-heated yesterday computes today's periods afresh
    page = _Page(ws, today or config.today(), warm, plan=plan, plan_b=plan_b, period=period,
                 user=user)  # fmt: skip
    return page.app()
