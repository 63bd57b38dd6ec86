"""The ``fieldsales`` command. Thin: it parses, calls the library and prints.

A user error (any :class:`FieldsalesError`) prints one clear message and exits
with code 2 — never a traceback.
"""

from __future__ import annotations

import shutil
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from .exceptions import DataValidationError, FieldsalesError

app = typer.Typer(
    help="Turn CRM exports into the management practices of off-site sales teams.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _echo_frame(df) -> None:
    import pandas as pd

    with pd.option_context("display.width", 120, "display.max_rows", 200):
        typer.echo(df.to_string(index=False) if len(df) else "(none)")


_MORE_ROWS = "the first 1,000 rows of each rule, plus a count of the further rows"


@contextmanager
def _failure_report(path: Path | None):
    """Print validation failures with their true count; write them to ``path`` when given.

    Exits with code 2 on a :class:`DataValidationError`.
    """
    from .safe_csv import failures_frame, write_csv

    try:
        yield
    except DataValidationError as exc:
        capped = exc.count > len(exc.failures)
        if path is not None:
            write_csv(failures_frame(exc.failures), path)
            more = f"all in {path}" + (f": {_MORE_ROWS}" if capped else "")
        else:
            more = f"add --report FILE to write them to a CSV file ({_MORE_ROWS})"
        typer.echo(f"error: {exc.describe(more=more)}", err=True)
        if path is not None:
            what = f" ({_MORE_ROWS})" if capped else ""
            typer.echo(f"wrote {len(exc.failures):,} row(s) to {path}{what}", err=True)
        raise typer.Exit(2) from None


def _csv_source(folder: Path) -> str:
    return f"{folder} (row = line number in TABLE.csv where the record starts, header = line 1)"


# What a previous output of fieldsales may hold: --force replaces nothing else.
_WORKSPACE_ENTRIES = frozenset(
    {"manifest.json", "tables", "rollups", "state.sqlite", "ground_truth"}
    | {f"state.sqlite-{end}" for end in ("wal", "shm", "journal")}
)
_KEPT_ON_REPLACE = "README.md"


def _not_replaceable(folder: Path, kind: str) -> str | None:
    """Why ``folder`` is not a previous ``kind`` output of fieldsales, or None if it is."""
    from .schema import TABLES

    if kind == "workspace":
        if not (folder / "manifest.json").is_file():
            return "is not a workspace (it has no manifest.json)"
        allowed, what = _WORKSPACE_ENTRIES, "workspace"
    else:
        allowed = {f"{t}.csv" for t in TABLES} | {"ground_truth", _KEPT_ON_REPLACE}
        what = "folder of canonical CSV tables"
    foreign = sorted(
        p.name
        for p in folder.iterdir()
        if p.name not in allowed
        and not (kind == "workspace" and p.name.startswith(".manifest.json-"))  # crash leftover
    )
    if not foreign:
        return None
    shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
    return f"holds other files than a {what} written by fieldsales ({shown})"


def _check_out(out: Path, *, force: bool, kind: str) -> None:
    """Refuse an output folder that must not be written or replaced; touches nothing.

    ``kind`` is ``"workspace"`` or ``"csv"`` (a folder of canonical CSV tables).
    Only a previous output of the same kind may be replaced, and only with --force.
    """
    here = Path.cwd().resolve()
    target = out.resolve()
    if target == here or target in here.parents:
        _fail(
            f"{out} is the current folder or one above it; give a new folder to write to, "
            f"e.g. {'ws' if kind == 'workspace' else 'csv'}"
        )
    if out.exists() and not out.is_dir():
        _fail(f"{out} is a file; give a folder to write to")
    if not out.exists() or not any(out.iterdir()):
        return
    problem = _not_replaceable(out, kind)
    if problem:
        kept = "; --force replaces only an output of fieldsales, so nothing was deleted"
        _fail(f"{out} {problem}{kept if force else ''}. Choose a new or empty folder")
    if not force:
        _fail(f"{out} exists and is not empty; add --force to replace it")


def _beside(out: Path, suffix: str) -> Path:
    """A name beside ``out`` that no file has: ``.OUT.<random>.<suffix>``."""
    import secrets

    while True:
        path = out.with_name(f".{out.name}.{secrets.token_hex(4)}.{suffix}")
        if not path.exists():
            return path


def _staging(out: Path) -> Path:
    """A new empty folder beside ``out``, to be swapped in by :func:`_swap_in`."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = _beside(out, "new")
    staging.mkdir()
    return staging


def _keep_decisions(old: Path, staging: Path) -> bool:
    """Carry the decisions store over a reload: goals and checklists outlive the data.

    Copied with SQLite's backup API, so pages still in the write-ahead log
    are included and a writer in another process sees a consistent copy.
    """
    import sqlite3

    source = old / "state.sqlite"
    if not (old / "manifest.json").is_file() or not source.is_file():
        return False
    with sqlite3.connect(source) as src, sqlite3.connect(staging / "state.sqlite") as dst:
        src.backup(dst)
    return True


def _swap_in(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging``; the previous ``out`` exists until the new one does."""
    if not out.exists():
        staging.rename(out)
        return
    previous = _beside(out, "old")
    out.rename(previous)
    staging.rename(out)
    shutil.rmtree(previous, ignore_errors=True)


@app.command()
def sample(
    out: Annotated[Path, typer.Argument(help="Folder to write (must be new or empty).")],
    reps: Annotated[
        int, typer.Option(help="Sales seats (reps are replaced when they leave).")
    ] = 60,
    months: Annotated[int, typer.Option(help="Calendar months of history.")] = 24,
    seed: Annotated[int, typer.Option(help="Random seed; same arguments, same output.")] = 42,
    end: Annotated[
        str, typer.Option(help="Last month, YYYY-MM; a completed month before the current one.")
    ] = "2026-10",
    csv: Annotated[
        bool, typer.Option("--csv", help="Write CSV tables instead of a workspace.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            help="Replace OUT if it holds a previous sample (a workspace, or with --csv a "
            "folder of canonical CSV tables); any other folder is left alone."
        ),
    ] = False,
    truth_at_t: Annotated[
        bool,
        typer.Option(
            "--truth-at-t",
            help="Also write the risk models' oracle: probabilities given only what the "
            "generator knew at each month's end (Monte Carlo, ~10 s per 1,000 seats x 36 "
            "months). The tables are the same either way.",
        ),
    ] = False,
) -> None:
    """Generate a synthetic team with a documented ground truth."""
    from .sample import generate, write_csv, write_workspace

    kind = "csv" if csv else "workspace"
    _check_out(out, force=force, kind=kind)
    data = generate(
        reps=reps,
        months=months,
        seed=seed,
        end=end,
        truth_at_t=truth_at_t,
        progress=sys.stderr.isatty(),
    )
    staging = _staging(out)
    try:
        if csv:
            write_csv(data, staging)
            kept = out / _KEPT_ON_REPLACE
            if kept.is_file():
                shutil.copy2(kept, staging / _KEPT_ON_REPLACE)
        else:
            write_workspace(data, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap_in(staging, out)
    if csv:
        typer.echo(f"wrote {len(data.tables)} CSV tables and ground_truth/ to {out}")
    else:
        typer.echo(f"wrote workspace {out}")
    rows = ", ".join(f"{name} {len(df):,}" for name, df in data.tables.items())
    typer.echo(f"rows: {rows}")


@app.command()
def load(
    csv_dir: Annotated[Path, typer.Argument(help="Folder of canonical CSV tables.")],
    workspace: Annotated[Path, typer.Argument(help="Workspace folder to create.")],
    force: Annotated[
        bool,
        typer.Option(
            help="Replace WORKSPACE if it is a workspace; any other folder is left alone."
        ),
    ] = False,
    report: Annotated[
        Path | None, typer.Option(help="On failure, write the failures to this CSV file.")
    ] = None,
) -> None:
    """Build a workspace from canonical CSV tables (e.g. data/sample)."""
    from .ingest import read_canonical_folder
    from .workspace import Workspace

    _check_out(workspace, force=force, kind="workspace")
    tables, notes = read_canonical_folder(csv_dir)
    for note in notes:
        typer.echo(f"note: {note}", err=True)
    staging = _staging(workspace)
    try:
        ws = Workspace.create(staging)
        with _failure_report(report):
            ws.write_tables(
                tables,
                source_files={n: [str(csv_dir / f"{n}.csv")] for n in tables},
                source=_csv_source(csv_dir),
            )
        truth = csv_dir / "ground_truth"
        if truth.is_dir():
            shutil.copytree(truth, staging / "ground_truth")
        kept = _keep_decisions(workspace, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap_in(staging, workspace)
    typer.echo(f"loaded {len(tables)} tables into {workspace}")
    if kept:
        typer.echo("kept the saved decisions (state.sqlite) of the previous workspace")


@app.command()
def validate(
    path: Annotated[Path, typer.Argument(help="A folder of CSV tables or a workspace.")],
    report: Annotated[
        Path | None, typer.Option(help="Write the failures to this CSV file.")
    ] = None,
) -> None:
    """Check tables against the canonical model; list every failure.

    For a workspace, each table file is first checked against the content
    hash in its manifest.
    """
    from .ingest import read_canonical_folder
    from .schema import validate_tables
    from .workspace import MANIFEST, Workspace

    if (path / MANIFEST).is_file():
        ws = Workspace.open(path)
        ws.verify()
        tables = {name: ws.frame(name) for name in ws.tables}
        label = str(path)
    else:
        tables, notes = read_canonical_folder(path)
        for note in notes:
            typer.echo(f"note: {note}", err=True)
        label = _csv_source(path)
    with _failure_report(report):
        validate_tables(tables, source=label)
    total = sum(len(df) for df in tables.values())
    typer.echo(f"ok: {len(tables)} tables, {total:,} rows valid in {path}")


@app.command()
def info(workspace: Annotated[Path, typer.Argument(help="Workspace folder.")]) -> None:
    """Tables, rows, date ranges and missing values of a workspace."""
    from .summary import DATE_RANGE_NOTE, headlines, missing_values, table_summary
    from .workspace import Workspace

    ws = Workspace.open(workspace)
    ws.verify(content=False)
    typer.echo(f"workspace {ws.path}  (data hash {ws.data_hash[:12]})")
    for line in headlines(ws):
        typer.echo(f"  {line}")
    typer.echo("\ntables:")
    _echo_frame(table_summary(ws))
    typer.echo(f"({DATE_RANGE_NOTE})")
    typer.echo("\nempty cells (optional columns):")
    missing = missing_values(ws)
    missing["share"] = (missing["share"] * 100).round(1).astype(str) + "%"
    _echo_frame(missing)


@app.command(name="kpis")
def kpis_command(
    workspace: Annotated[Path | None, typer.Argument(help="Workspace folder.")] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the KPI catalogue.")] = False,
    kpis: Annotated[str | None, typer.Option(help="KPI ids, comma-separated.")] = None,
    grain: Annotated[str, typer.Option(help="week, month, quarter or year.")] = "month",
    period: Annotated[
        str | None,
        typer.Option(help="2026, 2026-Q3, 2026-10, 2026-W41 or START..END; default: last 12."),
    ] = None,
    by: Annotated[str, typer.Option(help="rep, team, region or company.")] = "rep",
    format: Annotated[str, typer.Option(help="table, csv, json or parquet.")] = "table",
    out: Annotated[Path | None, typer.Option(help="Write to this file.")] = None,
    breakdown: Annotated[
        str | None,
        typer.Option(help="Revenue won by product, segment, tier or account_region instead."),
    ] = None,
) -> None:
    """Compute KPIs per rep, team, region or company and period."""
    from .kpis import catalogue, compute, revenue_breakdown
    from .kpis.export import write_kpis
    from .workspace import Workspace

    if list_:
        table = catalogue()[["id", "name", "unit", "direction", "practices", "definition"]]
        _echo_frame(table)
        return
    if workspace is None:
        _fail("give a WORKSPACE folder, or --list for the KPI catalogue")
    if breakdown is not None:
        if kpis:
            _fail("--breakdown computes revenue won by its values; leave out --kpis")
        frame = revenue_breakdown(
            Workspace.open(workspace), breakdown, grain=grain, period=period, by=by
        )
        text = write_kpis(frame, format, out)
        typer.echo(text if text is not None else f"wrote {len(frame):,} rows to {out}")
        return
    chosen = [k.strip() for k in kpis.split(",") if k.strip()] if kpis else None
    frame = compute(Workspace.open(workspace), chosen, grain=grain, period=period, by=by)
    for kpi_id in frame.attrs.get("skipped", []):
        typer.echo(f"note: {kpi_id} skipped: the workspace lacks a table it needs", err=True)
    text = write_kpis(frame, format, out)
    if text is not None:
        typer.echo(text)
    elif out is not None:
        typer.echo(f"wrote {len(frame):,} rows to {out}", err=True)


# --- import: CRM exports into a workspace (lib/fieldsales/ingest) ----------------------


@app.command("import")
def import_(
    workspace: Annotated[
        Path | None, typer.Argument(help="Workspace folder (created when missing).")
    ] = None,
    files: Annotated[list[Path] | None, typer.Argument(help="CSV or XLSX exports.")] = None,
    preset: Annotated[
        str | None, typer.Option(help="zoho, salesforce, hubspot, fxiaoke or generic.")
    ] = None,
    table: Annotated[
        str | None, typer.Option(help="Canonical table: deals, accounts, activities, reps, ...")
    ] = None,
    mapping: Annotated[Path | None, typer.Option(help="Mapping file (YAML).")] = None,
    sheet: Annotated[str | None, typer.Option(help="Sheet of an .xlsx workbook.")] = None,
    encoding: Annotated[str | None, typer.Option(help="Text encoding (else detected).")] = None,
    delimiter: Annotated[str | None, typer.Option(help="CSV delimiter (else detected).")] = None,
    date_order: Annotated[
        str | None, typer.Option(help="DMY or MDY for ambiguous dates such as 05/10/2026.")
    ] = None,
    currency: Annotated[
        str | None, typer.Option(help="ISO code for amounts that name no currency, e.g. EUR.")
    ] = None,
    suggest_mapping: Annotated[
        Path | None, typer.Option(help="Print a draft mapping for this file and stop.")
    ] = None,
) -> None:
    """Import CRM exports: every row loaded, dropped as duplicate, or quarantined."""
    from .ingest import import_file
    from .ingest import suggest_mapping as draft

    if suggest_mapping is not None:
        typer.echo(draft(suggest_mapping, table=table, sheet=sheet, encoding=encoding), nl=False)
        return
    if workspace is None or not files:
        _fail("give a WORKSPACE folder and at least one FILE (or --suggest-mapping FILE)")
    if date_order is not None and date_order.upper() not in ("DMY", "MDY"):
        _fail(f"--date-order must be DMY or MDY, got {date_order!r}")
    for file in files:
        report = import_file(
            workspace, file, preset=preset, table=table, mapping=mapping, sheet=sheet,
            encoding=encoding, delimiter=delimiter, currency=currency,
            date_order=date_order.upper() if date_order else None,
        )  # fmt: skip
        for line in report.lines():
            typer.echo(line)
        typer.echo(f"report: {report.report_file}\n")


# --- alerts: signals per rep, each with its practice and an action (lib/fieldsales/signals) --


def _alerts_view(frame, lang: str | None):
    """The alerts frame with ``message`` and ``action`` in ``lang`` (both languages if None)."""
    if lang is None:
        return frame
    view = frame.drop(columns=["message_en", "message_zh", "action_en", "action_zh"])
    view.insert(6, "message", frame[f"message_{lang}"])
    view.insert(7, "action", frame[f"action_{lang}"])
    return view


def _terminal_safe(value: object) -> str:
    """Text with control characters (terminal escapes from CRM strings) replaced by '?'."""
    import re

    return re.sub(r"[\x00-\x1f\x7f-\x9f]", "?", str(value))


def _alerts_table(view) -> str:
    """Left-aligned columns, one alert per line, its action on the line below."""
    import unicodedata

    def width(text: str) -> int:  # CJK characters take two terminal cells
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    keys = ["severity", "practice", "rep_id", "rep_name", "kind"]
    cells = [[_terminal_safe(v) for v in row] for row in view[keys].itertuples(index=False)]
    widths = [max([width(k)] + [width(r[i]) for r in cells]) for i, k in enumerate(keys)]

    def line(values) -> str:
        return "".join(v + " " * (w - width(v) + 2) for v, w in zip(values, widths, strict=True))

    indent = " " * (sum(widths) + 2 * len(widths))
    lines = [line(keys) + "message / action"]
    for row, message, action in zip(cells, view["message"], view["action"], strict=True):
        lines.append(line(row) + _terminal_safe(message))
        lines.append(indent + "-> " + _terminal_safe(action))
    return "\n".join(lines)


@app.command("alerts")
def alerts_command(
    workspace: Annotated[Path, typer.Argument(help="Workspace folder.")],
    period: Annotated[
        str | None,
        typer.Option(help="2026-10, 2026-Q3, 2026 or 2026-W41; default: the month the data end."),
    ] = None,
    format: Annotated[str, typer.Option(help="table, csv or json.")] = "table",
    out: Annotated[Path | None, typer.Option(help="Write to this file.")] = None,
    lang: Annotated[
        str | None,
        typer.Option(help="en or zh: language of message and action; csv/json default both."),
    ] = None,
) -> None:
    """Alerts per rep for a period: decline, pace, 1:1, accounts, SLA, compliance, wellbeing."""
    from .safe_csv import escape_cell, write_csv
    from .signals import alerts
    from .workspace import Workspace

    if format not in ("table", "csv", "json"):
        _fail(f"--format must be table, csv or json, got {format!r}")
    if lang not in (None, "en", "zh"):
        _fail(f"--lang must be en or zh, got {lang!r}")
    frame = alerts(Workspace.open(workspace), period)
    for note in frame.attrs.get("notes", []):
        typer.echo(f"note: {note}", err=True)
    if format == "table":
        view = _alerts_view(frame, lang or "en")
        head = (
            f"{len(view)} alert(s) for {frame.attrs['period']} (data up to {frame.attrs['as_of']})"
        )
        text = f"{head}\n{_alerts_table(view) if len(view) else '(none)'}\n"
    elif format == "csv":
        view = _alerts_view(frame, lang)
        if out is not None:
            write_csv(view, out)
            typer.echo(f"wrote {len(view):,} alert(s) to {out}", err=True)
            return
        text = view.map(escape_cell).to_csv(index=False, lineterminator="\n")
    else:
        text = _alerts_view(frame, lang).to_json(orient="records", force_ascii=False, indent=2)
        text += "\n"
    if out is not None:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {len(frame):,} alert(s) to {out}", err=True)
    else:
        typer.echo(text, nl=False)


# --- reports: per-rep diagnostic notebooks and offline HTML (lib/fieldsales/reports) ----


@app.command("reports")
def reports_command(
    workspace: Annotated[Path, typer.Argument(help="Workspace folder.")],
    out: Annotated[Path, typer.Option(help="Folder to write the reports to.")],
    period: Annotated[
        str | None,
        typer.Option(help="2026-10, 2026-Q3, 2026, 2026-W41 or last-month; default the latest."),
    ] = None,
    reps: Annotated[str | None, typer.Option(help="Rep ids, comma-separated.")] = None,
    team: Annotated[str | None, typer.Option(help="Only the reps of this team.")] = None,
    audience: Annotated[
        str, typer.Option(help="manager (everything) or rep (the rep's own copy).")
    ] = "manager",
    workers: Annotated[int, typer.Option(help="Worker processes, one warm kernel each.")] = 2,
    force: Annotated[
        bool, typer.Option(help="Rerun reports already made from the same data.")
    ] = False,
    executor: Annotated[
        str | None, typer.Option(help="dask://HOST:PORT to run on a dask cluster.")
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds a notebook cell may run.")] = 600,
    team_overview: Annotated[
        bool, typer.Option(help="Also write team-overview.html (manager audience).")
    ] = True,
) -> None:
    """Per-rep diagnostic reports: executed .ipynb and offline .html, index.html, manifest.json."""
    from .reports import executor_for, run_reports

    chosen = [r.strip() for r in reps.split(",") if r.strip()] if reps else None
    pool, close = executor_for(executor, workers)
    try:
        result = run_reports(
            workspace, period, out=out, reps=chosen, team=team, audience=audience,
            workers=workers, force=force, executor=pool, timeout=timeout,
            progress=sys.stderr.isatty(), team_overview=team_overview,
        )  # fmt: skip
    finally:
        close()
    batch = result.manifest["last_batch"]
    typer.echo(
        f"{batch['ran']} report(s) written, {batch['skipped']} already up to date, "
        f"{batch['failed']} failed, in {batch['seconds_total']:.1f} s: {out / 'index.html'}"
    )
    for rep_id in result.failed:
        entry = result.manifest["reports"][f"{audience}/{rep_id}"]
        typer.echo(f"failed: {_terminal_safe(rep_id)}: {_terminal_safe(entry['error'])}", err=True)
    if result.failed:
        raise typer.Exit(1)


# --- train / score: attrition and underperformance risk (lib/fieldsales/models) ---------


@app.command("train")
def train_command(
    workspace: Annotated[Path, typer.Argument(help="Workspace folder.")],
    horizon: Annotated[int, typer.Option(help="Attrition horizon in months.")] = 3,
    threshold: Annotated[
        float, typer.Option(help="Underperformance: next-quarter attainment below this.")
    ] = 0.8,
) -> None:
    """Train the attrition and underperformance risk models; save them with model cards."""
    from .models import models_dir, train
    from .workspace import Workspace

    if horizon < 1:
        _fail(f"--horizon must be at least 1 month, got {horizon}")
    if not 0 < threshold < 10:
        _fail(f"--threshold must be an attainment ratio such as 0.8, got {threshold}")
    ws = Workspace.open(workspace)
    reports = train(ws, horizon=horizon, threshold=threshold)
    for target, rep in reports.items():
        typer.echo(f"{target}: test months {rep.evaluation.window['test_months']}")
        table = rep.metrics[["model", "n", "events", "roc_auc", "pr_auc", "brier", "ece"]]
        _echo_frame(table.round(3))
        for warning in rep.proxy_warnings:
            typer.echo(f"warning: {warning}", err=True)
        for note in rep.evaluation.notes:
            typer.echo(f"note: {note}", err=True)
        typer.echo("")
    typer.echo(f"saved models and model cards in {models_dir(ws)}")


@app.command("score")
def score_command(
    workspace: Annotated[Path, typer.Argument(help="Workspace folder.")],
    period: Annotated[
        str | None, typer.Option(help="Month YYYY-MM; default: the month the data end.")
    ] = None,
    format: Annotated[str, typer.Option(help="table or csv.")] = "table",
) -> None:
    """Attrition and underperformance risk per rep, with the top three drivers."""
    import pandas as pd

    from .models import score
    from .safe_csv import escape_cell
    from .workspace import Workspace

    if format not in ("table", "csv"):
        _fail(f"--format must be table or csv, got {format!r}")
    frame = score(Workspace.open(workspace), period)
    columns = ["rep_id", "rep_name", "attrition_risk", "underperformance_risk", "drivers"]
    view = frame[columns]
    if format == "csv":
        text = view.map(escape_cell).to_csv(index=False, lineterminator="\n")
        typer.echo(text, nl=False)
        return
    view = view.assign(
        rep_name=view["rep_name"].map(_terminal_safe),
        attrition_risk=(view["attrition_risk"] * 100).round(1).astype(str) + "%",
        underperformance_risk=(view["underperformance_risk"] * 100).round(1).astype(str) + "%",
    )
    typer.echo(f"risk at the end of {frame['month'].iloc[0]} ({len(view)} reps)")
    with pd.option_context("display.max_colwidth", 400):
        _echo_frame(view)


# --- serve: the manager's playbook apps on Voila (lib/fieldsales/serve.py, apps/) ----------


@app.command("serve")
def serve_command(
    workspace: Annotated[Path, typer.Argument(help="Workspace folder the apps show.")],
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8866,
    ip: Annotated[
        str, typer.Option(help="Address to bind; any other than 127.0.0.1 needs a token.")
    ] = "127.0.0.1",
    token: Annotated[
        str | None,
        typer.Option(help="Token a browser must present; generated when --ip is not local."),
    ] = None,
) -> None:
    """Serve the manager's playbook apps (Voila) on WORKSPACE; prints the URL, blocks."""
    from .serve import prepare, run

    run(prepare(workspace, ip=ip, port=port, token=token))


def main() -> None:
    """Entry point: run the app, turning fieldsales errors into exit code 2."""
    try:
        # without standalone mode click returns the code of typer.Exit instead of exiting
        code = app(standalone_mode=False)
    except DataValidationError as exc:  # outside --report commands (a bug rather than bad data)
        typer.echo(f"error: {exc.describe(more='not listed here')}", err=True)
        sys.exit(2)
    except FieldsalesError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("aborted", err=True)
        sys.exit(1)
    except typer.TyperException as exc:  # usage errors: bad option, missing argument
        exc.show()
        sys.exit(getattr(exc, "exit_code", 2))
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
