"""Synthetic sales organisations with a documented causal ground truth.

>>> sample = generate(reps=60, months=24, seed=42)        # doctest: +SKIP
>>> write_workspace(sample, "ws")                         # doctest: +SKIP

The same arguments always give the same tables, byte for byte. What drives
what is described in ``data/sample/README.md``; the truth (exit hazards,
decline start months, underperformance probabilities) is kept apart in
``ground_truth/`` so that models can be scored on it but never trained on it.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from .. import config
from ..exceptions import ConfigError
from ..workspace import Workspace
from ._records import Builder
from ._truth import truth_tables, underperformance_prob
from ._truth_at_t import exit_prob_at_t, underperformance_prob_at_t
from ._world import HAZARD, simulate

__all__ = ["Sample", "generate", "write_workspace", "write_csv", "DEFAULT_END"]

DEFAULT_END = "2026-10"
GROUND_TRUTH = "ground_truth"


@dataclass
class Sample:
    tables: dict[str, pd.DataFrame]
    truth: dict[str, pd.DataFrame]
    parameters: dict

    @property
    def last_day(self) -> date:
        return pd.Period(self.parameters["end"], freq="M").end_time.date()


def generate(
    reps: int = 60,
    months: int = 24,
    seed: int = 42,
    end: str = DEFAULT_END,
    *,
    truth_sims: int = 200,
    truth_at_t: bool = False,
    progress: bool = False,
) -> Sample:
    """Simulate ``reps`` seats over ``months`` calendar months ending with ``end``.

    Parameters
    ----------
    reps : number of sales seats (reps leave and are replaced, so the reps
        table has more rows, plus one manager per team of about eight).
    months : length of the window, at least 6.
    seed : the random seed; equal arguments give identical output.
    end : last month of the window, ``YYYY-MM``; a completed month before the
        current one (:func:`fieldsales.config.today`), so that no event lies
        in the future.
    truth_sims : Monte Carlo paths per rep-month for the underperformance truth.
    truth_at_t : also write the truth given only the generator's state at the end of
        each month (``voluntary_exit_prob_3m_at_t``, ``underperformance_prob_at_t``;
        Monte Carlo with ``truth_sims`` paths, about 10 s per 1,000 seats x 36
        months). Off by default: it only adds ground truth, the tables are the same.
    """
    if reps < 1:
        raise ConfigError(f"--reps must be at least 1, got {reps}")
    if months < 6:
        raise ConfigError(f"--months must be at least 6 (two quarters), got {months}")
    if not re.fullmatch(r"(19|20)\d\d-(0[1-9]|1[0-2])", str(end)):
        raise ConfigError(f"--end must be a month like 2026-10, got {end!r}")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ConfigError(f"--seed must be a whole number, 0 or more, got {seed!r}")
    last = pd.Period(end, freq="M")
    today = config.today()
    if last >= pd.Period(today, freq="M"):
        raise ConfigError(
            f"--end must be a completed month before the current one, got {end} (today is "
            f"{today:%Y-%m-%d}); use {pd.Period(today, freq='M') - 1} or earlier. Set "
            "FIELDSALES_TODAY=YYYY-MM-DD to judge against another day"
        )
    window = pd.period_range(end=last, periods=months, freq="M")

    def rng_for(part: str) -> np.random.Generator:
        return np.random.default_rng([seed, zlib.crc32(part.encode())])

    steps = ["simulate", "truth", "reps", "accounts", "deals", "activities", "service"]
    bar = tqdm(total=len(steps), desc="sample", disable=not progress, unit="step")

    def step(name):
        bar.set_postfix_str(name)
        bar.update(1)

    world = simulate(rng_for, reps, window)
    step("simulate")
    under = underperformance_prob(world, rng_for("truth"), sims=truth_sims)
    at_t = {}
    if truth_at_t:  # own random streams: nothing else changes
        at_t["voluntary_exit_prob_3m_at_t"] = exit_prob_at_t(
            world, rng_for("truth_at_t_exit"), sims=truth_sims, horizon=3
        )
        at_t["underperformance_prob_at_t"] = underperformance_prob_at_t(
            world, rng_for("truth_at_t_under"), sims=truth_sims
        )
    step("truth")
    b = Builder(world, rng_for)
    tables = {"reps": b.reps()}
    tables["one_on_ones"] = b.one_on_ones()
    step("reps")
    tables["accounts"] = b.accounts()
    step("accounts")
    tables["deals"] = b.deals()
    step("deals")
    tables["activities"] = b.activities()
    step("activities")
    q = world.quota
    rev = world.revenue
    att3 = _trailing_attainment(rev, q)
    tables["quotas"] = b.quotas()
    tables["trainings"] = b.trainings()
    tables["customer_feedback"] = b.customer_feedback(tables["deals"])
    tables["pulse_surveys"] = b.pulse_surveys(att3)
    tables["complaints"] = b.complaints()
    tables["compliance"] = b.compliance()
    step("service")
    bar.close()
    parameters = {
        "reps": reps,
        "months": months,
        "seed": seed,
        "end": end,
        "window": [str(window[0]), str(window[-1])],
        "truth_sims": truth_sims,
        "exit_hazard_coefficients": HAZARD,
    }
    if truth_at_t:
        parameters["truth_at_t"] = True
    truth = truth_tables(world, b.rep_ids, under, at_t)
    from ..schema import TABLES

    ordered = {name: tables[name] for name in TABLES}
    return Sample(ordered, truth, parameters)


def _trailing_attainment(revenue: np.ndarray, quota: np.ndarray) -> np.ndarray:
    rev = pd.DataFrame(revenue).T.rolling(3, min_periods=1).sum().T.to_numpy()
    q = pd.DataFrame(quota).T.rolling(3, min_periods=1).sum().T.to_numpy()
    return rev / np.maximum(q, 1.0)


def write_workspace(sample: Sample, path: str | os.PathLike) -> Workspace:
    """Write ``sample`` as a new workspace (validated) with its ground truth beside it."""
    ws = Workspace.create(path)
    today = max(date.today(), sample.last_day)
    ws.write_tables(sample.tables, source_files={}, today=today)
    _write_truth(sample, Path(path) / GROUND_TRUTH, fmt="parquet")
    return ws


def write_csv(sample: Sample, folder: str | os.PathLike) -> Path:
    """Write ``sample`` as one CSV per table, plus ``ground_truth/``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, df in sample.tables.items():
        df.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
    _write_truth(sample, folder / GROUND_TRUTH, fmt="csv")
    return folder


def _write_truth(sample: Sample, folder: Path, fmt: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, df in sample.truth.items():
        if fmt == "csv":
            df.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
        else:
            df.to_parquet(folder / f"{name}.parquet", index=False)
    text = json.dumps(sample.parameters, indent=2, sort_keys=True) + "\n"
    (folder / "parameters.json").write_text(text, encoding="utf-8")
