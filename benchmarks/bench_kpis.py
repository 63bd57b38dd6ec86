"""KPI engine at scale: the whole KPI set at month grain, Ibis/DuckDB against pandas.

10,000 reps x 24 months (about 20M activities, 2M deals), every public KPI
per rep and month, computed twice in the same run, each path in its own
process so that peak memory (RSS) is per path:

* ``ibis``: ``fieldsales.kpis.compute(ws, period=...)`` (Ibis on in-process DuckDB);
* ``pandas``: ``_pandas_kpis.compute_pandas`` (read Parquet with pandas, group by, merge).

Prints seconds and peak memory of both, the speed-up, the time of each query
the engine ran (so the slow KPIs show), and a cross-check of the two results
(every KPI of every rep-month, relative tolerance 1e-9, missing = missing).
Targets on 2 cores: Ibis path <= 5 s and <= 1 GB, and >= 4x faster than pandas.

Run: .venv/bin/python benchmarks/bench_kpis.py [--workspace PATH] [--reps N] [--months M]

``--workspace PATH`` reuses the workspace at PATH, or builds it there when
absent; without it the workspace is built in a temporary folder (about a
minute) and removed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _pandas_kpis as reference
import pandas as pd

TARGET_SECONDS = 5.0
TARGET_GB = 1.0
TARGET_SPEEDUP = 4.0
RTOL = 1e-9


def peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def cpu_seconds() -> float:
    """CPU time of this process so far, user + system (all threads)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# -- children: one process per measured path ----------------------------------------------------
def child_build(path: Path, reps: int, months: int) -> None:
    from fieldsales.sample import generate, write_workspace

    t0 = time.perf_counter()
    write_workspace(generate(reps=reps, months=months, seed=1), path)
    print(json.dumps({"seconds": time.perf_counter() - t0}))


def child_ibis(path: Path, period: str, out: Path) -> None:
    import dataclasses

    from fieldsales import Workspace
    from fieldsales.kpis import REGISTRY, _compute, compute

    # Time each query the engine runs, named by its KPIs, without changing what it runs.
    queries: list[tuple[str, float, float, int]] = []  # name, seconds, cpu s, peak RSS after
    names: dict[int, str] = {}

    def named(kpi):
        build = kpi.custom

        def custom(ctx):
            query = build(ctx)
            names[id(query)] = kpi.id
            return query

        return dataclasses.replace(kpi, custom=custom)

    for kpi_id, kpi in list(REGISTRY.items()):
        if kpi.custom is not None:
            REGISTRY[kpi_id] = named(kpi)
    run = _compute._run

    def timed_run(query, backend=None):
        t, c = time.perf_counter(), cpu_seconds()
        frame = run(query, backend)
        seconds, cpu = time.perf_counter() - t, cpu_seconds() - c
        name = names.get(id(query))
        if name is None:  # a batch of event KPIs on one table and date column
            ids = [c for c in frame.columns if c not in ("entity", "period_start")]
            event = REGISTRY[ids[0]].event
            name = f"{event.table} by {event.time}: {', '.join(ids)}"
        queries.append((name, seconds, cpu, peak_rss_bytes()))
        return frame

    _compute._run = timed_run

    ws = Workspace.open(path)
    ws.con  # noqa: B018  (imports Ibis's DuckDB backend: 0.4 s once per process, not timed)
    base = peak_rss_bytes()
    t0, c0 = time.perf_counter(), cpu_seconds()
    result = compute(ws, period=period)
    seconds, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    peak = peak_rss_bytes()
    result.to_parquet(out)
    report = {"seconds": seconds, "cpu": cpu, "peak": peak, "base": base, "rows": len(result)}
    print(json.dumps({**report, "kpis": len(result.columns) - 4, "queries": queries}))


def child_rollups(path: Path) -> None:
    """Write the activity log's rollups when the workspace predates them (a workspace
    writes them with its activities), in a process of its own so that the KPI
    process's peak memory is the KPIs' alone."""
    from fieldsales import Workspace, rollups

    ws = Workspace.open(path)
    missing = [n for n in rollups.ROLLUPS if not rollups.path(ws, n).is_file()]
    t0 = time.perf_counter()
    rollups.build(ws)
    print(json.dumps({"missing": missing, "seconds": time.perf_counter() - t0}))


