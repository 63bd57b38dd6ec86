"""Per-rep reports: the naive papermill loop against `fieldsales reports`, same reps, same run.

naive : for each rep, ``papermill.execute_notebook`` on a fresh kernel, the notebook
        computing its own KPIs, then the same offline HTML export; one after another.
fast  : ``run_reports`` — KPIs computed once per batch, warm kernels reset between
        reports, ``--workers`` processes.

Then, unless ``--scale 0``, the fast path alone on a generated team of ``--scale``
reps (default 500), against the target of 500 reps in at most 5 minutes.

Run: .venv/bin/python benchmarks/bench_reports.py [--reps 40] [--workers 2] [--scale 500]
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

os.environ.setdefault("FIELDSALES_TODAY", "2026-11-30")
os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")

from fieldsales import Workspace  # noqa: E402
from fieldsales.reports import TEMPLATES, BatchData, run_reports, to_html, write_atomic  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def naive(ws: Path, period: str, reps: list[str], out: Path) -> tuple[float, int]:
    import nbformat
    import papermill

    out.mkdir(parents=True, exist_ok=True)
    failed = 0
    start = time.perf_counter()
    for rep in reps:
        target = out / f"{rep}.ipynb"
        try:
            papermill.execute_notebook(
                str(TEMPLATES["rep"]), str(target), kernel_name="python3", progress_bar=False,
                parameters={"rep_id": rep, "period": period, "workspace": str(ws),
                            "audience": "manager"},
            )  # fmt: skip
        except Exception:
            failed += 1
        nb = nbformat.read(target, as_version=4)
        write_atomic(out / f"{rep}.html", to_html(nb, rep))
    return time.perf_counter() - start, failed


def fast(ws: Path, period: str, reps: list[str] | None, out: Path, workers: int):
    start = time.perf_counter()
    result = run_reports(ws, period, out=out, reps=reps, workers=workers, progress=False)
    return time.perf_counter() - start, result


def line(label: str, n: int, seconds: float, failed: int) -> str:
    return (
        f"{label:<34} {n:>4} reports  {seconds:8.1f} s  {seconds / n:6.2f} s/report  "
        f"{60 * n / seconds:7.1f} reports/min  failed {failed}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, default=ROOT / "build" / "sample-workspace")
    parser.add_argument("--period", default="2026-10")
    parser.add_argument("--reps", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--scale", type=int, default=500, help="reps for the scale run; 0 skips")
    args = parser.parse_args()
    ws = Workspace.open(args.workspace)
    reps = BatchData.build(ws, args.period).rep_ids()[: args.reps]
    print(f"workspace {args.workspace} ({len(reps)} reps, period {args.period}), "
          f"{os.cpu_count()} cores, {args.workers} workers")  # fmt: skip
    tmp = Path(tempfile.mkdtemp(prefix="bench_reports_"))
    try:
        t_fast, result = fast(args.workspace, args.period, reps, tmp / "fast", args.workers)
        t_naive, failed = naive(args.workspace.resolve(), args.period, reps, tmp / "naive")
        print(line("naive (papermill, fresh kernel)", len(reps), t_naive, failed))
        print(line(f"fieldsales reports (workers={args.workers})", len(reps), t_fast,
                   len(result.failed)))  # fmt: skip
        print(f"speed-up: {t_naive / t_fast:.1f}x (target >= 10x)")
        if args.scale:
            from fieldsales.sample import generate, write_workspace

            t0 = time.perf_counter()
            big = tmp / "big-ws"
            write_workspace(generate(reps=args.scale, months=13, seed=7, end=args.period), big)
            print(f"generated a {args.scale}-seat workspace in {time.perf_counter() - t0:.1f} s")
            t_big, big_result = fast(big, args.period, None, tmp / "big", args.workers)
            n = len(big_result.ran) + len(big_result.failed)
            print(line(f"fieldsales reports, {args.scale} seats", n, t_big, len(big_result.failed)))
            print(f"  of which KPIs once: {big_result.manifest['last_batch']['seconds_cache']:.1f}"
                  f" s; 500 reps in <= 5 min: "
                  f"{'yes' if t_big * 500 / max(n, 1) <= 300 else 'no'}")  # fmt: skip
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
