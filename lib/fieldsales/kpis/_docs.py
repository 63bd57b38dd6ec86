"""docs/kpis.md, generated from the registry (a test keeps the file current)."""

from __future__ import annotations

from ._periods import GRAINS
from ._registry import REGISTRY

HEADER = """# KPI catalogue

<!-- Generated from lib/fieldsales/kpis by `make docs`
     (`python -m fieldsales.kpis._docs > docs/kpis.md`).
     Do not edit by hand: tests/kpis/test_docs.py checks it is current. -->

Every KPI is computed by `fieldsales.kpis.compute(ws, kpis, grain, period, by)` or
`fieldsales kpis WORKSPACE`, as an Ibis expression on the workspace's in-process
DuckDB. Grains: {grains}. Groupings: rep, team, region, company.

- **Additive** KPIs (sums and counts) roll up by adding: a team's figure is the
  sum of its reps'. Ratios are recomputed from their summed parts (a team's win
  rate is its won deals over its closed deals); medians and distinct counts are
  recomputed over the group's rows; "mean of reps" KPIs average the reps.
- **Missing, never zero by accident**: a ratio with a zero denominator, a median
  of nothing, a growth from zero are missing values.
- **Mid-period hires and exits** count for the days they were employed
  (`rep_fte`); their events fall in the periods when they happened.
- The practices column names the practices of `PLAYBOOK.md` each KPI serves.
- **Revenue by product, segment, tier or account region**:
  `fieldsales.kpis.revenue_breakdown(ws, dimension, grain, period, by)` or
  `fieldsales kpis WORKSPACE --breakdown segment` gives revenue and deals won per
  value, with its share of the entity's revenue and its growth against the bucket
  before; won deals without a product or account count as `(not set)`, so the
  values add up to `revenue_won`.
- **Rollups of the activity log**: activity counts and the account contact KPIs
  read summaries of the log (per rep and day, per rep and month, per account, rep
  and month; `fieldsales.rollups`) that the workspace writes with its activities
  and keys by the log's content hash. At week grain the account KPIs read the log
  itself. On PySpark the same summaries are computed from the log.

| id | name | 中文 | unit | better | roll-up | practices |
| --- | --- | --- | --- | --- | --- | --- |
"""

ROLLUP = {"sum": "additive", "ratio": "ratio of sums", "recompute": "recomputed",
          "mean_of_reps": "mean of reps"}  # fmt: skip


def kpis_markdown() -> str:
    public = [k for k in REGISTRY.values() if not k.internal]
    lines = [HEADER.format(grains=", ".join(GRAINS))]
    for k in public:
        practices = ", ".join(str(p) for p in k.practices)
        lines.append(
            f"| [`{k.id}`](#{k.id}) | {k.name_en} | {k.name_zh} | {k.unit} | {k.direction} "
            f"| {ROLLUP[k.rollup]} | {practices} |\n"
        )
    lines.append("\n## Definitions\n")
    for k in public:
        lines.append(
            f"\n### {k.id}\n\n{k.name_en} ({k.name_zh}). {k.definition}\n\n"
            f"- formula: `{k.formula}`\n- unit: {k.unit}; {k.direction} is better\n"
            f"- tables: {', '.join(k.tables)}\n"
        )
    return "".join(lines)


if __name__ == "__main__":
    print(kpis_markdown(), end="")
