"""Read a folder of canonical CSV tables (one ``<table>.csv`` per table).

This is the format ``fieldsales sample --csv`` writes and ``data/sample/``
ships: UTF-8, ``,`` between fields, ``"`` around cells that hold ``,``,
quotes or line breaks. Every cell is read as text and typed by the schema,
so a bad value is reported with its file, line and column instead of failing
the read. Vendor exports (Zoho, Salesforce, ...) go through the import
presets instead.

Problems with the files themselves (a name that is no canonical table, not
UTF-8, binary, another separator, a record with too few or too many fields,
an unclosed quote) are collected over the whole folder and raised together
as one :class:`~fieldsales.exceptions.InputFileError`.

Row labels are the physical line where each record starts (header = line 1),
also after blank lines and cells that span lines. Files where each line is
one record (no quoted line breaks, well-formed quotes: nearly every export)
take a fast path: lines, and quotes, checked with numpy, values parsed by
pyarrow. Other files go through Python's :mod:`csv` module, which tracks the
line of every record and names the line of any quoting error.
"""

from __future__ import annotations

import csv
import difflib
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from ..exceptions import InputFileError
from ..schema import TABLES

__all__ = ["read_canonical_folder"]

#: Lines with a wrong number of fields listed per file; the rest are counted.
MAX_LINES_LISTED = 10
_IMPORT = "or use `fieldsales import`, which detects other encodings"
_SAVE_UTF8 = "save it as UTF-8 (in Excel: Save As > CSV UTF-8)"
_OTHER_SEPARATORS = (";", "\t", "|")


class _FileProblems(Exception):
    """Problems with one file, one line of text each."""

    def __init__(self, problems: list[str]):
        super().__init__(problems)
        self.problems = problems


def read_canonical_folder(folder: str | Path) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Read every ``<table>.csv`` in ``folder``.

    Returns
    -------
    tables, notes
        The tables in canonical order (all cells text, empty cells missing;
        index = line in the file where the record starts, header = line 1),
        and notes about files that were not read (hidden files, tables in
        another format).

    Raises
    ------
    fieldsales.exceptions.InputFileError
        Listing every file-level problem in the folder at once: ``.csv`` files
        whose name is no canonical table, files that are empty, binary or not
        UTF-8, separated by another character than ``,``, records with too few
        or too many fields, unclosed quotes; or when the folder holds no
        canonical table.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputFileError(f"{folder} is not a folder of CSV tables")
    tables, notes, problems = {}, [], []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        is_csv = path.suffix.lower() == ".csv"
        if path.name.startswith("."):
            if is_csv:
                notes.append(f"{path.name}: not read — hidden file")
            continue
        if not is_csv:
            if path.stem in TABLES:
                notes.append(
                    f"{path.name}: not read — canonical tables are read from "
                    f"{path.stem}.csv; export it as CSV, or use `fieldsales import`"
                )
            continue
        if path.name != f"{path.stem}.csv" or path.stem not in TABLES:
            problems.append(_unknown_name(path.name))
            continue
        try:
            tables[path.stem] = _read(path)
        except _FileProblems as exc:
            problems += exc.problems
    if problems:
        raise InputFileError(
            f"{folder}: {len(problems)} problem(s) with the CSV files; nothing was checked "
            "or written:\n  " + "\n  ".join(problems)
        )
    if not tables:
        raise InputFileError(
            f"{folder} holds no canonical CSV table; expected files named like "
            f"reps.csv, deals.csv ({', '.join(TABLES)})"
        )
    return {name: tables[name] for name in TABLES if name in tables}, notes


def _unknown_name(name: str) -> str:
    stem = name.rsplit(".", 1)[0]
    if stem.strip().lower() in TABLES:
        fix = f"rename it to {stem.strip().lower()}.csv (table names are lower case)"
    else:
        close = difflib.get_close_matches(stem.lower(), list(TABLES), n=1, cutoff=0.75)
        fix = f"did you mean {close[0]}.csv? " if close else ""
        fix += (
            "rename it to a canonical table, or move it out of the folder (tables: "
            f"{', '.join(TABLES)})"
        )
    return f"{name}: not a canonical table name — {fix}"


