"""A metric's goal-setting figures for a workspace, computed once and cached per period."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ._calendar import TargetPeriod, target_period
from ._decompose import decompose_targets
from ._history import History, growth_pool, season_weights
from ._metrics import GoalMetric
from ._propose import propose
from ._smart import smart_checks
from ._workspace import load_books, load_currency, load_history

if TYPE_CHECKING:
    from ..workspace import Workspace

__all__ = ["GoalModel"]


class GoalModel:
    """Proposals, growth pools, checks and decompositions of one metric.

    Build it with :meth:`load` (reads the workspace once), or from a
    :class:`History` for tests. Periods are ``TargetPeriod`` objects or labels.
    """

    def __init__(self, history: History, book: pd.DataFrame | None = None, currency: str = ""):
        self.history = history
        self.book = book
        self.currency = currency
        self._proposals: dict[str, pd.DataFrame] = {}
        self._pools: dict[tuple[int, int], pd.DataFrame] = {}

    @classmethod
    def load(
        cls,
        ws: Workspace,
        metric: str | GoalMetric,
        *,
        book: pd.DataFrame | None | bool = True,
        window: tuple | None = None,
    ) -> GoalModel:
        """Read ``metric``'s history; ``book=True`` reads the account books too (or pass them).

        ``window`` is :func:`fieldsales.goals.data_window` when already known.
        """
        history = load_history(ws, metric, window)
        if book is True:
            book = load_books(ws, history.months)
        return cls(history, book if isinstance(book, pd.DataFrame) else None, load_currency(ws))

    @property
    def metric(self) -> GoalMetric:
        return self.history.metric

    @property
    def data_end(self) -> pd.Timestamp:
        return self.history.data_end

    def season(self, period: TargetPeriod | str) -> tuple[np.ndarray, int]:
        """Season weights for the period's year and the whole years of history they use."""
        return season_weights(self.history, _period(period).start.year)

    def proposals(self, period: TargetPeriod | str) -> pd.DataFrame:
        """:func:`fieldsales.goals.propose` for the period (cached; do not change it)."""
        period = _period(period)
        if period.label not in self._proposals:
            self._proposals[period.label] = propose(self.history, period, self.book)
        return self._proposals[period.label]

    def pool(self, period: TargetPeriod | str) -> pd.DataFrame:
        """:func:`fieldsales.goals.growth_pool` for stretches as long as the period (cached)."""
        period = _period(period)
        key = (len(period.months), period.start.year)
        if key not in self._pools:
            weights, _ = self.season(period)
            self._pools[key] = growth_pool(self.history, weights, len(period.months))
        return self._pools[key]

    def checks(self, targets: pd.DataFrame, period: TargetPeriod | str) -> pd.DataFrame:
        """:func:`fieldsales.goals.smart_checks` of ``targets`` (``rep_id``, ``target``)."""
        period = _period(period)
        return smart_checks(
            targets, self.proposals(period), self.pool(period), period, self.metric,
            self.data_end, currency=self.currency,
        )  # fmt: skip

    def decomposition(self, targets: pd.Series, period: TargetPeriod | str) -> pd.DataFrame:
        """:func:`fieldsales.goals.decompose_targets` with the period's season."""
        period = _period(period)
        weights, _ = self.season(period)
        return decompose_targets(targets, period, weights, self.metric.decimals)


def _period(period: TargetPeriod | str) -> TargetPeriod:
    return period if isinstance(period, TargetPeriod) else target_period(period)
