"""What a report shows, as data: computed once per batch, then cut per rep and audience."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from ..config import CONTACT_DAYS_BY_TIER, today
from ..exceptions import ConfigError
from ..kpis import buckets_for, compute
from ..kpis._scorecard import scorecard_rows
from ..workspace import Workspace

__all__ = ["BatchData", "AUDIENCES", "resolve_period_text", "MIN_TEAM_FOR_REP"]

AUDIENCES = ("manager", "rep")
#: A rep-audience report shows team aggregates only for teams at least this large,
#: so that a median or percentile cannot reveal one colleague's figure.
MIN_TEAM_FOR_REP = 3
_CACHE_FILES = ("monthly", "current", "alerts", "reps", "last_contact", "pipeline", "risk")
_CACHE_VERSION = 3
_RISK_MODELS = ("attrition", "underperformance")
_CLOSED_STAGES = ("Closed Won", "Closed Lost")


def resolve_period_text(period: str | None) -> str | None:
    """``last-month`` -> the calendar month before :func:`fieldsales.config.today`; else as given.

    Empty text or None means "the month the data end in" (decided later).
    """
    text = (period or "").strip()
    if not text:
        return None
    if text.lower() == "last-month":
        return f"{pd.Period(today(), freq='M') - 1}"
    if text.lower() == "this-month":
        return f"{pd.Period(today(), freq='M')}"
    return text


@dataclass
class BatchData:
    """KPIs, alerts and reps for one period, computed once and shared by every report.

    Attributes
    ----------
    period, grain, as_of : the period label (``2026-10``), its grain and the
        last day counted (the period's end, or the data's end if earlier).
    previous : label of the period before.
    data_hash : the workspace's data hash the figures come from.
    monthly : monthly KPIs per rep for the twelve months ending with the period.
    current : KPIs per rep at the period's grain for ``previous`` and ``period``.
    alerts : :func:`fieldsales.signals.alerts` for the period.
    reps : the reps table.
    last_contact : per rep and account, the rep's last activity up to ``as_of``.
    pipeline : per rep and stage, deals open at ``as_of`` and their amount.
    risk : :func:`fieldsales.models.score` for the period's month when the workspace
        holds trained models (else empty, and ``risk_note`` says why).
    notes : remarks on the period (under way, rules skipped).
    """

    period: str
    grain: str
    as_of: pd.Timestamp
    previous: str
    data_hash: str
    monthly: pd.DataFrame
    current: pd.DataFrame
    alerts: pd.DataFrame
    reps: pd.DataFrame
    last_contact: pd.DataFrame
    pipeline: pd.DataFrame
    risk: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    risk_note: str = ""
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def build(cls, ws: Workspace, period: str | None = None) -> BatchData:
        """Compute everything the reports of ``period`` need (a few seconds)."""
        from ..signals import alerts, resolve_period

        facts = resolve_period(ws, resolve_period_text(period))
        last = pd.Period(facts.as_of, freq="M")
        monthly = compute(ws, grain="month", period=f"{last - 11}..{last}")
        previous = buckets_for(facts.label, facts.grain).previous().labels[0]
        if facts.grain == "month":
            current = monthly[monthly["period"].isin([previous, facts.label])].copy()
        else:
            current = compute(ws, grain=facts.grain, period=f"{previous}..{facts.label}")
        found = alerts(ws, facts.label)
        risk, risk_note = _risk_scores(ws, last)
        return cls(
            period=facts.label,
            grain=facts.grain,
            as_of=pd.Timestamp(facts.as_of),
            previous=previous,
            data_hash=ws.data_hash,
            monthly=monthly.reset_index(drop=True),
            current=current.reset_index(drop=True),
            alerts=found,
            reps=ws.frame("reps"),
            last_contact=_last_contact(ws, pd.Timestamp(facts.as_of)),
            pipeline=_open_pipeline(ws, pd.Timestamp(facts.as_of)),
            risk=risk,
            risk_note=risk_note,
            notes=list(found.attrs.get("notes", [])),
        )

    # -- the cache: Parquet files written once per batch, read by every report -----------

    def save(self, folder: str | os.PathLike) -> Path:
        """Write the data to ``folder`` (atomically: a temporary folder renamed)."""
        folder = Path(folder)
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = folder.with_name(f".{folder.name}.{os.getpid()}.tmp")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        for name in _CACHE_FILES:
            frame = getattr(self, name)
            frame.to_parquet(staging / f"{name}.parquet", index=False)
        meta = {
            "version": _CACHE_VERSION,
            "period": self.period,
            "grain": self.grain,
            "as_of": self.as_of.isoformat(),
            "previous": self.previous,
            "data_hash": self.data_hash,
            "notes": self.notes,
            "risk_note": self.risk_note,
        }
        (staging / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
        try:
            staging.rename(folder)
        except OSError:  # another process wrote the same cache first: keep theirs
            shutil.rmtree(staging, ignore_errors=True)
        return folder

    @classmethod
    def load(cls, folder: str | os.PathLike, ws: Workspace | None = None) -> BatchData:
        """Read a cache written by :meth:`save`; refuse one made from other data than ``ws``."""
        folder = Path(folder)
        meta_file = folder / "meta.json"
        if not meta_file.is_file():
            raise ConfigError(
                f"{folder} is not a report cache (no meta.json); leave `cache` empty to "
                "compute the figures in the notebook"
            )
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        if ws is not None and meta["data_hash"] != ws.data_hash:
            raise ConfigError(
                f"the report cache {folder} was made from data {meta['data_hash'][:12]}, but "
                f"workspace {ws.path} now holds {ws.data_hash[:12]}; rerun `fieldsales reports`"
            )
        if meta.get("version") != _CACHE_VERSION:
            raise ConfigError(
                f"the report cache {folder} was written by another version of fieldsales; "
                "delete it or rerun `fieldsales reports` with --force"
            )
        frames = {name: pd.read_parquet(folder / f"{name}.parquet") for name in _CACHE_FILES}
        return cls(
            period=meta["period"],
            grain=meta["grain"],
            as_of=pd.Timestamp(meta["as_of"]),
            previous=meta["previous"],
            data_hash=meta["data_hash"],
            notes=list(meta["notes"]),
            risk_note=meta.get("risk_note", ""),
            **frames,
        )

    # -- questions every report asks --------------------------------------------------------

    def rep_ids(self, team: str | None = None) -> list[str]:
        """Reps (not managers) with figures in the period, optionally of one team."""
        key = ("rep_ids", team)
        if key not in self._memo:
            self._memo[key] = self._rep_ids(team)
        return list(self._memo[key])

    def _rep_ids(self, team: str | None) -> list[str]:
        now = self.current[self.current["period"] == self.period]
        ids = set(now.loc[now["rep_fte"].fillna(0) > 0, "rep_id"].astype(str))
        reps = self.reps[self.reps["role"] != "manager"]
        if team is not None:
            reps = reps[reps["team"] == team]
        return [r for r in reps["rep_id"].astype(str) if r in ids]

    def rep(self, rep_id: str) -> pd.Series:
        found = self.reps[self.reps["rep_id"] == rep_id]
        if found.empty:
            raise ConfigError(f"no rep {rep_id!r} in the workspace; see the reps table")
        return found.iloc[0]

    def team_of(self, rep_id: str) -> list[str]:
        """Rep ids of the rep's team with figures in the period (the rep included)."""
        return self.rep_ids(team=self.rep(rep_id)["team"])

    def scorecard(self, rep_id: str) -> pd.DataFrame:
        """As :func:`fieldsales.kpis.scorecard`, from the batch's figures, plus the team median."""
        now = self.current[self.current["period"] == self.period].set_index("rep_id")
        before = self.current[self.current["period"] == self.previous].set_index("rep_id")
        if rep_id not in now.index:
            raise ConfigError(f"rep {rep_id!r} has no data and was not employed in {self.period}")
        team = now.loc[now.index.isin(self.team_of(rep_id))]
        out = scorecard_rows(now, before, rep_id, team)
        out.attrs.update(team_size=len(team))
        return out


