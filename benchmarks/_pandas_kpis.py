"""The public KPIs in plain pandas, month grain, by rep: the reference for bench_kpis.py.

A straightforward implementation of the definitions in ``fieldsales.kpis``
(``catalogue()``: definition and formula; ``_sales.py``, ``_activity.py``,
``_people.py``, ``_service.py``: the Ibis code): read the workspace's Parquet
files with pandas, then filter, group by and merge. No DuckDB, no Ibis.

It answers two questions: how fast is the Ibis/DuckDB engine against what an
analyst would write in pandas (``benchmarks/bench_kpis.py``), and do the two
agree (``tests/kpis/test_pandas_reference.py``)? It mirrors ``compute()``'s
conventions: one row per rep employed in the month (or with data in it),
fills of 0 for counts and sums, ratios from summed parts with a zero
denominator giving a missing value, growth against the month before.

Run: ``python benchmarks/_pandas_kpis.py WORKSPACE 2026-01..2026-06``
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from fieldsales.config import CONTACT_DAYS_BY_TIER, SLA_HOURS, WORKING_HOURS

__all__ = ["KPIS", "compute_pandas", "disagreements", "month_buckets"]

# Constants of the KPI definitions that live in modules importing Ibis; kept in step by the
# cross-check test (tests/kpis/test_pandas_reference.py).
DAYS_PER_QUARTER = 365.25 / 4  # _sales.py: pipeline coverage
PULSE_WINDOW_MONTHS = 3  # _people.py: pulse scores
DEFAULT_CONTACT_DAYS = 90  # _activity.py: tier not in CONTACT_DAYS_BY_TIER
DEFAULT_SLA_HOURS = 24  # _service.py: severity not in SLA_HOURS
ACTIVITY_TYPES = {
    "visit": "customer_visits",
    "call": "activities_call",
    "email": "activities_email",
    "meeting": "activities_meeting",
    "demo": "activities_demo",
}

# Every public KPI this module computes, in the catalogue's order.
KPIS = (
    "activities_total", *ACTIVITY_TYPES.values(), "accounts_touched", "after_hours_share",
    "accounts_overdue_contact", "crm_completeness", "rep_fte", "one_on_ones_held",
    "days_since_one_on_one", "training_hours", "trainings_completed", "compliance_overdue",
    "pulse_engagement", "pulse_stress", "revenue_won", "deals_won", "deals_lost",
    "deals_created", "win_rate", "avg_deal_size", "sales_cycle_days", "revenue_target",
    "visits_target", "quota_attainment", "pipeline_open_value", "pipeline_coverage",
    "new_customers", "revenue_growth", "csat_responses", "csat", "nps", "complaints_opened",
    "first_response_hours", "resolution_hours", "sla_breaches",
)  # fmt: skip
# Counts and sums are 0, not missing, for a rep with no rows in the month.
FILL_ZERO = (
    "activities_total", *ACTIVITY_TYPES.values(), "accounts_touched", "activities_after_hours",
    "accounts_overdue_contact", "deal_fields_filled", "deal_fields", "activity_fields_filled",
    "activity_fields", "rep_fte", "one_on_ones_held", "training_hours", "trainings_completed",
    "compliance_overdue", "revenue_won", "deals_won", "deals_lost", "deals_closed",
    "deals_created", "pipeline_open_value", "new_customers", "csat_responses", "csat_satisfied",
    "nps_responses", "nps_net", "complaints_opened", "sla_breaches",
)  # fmt: skip
KEYS = ["rep_id", "period_start"]
DAY = pd.Timedelta(days=1)


def month_buckets(period: str) -> pd.DatetimeIndex:
    """Month starts of ``2026-03`` or ``2025-11..2026-10``."""
    first, _, last = period.partition("..")
    months = pd.period_range(first, last or first, freq="M")
    return pd.DatetimeIndex(months.to_timestamp()).astype("datetime64[ns]")


def compute_pandas(workspace: str | Path, period: str) -> pd.DataFrame:
    """Every KPI of :data:`KPIS` per rep and month of ``period`` (``START..END`` months).

    Returns the layout of ``fieldsales.kpis.compute(ws, period=period)``:
    ``period``, ``period_start``, ``rep_id``, ``rep_name`` and one column per KPI.
    """
    tables = _Tables(Path(workspace))
    starts = month_buckets(period)
    # the month before the first too: revenue growth compares with it
    work = month_buckets(f"{starts[0] - pd.DateOffset(months=1):%Y-%m}..{starts[-1]:%Y-%m}")
    periods = pd.DataFrame({"period_start": work, "period_end": work + pd.DateOffset(months=1)})
    periods["days"] = (periods["period_end"] - periods["period_start"]).dt.days
    lo, hi = periods["period_start"].iloc[0], periods["period_end"].iloc[-1]

    reps = tables.read("reps", ["rep_id", "name", "role", "hire_date", "exit_date"])
    activities = tables.read(
        "activities", ["rep_id", "account_id", "type", "started_at", "duration_minutes"]
    )
    deals = tables.read(
        "deals",
        ["account_id", "rep_id", "amount", "status", "created_date", "close_date", "product"],
    )
    as_of = _data_end(tables, activities, deals)
    employed = _employed(reps, periods)

    frames = [
        _activity_events(activities, lo, hi),
        _accounts_overdue(activities, tables.read("accounts"), periods),
        _deal_close_events(deals, lo, hi),
        _deal_created_events(deals, lo, hi),
        _pipeline_open(deals, periods),
        _new_customers(deals, lo, hi),
        _targets(tables.read("quotas"), periods),
        _fte(employed),
        _one_on_ones(tables.read("one_on_ones"), employed, lo, hi),
        _trainings(tables.read("trainings"), lo, hi),
        _compliance(tables.read("compliance"), employed),
        _pulse(tables.read("pulse_surveys"), periods),
        _feedback(tables.read("customer_feedback"), lo, hi),
        _complaints(tables.read("complaints"), lo, hi, as_of),
    ]
    del activities, deals
    wide = _grid(reps, periods)
    for frame in frames:
        wide = wide.merge(frame.reset_index(), on=KEYS, how="outer")
    wide[list(FILL_ZERO)] = wide[list(FILL_ZERO)].fillna(0.0)

    wide = wide.merge(periods[["period_start", "days"]], on="period_start", how="left")
    _ratios(wide)
    _growth(wide)

    wide = wide[wide["period_start"] >= starts[0]]
    names = reps.set_index("rep_id")["name"]
    out = pd.DataFrame(
        {
            "period": wide["period_start"].dt.strftime("%Y-%m").astype("str"),
            "period_start": wide["period_start"],
            "rep_id": wide["rep_id"].astype("str"),
            "rep_name": wide["rep_id"].map(names).astype("str"),
        }
    )
    for kpi in KPIS:
        out[kpi] = wide[kpi].astype("float64").replace([np.inf, -np.inf], np.nan)
    return out.sort_values(["period_start", "rep_id"], ignore_index=True)


def disagreements(
    ibis: pd.DataFrame, pandas: pd.DataFrame, rtol: float = 1e-9, atol: float = 1e-9
) -> pd.DataFrame:
    """Where two results differ: one row per (kpi, period, rep) out of tolerance.

    Missing equals missing. A rep-month present in one result only is reported
    with ``kpi`` ``"(row)"``. Columns: kpi, period, rep_id, ibis, pandas.
    """
    keys = ["period", "rep_id"]
    kpis = [k for k in KPIS if k in ibis.columns]
    both = ibis[keys + kpis].merge(
        pandas[keys + kpis], on=keys, how="outer", suffixes=("_ibis", "_pandas"), indicator=True
    )
    rows = []
    for side, label in (("left_only", "ibis"), ("right_only", "pandas")):
        for period, rep in both.loc[both["_merge"] == side, keys].itertuples(index=False):
            rows.append(("(row)", period, rep, float(label == "ibis"), float(label == "pandas")))
    both = both[both["_merge"] == "both"]
    for kpi in kpis:
        a = both[f"{kpi}_ibis"].to_numpy(dtype="float64")
        b = both[f"{kpi}_pandas"].to_numpy(dtype="float64")
        bad = ~(np.isclose(a, b, rtol=rtol, atol=atol) | (np.isnan(a) & np.isnan(b)))
        for period, rep, x, y in zip(
            both["period"][bad], both["rep_id"][bad], a[bad], b[bad], strict=True
        ):
            rows.append((kpi, period, rep, x, y))
    return pd.DataFrame(rows, columns=["kpi", "period", "rep_id", "ibis", "pandas"])


class _Tables:
    """The workspace's Parquet files, located through its manifest."""

    def __init__(self, path: Path):
        self.path = path
        self.files = json.loads((path / "manifest.json").read_text(encoding="utf-8"))["tables"]

    def read(self, name: str, columns: list[str] | None = None) -> pd.DataFrame:
        return pd.read_parquet(self.path / self.files[name]["file"], columns=columns)


