"""Commission engine speed: payouts on a large rep × quarter frame and the Monte Carlo simulator.

Builds synthetic inputs (log-normal attainment, fixed seed) for the worked
example plan of docs/incentives.md, then prints seconds and peak memory for
calculate_payouts (reps × quarters rows), simulate (reps × draws) and
compare_plans by simulation (two plans on the same draws).

Run: .venv/bin/python benchmarks/bench_incentives.py [--reps N] [--quarters Q] [--draws D]
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import time

import numpy as np
import pandas as pd

from fieldsales.incentives import calculate_payouts, compare_plans, example_plan, simulate


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=1_000)
    parser.add_argument("--quarters", type=int, default=8)
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    n = args.reps * args.quarters
    quota = rng.uniform(50_000, 150_000, n)
    frame = pd.DataFrame({
        "rep_id": np.repeat([f"R{i:05d}" for i in range(args.reps)], args.quarters),
        "period": np.tile([f"Q{q}" for q in range(args.quarters)], args.reps),
        "revenue_won": quota * rng.lognormal(0.0, 0.45, n),
        "quota": quota,
        "employed_share": np.where(rng.random(n) < 0.05, rng.uniform(0.1, 1.0, n), 1.0),
        "new_customers": rng.poisson(2, n).astype(float),
        "clawback_commission": np.where(rng.random(n) < 0.03, 500.0, 0.0),
    })  # fmt: skip
    plan = example_plan()
    print(f"reps={args.reps} quarters={args.quarters} draws={args.draws} seed={args.seed}")

    t0 = time.perf_counter()
    payouts = calculate_payouts(plan, frame)
    t1 = time.perf_counter()
    print(f"calculate_payouts, {len(payouts):,} rows: {t1 - t0:6.2f} s")

    history = frame.assign(attainment=frame["revenue_won"] / frame["quota"])
    t0 = time.perf_counter()
    result = simulate(plan, history, n_draws=args.draws, seed=args.seed)
    t1 = time.perf_counter()
    print(f"simulate, {args.reps:,} reps x {args.draws:,} draws: {t1 - t0:6.2f} s")
    summary = result.summary().set_index("metric")["value"]
    print(f"  expected cost of sales {summary['expected_cost_of_sales']:.1%}, "
          f"share at or above target {summary['share_at_or_above_target']:.1%}")  # fmt: skip

    richer = dataclasses.replace(plan, name="No cap", cap=None)
    t0 = time.perf_counter()
    compare_plans(plan, richer, history=history, n_draws=args.draws, seed=args.seed)
    t1 = time.perf_counter()
    print(f"compare_plans by simulation (2 plans): {t1 - t0:6.2f} s")
    print(f"peak memory: {peak_gb():.2f} GB")


if __name__ == "__main__":
    main()
