"""The batch: one template run per rep on warm kernels, HTML, index and manifest.

Each report is one task, :func:`render_report`, a module-level function of a
plain dict: any :class:`concurrent.futures.Executor` can run it (a process
pool, dask's ``client.get_executor(pure=False)``). Workers must see ``out``
and the workspace at the same paths (a shared file system).
"""

from __future__ import annotations

import json
import os
import time
from concurrent.futures import Executor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..exceptions import ConfigError
from ..workspace import Workspace
from ._data import AUDIENCES, BatchData, resolve_period_text
from ._html import index_page, safe_name, to_html, write_atomic

__all__ = ["run_reports", "render_report", "BatchResult", "TEMPLATES", "executor_for"]

_NOTEBOOKS = Path(__file__).resolve().parents[3] / "notebooks"
#: Report templates shipped in notebooks/.
TEMPLATES = {"rep": _NOTEBOOKS / "rep_diagnostic.ipynb", "team": _NOTEBOOKS / "team_overview.ipynb"}
MANIFEST = "manifest.json"
#: The name of the team overview among a batch's reports.
TEAM_OVERVIEW = "team-overview"
_TEMPLATE_CACHE: dict[tuple[str, float], object] = {}


@dataclass
class BatchResult:
    """What a batch did: the manifest written, and the rep ids per outcome."""

    out: Path
    manifest: dict
    ran: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def _template(path: str):
    import nbformat

    key = (path, os.stat(path).st_mtime)
    if key not in _TEMPLATE_CACHE:
        _TEMPLATE_CACHE[key] = nbformat.read(path, as_version=4)
    return _TEMPLATE_CACHE[key]


