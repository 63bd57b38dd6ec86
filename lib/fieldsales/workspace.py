"""A workspace: the canonical tables of one company as Parquet files.

Layout of the folder::

    manifest.json          what is there: per table its file, rows, columns,
                           content hash, source files and when it was written
    tables/NAME-HASH.parquet
    rollups/NAME-KEY.parquet  summaries of the activity log (fieldsales.rollups)
    state.sqlite           decisions (goals, plans, checklists) of later modules
    ground_truth/          only in generated samples; never a model input

Writes are atomic: a table goes to a new content-addressed file, and the
manifest that points to it is replaced last (temp file + ``os.replace``). A
crash at any moment leaves the previous manifest pointing at the previous,
untouched files; files no manifest names are removed on the next write.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from . import config, rollups
from .exceptions import (
    DataValidationError,
    UnknownTableError,
    ValidationFailure,
    WorkspaceError,
    WorkspaceNotFoundError,
)
from .schema import TABLES, references, validate_tables
from .schema._coerce import failures_at, positions_in

__all__ = ["Workspace", "open_workspace", "SCHEMA_VERSION"]

SCHEMA_VERSION = 1
MANIFEST = "manifest.json"
TABLES_DIR = "tables"
STATE_DB = "state.sqlite"
_REBUILD = (
    "rebuild the workspace from its sources (`fieldsales load CSV_DIR {path} --force`, "
    "or `fieldsales sample {path} --force` for a generated sample)"
)


def _lookup_columns() -> dict[str, list[str]]:
    """Columns read from stored tables to check new tables against.

    Every referenced key (references), plus the reps' employment window.
    """
    out = {"reps": ["rep_id", "hire_date", "exit_date"]}
    for table in TABLES:
        for ref_table, ref_column in references(table).values():
            columns = out.setdefault(ref_table, [])
            if ref_column not in columns:
                columns.append(ref_column)
    return out


_LOOKUP_COLUMNS = _lookup_columns()


class Workspace:
    """Open with :meth:`open` or make with :meth:`create`; do not call directly."""

    def __init__(self, path: Path, manifest: dict):
        self.path = Path(path)
        self._manifest = manifest
        self._con = None
        self._views: dict[Path, object] = {}  # DuckDB views of the table files

    # -- opening -----------------------------------------------------------------
    @classmethod
    def create(cls, path: str | os.PathLike, *, exist_ok: bool = False) -> Workspace:
        """Create an empty workspace folder (or open it when ``exist_ok``)."""
        path = Path(path)
        if (path / MANIFEST).exists():
            if exist_ok:
                return cls.open(path)
            raise WorkspaceError(
                f"{path} already holds a workspace; open it with Workspace.open, "
                "or choose another folder"
            )
        if path.exists() and any(path.iterdir()):
            raise WorkspaceError(
                f"{path} is a non-empty folder that is not a workspace; "
                "choose an empty or new folder"
            )
        (path / TABLES_DIR).mkdir(parents=True, exist_ok=True)
        _create_state_store(path / STATE_DB)
        manifest = {
            "schema_version": SCHEMA_VERSION,
            "created_at": _now_iso(),
            "tables": {},
        }
        _write_json_atomic(path / MANIFEST, manifest)
        return cls(path, manifest)

    @classmethod
    def open(cls, path: str | os.PathLike) -> Workspace:
        """Open an existing workspace folder."""
        path = Path(path)
        manifest_path = path / MANIFEST
        if not manifest_path.is_file():
            raise WorkspaceNotFoundError(
                f"no workspace at {path} (no {MANIFEST}); build one with "
                "`fieldsales sample PATH` or `fieldsales load CSV_DIR PATH`"
            )
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise WorkspaceError(f"{manifest_path} is damaged: {exc}") from None
        version = manifest.get("schema_version") if isinstance(manifest, dict) else None
        if version != SCHEMA_VERSION:
            raise WorkspaceError(
                f"{path} has schema version {version!r}; this fieldsales reads "
                f"version {SCHEMA_VERSION}. Rebuild the workspace from its sources."
            )
        ws = cls(path, manifest)
        missing = [
            f"{entry.get('file')} (table {name}) is missing"
            for name, entry in manifest.get("tables", {}).items()
            if not (path / str(entry.get("file"))).is_file()
        ]
        if missing:
            ws._damaged(missing)
        return ws

    def verify(self, *, content: bool = True) -> None:
        """Check that every table file named in the manifest is there and unchanged.

        Parameters
        ----------
        content
            True: compare each file's SHA-256 with the manifest's content hash
            (reads every file). False: only read each file's Parquet footer and
            compare its columns with the manifest (fast).

        Raises
        ------
        fieldsales.exceptions.WorkspaceError
            Naming every missing, unreadable or changed file.
        """
        problems = []
        for name in self.tables:
            entry = self._manifest["tables"][name]
            where = f"{entry['file']} (table {name})"
            path = self.path / entry["file"]
            if not path.is_file():
                problems.append(f"{where} is missing")
            elif content:
                if _file_sha256(path) != entry.get("content_hash"):
                    problems.append(
                        f"{where} was changed after it was written: its content hash differs "
                        "from manifest.json"
                    )
            else:
                try:
                    schema = pq.read_schema(path)
                except (pa.ArrowException, OSError) as exc:
                    problems.append(f"{where} is not a readable Parquet file ({exc})")
                    continue
                found = [(f.name, str(f.type)) for f in schema]
                expected = [(c["name"], c["type"]) for c in entry.get("columns", [])]
                if found != expected:
                    problems.append(
                        f"{where} was changed after it was written: its columns differ "
                        "from manifest.json"
                    )
        if problems:
            self._damaged(problems)

    def _damaged(self, problems: list[str]) -> None:
        raise WorkspaceError(
            f"workspace {self.path} is damaged:\n  "
            + "\n  ".join(problems)
            + "\n"
            + _REBUILD.format(path=self.path)
        )

    # -- reading -------------------------------------------------------------------
    @property
    def tables(self) -> list[str]:
        """Names of the tables present, in canonical order."""
        return [name for name in TABLES if name in self._manifest["tables"]]

    @property
    def manifest(self) -> dict:
        """A copy of the manifest."""
        return json.loads(json.dumps(self._manifest))

    @property
    def data_hash(self) -> str:
        """One hash over every table's content: equal hashes mean equal data."""
        parts = [f"{n}:{self._manifest['tables'][n]['content_hash']}" for n in self.tables]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def has(self, name: str) -> bool:
        return name in self._manifest["tables"]

    def file(self, name: str) -> Path:
        """The Parquet file holding table ``name``."""
        _check_name(name)
        entry = self._manifest["tables"].get(name)
        if entry is None:
            raise WorkspaceError(
                f"table {name!r} is not in the workspace {self.path}; it has: "
                f"{', '.join(self.tables) or 'no tables yet'}"
            )
        path = self.path / entry["file"]
        if not path.is_file():
            self._damaged([f"{entry['file']} (table {name}) is missing"])
        return path

    def frame(self, name: str, columns: list[str] | None = None) -> pd.DataFrame:
        """Table ``name`` as a pandas DataFrame."""
        return pd.read_parquet(self.file(name), columns=columns)

    @property
    def con(self):
        """The in-process DuckDB connection (Ibis), made on first use."""
        if self._con is None:
            import ibis

            self._con = ibis.duckdb.connect()
        return self._con

    def table(self, name: str):
        """Table ``name`` as an Ibis table expression on DuckDB."""
        path = self.file(name)
        # files are named by their content, so a view made once stays right (and
        # making it reads the Parquet footer: 20 ms a time, 24 times per KPI set)
        if path not in self._views:
            table_name = f"{name}_{path.stem.rsplit('-', 1)[-1]}"
            self._views[path] = self.con.read_parquet(path, table_name=table_name)
        return self._views[path]

    # -- writing -------------------------------------------------------------------
    def write(self, name: str, df: pd.DataFrame, *, source_files: Iterable[str] = ()) -> None:
        """Validate ``df`` and store it as table ``name`` (see :meth:`write_tables`)."""
        self.write_tables({name: df}, source_files={name: list(source_files)})

    def write_tables(
        self,
        frames: Mapping[str, pd.DataFrame],
        *,
        source_files: Mapping[str, list[str]] | None = None,
        today: date | None = None,
        source: str | None = None,
    ) -> None:
        """Validate several tables together and store them in one atomic step.

        Every failure of every table is reported at once
        (:class:`~fieldsales.exceptions.DataValidationError`); on any failure
        nothing is written.
        """
        for name in frames:
            _check_name(name)
        existing = {}
        for name, wanted in _LOOKUP_COLUMNS.items():
            if name not in frames and self.has(name):
                stored = {c["name"] for c in self._manifest["tables"][name]["columns"]}
                existing[name] = self.frame(name, columns=[c for c in wanted if c in stored])
        failures: list[ValidationFailure] = []
        try:
            valid = validate_tables(
                dict(frames),
                today=today or config.today(),
                existing=existing or None,
                source=source,
            )
        except DataValidationError as exc:
            failures, valid = exc.failures, None
        failures += self._inbound_failures(frames)
        if failures:
            raise DataValidationError(failures, source=source or "tables")
        entries = {}
        for name, df in valid.items():
            entries[name] = self._write_parquet(name, df)
            entries[name]["source_files"] = list((source_files or {}).get(name, []))
        manifest = self.manifest
        manifest["tables"].update(entries)
        _write_json_atomic(self.path / MANIFEST, manifest)
        self._manifest = manifest
        self._remove_unreferenced()
        if "activities" in entries:  # the KPIs read the log through its summaries
            rollups.build(self)

    def _inbound_failures(self, frames: Mapping[str, pd.DataFrame]) -> list[ValidationFailure]:
        """Rows of stored tables (not being written) whose references the new tables drop.

        Only the referencing column of each stored table is read.
        """
        failures = []
        for stored in self.tables:
            if stored in frames:
                continue
            columns = {c["name"] for c in self._manifest["tables"][stored]["columns"]}
            for column, (ref_table, ref_column) in references(stored).items():
                if ref_table not in frames or column not in columns:
                    continue
                keys = _key_column(frames[ref_table], ref_column)
                if keys is None:  # reported as a missing column of the new table
                    continue
                values = self.frame(stored, columns=[column])[column]
                dropped = (positions_in(values, keys.dropna()) < 0) & values.notna().to_numpy()
                failures += failures_at(
                    stored,
                    column,
                    np.flatnonzero(dropped),
                    values.index,
                    lambda pos, values=values: values.iloc[pos].tolist(),
                    f"stored row refers to a {ref_table}.{ref_column} that the new "
                    f"{ref_table} table does not have",
                    f"{stored} is already in the workspace (row = position in the stored "
                    f"table, from 0); keep the id in {ref_table}, or write {stored} again "
                    f"together with {ref_table}",
                )
        return failures

    def _write_parquet(self, name: str, df: pd.DataFrame) -> dict:
        table = _microseconds(pa.Table.from_pandas(df, preserve_index=False))
        tables_dir = self.path / TABLES_DIR
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=tables_dir)
        os.close(fd)
        try:
            pq.write_table(table, tmp, compression="zstd")
            digest = _file_sha256(tmp)
            final = tables_dir / f"{name}-{digest[:16]}.parquet"
            os.replace(tmp, final)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return {
            "file": f"{TABLES_DIR}/{final.name}",
            "rows": table.num_rows,
            "columns": [{"name": f.name, "type": str(f.type)} for f in table.schema],
            "content_hash": digest,
            "written_at": _now_iso(),
        }

    def _remove_unreferenced(self) -> None:
        keep = {Path(e["file"]).name for e in self._manifest["tables"].values()}
        for file in (self.path / TABLES_DIR).iterdir():
            if file.name not in keep:
                file.unlink(missing_ok=True)
        rollups.remove_stale(self)

    def __repr__(self) -> str:
        return f"Workspace({str(self.path)!r}, tables={self.tables})"


