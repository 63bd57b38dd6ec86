"""Sample generator at scale: 10,000 reps x 24 months (>= 20M activities).

Prints wall time per phase, total seconds and peak memory (RSS) of the
process. Target on 2 cores: <= 60 s and <= 4 GB, written workspace included.
Run: .venv/bin/python benchmarks/bench_sample.py [--reps N] [--months M]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

from fieldsales.sample import generate, write_workspace


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=24)
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="bench-sample-")) / "ws"
    try:
        t0 = time.perf_counter()
        sample = generate(reps=args.reps, months=args.months, seed=1, progress=True)
        t1 = time.perf_counter()
        write_workspace(sample, out)
        t2 = time.perf_counter()
        rows = {name: len(df) for name, df in sample.tables.items()}
        print(f"reps={args.reps} months={args.months}")
        print("rows: " + ", ".join(f"{k}={v:,}" for k, v in rows.items()))
        print(f"generate: {t1 - t0:6.1f} s")
        print(f"validate+write workspace: {t2 - t1:6.1f} s")
        print(f"total: {t2 - t0:6.1f} s   (target <= 60 s)")
        print(f"peak memory: {peak_gb():.2f} GB   (target <= 4 GB)")
        print(f"activities >= 20M: {rows['activities'] >= 20_000_000}")
    finally:
        shutil.rmtree(out.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