# -- helpers ----------------------------------------------------------------------------------
def _month(s: pd.Series) -> pd.Series:
    """Start of the calendar month of each timestamp."""
    values = s.to_numpy().astype("datetime64[M]").astype("datetime64[ns]")
    return pd.Series(values, index=s.index)


def _in_window(df: pd.DataFrame, column: str, lo, hi) -> pd.DataFrame:
    """Rows whose ``column`` falls in [lo, hi), with the start of their month."""
    df = df[(df[column] >= lo) & (df[column] < hi)]
    return df.assign(period_start=_month(df[column]))


def _day_diff(later: pd.Series, earlier: pd.Series) -> pd.Series:
    """Calendar days between two timestamps (day boundaries crossed, like SQL date_diff)."""
    return (later.dt.normalize() - earlier.dt.normalize()).dt.days


def _hours(later: pd.Series, earlier: pd.Series) -> pd.Series:
    """Hours between two timestamps, counted in whole seconds (like SQL date_diff)."""
    return (later.dt.floor("s") - earlier.dt.floor("s")).dt.total_seconds() / 3600.0


def _per_rep(df: pd.DataFrame, rep: str = "rep_id"):
    return df.groupby([rep, "period_start"], sort=False)


def _count(df: pd.DataFrame, name: str, rep: str = "rep_id") -> pd.DataFrame:
    out = _per_rep(df, rep).size().rename(name).to_frame()
    return out.rename_axis(KEYS)


