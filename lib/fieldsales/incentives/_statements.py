"""Per-rep payout statements: line items, a self-contained HTML page, a safe CSV file.

A statement holds one rep's own figures only (never another rep's), as the
project's privacy rule asks. Every text from the CRM or the plan is escaped
with :func:`html.escape`; the page loads nothing from elsewhere. The CSV goes
through :func:`fieldsales.safe_csv.write_csv`, so a name such as ``=HYPERLINK(...)``
stays text in Excel.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd

from ..safe_csv import write_csv
from ._formula import commission_multiple, tier_slices
from ._plan import CommissionPlan

__all__ = ["payout_statement_html", "statement_lines", "write_payout_statement_csv"]

LINE_COLUMNS = ("item", "detail", "amount")


def _get(row: Mapping[str, Any] | pd.Series, key: str, default: Any = None) -> Any:
    value = row.get(key, default)
    return default if value is None or (isinstance(value, float) and math.isnan(value)) else value


def _pct(x: float) -> str:
    return f"{x:.1%}"


def statement_lines(row: Mapping[str, Any] | pd.Series, plan: CommissionPlan) -> pd.DataFrame:
    """The line items of one payout row: ``item``, ``detail``, ``amount``.

    The amounts above the last line add up to the last line, ``Total pay``:
    base pay, one line per tier slice reached, the decelerator's and the
    cap's reductions, each SPIF, the clawback.

    Parameters
    ----------
    row
        One row of :func:`calculate_payouts` (a Series or a mapping).
    plan
        The plan the row was computed with.
    """
    share = float(_get(row, "employed_share", 1.0))
    tv = float(row["target_variable"])
    lines = []
    base = f"on-target earnings {plan.on_target_earnings:,.2f} × {1 - plan.variable_share:.0%}"
    base += f" base ÷ {plan.periods_per_year} periods a year"
    if share < 1:
        base += f" × {share:.0%} of the period employed"
    lines.append(("Base pay", base, float(row["base_pay"])))
    status = _get(row, "status", "ok")
    if status != "ok":
        lines.append(("Commission", f"not computed: {status}", math.nan))
    else:
        attainment = float(row["attainment"])
        for s in tier_slices(plan, attainment):
            lines.append(
                (
                    f"Commission {_pct(s.from_attainment)} to {_pct(s.to_attainment)}",
                    f"{_pct(s.width)} of quota in this tier × rate {s.rate:g} × target variable "
                    f"{tv:,.2f}",
                    tv * s.multiple,
                )
            )
        curve = commission_multiple(plan, attainment)
        tiers = float(curve.tiers)
        if bool(curve.decelerated):
            d = plan.decelerator
            lines.append(
                (
                    "Decelerator",
                    f"attainment {_pct(attainment)} below {_pct(d.threshold)}: "
                    f"commission × {d.factor:g}",
                    -tv * tiers * (1 - d.factor),
                )
            )
            tiers *= d.factor
        if bool(curve.capped):
            lines.append(
                (
                    "Cap",
                    f"commission limited to {plan.cap:g} × target variable {tv:,.2f}",
                    tv * (plan.cap - tiers),
                )
            )
    for spif in plan.spifs:
        pay = float(_get(row, f"spif_{spif.name}", 0.0))
        count = pay / spif.amount if spif.amount > 0 else 0.0
        lines.append((f"SPIF {spif.name}", f"{count:g} × {spif.amount:,.2f} ({spif.kpi})", pay))
    clawback = float(_get(row, "clawback", 0.0))
    if clawback:
        c = plan.clawback
        lines.append(
            (
                "Clawback",
                f"{c.share:.0%} of commission on deals cancelled within {c.window_days} days",
                -clawback,
            )
        )
    lines.append(("Total pay", "", float(row["total_pay"])))
    return pd.DataFrame(lines, columns=list(LINE_COLUMNS))


def write_payout_statement_csv(
    row: Mapping[str, Any] | pd.Series, plan: CommissionPlan, path: str | Path
) -> Path:
    """Write one rep's statement as CSV: rep, period, plan, currency and the line items.

    Text cells that a spreadsheet would run as formulas are escaped
    (:func:`fieldsales.safe_csv.write_csv`).
    """
    lines = statement_lines(row, plan)
    head = {
        "rep_id": str(row["rep_id"]),
        "rep_name": str(_get(row, "rep_name", "")),
        "period": str(row["period"]),
        "plan": plan.name,
        "currency": plan.currency,
    }
    for i, (key, value) in enumerate(head.items()):
        lines.insert(i, key, value)
    return write_csv(lines, path)


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;margin:2rem}
main{max-width:46rem}h1{font-size:1.5rem;margin-bottom:.25rem}
.meta{color:#52606d;margin-top:0}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{padding:.35rem .6rem;border-bottom:1px solid #d9e2ec;text-align:left;vertical-align:top}
td.num,th.num{text-align:right;white-space:nowrap}
tr.total td{font-weight:600;border-top:2px solid #1f2933}
.detail{color:#52606d;font-size:.9em}.footer{color:#7b8794;font-size:.85em}
""".strip()


def _money(x: float) -> str:
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:,.2f}"


def payout_statement_html(row: Mapping[str, Any] | pd.Series, plan: CommissionPlan) -> str:
    """One rep's payout statement as a self-contained HTML page.

    Parameters
    ----------
    row
        One row of :func:`calculate_payouts`.
    plan
        The plan the row was computed with.

    Returns
    -------
    str
        A complete HTML document with inline CSS and no external resources;
        every CRM or plan text in it is escaped.
    """
    e = escape
    rep_id = str(row["rep_id"])
    name = str(_get(row, "rep_name", "")) or rep_id
    period = str(row["period"])
    cur = e(plan.currency)
    attainment = _get(row, "attainment")
    facts = [
        ("Rep", f"{name} ({rep_id})" if name != rep_id else rep_id),
        ("Period", period),
        ("Plan", plan.name),
        ("Quota", _money(_get(row, "quota", math.nan))),
        ("Revenue won", _money(float(row["revenue_won"]))),
        ("Attainment", "—" if attainment is None else _pct(float(attainment))),
        ("Target variable pay", _money(float(row["target_variable"]))),
    ]
    lines = statement_lines(row, plan)
    body = []
    for item, detail, amount in lines.itertuples(index=False):
        cls = ' class="total"' if item == "Total pay" else ""
        body.append(
            f'<tr{cls}><td>{e(item)}</td><td class="detail">{e(detail)}</td>'
            f'<td class="num">{_money(amount)}</td></tr>'
        )
    notes = [n for n in str(_get(row, "notes", "")).split("; ") if n]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Payout statement · {e(name)} · {e(period)}</title>",
        f"<style>{_CSS}</style></head><body><main>",
        "<h1>Payout statement</h1>",
        f'<p class="meta">{e(name)} · {e(period)} · {e(plan.name)}</p>',
        "<table><tbody>",
        *(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in facts),
        "</tbody></table>",
        "<table><thead><tr><th>Item</th><th>How it is computed</th>",
        f'<th class="num">Amount ({cur})</th></tr></thead><tbody>',
        *body,
        "</tbody></table>",
    ]
    if notes:
        parts += ["<h2>Notes</h2><ul>", *(f"<li>{e(n)}</li>" for n in notes), "</ul>"]
    parts += [
        '<p class="footer">Computed by fieldsales from the CRM data of the period. '
        "This statement shows your own figures only.</p>",
        "</main></body></html>",
    ]
    return "\n".join(parts)
