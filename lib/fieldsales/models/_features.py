"""Point-in-time features per rep and month, from the KPI panel.

A feature of month ``t`` uses only what is known at the end of month ``t``:
events dated in or before ``t``, the employment state at the end of ``t``
(hire date; an exit only once it has happened) and monthly KPIs of ``t`` and
earlier months, combined by trailing windows. ``tests/models/test_leakage.py``
proves it: deleting or changing everything after ``t`` leaves every feature of
``t`` identical.

KPIs used from :func:`fieldsales.kpis.compute` and why they are point-in-time:
revenue, deals, activities, 1:1s, training, CSAT and pulse are counted by the
date of the event; ``days_since_one_on_one`` looks back from the rep's last
day in the month. ``pipeline_open_value`` is *not* used: it is recomputed here
(:func:`_open_pipeline`) from each deal's creation date and, only for deals
that closed by the end of ``t``, their close date. The KPI's formula gives the
same figure in this canonical model, but it reads ``close_date`` and ``status``
of every deal, whose meaning changes as the CRM is updated (an open deal's
``close_date`` is its *expected* close day); the version here never looks at a
date after ``t``. What no export can undo: a deal's ``amount`` and ``stage``
are their latest values, not the ones at ``t``.

Protected attributes (``reps.gender``, ``reps.age_band``, ``reps.region``) are
never read here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from ..exceptions import ConfigError
from ..workspace import Workspace

__all__ = [
    "FEATURES",
    "Feature",
    "PROTECTED",
    "feature_names",
    "build_features",
    "attrition_target",
    "attainment_ahead",
]

PROTECTED = ("gender", "age_band", "region")

# Pay proxy: no pay table exists. The playbook's default pay mix for field reps
# is 50-70% base; with 60% base at the team's median revenue, a rep's estimated
# pay relative to the team median is 0.6 + 0.4 x (revenue / team median revenue).
PAY_BASE_SHARE = 0.6


@dataclass(frozen=True)
class Feature:
    name: str
    label: str  # plain words, used in explanations
    practice: int  # the PLAYBOOK.md practice that addresses it
    unit: str  # how the raw value is printed: days, pct, ratio, hours, months, score, log


FEATURES: tuple[Feature, ...] = (
    Feature("attainment_3m", "quota attainment, last 3 months", 1, "pct"),
    Feature("attainment_12m", "quota attainment, last 12 months", 5, "pct"),
    Feature("attainment_trend", "attainment trend (last 3 vs 3 before)", 7, "pct"),
    Feature("attainment_volatility", "month-to-month swing in attainment", 7, "pct"),
    Feature("pipeline_coverage", "open pipeline vs a quarter's quota", 4, "ratio"),
    Feature("pipeline_generation", "value of new deals vs quota, last 3 months", 4, "ratio"),
    Feature("deals_created_3m", "new deals per month, last 3 months", 4, "count"),
    Feature("activity_trend", "activity trend (last 3 vs 3 before)", 7, "pct"),
    Feature("activity_level", "activities vs company median, last 3 months", 9, "ratio"),
    Feature("activity_last_month", "activities last month vs company median", 9, "ratio"),
    Feature("win_rate_12m", "win rate, last 12 months", 3, "pct"),
    Feature("days_since_one_on_one", "days since the last 1:1", 2, "days"),
    Feature("one_on_ones_3m", "1:1s per month, last 3 months", 2, "count"),
    Feature("training_hours_12m", "training hours, last 12 months", 3, "hours"),
    Feature("csat_6m", "customer satisfaction, last 6 months", 17, "pct"),
    Feature("pulse_engagement", "engagement (pulse, 3 months)", 11, "score"),
    Feature("pulse_stress", "stress (pulse, 3 months)", 10, "score"),
    Feature("after_hours_share", "share of activity after hours, 3 months", 10, "pct"),
    Feature("tenure_months", "tenure", 3, "months"),
    Feature("ramping", "still ramping (first 4 months)", 3, "flag"),
    Feature("earnings_vs_team", "estimated pay vs team median (proxy)", 6, "log"),
    Feature("training_score", "average training score to date", 3, "score"),
    Feature("nps_to_date", "customer NPS to date", 17, "score"),
)

_KPIS = [
    "rep_fte",
    "revenue_won",
    "revenue_target",
    "deals_won",
    "deals_lost",
    "deals_created",
    "activities_total",
    "after_hours_share",
    "days_since_one_on_one",
    "one_on_ones_held",
    "training_hours",
    "csat_responses",
    "csat",
    "pulse_engagement",
    "pulse_stress",
]
LOOKBACK_MONTHS = 12  # the longest trailing window
MAX_GAP_DAYS = 180.0
# Averages "to date" (every record up to the month's end, however old: skill does not
# expire) are shrunk to the company's average to date by this many pseudo-records.
TO_DATE_SOURCES = {  # feature: (table, date column, value column)
    "training_score": ("trainings", "completed_on", "score"),
    "nps_to_date": ("customer_feedback", "date", "nps"),
}
TO_DATE_PSEUDO = 3.0


def feature_names() -> list[str]:
    return [f.name for f in FEATURES]


def _month_range(ws: Workspace, start: str | None, end: str | None) -> pd.PeriodIndex:
    from ..kpis import data_end

    data_last = pd.Period(data_end(ws), freq="M")
    last = pd.Period(end, freq="M") if end else data_last
    if last > data_last:
        raise ConfigError(
            f"month {last} is after the data, which end in {data_last}; choose {data_last} "
            "or earlier"
        )
    first = pd.Period(start, freq="M") if start else None
    if first is None:
        reps = ws.frame("reps", columns=["hire_date"])
        first = max(pd.Period(reps["hire_date"].min(), freq="M"), last - 120)
        # from the first month with a revenue target (else with a deal): attainment needs one
        source = ("quotas", "period") if ws.has("quotas") else ("deals", "created_date")
        if ws.has(source[0]):
            earliest = ws.table(source[0])[source[1]].min().to_pyarrow().as_py()
            if earliest is not None:
                first = max(first, pd.Period(str(earliest)[:10], freq="M"))
    if first > last:
        raise ConfigError(f"no months to build features for: {first} is after {last}")
    if ws.has("quotas"):
        q = ws.table("quotas").period.min().to_pyarrow().as_py()
        if q is not None and last < pd.Period(q, freq="M"):
            raise ConfigError(
                f"month {last} is before the first revenue target ({q}); choose a later month"
            )
    return pd.period_range(first, last, freq="M")


def build_features(ws: Workspace, start: str | None = None, end: str | None = None) -> pd.DataFrame:
    """Features per rep (not managers) and month, for reps employed at the month's end.

    Parameters
    ----------
    ws : the workspace.
    start, end : first and last month (``YYYY-MM``) to return; default from the
        first month with deals to the month the data end. Twelve months before
        ``start`` are read for the trailing windows.

    Returns
    -------
    DataFrame with ``rep_id``, ``rep_name``, ``team``, ``month`` (``YYYY-MM``),
    ``month_end`` and one column per :data:`FEATURES` entry (missing where not
    yet defined, e.g. trends in a rep's first months).
    """
    from ..kpis import compute

    months = _month_range(ws, start, end)
    read_from = months[0] - LOOKBACK_MONTHS
    period = f"{read_from}..{months[-1]}"
    kpis = [k for k in _KPIS if _has_tables(ws, k)]
    panel = compute(ws, kpis, grain="month", period=period, by="rep")
    for k in _KPIS:
        if k not in panel:
            panel[k] = np.nan
    panel["month"] = panel["period"].astype(str)
    panel = panel.drop(columns=["period", "period_start"])

    reps = ws.frame("reps", columns=["rep_id", "name", "team", "role", "hire_date", "exit_date"])
    reps = reps[reps["role"] != "manager"]
    grid = _employment_grid(reps, pd.period_range(read_from, months[-1], freq="M"))
    panel = grid.merge(
        panel.drop(columns=["rep_name", "deals_created"]), on=["rep_id", "month"], how="left"
    )
    panel = panel.merge(_deal_features(ws, grid), on=["rep_id", "month"], how="left")
    panel = panel.merge(_to_date_features(ws, grid), on=["rep_id", "month"], how="left")
    panel = panel.sort_values(["rep_id", "month"], ignore_index=True)
    out = _derive(panel)
    keep = out["month"] >= str(months[0])
    out = out.loc[keep & out["employed_at_end"]].copy()
    columns = ["rep_id", "rep_name", "team", "month", "month_end", *feature_names()]
    return out[columns].sort_values(["month", "rep_id"], ignore_index=True)


def _has_tables(ws: Workspace, kpi: str) -> bool:
    from ..kpis import REGISTRY

    return all(ws.has(t) for t in REGISTRY[kpi].tables)


def _employment_grid(reps: pd.DataFrame, months: pd.PeriodIndex) -> pd.DataFrame:
    """Rep x month for every month a rep worked at least a day; exit known only once past."""
    rows = []
    starts = months.start_time
    ends = months.end_time.normalize()
    hire = reps["hire_date"].to_numpy(dtype="datetime64[ns]")
    exit_ = reps["exit_date"].to_numpy(dtype="datetime64[ns]")
    for label, start, end in zip(months.astype(str), starts, ends, strict=True):
        s, e = np.datetime64(start, "ns"), np.datetime64(end, "ns")
        worked = (hire <= e) & (np.isnat(exit_) | (exit_ >= s))
        idx = np.flatnonzero(worked)
        rows.append(
            pd.DataFrame(
                {
                    "rep_id": reps["rep_id"].to_numpy()[idx],
                    "rep_name": reps["name"].to_numpy()[idx],
                    "team": reps["team"].to_numpy()[idx],
                    "month": label,
                    "month_end": end,
                    # an exit on or before the month's last day is known at its end
                    "employed_at_end": np.isnat(exit_[idx]) | (exit_[idx] > e),
                    "tenure_months": (e - hire[idx]) / np.timedelta64(1, "D") / 30.44,
                }
            )
        )
    grid = pd.concat(rows, ignore_index=True)
    grid["rep_id"] = grid["rep_id"].astype(str)
    return grid


_HOLDERS_SQL = """
WITH d AS (
    SELECT d.deal_id, d.rep_id, d.account_id, d.amount, d.status,
           CAST(d.created_date AS TIMESTAMP) AS created, CAST(d.close_date AS TIMESTAMP) AS closed,
           CAST(r.hire_date AS TIMESTAMP) AS owner_hire
    FROM read_parquet($deals) d JOIN read_parquet($reps) r USING (rep_id)
), inherited AS (
    SELECT deal_id, rep_id, account_id, owner_hire FROM d
    WHERE owner_hire > created AND account_id IS NOT NULL
), previous AS (
    SELECT i.deal_id, arg_max(a.rep_id, a.started_at) AS previous_rep
    FROM inherited i JOIN read_parquet($activities) a
      ON a.account_id = i.account_id AND CAST(a.started_at AS TIMESTAMP) < i.owner_hire
     AND a.rep_id <> i.rep_id
    GROUP BY i.deal_id
)
SELECT d.*, p.previous_rep FROM d LEFT JOIN previous p USING (deal_id)
"""

_PIPELINE_SQL = """
SELECT CASE WHEN d.owner_hire <= m.month_end THEN d.rep_id ELSE d.previous_rep END AS rep_id,
       m.month, sum(d.amount) AS pipeline_open
FROM holders d JOIN months m ON d.created <= m.month_end
WHERE NOT (d.status <> 'open' AND d.closed <= m.month_end)
GROUP BY ALL
"""

_CREATED_SQL = """
SELECT CASE WHEN d.owner_hire <= d.created THEN d.rep_id ELSE d.previous_rep END AS rep_id,
       strftime(d.created, '%Y-%m') AS month, count(*) AS deals_created,
       sum(d.amount) AS created_value
FROM holders d GROUP BY ALL
"""


def _deal_features(ws: Workspace, grid: pd.DataFrame) -> pd.DataFrame:
    """Open pipeline at each month end and deals created, held by the rep *at the time*.

    The deals table names each deal's latest owner: a leaver's open deals pass
    to the successor, so by owner the leaver's pipeline in the months before
    leaving looks empty -- information from the future (the exit) leaking into
    the past. Here a deal created before its owner was hired is credited, until
    that hire, to the rep who last worked its account before the hire (from
    the activity log), and not to the owner. A deal counts as open at the end of
    month t when it was created by then and not won or lost by then; an open
    deal's expected close date is never read.
    """
    out = grid[["rep_id", "month"]].copy()
    if not ws.has("deals") or grid.empty:
        out["pipeline_open"] = 0.0
        out["deals_created"] = 0.0
        out["created_value"] = 0.0
        return out
    import duckdb

    con = duckdb.connect()
    try:
        con.execute("SET threads TO 2")
        params = {"deals": str(ws.file("deals")), "reps": str(ws.file("reps"))}
        if ws.has("activities"):
            params["activities"] = str(ws.file("activities"))
            sql = _HOLDERS_SQL
        else:
            sql = _HOLDERS_SQL.split("), previous AS")[0].replace("WITH d AS", "WITH d AS", 1)
            sql = sql + ") SELECT d.*, NULL::VARCHAR AS previous_rep FROM d"
        holders = con.execute(sql, params).to_arrow_table()
        con.register("holders", holders)
        months = grid[["month", "month_end"]].drop_duplicates()
        months = pa.table(
            {
                "month": pa.array(months["month"].astype(str).tolist(), pa.string()),
                "month_end": pa.array(months["month_end"].to_numpy().astype("datetime64[us]")),
            }
        )
        con.register("months", months)
        pipe = con.execute(_PIPELINE_SQL).to_arrow_table().to_pandas()
        created = con.execute(_CREATED_SQL).to_arrow_table().to_pandas()
    finally:
        con.close()
    pipe, created = (
        f.dropna(subset=["rep_id"]).astype({"rep_id": str, "month": str}) for f in (pipe, created)
    )
    out = out.merge(pipe, on=["rep_id", "month"], how="left")
    out = out.merge(created, on=["rep_id", "month"], how="left")
    out["pipeline_open"] = out["pipeline_open"].astype(float).fillna(0.0)
    out["deals_created"] = out["deals_created"].astype(float).fillna(0.0)
    out["created_value"] = out["created_value"].astype(float).fillna(0.0)
    return out


_TO_DATE_SQL = """
WITH x AS (
    SELECT rep_id, CAST({date} AS TIMESTAMP) AS day, CAST({value} AS DOUBLE) AS value
    FROM read_parquet($path) WHERE {value} IS NOT NULL AND rep_id IS NOT NULL
), joined AS (
    SELECT x.rep_id, m.month, x.value FROM x JOIN months m
      ON x.day < m.month_end + INTERVAL 1 DAY
), company AS (
    SELECT month, avg(value) AS company FROM joined GROUP BY month
)
SELECT j.rep_id, j.month, sum(j.value) AS total, count(*) AS n, any_value(c.company) AS company
FROM joined j JOIN company c USING (month) GROUP BY j.rep_id, j.month
UNION ALL
SELECT NULL AS rep_id, month, 0.0, 0, company FROM company
"""


def _to_date_features(ws: Workspace, grid: pd.DataFrame) -> pd.DataFrame:
    """Averages over every record dated up to each month's end (:data:`TO_DATE_SOURCES`).

    Training scores and customer NPS say how skilled a rep is, and skill does
    not expire, so nothing is dropped for age. A rep's average is shrunk to the
    company's average *to the same date* by :data:`TO_DATE_PSEUDO` pseudo-records
    (a rep with none gets the company's average); missing while the company has none.
    """
    out = grid[["rep_id", "month"]].copy()
    for name in TO_DATE_SOURCES:
        out[name] = np.nan
    if grid.empty:
        return out
    import duckdb

    months = grid[["month", "month_end"]].drop_duplicates()
    months = pa.table(
        {
            "month": pa.array(months["month"].astype(str).tolist(), pa.string()),
            "month_end": pa.array(months["month_end"].to_numpy().astype("datetime64[us]")),
        }
    )
    con = duckdb.connect()
    try:
        con.execute("SET threads TO 2")
        con.register("months", months)
        for name, (table, date, value) in TO_DATE_SOURCES.items():
            if not ws.has(table):
                continue
            sql = _TO_DATE_SQL.format(date=date, value=value)
            got = con.execute(sql, {"path": str(ws.file(table))}).to_arrow_table().to_pandas()
            company = got[got["rep_id"].isna()].set_index("month")["company"]
            got = got.dropna(subset=["rep_id"]).astype({"rep_id": str, "month": str})
            got = out[["rep_id", "month"]].merge(got, on=["rep_id", "month"], how="left")
            prior = out["month"].map(company).to_numpy(dtype=float)
            total = got["total"].fillna(0.0).to_numpy(dtype=float)
            n = got["n"].fillna(0.0).to_numpy(dtype=float)
            out[name] = (total + TO_DATE_PSEUDO * prior) / (n + TO_DATE_PSEUDO)
    finally:
        con.close()
    return out


class _Trailing:
    """Trailing windows over each rep's rows (rows sorted by rep; one row per month worked).

    The same as pandas' ``groupby("rep_id").rolling(n, min_periods=...)`` and
    ``.shift(k)``, by shifting whole arrays ``n`` times: with 10,000 reps the
    group-wise pandas calls took 3.4 s of a 7.5 s rescoring.
    """

    def __init__(self, p: pd.DataFrame):
        rep = p["rep_id"].to_numpy()
        if pd.Series(rep).ne(pd.Series(rep).shift()).sum() != pd.Series(rep).nunique():
            raise ValueError("rows must be grouped by rep (sorted by rep and month)")
        self.index = p.index
        self.rows = np.arange(len(p))
        new = np.r_[True, rep[1:] != rep[:-1]] if len(p) else np.array([], bool)
        self.first = np.maximum.accumulate(np.where(new, self.rows, 0))  # the rep's 1st row

    def _back(self, values, k: int) -> np.ndarray:
        """Each row's value ``k`` rows back within the rep, NaN before the rep's first row."""
        j = self.rows - k
        inside = j >= self.first
        return np.where(inside, values[np.where(inside, j, 0)], np.nan)

    def shift(self, column: pd.Series, k: int) -> pd.Series:
        return pd.Series(self._back(column.to_numpy(dtype=float), k), index=self.index)

    def sum(self, column: pd.Series, window: int) -> pd.Series:
        """Sum of the last ``window`` rows' values that are not missing (missing if none)."""
        x = column.to_numpy(dtype=float)
        total, count = np.zeros(len(x)), np.zeros(len(x))
        for k in range(window):
            v = self._back(x, k)
            total += np.nan_to_num(v)
            count += ~np.isnan(v)
        return pd.Series(np.where(count >= 1, total, np.nan), index=self.index)

    def std(self, column: pd.Series, window: int, min_periods: int) -> pd.Series:
        """Sample standard deviation of the last ``window`` rows (two passes)."""
        x = column.to_numpy(dtype=float)
        back = [self._back(x, k) for k in range(window)]
        count = np.sum([~np.isnan(v) for v in back], axis=0)
        mean = np.nansum(back, axis=0) / np.maximum(count, 1)
        squares = np.nansum([(v - mean) ** 2 for v in back], axis=0)
        std = np.sqrt(squares / np.maximum(count - 1, 1))
        enough = (count >= min_periods) & (count > 1)  # one value has no deviation
        return pd.Series(np.where(enough, std, np.nan), index=self.index)


def _derive(p: pd.DataFrame) -> pd.DataFrame:
    """Trailing-window features; rows are sorted by rep and month, one per month worked."""
    p = p.copy()
    for c in ["revenue_won", "deals_won", "deals_lost", "deals_created", "activities_total"]:
        p[c] = p[c].fillna(0.0)
    for c in ["one_on_ones_held", "training_hours", "csat_responses", "rep_fte"]:
        p[c] = p[c].fillna(0.0)
    p["csat_good"] = p["csat"].fillna(0.0) * p["csat_responses"]
    p["ah_count"] = p["after_hours_share"] * p["activities_total"]
    p["target"] = p["revenue_target"].where(p["revenue_target"] > 0)
    g = _Trailing(p)
    rev3, tgt3 = g.sum(p["revenue_won"], 3), g.sum(p["target"], 3)
    rev12, tgt12 = g.sum(p["revenue_won"], 12), g.sum(p["target"], 12)
    p["attainment_3m"] = (rev3 / tgt3.where(tgt3 > 0)).clip(upper=3.0)
    p["attainment_12m"] = (rev12 / tgt12.where(tgt12 > 0)).clip(upper=3.0)
    prev_att = g.shift(p["attainment_3m"], 3)
    p["attainment_trend"] = (p["attainment_3m"] - prev_att).clip(-2, 2)
    monthly = (p["revenue_won"] / p["target"]).clip(upper=3.0)
    p["attainment_volatility"] = g.std(monthly, 6, min_periods=3)
    quarter_quota = 3.0 * p["target"]
    p["pipeline_coverage"] = np.log1p(p["pipeline_open"] / quarter_quota).clip(upper=4.0)
    fte3 = g.sum(p["rep_fte"], 3).clip(lower=0.1)
    p["deals_created_3m"] = g.sum(p["deals_created"], 3) / fte3
    value3 = g.sum(p["created_value"], 3)
    p["pipeline_generation"] = np.log1p(value3 / tgt3.where(tgt3 > 0)).clip(upper=4.0)
    act3 = g.sum(p["activities_total"], 3) / fte3
    p["_act3"] = act3
    prev_act = g.shift(act3, 3)
    p["activity_trend"] = np.log((act3 + 5) / (prev_act + 5)).clip(-2, 2)
    company = p.groupby("month")["_act3"].transform("median")
    p["activity_level"] = np.log((act3 + 5) / (company + 5)).clip(-3, 3)
    act1 = p["activities_total"] / p["rep_fte"].clip(lower=0.1)
    company1 = act1.groupby(p["month"]).transform("median")
    p["activity_last_month"] = np.log((act1 + 5) / (company1 + 5)).clip(-3, 3)
    won12, lost12 = g.sum(p["deals_won"], 12), g.sum(p["deals_lost"], 12)
    prior = (p.groupby("month")["deals_won"].transform("sum") + 1) / (
        p.groupby("month")["deals_won"].transform("sum")
        + p.groupby("month")["deals_lost"].transform("sum")
        + 2
    )
    p["win_rate_12m"] = (won12 + 5 * prior) / (won12 + lost12 + 5)
    # before the first 1:1 on record it counts from the hire date: cap at half a year
    p["days_since_one_on_one"] = p["days_since_one_on_one"].clip(upper=MAX_GAP_DAYS)
    p["one_on_ones_3m"] = g.sum(p["one_on_ones_held"], 3) / fte3
    p["training_hours_12m"] = g.sum(p["training_hours"], 12)
    good6, n6 = g.sum(p["csat_good"], 6), g.sum(p["csat_responses"], 6)
    p["csat_6m"] = (good6 + 3 * 0.8) / (n6 + 3)
    ah3 = g.sum(p["ah_count"], 3)
    acts3 = g.sum(p["activities_total"], 3)
    p["after_hours_share"] = ah3 / acts3.where(acts3 > 0)
    p["tenure_months"] = p["tenure_months"].clip(lower=0)
    p["ramping"] = (p["tenure_months"] < 4).astype(float)
    p["_rev3"] = rev3
    team_median = p.groupby(["team", "month"])["_rev3"].transform("median")
    rel = p["_rev3"] / team_median.where(team_median > 0)
    p["earnings_vs_team"] = np.log(PAY_BASE_SHARE + (1 - PAY_BASE_SHARE) * rel.clip(0, 5))
    for f in feature_names():
        p[f] = p[f].astype("float64").replace([np.inf, -np.inf], np.nan)
    return p


def attrition_target(ws: Workspace, features: pd.DataFrame) -> np.ndarray:
    """``[months_followed, voluntary_exit]`` per feature row, for the hazard model.

    ``months_followed`` counts the months after ``t`` the rep was seen at risk:
    up to and including the month of a voluntary exit (``voluntary_exit`` = 1),
    of an involuntary exit (a competing event: 0) or the last month of data
    (censored: 0). It is 0 for the last month of data (nothing seen yet).
    """
    from ..kpis import data_end

    last = pd.Period(data_end(ws), freq="M")
    reps = ws.frame("reps", columns=["rep_id", "exit_date", "exit_type"]).set_index("rep_id")
    month = pd.PeriodIndex(features["month"], freq="M")
    exit_date = features["rep_id"].map(reps["exit_date"])
    exit_type = features["rep_id"].map(reps["exit_type"])
    exit_month = pd.PeriodIndex(exit_date, freq="M")
    ordinal = np.asarray(month.asi8)
    horizon_end = np.full(len(features), last.ordinal) - ordinal
    exit_off = np.asarray(exit_month.asi8, dtype="float64") - ordinal
    exit_off[pd.isna(exit_date).to_numpy()] = np.inf
    followed = np.minimum(horizon_end, exit_off)
    event = (np.isfinite(exit_off) & (exit_off <= horizon_end)) & (
        exit_type.to_numpy() == "voluntary"
    )
    return np.column_stack([followed.astype(float), event.astype(float)])


def attainment_ahead(ws: Workspace, features: pd.DataFrame, months: int = 3) -> np.ndarray:
    """Attainment over the ``months`` after each row's month; missing unless fully observed.

    Missing when the rep did not work all of those months (left, or the data
    end) or the target over them is zero.
    """
    from ..kpis import compute, data_end

    last = pd.Period(data_end(ws), freq="M")
    first = pd.Period(features["month"].min(), freq="M") + 1
    if first > last:
        return np.full(len(features), np.nan)
    panel = compute(ws, ["revenue_won", "revenue_target"], grain="month", period=f"{first}..{last}")
    panel["month"] = panel["period"].astype(str)
    wide_rev = panel.pivot_table(index="rep_id", columns="month", values="revenue_won")
    wide_tgt = panel.pivot_table(index="rep_id", columns="month", values="revenue_target")
    reps = ws.frame("reps", columns=["rep_id", "exit_date"]).set_index("rep_id")["exit_date"]
    m0 = pd.PeriodIndex(features["month"], freq="M")
    rev = np.zeros(len(features))
    tgt = np.zeros(len(features))
    complete = np.ones(len(features), dtype=bool)
    rev_s = wide_rev.stack()
    tgt_s = wide_tgt.stack()
    for k in range(1, months + 1):
        key = pd.MultiIndex.from_arrays([features["rep_id"].astype(str), (m0 + k).astype(str)])
        r = rev_s.reindex(key).to_numpy(dtype=float)
        t = tgt_s.reindex(key).to_numpy(dtype=float)
        rev += np.nan_to_num(r)
        tgt += np.nan_to_num(t)
        complete &= ~np.isnan(t)
    exit_date = features["rep_id"].map(reps)
    horizon_end = (m0 + months).end_time.normalize()
    stayed = exit_date.isna().to_numpy() | (exit_date.to_numpy() > horizon_end.to_numpy())
    seen = (m0 + months) <= last
    ok = complete & stayed & np.asarray(seen) & (tgt > 0)
    return np.where(ok, rev / np.where(tgt > 0, tgt, 1.0), np.nan)
