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


@contextmanager
def _failure_report(path: Path | None):
    """Write all validation failures to ``path`` (when given) before the error surfaces."""
    from .safe_csv import failures_frame, write_csv

    try:
        yield
    except DataValidationError as exc:
        if path is not None:
            write_csv(failures_frame(exc.failures), path)
            typer.echo(f"wrote all {len(exc.failures)} failures to {path}", err=True)
        elif len(exc.failures) > exc.MAX_LISTED:
            typer.echo("add --report FILE to write every failure to a CSV file", err=True)
        raise


def _csv_source(folder: Path) -> str:
    return f"{folder} (row = line number in TABLE.csv, header = line 1)"


@app.command()
def sample(
    out: Annotated[Path, typer.Argument(help="Folder to write (must be new or empty).")],
    reps: Annotated[
        int, typer.Option(help="Sales seats (reps are replaced when they leave).")
    ] = 60,
    months: Annotated[int, typer.Option(help="Calendar months of history.")] = 24,
    seed: Annotated[int, typer.Option(help="Random seed; same arguments, same output.")] = 42,
    end: Annotated[str, typer.Option(help="Last month, YYYY-MM.")] = "2026-10",
    csv: Annotated[
        bool, typer.Option("--csv", help="Write CSV tables instead of a workspace.")
    ] = False,
    force: Annotated[bool, typer.Option(help="Replace OUT if it exists.")] = False,
) -> None:
    """Generate a synthetic team with a documented ground truth."""
    from .sample import generate, write_csv, write_workspace

    if out.exists() and not out.is_dir():
        _fail(f"{out} is a file; give a folder to write the sample to")
    if out.exists() and any(out.iterdir()):
        if not force:
            _fail(f"{out} exists and is not empty; add --force to replace it")
        shutil.rmtree(out)
    data = generate(reps=reps, months=months, seed=seed, end=end, progress=sys.stderr.isatty())
    if csv:
        write_csv(data, out)
        typer.echo(f"wrote {len(data.tables)} CSV tables and ground_truth/ to {out}")
    else:
        write_workspace(data, out)
        typer.echo(f"wrote workspace {out}")
    rows = ", ".join(f"{name} {len(df):,}" for name, df in data.tables.items())
    typer.echo(f"rows: {rows}")


@app.command()
def load(
    csv_dir: Annotated[Path, typer.Argument(help="Folder of canonical CSV tables.")],
    workspace: Annotated[Path, typer.Argument(help="Workspace folder to create.")],
    force: Annotated[bool, typer.Option(help="Replace WORKSPACE if it exists.")] = False,
    report: Annotated[
        Path | None, typer.Option(help="On failure, write every failure to this CSV file.")
    ] = None,
) -> None:
    """Build a workspace from canonical CSV tables (e.g. data/sample)."""
    from .ingest import read_canonical_folder
    from .workspace import Workspace

    tables, notes = read_canonical_folder(csv_dir)
    for note in notes:
        typer.echo(f"note: {note}", err=True)
    if workspace.exists() and not workspace.is_dir():
        _fail(f"{workspace} is a file; give a folder for the workspace")
    if workspace.exists() and any(workspace.iterdir()) and not force:
        _fail(f"{workspace} exists and is not empty; add --force to replace it")
    staging = workspace.with_name(workspace.name + ".loading")
    shutil.rmtree(staging, ignore_errors=True)
    ws = Workspace.create(staging)
    try:
        with _failure_report(report):
            ws.write_tables(
                tables,
                source_files={n: [str(csv_dir / f"{n}.csv")] for n in tables},
                source=_csv_source(csv_dir),
            )
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    truth = csv_dir / "ground_truth"
    if truth.is_dir():
        shutil.copytree(truth, staging / "ground_truth")
    # swap folders so that a workspace exists at every moment
    previous = workspace.with_name(workspace.name + ".previous")
    shutil.rmtree(previous, ignore_errors=True)
    if workspace.exists():
        workspace.rename(previous)
    staging.rename(workspace)
    shutil.rmtree(previous, ignore_errors=True)
    typer.echo(f"loaded {len(tables)} tables into {workspace}")


@app.command()
def validate(
    path: Annotated[Path, typer.Argument(help="A folder of CSV tables or a workspace.")],
    report: Annotated[
        Path | None, typer.Option(help="Write every failure to this CSV file.")
    ] = None,
) -> None:
    """Check tables against the canonical model; list every failure."""
    from .ingest import read_canonical_folder
    from .schema import validate_tables
    from .workspace import MANIFEST, Workspace

    if (path / MANIFEST).is_file():
        ws = Workspace.open(path)
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
    from .summary import headlines, missing_values, table_summary
    from .workspace import Workspace

    ws = Workspace.open(workspace)
    typer.echo(f"workspace {ws.path}  (data hash {ws.data_hash[:12]})")
    for line in headlines(ws):
        typer.echo(f"  {line}")
    typer.echo("\ntables:")
    _echo_frame(table_summary(ws))
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
) -> None:
    """Compute KPIs per rep, team, region or company and period."""
    from .kpis import catalogue, compute
    from .kpis.export import write_kpis
    from .workspace import Workspace

    if list_:
        table = catalogue()[["id", "name", "unit", "direction", "practices", "definition"]]
        _echo_frame(table)
        return
    if workspace is None:
        _fail("give a WORKSPACE folder, or --list for the KPI catalogue")
    chosen = [k.strip() for k in kpis.split(",") if k.strip()] if kpis else None
    frame = compute(Workspace.open(workspace), chosen, grain=grain, period=period, by=by)
    for kpi_id in frame.attrs.get("skipped", []):
        typer.echo(f"note: {kpi_id} skipped: the workspace lacks a table it needs", err=True)
    text = write_kpis(frame, format, out)
    if text is not None:
        typer.echo(text)
    elif out is not None:
        typer.echo(f"wrote {len(frame):,} rows to {out}", err=True)


def main() -> None:
    """Entry point: run the app, turning fieldsales errors into exit code 2."""
    try:
        # without standalone mode click returns the code of typer.Exit instead of exiting
        code = app(standalone_mode=False)
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