def read_rows(ws: Workspace, table: str, column: str, value: str) -> pd.DataFrame:
    """Rows of ``table`` where ``column == value``, read with a Parquet filter (fast)."""
    if not ws.has(table):
        return pd.DataFrame()
    return pq.read_table(ws.file(table), filters=[(column, "==", value)]).to_pandas()


def _risk_scores(ws: Workspace, month: pd.Period) -> tuple[pd.DataFrame, str]:
    """Risk scores of every rep for ``month`` from the workspace's trained models, if any."""
    empty = pd.DataFrame(columns=["rep_id", "attrition_risk", "underperformance_risk", "drivers"])
    folder = ws.path / "models"
    if not all((folder / f"{name}.skops").is_file() for name in _RISK_MODELS):
        return empty, (
            "No trained risk model in this workspace yet: risk scores and their drivers "
            "appear here once the attrition and underperformance models are trained "
            "(fieldsales train)."
        )
    try:
        from ..models import score

        scores = score(ws, str(month))
    except Exception as exc:  # the models package is young: a failure must not sink reports
        return empty, f"Risk scores could not be computed: {type(exc).__name__}: {exc}"
    cols = [c for c in scores.columns if c in ("rep_id", "attrition_risk",
            "underperformance_risk", "drivers")]  # fmt: skip
    return scores[cols].astype({"rep_id": "str"}), ""


