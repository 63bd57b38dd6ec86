"""The commission plan editor of the incentive design app: a form that reads as a plan.

:class:`PlanForm` shows one :class:`~fieldsales.incentives.CommissionPlan` as
widgets (shares and attainment in %, as managers speak of them), reads them
back into a plan, and shows the plan's problems inline in plain words
(:func:`plain_problem` rewrites :class:`~fieldsales.incentives.PlanError`'s
field paths and units) and the advice of :func:`~fieldsales.incentives.plan_checks`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Sequence

import ipywidgets as widgets

from ..incentives import (
    PAY_PERIODS,
    Clawback,
    CommissionPlan,
    Decelerator,
    PlanError,
    Spif,
    Tier,
    plan_checks,
)
from ._common import esc

__all__ = ["PlanForm", "plain_problem", "pct"]

_W = widgets.Layout
_LABELS = {  # PlanError field (list index removed) -> label ({n}: 1-based index), value unit
    "name": ("Plan name", "text"),
    "description": ("Description", "text"),
    "currency": ("Currency", "text"),
    "on_target_earnings": ("On-target earnings", "number"),
    "variable_share": ("Variable pay", "pct"),
    "pay_period": ("Pay period", "text"),
    "tiers": ("Tiers", ""),
    "tiers.from_attainment": ("Tier {n} start", "pct"),
    "tiers.rate": ("Tier {n} rate", "times"),
    "decelerator.threshold": ("Decelerator threshold", "pct"),
    "decelerator.factor": ("Decelerator pay", "pct"),
    "cap": ("Cap", "times"),
    "spifs": ("SPIFs", ""),
    "spifs.name": ("SPIF {n} name", "text"),
    "spifs.kpi": ("SPIF {n} KPI", "text"),
    "spifs.amount": ("SPIF {n} amount", "number"),
    "clawback.share": ("Clawback share", "pct"),
    "clawback.window_days": ("Clawback window", "days"),
}
#: The engine's hints speak of ratios (0.4); the form of percentages (40).
_PCT_HINTS = (
    ("a number from 0 to 1", "a percentage from 0 to 100"),
    ("a number above 0 to 1", "a percentage above 0, at most 100"),
    ("e.g. 0.4 for a 60/40 mix", "e.g. 40 for a 60/40 mix"),
    ("0.5 pays half", "50 pays half"),
    ("e.g. 0.5", "e.g. 50"),
    ("e.g. 1.0 for all of it", "e.g. 100 for all of it"),
    ("attainment as a ratio, 1.0 meaning 100% of quota", "attainment in % of quota, e.g. 100"),
)
_HINTS = (
    ("use None for no cap", "untick Cap for no cap"),
    ("in increasing order of from_attainment", "in increasing order of their start"),
)
_PROBLEM = re.compile(
    r"^(?P<field>[a-z_]+)(?:\[(?P<index>\d+)\])?(?:\.(?P<sub>[a-z_]+))?"
    r"(?: = (?P<value>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|[^\s:]+))?(?P<rest>.*)$",
    re.DOTALL,
)


def pct(ratio: float) -> float:
    """A ratio as the percentage a form shows: 1.1 -> 110.0 (not 110.00000000000001)."""
    return round(float(ratio) * 100, 9)


def _shown(value: str, unit: str) -> str:
    try:
        parsed = ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return f" ({value})"
    if isinstance(parsed, str):
        return f" (“{parsed}”)" if parsed.strip() else ""
    if isinstance(parsed, bool) or not isinstance(parsed, int | float):
        return f" ({value})"
    if unit == "pct":
        return f" ({pct(parsed):g}%)"
    if unit == "times":
        return f" ({parsed:g}×)"
    if unit == "days":
        return f" ({parsed:g} days)"
    return f" ({parsed:,.10g})"


def plain_problem(problem: str) -> str:
    """One problem of a :class:`PlanError` in the form's words.

    ``tiers[2].from_attainment = 1.0 is the same as tiers[1]'s: ...`` becomes
    ``Tier 3 start (100%) is the same as tier 2's: ...``; ratios of shares and
    attainment are shown as percentages, as the form asks for them.
    """
    match = _PROBLEM.match(problem)
    if not match:
        return problem
    field, index, sub = match["field"], match["index"], match["sub"]
    key = f"{field}.{sub}" if sub else field
    if key not in _LABELS:
        return problem
    label, unit = _LABELS[key]
    label = label.format(n=int(index) + 1 if index is not None else "")
    rest = match["rest"]
    if unit == "pct":
        for old, new in _PCT_HINTS:
            rest = rest.replace(old, new)
    for old, new in _HINTS:
        rest = rest.replace(old, new)
    rest = re.sub(r"tiers\[(\d+)\]", lambda m: f"tier {int(m[1]) + 1}", rest)
    value = _shown(match["value"], unit) if match["value"] is not None else ""
    return f"{label}{value}{rest}"


def _row(*items: str | widgets.Widget) -> widgets.HBox:
    """A line of the form: text (HTML) and widgets side by side."""
    return widgets.HBox([
        widgets.HTML(f"<span style='margin:0 5px;white-space:nowrap'>{i}</span>")
        if isinstance(i, str) else i
        for i in items
    ])  # fmt: skip


def _float(value: float = 0.0, width: str = "75px", **kwargs) -> widgets.FloatText:
    return widgets.FloatText(value=value, layout=_W(width=width), **kwargs)


def _box(text: str) -> widgets.Checkbox:
    return widgets.Checkbox(description=text, indent=False, layout=_W(width="105px"))


class PlanForm(widgets.VBox):
    """Widgets editing one commission plan; :meth:`read` turns them into the plan.

    Parameters
    ----------
    label
        ``"A"`` or ``"B"``: the plan's place on the page.
    plan
        The plan shown first.
    kpis
        ``(label, kpi id)`` pairs a SPIF can count (a plan's own KPI is added).
    extra
        Widgets shown in the form's title row (e.g. a "copy plan A" button).

    Attributes
    ----------
    on_change
        Called (no arguments) after any field changed, or a plan was shown.
    loaded
        ``(name, version)`` of the saved plan shown, None for an unsaved one:
        saving it again checks nobody saved a newer version in between.
    """

    def __init__(
        self,
        label: str,
        plan: CommissionPlan,
        kpis: Sequence[tuple[str, str]],
        *,
        extra: Sequence[widgets.Widget] = (),
    ):
        self.label, self._kpis = label, list(kpis)
        self.on_change: Callable[[], None] | None = None
        self.loaded: tuple[str, int] | None = None
        self._muted = False
        wide = {"style": {"description_width": "150px"}}
        self.origin = widgets.HTML()
        self.name = widgets.Text(
            description="Plan name", continuous_update=False, layout=_W(width="440px"), **wide
        )
        self.ote = _float(width="290px", description="On-target earnings", **wide)
        self.currency = widgets.Text(continuous_update=False, layout=_W(width="60px"))
        self.variable = _float(width="230px", description="Variable pay %", **wide)
        self.mix = widgets.HTML()
        self.period = widgets.Dropdown(
            options=[(f"per {p}", p) for p in PAY_PERIODS],
            description="Paid and measured",
            layout=_W(width="290px"),
            **wide,
        )
        self.tier_rows: list[tuple[widgets.FloatText, widgets.FloatText, widgets.Button]] = []
        self.spif_rows: list[tuple] = []  # name Text, KPI Dropdown, amount FloatText, Button
        self.tiers_box, self.spifs_box = widgets.VBox(), widgets.VBox()
        self.add_tier = widgets.Button(description="Add tier", layout=_W(width="105px"))
        self.add_spif = widgets.Button(description="Add SPIF", layout=_W(width="105px"))
        self.decel_on, self.decel_below, self.decel_pays = _box("Decelerator"), _float(), _float()
        self.cap_on, self.cap = _box("Cap"), _float(2.5)
        self.claw_on, self.claw_share = _box("Clawback"), _float(100.0)
        self.claw_days = widgets.IntText(value=90, layout=_W(width="65px"))
        self.description = widgets.Text(
            description="Description", continuous_update=False, layout=_W(width="550px"), **wide
        )
        self.problems, self.advice, self.message = widgets.HTML(), widgets.HTML(), widgets.HTML()
        self.note = widgets.Text(
            placeholder="note on this version (optional)",
            continuous_update=False,
            layout=_W(width="300px"),
        )
        self.save = widgets.Button(description=f"Save plan {label}", button_style="primary",
                                   layout=_W(width="130px"))  # fmt: skip
        self._switches = {
            self.decel_on: (self.decel_below, self.decel_pays),
            self.cap_on: (self.cap,),
            self.claw_on: (self.claw_share, self.claw_days),
        }
        for w in self._fields():
            w.observe(self._changed, names="value")
        for box, fields in self._switches.items():
            box.observe(lambda ch, fields=fields: self._enable(fields, ch["new"]), names="value")
        self.add_tier.on_click(lambda _: self._add_tier())
        self.add_spif.on_click(lambda _: self._add_spif())
        for w in (*self._fields(), self.add_tier, self.add_spif, self.save, self.note):
            w.add_class("fs-control")
        for w in (self.problems, self.message):
            w.add_class("fs-view")
        for name in ("name", "ote", "variable", "cap", "cap_on", "description", "note", "problems",
                     "message"):  # fmt: skip
            getattr(self, name).add_class(f"fs-field-{name.replace('_', '-')}")
        muted = "<span class='fs-muted'>{}</span>".format
        super().__init__([
            _row(f"<b style='font-size:1.3em'>Plan {esc(label)}</b>", *extra, self.origin),
            self.name, _row(self.ote, self.currency, muted("a year")),
            _row(self.variable, self.mix), self.period,
            widgets.HTML("<b>Commission tiers</b> " + muted(
                "each tier's rate applies to the attainment inside it: rate 1.5 from 100% pays "
                "1.5% of target variable pay per point of attainment above 100%")),
            self.tiers_box, self.add_tier,
            _row(self.decel_on, "below", self.decel_below, "% attainment, pay",
                 self.decel_pays, "% of it"),
            _row(self.cap_on, "commission at most", self.cap, "× target variable pay"),
            widgets.HTML("<b>SPIFs</b> " + muted("a bonus per event, outside the cap")),
            self.spifs_box, self.add_spif,
            _row(self.claw_on, "recover", self.claw_share, "% of it if the deal is cancelled in",
                 self.claw_days, "days"),
            self.description, self.problems, self.advice, _row(self.save, self.note), self.message,
        ], layout=_W(width="580px", padding="0 14px 0 0"))  # fmt: skip
        self.add_class("fs-plan-form")
        self.add_class(f"fs-plan-{label.lower()}")
        self.show(plan)

    # -- plan <-> widgets ----------------------------------------------------------------
    def _fields(self) -> list[widgets.Widget]:
        return [self.name, self.ote, self.currency, self.variable, self.period, self.decel_on,
                self.decel_below, self.decel_pays, self.cap_on, self.cap, self.claw_on,
                self.claw_share, self.claw_days, self.description]  # fmt: skip

    def show(self, plan: CommissionPlan, loaded: tuple[str, int] | None = None) -> None:
        """Show ``plan`` in the fields (``loaded``: its saved name and version), then
        call :attr:`on_change` once."""
        self._muted = True
        try:
            self.name.value = plan.name
            self.ote.value = plan.on_target_earnings
            self.currency.value = plan.currency
            self.variable.value = pct(plan.variable_share)
            self.period.value = plan.pay_period
            self.tier_rows = []
            for tier in plan.tiers:
                self._add_tier(pct(tier.from_attainment), tier.rate, quiet=True)
            d = plan.decelerator
            self.decel_on.value = d is not None
            if d is not None:
                self.decel_below.value, self.decel_pays.value = pct(d.threshold), pct(d.factor)
            self.cap_on.value = plan.cap is not None
            if plan.cap is not None:
                self.cap.value = plan.cap
            self.spif_rows = []
            for spif in plan.spifs:
                self._add_spif(spif.name, spif.kpi, spif.amount, quiet=True)
            self._draw_spifs()
            c = plan.clawback
            self.claw_on.value = c is not None
            if c is not None:
                self.claw_share.value, self.claw_days.value = pct(c.share), c.window_days
            self.description.value = plan.description
            for box, fields in self._switches.items():
                self._enable(fields, box.value)
            self.loaded = loaded
        finally:
            self._muted = False
        self._changed()

    def read(self) -> CommissionPlan:
        """The plan the fields describe.

        Raises
        ------
        PlanError
            Listing every problem (see :func:`plain_problem` for the form's words).
        """
        decel = None
        if self.decel_on.value:
            decel = Decelerator(self.decel_below.value / 100, self.decel_pays.value / 100)
        claw = None
        if self.claw_on.value:
            claw = Clawback(self.claw_share.value / 100, int(self.claw_days.value))
        return CommissionPlan(
            name=self.name.value.strip(),
            on_target_earnings=self.ote.value,
            variable_share=self.variable.value / 100,
            tiers=tuple(Tier(start.value / 100, rate.value) for start, rate, _ in self.tier_rows),
            pay_period=self.period.value,
            decelerator=decel,
            cap=self.cap.value if self.cap_on.value else None,
            spifs=tuple(Spif(n.value.strip(), k.value, a.value) for n, k, a, _ in self.spif_rows),
            clawback=claw,
            currency=self.currency.value.strip().upper(),
            description=self.description.value,
        )

    def check(self) -> CommissionPlan | None:
        """Read the plan and show its problems or advice inline; None when it is invalid."""
        share = self.variable.value
        self.mix.value = (
            f"<span class='fs-muted'>base/variable {100 - share:g}/{share:g}</span>"
            if 0 <= share <= 100
            else ""
        )
        try:
            plan = self.read()
        except PlanError as exc:
            items = "".join(f"<li>{esc(plain_problem(p))}</li>" for p in exc.problems)
            self.problems.value = (
                f'<div class="fs-error"><b>Plan {esc(self.label)} has {len(exc.problems)} '
                f"problem(s)</b>; until they are fixed, the figures use its last valid version."
                f'<ul style="margin:2px 0">{items}</ul></div>'
            )
            self.advice.value = ""
            return None
        self.problems.value = ""
        remarks = plan_checks(plan)
        self.advice.value = (
            '<div class="fs-note">Worth a second look: '
            + "; ".join(esc(r) for r in remarks)
            + ".</div>"
            if remarks
            else ""
        )
        return plan

    # -- rows --------------------------------------------------------------------------------
    def _add_tier(
        self, start: float | None = None, rate: float | None = None, *, quiet: bool = False
    ) -> None:
        if start is None:  # a new tier 50 points above the last, at its rate
            start = self.tier_rows[-1][0].value + 50 if self.tier_rows else 0.0
            rate = self.tier_rows[-1][1].value if self.tier_rows else 1.0
        first = not self.tier_rows
        row = (
            _float(start, "80px", disabled=first),
            _float(rate, "80px"),
            widgets.Button(description="Remove", layout=_W(width="80px"), disabled=first),
        )
        for w in row[:2]:
            w.observe(self._changed, names="value")
            w.add_class("fs-control")
        row[2].on_click(lambda _, row=row: self._remove(self.tier_rows, row))
        self.tier_rows.append(row)
        self._draw_tiers()
        if not quiet:
            self._changed()

    def _draw_tiers(self) -> None:
        self.tiers_box.children = [
            _row(f"Tier {i + 1} from", start, "% of quota, rate", rate, "×", remove)
            for i, (start, rate, remove) in enumerate(self.tier_rows)
        ]

    def _add_spif(
        self, name: str = "", kpi: str = "", amount: float = 0.0, *, quiet: bool = False
    ) -> None:
        options = list(self._kpis)
        if kpi and kpi not in [v for _, v in options]:
            options.append((kpi, kpi))
        kpi = kpi or (options[0][1] if options else "")
        if not name:
            taken = {n.value for n, *_ in self.spif_rows}
            name = next(f"bonus_{i}" for i in range(1, 100) if f"bonus_{i}" not in taken)
        row = (
            widgets.Text(value=name, continuous_update=False, layout=_W(width="120px")),
            widgets.Dropdown(options=options, value=kpi or None, layout=_W(width="160px")),
            _float(amount, "80px"),
            widgets.Button(description="Remove", layout=_W(width="80px")),
        )
        for w in row[:3]:
            w.observe(self._changed, names="value")
            w.add_class("fs-control")
        row[3].on_click(lambda _, row=row: self._remove(self.spif_rows, row))
        self.spif_rows.append(row)
        if not quiet:
            self._draw_spifs()
            self._changed()

    def _draw_spifs(self) -> None:
        rows = [_row(name, "per", kpi, "pays", amount, remove) for name, kpi, amount, remove in
                self.spif_rows]  # fmt: skip
        self.spifs_box.children = rows or [widgets.HTML("<span class='fs-muted'>(no SPIF)</span>")]

    def _remove(self, rows: list, row: tuple) -> None:
        if row in rows:
            rows.remove(row)
        self._draw_tiers()
        self._draw_spifs()
        self._changed()

    # -- events ----------------------------------------------------------------------------
    @staticmethod
    def _enable(fields: Sequence[widgets.Widget], on: bool) -> None:
        for field in fields:
            field.disabled = not on

    def _changed(self, *_args) -> None:
        if not self._muted and self.on_change is not None:
            self.on_change()