def _read(path: Path) -> pd.DataFrame:
    """One canonical CSV file as text columns; raises :class:`_FileProblems`."""
    name = path.name
    data = path.read_bytes()
    problem = _not_text(data)
    if problem:
        raise _FileProblems([f"{name}: {problem}"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _FileProblems(
            [
                f"{name}: not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); "
                f"{_SAVE_UTF8}, {_IMPORT}"
            ]
        ) from None
    if not text.strip():
        raise _FileProblems([f"{name}: the file is empty (no header line)"])
    del text  # the fast path reads the bytes; a large file is not held twice
    body = memoryview(data)[3:] if data.startswith(b"\xef\xbb\xbf") else memoryview(data)
    if data.count(b"\r") == data.count(b"\r\n"):
        df = _read_lines(name, body)
        if df is not None:
            return df
    return _read_quoted(name, data.decode("utf-8-sig"))


def _not_text(data: bytes) -> str | None:
    """Why ``data`` is not UTF-8 CSV text at all (other encodings, binary), or None."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return f"UTF-32 text (it starts with a UTF-32 byte order mark); {_SAVE_UTF8}"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return f"UTF-16 text (it starts with a UTF-16 byte order mark); {_SAVE_UTF8}"
    if data.startswith(b"PK\x03\x04"):
        return "a ZIP archive (an Excel .xlsx workbook?), not CSV text; " + _SAVE_UTF8
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "an Excel 97-2003 workbook (.xls), not CSV text; " + _SAVE_UTF8
    nul = data.find(b"\x00")
    if nul < 0:
        return None
    head = data[:4096]
    if max(head[0::2].count(0), head[1::2].count(0)) > len(head) // 4:
        return f"UTF-16 text without a byte order mark (every other byte is 0); {_SAVE_UTF8}"
    line = data.count(b"\n", 0, nul) + 1
    return f"binary content, not CSV text (a NUL byte on line {line}); export the table as CSV"


def _separator_problem(name: str, header: list[str], line: int) -> None:
    if len(header) != 1:
        return
    for sep in _OTHER_SEPARATORS:
        if sep in header[0]:
            shown = "tab" if sep == "\t" else repr(sep)
            raise _FileProblems(
                [
                    f"{name}: the fields are separated by {shown}; canonical CSV uses ',' "
                    f"(header on line {line}: {header[0][:80]!r}) — export it again with "
                    "comma as separator"
                ]
            )


def _field_count_problems(
    name: str, expected: int, found: np.ndarray, starts: np.ndarray, ends: np.ndarray
) -> list[str]:
    """One line per record with a wrong number of fields (capped), plus a count."""
    problems = []
    for count, start, end in zip(
        found[:MAX_LINES_LISTED].tolist(),
        starts[:MAX_LINES_LISTED].tolist(),
        ends[:MAX_LINES_LISTED].tolist(),
        strict=True,
    ):
        if end > start:
            fix = (
                f'the record runs to line {end}: a quote (") opened on line {start} is '
                "probably closed in the wrong place"
            )
        elif count < expected:
            fix = "a value or a ',' is missing"
        else:
            fix = 'a cell that contains "," must be quoted, e.g. "Paris, FR"'
        problems.append(
            f"{name} line {start}: {count} field(s), expected {expected} as in the header — {fix}"
        )
    more = len(found) - MAX_LINES_LISTED
    if more > 0:
        problems.append(f"{name}: ... and {more:,} more line(s) with a wrong number of fields")
    return problems


def _read_lines(name: str, body: memoryview) -> pd.DataFrame | None:
    """Fast path for files where every non-blank line is one record.

    That holds for files without quotes, and for files whose quotes are
    well formed and never hold a line break (:func:`_one_line_quoting`).
    Values are parsed by pyarrow. Returns None for any other file, or when
    pyarrow does not find one record per line: the csv module then decides.
    """
    raw = np.frombuffer(body, dtype=np.uint8)
    newlines = np.flatnonzero(raw == ord("\n"))
    quotes = np.flatnonzero(raw == ord('"'))
    if len(quotes) and not _one_line_quoting(raw, quotes, newlines):
        return None
    starts = np.concatenate([[0], newlines + 1])
    ends = np.concatenate([newlines, [len(raw)]])
    if starts[-1] == len(raw):  # the file ends with a line break: no line after it
        starts, ends = starts[:-1], ends[:-1]
    lengths = ends - starts
    has_cr = lengths > 0
    has_cr[has_cr] = raw[ends[has_cr] - 1] == ord("\r")
    lengths = lengths - has_cr
    filled = np.flatnonzero(lengths > 0)
    head = filled[0]
    text = bytes(body[starts[head] : starts[head] + lengths[head]]).decode("utf-8")
    header = next(csv.reader([text])) if len(quotes) else text.split(",")
    _separator_problem(name, header, int(head) + 1)
    rows = filled[1:]
    if not len(quotes):  # count fields here, to name the lines; else pyarrow checks them
        commas = np.flatnonzero(raw == ord(","))
        fields = np.bincount(np.searchsorted(newlines, commas), minlength=len(starts))
        fields = fields[: len(starts)] + 1
        bad = rows[fields[rows] != len(header)]
        if len(bad):
            raise _FileProblems(
                _field_count_problems(name, len(header), fields[bad], bad + 1, bad + 1)
            )
    if len(rows) == 0:
        return _frame(header, [])
    first = int(starts[rows[0]])
    try:
        table = pcsv.read_csv(
            pa.BufferReader(pa.py_buffer(body)[first:]),  # no copy of the file
            read_options=pcsv.ReadOptions(column_names=header),
            parse_options=pcsv.ParseOptions(
                quote_char='"' if len(quotes) else False, newlines_in_values=False
            ),
            convert_options=pcsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
                null_values=[""],
            ),
        )
    except pa.ArrowInvalid:
        return None
    if table.num_rows != len(rows):
        return None
    df = table.to_pandas()
    df.columns = header  # keep duplicated names as they are (reported by the validation)
    df.index = pd.Index(rows + 1, name="line")
    return df


def _one_line_quoting(raw: np.ndarray, quotes: np.ndarray, newlines: np.ndarray) -> bool:
    """True when every quote is well formed and no quoted cell holds a line break.

    Then quotes pair up within each line: the 1st, 3rd... quote of a line
    opens a cell (at the start of a field, or right after a closing quote:
    an escaped ``""``), the 2nd, 4th... closes it (before ``,``, the line end,
    or an escaped ``""``). Files with anything else (a quote inside an
    unquoted cell, text after a closing quote, a quoted line break) go to the
    csv module, which reads them as before or names the line.
    """
    if len(quotes) % 2 or np.any(np.searchsorted(quotes, newlines) % 2):
        return False  # an odd number of quotes before some line break
    size = len(raw)
    opening, closing = quotes[0::2], quotes[1::2]
    before = raw[np.maximum(opening - 1, 0)]
    escaped = np.zeros(len(opening), dtype=bool)
    escaped[1:] = closing[:-1] == opening[1:] - 1
    opens = (opening == 0) | np.isin(before, [ord(","), ord("\n")]) | escaped
    after = raw[np.minimum(closing + 1, size - 1)]
    followed = np.zeros(len(closing), dtype=bool)
    followed[:-1] = opening[1:] == closing[:-1] + 1
    closes = (closing == size - 1) | np.isin(after, [ord(","), ord("\n"), ord("\r")]) | followed
    return bool(opens.all() and closes.all())


def _read_quoted(name: str, text: str) -> pd.DataFrame:
    """General path: Python's csv module, which knows the line of every record."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    ends: list[int] = []
    try:
        for row in reader:
            rows.append(row)
            ends.append(reader.line_num)
    except csv.Error as exc:
        start = (ends[-1] if ends else 0) + 1
        raise _FileProblems([f"{name} line {start}: {_quote_problem(str(exc), start)}"]) from None
    end_lines = np.asarray(ends, dtype="int64")
    start_lines = np.concatenate([[1], end_lines[:-1] + 1])
    fields = np.fromiter(map(len, rows), dtype="int64", count=len(rows))
    filled = np.flatnonzero(fields > 0)
    head = filled[0]
    header = rows[head]
    _separator_problem(name, header, int(start_lines[head]))
    data = filled[1:]
    bad = data[fields[data] != len(header)]
    if len(bad):
        raise _FileProblems(
            _field_count_problems(name, len(header), fields[bad], start_lines[bad], end_lines[bad])
        )
    records = [rows[i] for i in data] if len(data) != len(rows) - head - 1 else rows[head + 1 :]
    df = _frame(header, records)
    df.index = pd.Index(start_lines[data], name="line")
    return df


def _quote_problem(error: str, start: int) -> str:
    if "unexpected end of data" in error:
        return (
            'a quote (") in this record is never closed (the file ends inside quotes) — add '
            "the closing quote or remove the stray one"
        )
    if "expected after" in error:
        return (
            'a closing quote must be followed by "," or the end of the line — write "" for a '
            "quote inside a quoted cell"
        )
    if "field larger than field limit" in error:
        return (
            'a cell is longer than the csv module allows — probably a quote (") that is never '
            "closed"
        )
    return f"cannot be read as CSV ({error})"


def _frame(header: list[str], records: list[list[str]]) -> pd.DataFrame:
    """Text columns from records of equal length; empty cells become missing."""
    width = len(header)
    flat = pa.array(records, type=pa.list_(pa.string())).flatten()
    columns = {}
    for i in range(width):
        column = pc.take(flat, pa.array(np.arange(i, len(flat), width)))
        column = pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)
        columns[i] = column.to_pandas()
    df = pd.DataFrame(columns, index=pd.RangeIndex(len(records)), copy=False)
    df.columns = header
    return df