def _last_contact(ws: Workspace, as_of: pd.Timestamp) -> pd.DataFrame:
    """Per rep and account: the latest activity up to the end of ``as_of``'s day."""
    columns = ["rep_id", "account_id", "last"]
    if not ws.has("activities"):
        return pd.DataFrame(columns=columns)
    t = ws.table("activities")
    t = t.filter([t.account_id.notnull(), t.started_at < as_of.normalize() + pd.Timedelta(days=1)])
    out = t.group_by(["rep_id", "account_id"]).aggregate(last=t.started_at.max())
    return out.to_pyarrow().to_pandas()[columns]


def _open_pipeline(ws: Workspace, as_of: pd.Timestamp) -> pd.DataFrame:
    """Per rep and stage: deals open at the end of ``as_of``'s day (stage as last recorded)."""
    columns = ["rep_id", "stage", "deals", "amount"]
    if not ws.has("deals"):
        return pd.DataFrame(columns=columns)
    end = as_of.normalize() + pd.Timedelta(days=1)
    d = ws.table("deals")
    d = d.filter([d.created_date < end, (d.status == "open") | (d.close_date >= end)])
    d = d.filter(~d.stage.isin(_CLOSED_STAGES) | (d.status == "open"))
    out = d.group_by(["rep_id", "stage"]).aggregate(deals=d.count(), amount=d.amount.sum())
    return out.to_pyarrow().to_pandas()[columns]


def overdue_accounts(batch: BatchData, ws: Workspace, rep_id: str) -> pd.DataFrame:
    """The rep's accounts whose last contact by the rep is older than its tier allows."""
    as_of = batch.as_of
    accounts = read_rows(ws, "accounts", "owner_rep_id", rep_id)
    if accounts.empty:
        return pd.DataFrame(columns=["account", "tier", "last_contact", "days_since", "allowed"])
    mine = batch.last_contact[batch.last_contact["rep_id"] == rep_id]
    last = pd.to_datetime(mine.set_index("account_id")["last"])
    out = pd.DataFrame({
        "account": accounts["name"].astype(str),
        "tier": accounts["tier"].astype(str),
        "last_contact": accounts["account_id"].map(last).dt.normalize(),
    })  # fmt: skip
    out["days_since"] = (as_of.normalize() - out["last_contact"]).dt.days
    out["allowed"] = out["tier"].map(CONTACT_DAYS_BY_TIER)
    late = out["allowed"].notna() & (
        out["days_since"].isna() | (out["days_since"] > out["allowed"])
    )
    out = out[late & (accounts["created_date"] <= as_of).to_numpy()]
    return out.sort_values(["tier", "days_since"], ascending=[True, False]).reset_index(drop=True)