def open_workspace(path: str | os.PathLike | None = None) -> Workspace:
    """Open ``path``, or the workspace named by ``FIELDSALES_WORKSPACE`` when empty.

    Notebooks call this with their ``workspace`` parameter, so the same
    notebook runs in JupyterLab (``make lab`` sets the variable), under
    papermill and under Voila.
    """
    if path is None or str(path).strip() == "":
        path = config.default_workspace()
        if path is None:
            raise WorkspaceNotFoundError(
                "no workspace given: pass a workspace folder, or set FIELDSALES_WORKSPACE "
                "(make lab sets it to the sample workspace)"
            )
    return Workspace.open(path)


def _key_column(df: pd.DataFrame, column: str) -> pd.Series | None:
    """The (first) column ``column`` of a table as text, or None when it has none."""
    if not isinstance(df, pd.DataFrame) or column not in df.columns:
        return None
    return df.loc[:, df.columns == column].iloc[:, 0].astype("str")


def _microseconds(table: pa.Table) -> pa.Table:
    """Timestamps in microseconds: DuckDB's native unit (date_trunc on nanoseconds is 3x slower)."""
    fields = [
        pa.field(f.name, pa.timestamp("us"), f.nullable) if pa.types.is_timestamp(f.type) else f
        for f in table.schema
    ]
    return table.cast(pa.schema(fields, metadata=table.schema.metadata), safe=False)


def _check_name(name: str) -> None:
    if name not in TABLES:
        raise UnknownTableError(
            f"unknown table {name!r}; canonical tables are: {', '.join(TABLES)}"
        )


def _create_state_store(path: Path) -> None:
    """An empty SQLite store for decisions; later modules add their tables."""
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text("PRAGMA journal_mode=WAL"))
        conn.execute(text("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)"))
        conn.execute(
            text("INSERT OR REPLACE INTO meta VALUES ('schema_version', :v)"),
            {"v": str(SCHEMA_VERSION)},
        )
    engine.dispose()


def _write_json_atomic(path: Path, data: dict) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2, ensure_ascii=False, sort_keys=True)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _now_iso() -> str:
    """Now in UTC, or SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.replace(microsecond=0).isoformat()
