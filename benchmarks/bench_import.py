"""CRM import at scale: a generated 1,000,000-row deals export into a new workspace.

The export is Zoho-style (owner names, account names, amounts written
``12,345.00``, ``Created Time`` with time of day), with 0.1 % of rows broken
(unparseable amounts) and 0.1 % exact duplicates, so quarantine and duplicate
handling are part of the run. Prints rows per second of the import, wall and
CPU time (the CPU time shows when other processes share the 2 cores) (reading,
parsing, owners and accounts, rules, upsert, validation and Parquet writing;
generating the file is not timed) and the peak memory (RSS) of the process.
Target on 2 cores: <= 15 s and <= 2 GB.
Run: .venv/bin/python benchmarks/bench_import.py [--rows N]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from fieldsales.ingest import import_file

STAGES = ["Qualification", "Needs Analysis", "Proposal/Price Quote", "Closed Won", "Closed Lost"]


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def make_export(path: Path, rows: int, seed: int = 1) -> None:
    rng = np.random.default_rng(seed)
    created = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 1000, rows), unit="D")
    created += pd.to_timedelta(rng.integers(0, 86400, rows), unit="s")
    close = created.normalize() + pd.to_timedelta(rng.integers(1, 120, rows), unit="D")
    amount = pd.Series(rng.integers(100, 500_000, rows) / 100).map("{:,.2f}".format)
    bad = rng.random(rows) < 0.001
    amount[bad] = "n/a"
    frame = pd.DataFrame(
        {
            "Record Id": [f"zcrm_{4_000_000_000 + i}" for i in range(rows)],
            "Deal Owner": pd.Series([f"Owner {i:04d}" for i in range(2000)])
            .iloc[rng.integers(0, 2000, rows)]
            .to_numpy(),
            "Deal Name": [f"Deal {i}" for i in range(rows)],
            "Amount": amount,
            "Stage": np.array(STAGES)[rng.integers(0, len(STAGES), rows)],
            "Closing Date": close.strftime("%Y-%m-%d"),
            "Account Name": pd.Series([f"Account {i:05d}" for i in range(50_000)])
            .iloc[rng.integers(0, 50_000, rows)]
            .to_numpy(),
            "Created Time": created.strftime("%Y-%m-%d %H:%M:%S"),
            "Currency": "USD",
        }
    )
    dups = frame.sample(frac=0.001, random_state=seed)
    pd.concat([frame, dups]).to_csv(path, index=False)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        export = tmp / "deals.csv"
        t0 = time.perf_counter()
        make_export(export, args.rows)
        t1, c1 = time.perf_counter(), time.process_time()
        report = import_file(tmp / "ws", export, today=date(2026, 10, 31))
        t2, c2 = time.perf_counter(), time.process_time()
        size = export.stat().st_size / 1024**2
        print(f"export: {report.rows_read:,} rows, {size:.0f} MB (generated in {t1 - t0:.1f} s)")
        print(
            f"loaded {report.loaded:,}, duplicates {report.duplicates:,}, "
            f"quarantined {report.quarantined:,}, new reps {len(report.new_reps):,}, "
            f"new accounts {report.new_accounts:,}"
        )
        print(f"import: {t2 - t1:6.1f} s wall, {c2 - c1:.1f} s CPU   (target <= 15 s)")
        print(f"rows/s: {report.rows_read / (t2 - t1):,.0f}")
        print(f"peak memory: {peak_gb():.2f} GB   (target <= 2 GB)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