def render_report(job: dict) -> dict:
    """Run one report (a task for any executor); never raises for a failing report.

    ``job`` holds ``template``, ``parameters``, ``ipynb``, ``html`` (paths),
    ``title``, ``timeout`` and ``warm``. Returns the manifest entry: status
    ``ok`` or ``error``, the error, seconds, and the files written (a failing
    report keeps its partial notebook and page).
    """
    import nbformat

    from ._kernel import execute_notebook

    start = time.perf_counter()
    entry = {k: job[k] for k in ("rep_id", "parameters")}
    try:
        nb, error = execute_notebook(
            _template(job["template"]), job["parameters"], timeout=job["timeout"],
            warm=job.get("warm", True),
        )  # fmt: skip
        write_atomic(Path(job["ipynb"]), nbformat.writes(nb))
        write_atomic(Path(job["html"]), to_html(nb, job["title"]))
    except Exception as exc:  # a broken report must not stop the batch
        error = f"{type(exc).__name__}: {exc}"
    entry.update(
        status="error" if error else "ok",
        error=error,
        seconds=round(time.perf_counter() - start, 3),
        ipynb=Path(job["ipynb"]).name,
        html=Path(job["html"]).name,
        finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    return entry


def executor_for(spec: str | None, workers: int):
    """An executor from a CLI spec: None (local processes) or ``dask://HOST:PORT``.

    Returns ``(executor or None, close)``; ``close()`` releases what was opened.
    """
    if not spec:
        return None, lambda: None
    if not spec.startswith("dask://"):
        raise ConfigError(f"--executor must look like dask://HOST:PORT, got {spec!r}")
    try:
        from dask.distributed import Client
    except ImportError:
        raise ConfigError(
            "--executor dask://... needs dask: pip install 'fieldsales[dask]'"
        ) from None
    client = Client(f"tcp://{spec.removeprefix('dask://')}", timeout="20s")
    return client.get_executor(pure=False), client.close


def _choose_reps(batch: BatchData, reps: list[str] | None, team: str | None) -> list[str]:
    if reps and team:
        raise ConfigError("give --reps or --team, not both")
    if reps:
        known = set(batch.reps["rep_id"].astype(str))
        unknown = [r for r in reps if r not in known]
        if unknown:
            raise ConfigError(
                f"unknown rep id(s): {', '.join(map(repr, unknown))}; see the reps table"
            )
        return list(dict.fromkeys(reps))
    if team:
        teams = set(batch.reps["team"].astype(str))
        if team not in teams:
            raise ConfigError(f"no team {team!r}; teams: {', '.join(sorted(teams))}")
    chosen = batch.rep_ids(team)
    if not chosen:
        raise ConfigError(
            f"no rep has figures in {batch.period}" + (f" in team {team}" if team else "")
        )
    return chosen


def _unique_names(ids: list[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    used: set[str] = set()
    for rep_id in ids:
        name = safe_name(rep_id)
        while name.lower() in used:  # case-insensitive file systems
            name = safe_name(name + "+")
        used.add(name.lower())
        names[rep_id] = name
    return names


def _load_manifest(out: Path) -> dict:
    try:
        return json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def run_reports(
    workspace: str | os.PathLike,
    period: str | None = None,
    *,
    out: str | os.PathLike,
    reps: list[str] | None = None,
    team: str | None = None,
    audience: str = "manager",
    workers: int = 1,
    force: bool = False,
    executor: Executor | None = None,
    template: str | os.PathLike | None = None,
    timeout: float = 600,
    warm: bool = True,
    progress: bool = True,
    team_overview: bool = False,
) -> BatchResult:
    """Write a diagnostic report per rep to ``out``: .ipynb, offline .html, index.html, manifest.

    Parameters
    ----------
    workspace : the workspace folder.
    period : ``2026-10``, ``2026-Q3``, ``last-month``...; default the month the data end in.
    out : output folder (created).
    reps, team : which reps (default: every rep with figures in the period).
    audience : ``manager`` or ``rep`` (see :func:`fieldsales.reports.rep_report`).
    workers : local worker processes, each with one warm kernel (ignored with ``executor``).
    force : rerun reports already produced from the same data and parameters.
    executor : any :class:`concurrent.futures.Executor` to run :func:`render_report` on.
    template : the notebook to run (default ``notebooks/rep_diagnostic.ipynb``); it
        must have a ``parameters`` cell taking ``rep_id``, ``period``, ``workspace``,
        ``audience`` and ``cache``.
    timeout : seconds a cell may run before the report fails.
    warm : re-use warm kernels (False: a fresh kernel per report, the slow path).
    progress : show a tqdm progress bar (on stderr).
    team_overview : also run ``notebooks/team_overview.ipynb`` (manager audience only)
        into ``team-overview.html``; listed as ``team-overview`` in the results.

    The KPIs, alerts and team figures are computed once (cached as Parquet
    under ``out/.cache``) and read by every report. A failing report keeps its
    error and partial notebook; the others still run. ``result.failed`` lists them.
    """
    from tqdm.auto import tqdm

    started = time.perf_counter()
    if audience not in AUDIENCES:
        raise ConfigError(f"--audience must be one of {', '.join(AUDIENCES)}; got {audience!r}")
    if workers < 1:
        raise ConfigError(f"--workers must be at least 1, got {workers}")
    from ..signals import resolve_period

    ws = Workspace.open(workspace)
    out = Path(out)
    template = Path(template or TEMPLATES["rep"]).resolve()
    if not template.is_file():
        raise ConfigError(f"report template {template} does not exist")
    label = resolve_period(ws, resolve_period_text(period)).label
    cache = out.resolve() / ".cache" / f"{ws.data_hash[:16]}-{label}"
    t0 = time.perf_counter()
    if (cache / "meta.json").is_file():
        batch = BatchData.load(cache, ws)
    else:
        batch = BatchData.build(ws, label)
        batch.save(cache)
    cache_seconds = time.perf_counter() - t0
    chosen = _choose_reps(batch, reps, team)
    names = _unique_names(chosen)
    rep_names = batch.reps.set_index(batch.reps["rep_id"].astype(str))["name"].astype(str)

    previous = _load_manifest(out).get("reports", {})
    entries: dict[str, dict] = dict(previous)
    jobs, skipped = [], []
    wanted = [(r, template) for r in chosen]
    if team_overview and audience == "manager":
        wanted.append((TEAM_OVERVIEW, Path(TEMPLATES["team"]).resolve()))
    for rep_id, tpl in wanted:
        params = {
            "rep_id": rep_id, "period": label, "workspace": str(ws.path.resolve()),
            "audience": audience, "cache": str(cache),
        }  # fmt: skip
        if rep_id == TEAM_OVERVIEW:
            params = {"period": label, "workspace": params["workspace"], "team": team or "",
                      "cache": str(cache)}  # fmt: skip
        key = f"{audience}/{rep_id}"
        old = previous.get(key, {})
        done = (
            not force
            and old.get("status") == "ok"
            and old.get("data_hash") == ws.data_hash
            and old.get("template") == tpl.name
            and {k: v for k, v in old.get("parameters", {}).items() if k != "cache"}
            == {k: v for k, v in params.items() if k != "cache"}
            and (out / old.get("html", "\0")).is_file()
            and (out / old.get("ipynb", "\0")).is_file()
        )
        if done:
            skipped.append(rep_id)
            continue
        suffix = "" if audience == "manager" else "-rep"
        if rep_id == TEAM_OVERVIEW:
            names[rep_id] = TEAM_OVERVIEW + (f"-{safe_name(team)}" if team else "")
        jobs.append({
            "key": key, "rep_id": rep_id, "parameters": params,
            "ipynb": str(out.resolve() / f"{names[rep_id]}{suffix}.ipynb"),
            "html": str(out.resolve() / f"{names[rep_id]}{suffix}.html"),
            "template": str(tpl),
            "title": f"{rep_names.get(rep_id, 'Team overview')} — {label}",
            "timeout": timeout, "warm": warm,
        })  # fmt: skip
    out.mkdir(parents=True, exist_ok=True)

    results = _dispatch(jobs, executor, workers, tqdm, progress)
    result = BatchResult(out=out, manifest={}, skipped=skipped)
    for job, entry in zip(jobs, results, strict=True):
        entry.update(data_hash=ws.data_hash, template=Path(job["template"]).name, audience=audience,
                     rep_name=rep_names.get(job["rep_id"], ""))  # fmt: skip
        entries[job["key"]] = entry
        (result.failed if entry["status"] == "error" else result.ran).append(job["rep_id"])

    from .. import __version__

    manifest = {
        "package": "fieldsales",
        "version": __version__,
        "workspace": str(ws.path.resolve()),
        "data_hash": ws.data_hash,
        "period": label,
        "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "last_batch": {
            "audience": audience,
            "reps": len(chosen),
            "ran": len(result.ran),
            "failed": len(result.failed),
            "skipped": len(skipped),
            "workers": workers,
            "executor": type(executor).__name__ if executor else "local processes",
            "warm_kernels": warm,
            "seconds_cache": round(cache_seconds, 3),
            "seconds_total": round(time.perf_counter() - started, 3),
        },  # fmt: skip
        "reports": dict(sorted(entries.items())),
    }
    write_atomic(out / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
    rows = [dict(e, rep_id=e.get("rep_id", k)) for k, e in manifest["reports"].items()]
    meta = {"period": label, "data": ws.data_hash[:12], "version": __version__,
            "written": manifest["written_at"]}  # fmt: skip
    write_atomic(out / "index.html", index_page(f"Diagnostic reports {label}", rows, meta))
    result.manifest = manifest
    return result


def _dispatch(jobs: list[dict], executor, workers: int, tqdm, progress: bool) -> list[dict]:
    """Run the jobs; results in job order. A progress bar counts finished reports."""
    if not jobs:
        return []
    bar = tqdm(total=len(jobs), desc="reports", unit="report", disable=not progress)
    results: list[dict | None] = [None] * len(jobs)
    try:
        if executor is None and workers == 1:
            from ._kernel import shutdown_kernels

            try:
                for i, job in enumerate(jobs):
                    results[i] = render_report(job)
                    bar.update()
            finally:
                shutdown_kernels()
            return results  # type: ignore[return-value]
        own = executor is None
        if own:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            ctx = multiprocessing.get_context("spawn")
            executor = ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=ctx)
        try:
            futures = {executor.submit(render_report, job): i for i, job in enumerate(jobs)}
            for future in as_completed(futures):
                i = futures[future]
                try:
                    results[i] = future.result()
                except Exception as exc:  # the worker itself failed (killed, unpicklable...)
                    results[i] = {
                        "rep_id": jobs[i]["rep_id"], "parameters": jobs[i]["parameters"],
                        "status": "error", "error": f"{type(exc).__name__}: {exc}",
                        "seconds": None, "ipynb": None, "html": None,
                    }  # fmt: skip
                bar.update()
        finally:
            if own:
                executor.shutdown(wait=True)
    finally:
        bar.close()
    return results  # type: ignore[return-value]