def _data_end(tables: _Tables, activities: pd.DataFrame, deals: pd.DataFrame) -> pd.Timestamp:
    """The last moment with data: "now" for complaints still unanswered."""
    ends = [
        activities["started_at"].max(),
        deals["created_date"].max(),
        deals.loc[deals["status"] != "open", "close_date"].max(),
        tables.read("one_on_ones", ["date"])["date"].max(),
        tables.read("complaints", ["opened_at"])["opened_at"].max(),
    ]
    return max(e for e in ends if pd.notna(e))


def _employed(reps: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """Reps (not managers) x months they worked in: days worked, end of their last day."""
    r = reps[reps["role"] != "manager"]
    j = r.merge(periods, how="cross")
    j = j[
        (j["hire_date"] < j["period_end"])
        & (j["exit_date"].isna() | (j["exit_date"] >= j["period_start"]))
    ]
    # the exit day is worked: employment ends the day after exit_date
    end = (j["exit_date"] + DAY).fillna(j["period_end"]).clip(upper=j["period_end"])
    start = j["hire_date"].clip(lower=j["period_start"])
    return j.assign(worked=_day_diff(end, start), last_day=end)


def _grid(reps: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """The reps (not managers) employed on at least one day of each month."""
    r = reps[reps["role"] != "manager"]
    j = r.merge(periods, how="cross")
    there = (j["hire_date"] < j["period_end"]) & (
        j["exit_date"].isna() | (j["exit_date"] + DAY > j["period_start"])
    )
    return j.loc[there & j["rep_id"].notna(), KEYS].drop_duplicates()


# -- activities -------------------------------------------------------------------------------
def _activity_events(activities: pd.DataFrame, lo, hi) -> pd.DataFrame:
    a = _in_window(activities, "started_at", lo, hi)
    hour = a["started_at"].dt.hour
    flags = {
        "after": (hour < WORKING_HOURS[0])
        | (hour >= WORKING_HOURS[1])
        | (a["started_at"].dt.day_of_week >= 5),  # Monday = 0
        **{kpi: a["type"] == kind for kind, kpi in ACTIVITY_TYPES.items()},
    }
    a = a.assign(**flags)
    out = _per_rep(a).agg(
        activities_total=("type", "size"),
        **{kpi: (kpi, "sum") for kpi in ACTIVITY_TYPES.values()},
        accounts_touched=("account_id", "nunique"),
        activities_after_hours=("after", "sum"),
        account_filled=("account_id", "count"),
        duration_filled=("duration_minutes", "count"),
    )
    out["activity_fields_filled"] = out.pop("account_filled") + out.pop("duration_filled")
    out["activity_fields"] = 2 * out["activities_total"]
    return out.astype("float64")


def _accounts_overdue(activities, accounts, periods) -> pd.DataFrame:
    """Accounts owned at each month's end whose last contact is older than their tier allows."""
    a = activities.loc[activities["account_id"].notna(), ["account_id", "started_at"]]
    a = a[a["started_at"] < periods["period_end"].iloc[-1]]
    # the last contact in each month; the last before a month's end is the latest of those
    monthly = a.groupby(["account_id", _month(a["started_at"]).rename("month")]).max()
    monthly = monthly.reset_index().sort_values("month")
    owned = accounts[accounts["owner_rep_id"].notna()]
    grid = owned.merge(periods, how="cross")
    grid = grid[grid["created_date"] < grid["period_end"]].sort_values("period_end")
    grid = pd.merge_asof(
        grid, monthly, left_on="period_end", right_on="month", by="account_id",
        allow_exact_matches=False,
    )  # fmt: skip
    since = grid["started_at"].fillna(grid["created_date"])
    limit = grid["tier"].map(CONTACT_DAYS_BY_TIER).fillna(DEFAULT_CONTACT_DAYS)
    overdue = grid[_day_diff(grid["period_end"], since) > limit]
    return _count(overdue, "accounts_overdue_contact", rep="owner_rep_id")


# -- deals ------------------------------------------------------------------------------------
def _deal_close_events(deals: pd.DataFrame, lo, hi) -> pd.DataFrame:
    d = _in_window(deals, "close_date", lo, hi)
    won = d["status"] == "won"
    closed = d["status"].isin(["won", "lost"])
    d = d.assign(
        won_amount=d["amount"].where(won),
        won=won,
        lost=d["status"] == "lost",
        closed=closed,
        cycle=_day_diff(d["close_date"], d["created_date"]).where(closed),
    )
    return (
        _per_rep(d)
        .agg(
            revenue_won=("won_amount", "sum"),
            deals_won=("won", "sum"),
            deals_lost=("lost", "sum"),
            deals_closed=("closed", "sum"),
            sales_cycle_days=("cycle", "median"),
        )
        .astype("float64")
    )


def _deal_created_events(deals: pd.DataFrame, lo, hi) -> pd.DataFrame:
    d = _in_window(deals, "created_date", lo, hi)
    out = _per_rep(d).agg(
        deals_created=("status", "size"),
        account_filled=("account_id", "count"),
        product_filled=("product", "count"),
    )
    out["deal_fields_filled"] = out.pop("account_filled") + out.pop("product_filled")
    out["deal_fields"] = 2 * out["deals_created"]
    return out.astype("float64")


def _pipeline_open(deals: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """Amount of deals open at each month's end: created before it, not closed by then."""
    parts = []
    for start, end in zip(periods["period_start"], periods["period_end"], strict=True):
        d = deals[
            (deals["created_date"] < end)
            & ((deals["status"] == "open") | (deals["close_date"] >= end))
        ]
        part = d.groupby("rep_id")["amount"].sum().rename("pipeline_open_value").to_frame()
        parts.append(part.assign(period_start=start).set_index("period_start", append=True))
    return pd.concat(parts).rename_axis(KEYS)


def _new_customers(deals: pd.DataFrame, lo, hi) -> pd.DataFrame:
    """Accounts whose first won deal closes in the month, credited to that deal's rep."""
    won = deals[(deals["status"] == "won") & deals["account_id"].notna()]
    won = won[won["close_date"].notna()].sort_values("close_date", kind="stable")
    first = won.drop_duplicates("account_id", keep="first")
    first = _in_window(first, "close_date", lo, hi)
    return _count(first, "new_customers")


def _targets(quotas: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """Monthly quotas; at month grain each quota month is one bucket."""
    q = quotas.assign(period_start=pd.to_datetime(quotas["period"] + "-01"))
    q = q[q["period_start"].isin(periods["period_start"])]
    out = q.groupby([*KEYS, "metric"])["target"].sum(min_count=1).unstack("metric")
    out = out.reindex(columns=["revenue", "visits"])
    return out.rename(columns={"revenue": "revenue_target", "visits": "visits_target"})


# -- people -----------------------------------------------------------------------------------
def _fte(employed: pd.DataFrame) -> pd.DataFrame:
    share = (employed["worked"] / employed["days"]).rename("rep_fte")
    return share.groupby([employed["rep_id"], employed["period_start"]]).sum().to_frame()


def _one_on_ones(ones: pd.DataFrame, employed: pd.DataFrame, lo, hi) -> pd.DataFrame:
    held = _count(_in_window(ones, "date", lo, hi), "one_on_ones_held")
    # the latest 1:1 before the rep's last day in the month (or the hire date)
    e = employed.sort_values("last_day")
    o = ones[["rep_id", "date"]].dropna().sort_values("date")
    j = pd.merge_asof(
        e, o, left_on="last_day", right_on="date", by="rep_id", allow_exact_matches=False
    )
    since = j["date"].fillna(j["hire_date"])
    j["days_since_one_on_one"] = _day_diff(j["last_day"] - DAY, since).astype("float64")
    since_last = j.set_index(KEYS)[["days_since_one_on_one"]]
    return held.join(since_last, how="outer")


def _trainings(trainings: pd.DataFrame, lo, hi) -> pd.DataFrame:
    t = _in_window(trainings, "completed_on", lo, hi)
    return (
        _per_rep(t)
        .agg(training_hours=("hours", "sum"), trainings_completed=("hours", "size"))
        .astype("float64")
    )


def _compliance(compliance: pd.DataFrame, employed: pd.DataFrame) -> pd.DataFrame:
    """Items due before the rep's last day in the month and not completed by then."""
    j = compliance.merge(employed[["rep_id", "period_start", "last_day"]], on="rep_id")
    j = j[
        (j["due_date"] < j["last_day"])
        & (j["completed_on"].isna() | (j["completed_on"] >= j["last_day"]))
    ]
    return _count(j, "compliance_overdue")


def _pulse(surveys: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """Mean pulse answers of the three months up to each month's end."""
    parts = []
    for start, end in zip(periods["period_start"], periods["period_end"], strict=True):
        from_ = end - pd.DateOffset(months=PULSE_WINDOW_MONTHS)
        s = surveys[(surveys["date"] < end) & (surveys["date"] >= from_)]
        part = s.groupby("rep_id")[["engagement", "stress"]].mean()
        parts.append(part.assign(period_start=start).set_index("period_start", append=True))
    out = pd.concat(parts).rename_axis(KEYS)
    return out.rename(columns={"engagement": "pulse_engagement", "stress": "pulse_stress"})


# -- customers --------------------------------------------------------------------------------
def _feedback(feedback: pd.DataFrame, lo, hi) -> pd.DataFrame:
    f = _in_window(feedback, "date", lo, hi)
    f = f.assign(
        satisfied=f["csat"] >= 4,
        net=(f["nps"] >= 9).astype(int) - (f["nps"] <= 6).astype(int),
    )
    return (
        _per_rep(f)
        .agg(
            csat_responses=("csat", "count"),
            csat_satisfied=("satisfied", "sum"),
            nps_responses=("nps", "count"),
            nps_net=("net", "sum"),
        )
        .astype("float64")
    )


def _complaints(complaints: pd.DataFrame, lo, hi, as_of) -> pd.DataFrame:
    c = _in_window(complaints, "opened_at", lo, hi)
    limit = c["severity"].map(SLA_HOURS).fillna(DEFAULT_SLA_HOURS)
    answered = c["first_response_at"].fillna(as_of)
    c = c.assign(
        first=_hours(c["first_response_at"], c["opened_at"]),
        resolved=_hours(c["resolved_at"], c["opened_at"]),
        breach=_hours(answered, c["opened_at"]) > limit,
    )
    return (
        _per_rep(c)
        .agg(
            complaints_opened=("opened_at", "size"),
            first_response_hours=("first", "median"),
            resolution_hours=("resolved", "median"),
            sla_breaches=("breach", "sum"),
        )
        .astype("float64")
    )


# -- ratios and growth ------------------------------------------------------------------------
def _ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    """num / den, missing when den is 0 or missing."""
    return num / den.where(den > 0)


def _ratios(w: pd.DataFrame) -> None:
    w["win_rate"] = _ratio(w["deals_won"], w["deals_closed"])
    w["avg_deal_size"] = _ratio(w["revenue_won"], w["deals_won"])
    w["quota_attainment"] = _ratio(w["revenue_won"], w["revenue_target"])
    w["pipeline_coverage"] = (
        _ratio(w["pipeline_open_value"], w["revenue_target"]) * w["days"] / DAYS_PER_QUARTER
    )
    w["after_hours_share"] = _ratio(w["activities_after_hours"], w["activities_total"])
    w["crm_completeness"] = _ratio(
        w["deal_fields_filled"] + w["activity_fields_filled"],
        w["deal_fields"] + w["activity_fields"],
    )
    w["csat"] = _ratio(w["csat_satisfied"], w["csat_responses"])
    w["nps"] = 100.0 * _ratio(w["nps_net"], w["nps_responses"])


def _growth(w: pd.DataFrame) -> None:
    """Revenue won against the month before (missing when that was 0 or the rep absent)."""
    prev = w[["rep_id", "period_start", "revenue_won"]].rename(columns={"revenue_won": "prev"})
    prev["period_start"] = prev["period_start"] + pd.DateOffset(months=1)
    prev = w[KEYS].merge(prev, on=KEYS, how="left")["prev"]  # same row order as w
    w["revenue_growth"] = w["revenue_won"].to_numpy() / prev.where(prev > 0).to_numpy() - 1


if __name__ == "__main__":
    result = compute_pandas(sys.argv[1], sys.argv[2])
    print(result.describe().T.to_string())