def child_pandas(path: Path, period: str, out: Path) -> None:
    base = peak_rss_bytes()
    t0, c0 = time.perf_counter(), cpu_seconds()
    result = reference.compute_pandas(path, period)
    seconds, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    peak = peak_rss_bytes()
    result.to_parquet(out)
    report = {"seconds": seconds, "cpu": cpu, "peak": peak, "base": base, "rows": len(result)}
    print(json.dumps(report))


def machine_busy_seconds() -> float | None:
    """CPU time all processes have used since boot (Linux /proc/stat), or None."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def run_child(*args: str) -> dict:
    """Run this script in ``--child`` mode; its last stdout line is a JSON report.

    Adds ``others``: CPU seconds that other processes on the machine used
    meanwhile (their work slows the wall clock on 2 cores).
    """
    busy0, own0 = machine_busy_seconds(), resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False
    )
    busy1, own1 = machine_busy_seconds(), resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"child {' '.join(args[:2])} failed:\n{proc.stdout}\n{proc.stderr}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    own = (own1.ru_utime + own1.ru_stime) - (own0.ru_utime + own0.ru_stime)
    out["others"] = None if busy0 is None else max(0.0, busy1 - busy0 - own)
    return out


# -- the parent ---------------------------------------------------------------------------------
def workspace_period(path: Path, months: int) -> str:
    """The generated window (ground_truth/parameters.json), else the last months of data."""
    parameters = path / "ground_truth" / "parameters.json"
    if parameters.is_file():
        return "..".join(json.loads(parameters.read_text(encoding="utf-8"))["window"])
    from fieldsales import Workspace
    from fieldsales.kpis import data_end

    last = pd.Period(data_end(Workspace.open(path)), freq="M")
    return f"{last - (months - 1)}..{last}"


def warm_page_cache(path: Path) -> None:
    """Read every table and rollup once so that neither path pays for a cold disk."""
    for file in [*(path / "tables").glob("*.parquet"), *(path / "rollups").glob("*.parquet")]:
        with open(file, "rb") as fh:
            while fh.read(1 << 24):
                pass


def gb(n: float) -> str:
    return f"{n / 1024**3:5.2f} GB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workspace", type=Path, help="reuse (or build) the workspace here")
    parser.add_argument("--reps", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument(
        "--child", choices=["build", "rollups", "ibis", "pandas"], help=argparse.SUPPRESS
    )
    parser.add_argument("--period", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "build":
        return child_build(args.workspace, args.reps, args.months)
    if args.child == "rollups":
        return child_rollups(args.workspace)
    if args.child == "ibis":
        return child_ibis(args.workspace, args.period, args.out)
    if args.child == "pandas":
        return child_pandas(args.workspace, args.period, args.out)

    scratch = Path(tempfile.mkdtemp(prefix="bench-kpis-"))
    try:
        ws = args.workspace or scratch / "ws"
        if (ws / "manifest.json").is_file():
            print(f"workspace: {ws} (reused)")
        else:
            print(f"building the workspace {args.reps} reps x {args.months} months in {ws} ...")
            built = run_child(
                "--child", "build", "--workspace", str(ws),
                "--reps", str(args.reps), "--months", str(args.months),
            )  # fmt: skip
            print(f"workspace: {ws} (built in {built['seconds']:.0f} s)")
        manifest = json.loads((ws / "manifest.json").read_text(encoding="utf-8"))
        rows = {name: entry["rows"] for name, entry in manifest["tables"].items()}
        print("rows: " + ", ".join(f"{k}={v:,}" for k, v in rows.items()))
        period = workspace_period(ws, args.months)
        months = len(reference.month_buckets(period))
        print(f"KPIs: every public KPI, month grain, by rep, period {period} ({months} months)")
        built = run_child("--child", "rollups", "--workspace", str(ws))
        if built["missing"]:
            print(
                f"rollups of the activity log ({', '.join(built['missing'])}) missing, "
                f"written in {built['seconds']:.1f} s (a workspace writes them with its "
                "activities; not part of the KPI time)"
            )
        warm_page_cache(ws)

        common = ["--workspace", str(ws), "--period", period]
        ibis = run_child("--child", "ibis", *common, "--out", str(scratch / "ibis.parquet"))
        pandas = run_child("--child", "pandas", *common, "--out", str(scratch / "pandas.parquet"))
        report(ibis, pandas)
        check(*(pd.read_parquet(scratch / f"{name}.parquet") for name in ("ibis", "pandas")))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def report(ibis: dict, pandas: dict) -> None:
    print(
        f"\n{'path':<13}{'seconds':>8}{'cpu s':>8}{'peak memory':>13}{'after imports':>15}"
        f"{'rows':>9}{'other processes':>17}"
    )
    for name, r in (("ibis/duckdb", ibis), ("pandas", pandas)):
        others = "?" if r["others"] is None else f"{r['others']:.0f} cpu s"
        print(
            f"{name:<13}{r['seconds']:>8.2f}{r['cpu']:>8.2f}{gb(r['peak']):>13}"
            f"{gb(r['base']):>15}{r['rows']:>9,}{others:>17}"
        )
    print(
        "(seconds: wall clock of the computation; cpu s: its CPU time, all threads; "
        "peak memory: the process's peak RSS; other processes: CPU time the rest of the "
        "machine used meanwhile)"
    )
    speedup = pandas["seconds"] / ibis["seconds"]
    print(f"speed-up: {speedup:.1f}x (wall clock), {pandas['cpu'] / ibis['cpu']:.1f}x (cpu time)")
    ok = {
        f"ibis <= {TARGET_SECONDS:g} s": ibis["seconds"] <= TARGET_SECONDS,
        f"ibis <= {TARGET_GB:g} GB": ibis["peak"] <= TARGET_GB * 1024**3,
        f">= {TARGET_SPEEDUP:g}x faster than pandas": speedup >= TARGET_SPEEDUP,
    }
    print("targets: " + "; ".join(f"{k}: {'met' if v else 'MISSED'}" for k, v in ok.items()))

    print(
        f"\nibis/duckdb, {len(ibis['queries'])} queries, slowest first ({ibis['kpis']} KPIs; "
        "seconds, cpu seconds, the process's peak RSS once the query had run):"
    )
    for name, seconds, cpu, peak in sorted(ibis["queries"], key=lambda q: -q[1]):
        print(f"  {seconds:6.2f} s {cpu:6.2f} cpu s {gb(peak)}  {name}")
    rest = ibis["seconds"] - sum(q[1] for q in ibis["queries"])
    print(f"  {rest:6.2f} s  (outside the queries: data end, merges, grid of reps, ratios, growth)")


def check(ibis: pd.DataFrame, pandas: pd.DataFrame) -> None:
    bad = reference.disagreements(ibis, pandas, rtol=RTOL, atol=1e-9)
    kpis = [k for k in reference.KPIS if k in ibis.columns]
    cells = len(ibis) * len(kpis)
    print(f"\ncross-check: {len(ibis):,} rep-months x {len(kpis)} KPIs = {cells:,} values", end="")
    print(f", relative tolerance {RTOL:g}, missing = missing")
    missing = sorted(set(ibis.columns) - set(pandas.columns))
    if missing:
        print(f"  not in the pandas reference: {', '.join(missing)}")
    if bad.empty:
        print("  the two paths agree on every value")
        return
    print(f"  DISAGREE on {len(bad):,} values:")
    for kpi, group in bad.groupby("kpi", sort=False):
        what = "rep-months in one result only" if kpi == "(row)" else "values"
        print(f"  {kpi}: {len(group):,} {what}, e.g.")
        print(group.head(5).to_string(index=False, float_format="{:g}".format))


if __name__ == "__main__":
    main()
