"""Persistent-decline detection scored against the generator's injected declines.

Generates a sample (default 2,000 seats x 36 months, fixed seed), writes it as
a workspace, computes the monthly KPI panel, runs the detector and prints:
recall (share of injected declines flagged in or after their start month),
median detection delay in months, and false alarms per 100 rep-quarters
(flags in months without an active injected decline), for the default
method, two other operating points, and the naive rule "attainment below 80%
two months running" (plus that rule tightened to about the default's false
alarm rate). Also the seconds each step took.

Run: .venv/bin/python benchmarks/bench_signals.py [--reps N] [--months M] [--seed S]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

# the generator refuses months that have not ended; pin "today" so the run is reproducible
os.environ.setdefault("FIELDSALES_TODAY", "2026-11-30")

from fieldsales.sample import generate, write_workspace  # noqa: E402
from fieldsales.signals import (  # noqa: E402
    DeclineParams,
    detect_declines,
    evaluate_declines,
    monthly_panel,
    naive_declines,
)


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def line(name: str, score, long6) -> str:
    return (
        f"{name:<34} {score.recall:7.1%} {score.recall_long:9.1%} {long6.recall_long:9.1%} "
        f"{score.median_delay_months:7.1f} {score.false_alarms_per_100_rep_quarters:9.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=2_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="bench-signals-")) / "ws"
    try:
        t0 = time.perf_counter()
        # the underperformance truth is not needed here: one Monte Carlo path keeps it cheap
        sample = generate(reps=args.reps, months=args.months, seed=args.seed, truth_sims=1)
        t1 = time.perf_counter()
        ws = write_workspace(sample, out)
        t2 = time.perf_counter()
        panel = monthly_panel(ws, months=args.months)
        t3 = time.perf_counter()
        flags = detect_declines(panel)
        t4 = time.perf_counter()
        truth = sample.truth["reps"]

        print(f"reps={args.reps} months={args.months} seed={args.seed}")
        print(f"rep-months in panel: {len(panel):,}; flags (default method): {len(flags):,}")
        print(f"generate: {t1 - t0:6.1f} s")
        print(f"write workspace: {t2 - t1:6.1f} s")
        print(f"monthly panel (compute, grain month): {t3 - t2:6.1f} s")
        print(f"detect_declines: {t4 - t3:6.1f} s")
        print()
        default = DeclineParams()
        print(
            f"default: k={default.k} h={default.h} min_run={default.min_run} "
            f"baseline_months={default.baseline_months} weights={default.weights}"
        )
        print(f"scales measured on the panel: {flags.attrs['scales']}")
        print()
        head = (
            f"{'method':<34} {'recall':>7} {'recall>=4':>9} {'recall>=6':>9} "
            f"{'delay':>7} {'FA/100rq':>9}"
        )
        print(head)
        print("-" * len(head))
        runs = [
            ("CUSUM default (k 0.75, h 3)", flags),
            ("CUSUM sensitive (k 0.5, h 3)", detect_declines(panel, DeclineParams(k=0.5))),
            ("CUSUM conservative (k 0.75, h 5)", detect_declines(panel, DeclineParams(h=5.0))),
            ("naive: attainment < 80% 2 months", naive_declines(panel)),
            # the naive rule tightened until its false alarms match the default's
            ("naive: attainment < 40% 3 months", naive_declines(panel, below=0.4, months=3)),
        ]
        for name, f in runs:
            score = evaluate_declines(f, truth, panel, min_months=4)
            long6 = evaluate_declines(f, truth, panel, min_months=6)
            print(line(name, score, long6))
        score = evaluate_declines(flags, truth, panel)
        print()
        print(
            f"injected declines observed: {score.declines} ({score.declines_long} for >= 4 "
            f"months); rep-quarters without an active decline: {score.rep_quarters:,.0f}"
        )
        print("recall>=N: recall on declines observed at least N months (start month included)")
        print("delay: median months from the injected start to the first flag")
        print("FA/100rq: flags outside an active injected decline per 100 rep-quarters")
        print(f"\ntotal: {time.perf_counter() - t0:6.1f} s   peak memory: {peak_gb():.2f} GB")
    finally:
        shutil.rmtree(out.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
