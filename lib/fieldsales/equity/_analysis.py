"""Equity analysis of a workspace: composition, target gap and attrition gap by group.

>>> from fieldsales.equity import load_equity
>>> data = load_equity(ws)                                        # doctest: +SKIP
>>> data.target_gap("gender")                                     # doctest: +SKIP

Reads the reps and quotas tables once; each gap is computed on first request
per group column and kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..exceptions import ConfigError, FieldsalesError
from ..workspace import Workspace
from ._data import (
    ATTRITION_YEARS,
    GROUP_COLUMNS,
    MIN_GROUP_REPS,
    TARGET_MONTHS,
    composition,
    group_columns_in,
    group_of,
    sales_reps,
    targets_per_fte,
)
from ._gaps import BOOTSTRAP, attrition_gap, target_gap

__all__ = ["EquityData", "load_equity", "choose_place", "REPS_PER_PLACE"]

#: Territory is the place compared within when it holds at least this many reps on
#: average; with fewer, each rep is nearly alone in theirs and region is used.
REPS_PER_PLACE = 3.0
_REP_COLUMNS = ["rep_id", "team", "region", "territory", "hire_date", "exit_date",
                "exit_type", "role"]  # fmt: skip


def choose_place(reps: pd.DataFrame) -> str:
    """``territory`` when it has :data:`REPS_PER_PLACE` reps each on average, else ``region``."""
    territories = reps["territory"].nunique()
    if territories and len(reps) / territories >= REPS_PER_PLACE:
        return "territory"
    return "region"


@dataclass
class EquityData:
    """What the equity analysis needs from a workspace, read once."""

    reps: pd.DataFrame  # sales reps, with group columns where given
    targets: pd.DataFrame  # targets_per_fte over the target window
    end: pd.Timestamp  # the last day of data
    target_months: tuple[str, str] | None  # first and last month of targets compared
    place: str  # "territory" or "region"
    min_group: int = MIN_GROUP_REPS
    n_boot: int = BOOTSTRAP
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def columns(self) -> list[str]:
        """The group columns the data have (``gender``, ``age_band``)."""
        return group_columns_in(self.reps)

    @property
    def attrition_window(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        start = self.end - pd.DateOffset(years=ATTRITION_YEARS) + pd.Timedelta(days=1)
        return start.normalize(), self.end.normalize()

    def _groups(self, column: str) -> pd.Series:
        if column not in self.columns:
            have = ", ".join(self.columns) or "none"
            raise ConfigError(
                f"the reps table has no values in {column!r}; group columns with values: {have}"
            )
        return group_of(self.reps, column)

    def reference(self, column: str) -> str | None:
        """The group gaps are measured against: the largest among all sales reps."""
        counts = self._groups(column).value_counts()
        big = counts[counts >= self.min_group]
        return sorted(big.index, key=lambda g: (-big[g], g))[0] if len(big) else None

    def composition(self, column: str) -> pd.DataFrame:
        """Reps at work at the end of the data per team and group (see :func:`composition`)."""
        self._groups(column)
        return self._cached(("composition", column), lambda: composition(
            self.reps, column, self.end))  # fmt: skip

    def target_gap(self, column: str) -> pd.DataFrame:
        """Revenue target gap per group, for the same tenure band and place."""
        groups = self._groups(column).set_axis(self.reps["rep_id"])
        places = self.reps.set_index("rep_id")[self.place].astype(str)
        return self._cached(("targets", column), lambda: target_gap(
            self.targets, groups, places, min_group=self.min_group,
            reference=self.reference(column), n_boot=self.n_boot))  # fmt: skip

    def attrition_gap(self, column: str) -> pd.DataFrame:
        """Voluntary exit rate per group over the attrition window, adjusted for tenure."""
        groups = self._groups(column)
        start, end = self.attrition_window
        return self._cached(("attrition", column), lambda: attrition_gap(
            self.reps, groups, start, end, min_group=self.min_group,
            reference=self.reference(column), n_boot=self.n_boot))  # fmt: skip

    def _cached(self, key, make):
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]


def _end_of_data(ws: Workspace, reps: pd.DataFrame) -> pd.Timestamp:
    from ..kpis import data_end

    try:
        return pd.Timestamp(data_end(ws)).normalize()
    except FieldsalesError:  # no dated table: the last hire or exit
        dates = pd.concat([reps["hire_date"], reps["exit_date"]]).dropna()
        return dates.max().normalize() if len(dates) else pd.Timestamp.today().normalize()


def load_equity(ws: Workspace, *, min_group: int = MIN_GROUP_REPS) -> EquityData:
    """Read the reps and quotas of ``ws`` for the equity analysis."""
    stored = set(ws.frame("reps").columns)
    reps = sales_reps(
        ws.frame("reps", columns=[c for c in [*_REP_COLUMNS, *GROUP_COLUMNS] if c in stored])
    )
    end = _end_of_data(ws, reps)
    targets = pd.DataFrame(columns=["rep_id", "target", "fte_months", "target_per_fte",
                                    "months", "tenure_months"])  # fmt: skip
    window = None
    if ws.has("quotas"):
        quotas = ws.frame("quotas")
        quotas = quotas[quotas["metric"] == "revenue"]
        if len(quotas):
            last = min(pd.Period(quotas["period"].max(), freq="M"), pd.Period(end, freq="M"))
            targets = targets_per_fte(reps, quotas, last, TARGET_MONTHS)
            window = (str(last - (TARGET_MONTHS - 1)), str(last))
    in_targets = reps[reps["rep_id"].isin(set(targets["rep_id"]))]
    place = choose_place(in_targets if len(in_targets) else reps)
    return EquityData(reps, targets, end, window, place, min_group=min_group)
