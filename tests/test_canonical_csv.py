"""Reading canonical CSV folders: physical line numbers, and every file problem named at once.

Files where each line is one record take a fast path (numpy + pyarrow),
with or without quotes; other files Python's csv module. Tests that take the
``path`` fixture run on all three and must agree.
"""

from __future__ import annotations

import csv
import re

import pandas as pd
import pytest

import fieldsales.ingest._canonical as canonical
from fieldsales.exceptions import DataValidationError, InputFileError
from fieldsales.ingest import read_canonical_folder
from fieldsales.schema import validate_tables

HEADER = "rep_id,course,completed_on,hours,score"
ROWS = ["R1,Negotiation,2024-02-15,4,85", "R2,CRM hygiene,2023-09-01,1.5,"]


def folder_with(tmp_path, name="trainings.csv", content: str | bytes = "", **more):
    files = {name: content, **more}
    for file, text in files.items():
        path = tmp_path / file
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", newline="")
    return tmp_path


def problems(folder) -> str:
    with pytest.raises(InputFileError) as info:
        read_canonical_folder(folder)
    return str(info.value)


@pytest.fixture(params=["unquoted", "quoted", "csv module"])
def path(request, monkeypatch):
    """Render a row without quotes or with a quoted cell; "csv module" skips the fast path."""
    if request.param == "csv module":
        monkeypatch.setattr(canonical, "_read_lines", lambda name, body: None)

    def render(row: str) -> str:
        if request.param == "unquoted":
            return row
        first, rest = row.split(",", 1)
        return f'"{first}",{rest}'

    return render


def test_line_numbers_are_physical_after_blank_lines(tmp_path, path):
    text = "\n".join([HEADER, "", path(ROWS[0]), "", "", path(ROWS[1]), ""]) + "\n"
    tables, notes = read_canonical_folder(folder_with(tmp_path, content=text))
    df = tables["trainings"]
    assert df.index.tolist() == [3, 6]
    assert df.index.name == "line"
    assert df["rep_id"].tolist() == ["R1", "R2"]
    assert notes == []


def test_line_numbers_with_windows_line_ends(tmp_path, path):
    text = "\r\n".join([HEADER, path(ROWS[0]), "", path(ROWS[1])]) + "\r\n"
    df = read_canonical_folder(folder_with(tmp_path, content=text))[0]["trainings"]
    assert df.index.tolist() == [2, 4]
    assert df["score"].isna().tolist() == [False, True]  # no stray \r in the last cell


def test_a_byte_order_mark_is_not_part_of_the_first_column(tmp_path, path):
    text = "\ufeff" + "\n".join([path(HEADER), path(ROWS[0])]) + "\n"
    df = read_canonical_folder(folder_with(tmp_path, content=text))[0]["trainings"]
    assert list(df.columns) == HEADER.split(",")
    assert df.index.tolist() == [2]


def test_a_record_is_numbered_by_the_line_where_it_starts(tmp_path):
    text = "\n".join(
        [HEADER, 'R1,"Negotiation,\npart 1\npart 2",2024-02-15,4,85', "R2,CRM,2023-09-01,x,"]
    )
    folder = folder_with(tmp_path, content=text + "\n")
    tables, _ = read_canonical_folder(folder)
    assert tables["trainings"].index.tolist() == [2, 5]
    assert tables["trainings"].loc[2, "course"] == "Negotiation,\npart 1\npart 2"
    with pytest.raises(DataValidationError, match=r"trainings\.hours row 5: must be a number"):
        validate_tables(tables)


@pytest.mark.parametrize(
    ("row", "count", "fix"),
    [
        ("R3,Onboarding,2024-01-10,2", 4, "a value or a ',' is missing"),
        (
            "R3,Onboarding, part 2,2024-01-10,2,",
            6,
            'a cell that contains "," must be quoted, e.g. "Paris, FR"',
        ),
    ],
)
def test_a_record_with_too_few_or_too_many_fields_is_named(tmp_path, path, row, count, fix):
    text = "\n".join([HEADER, path(ROWS[0]), "", path(row), path(ROWS[1])]) + "\n"
    message = problems(folder_with(tmp_path, content=text))
    assert f"trainings.csv line 4: {count} field(s), expected 5 as in the header — {fix}" in message


def test_wrong_field_counts_are_listed_up_to_ten_then_counted(tmp_path, path):
    text = "\n".join([HEADER] + [path("R1,A,2024-01-01")] * 25) + "\n"
    message = problems(folder_with(tmp_path, content=text))
    assert "trainings.csv line 11: 3 field(s)" in message
    assert "line 12:" not in message
    assert "trainings.csv: ... and 15 more line(s) with a wrong number of fields" in message


def test_a_duplicated_header_keeps_its_real_name(tmp_path, path):
    text = "\n".join(["rep_id,course,completed_on,hours,hours,score", path("R1,A,2024-01-01,4,4,")])
    tables, _ = read_canonical_folder(folder_with(tmp_path, content=text + "\n"))
    assert list(tables["trainings"].columns) == HEADER.split(",")[:4] + ["hours", "score"]
    with pytest.raises(
        DataValidationError, match=r"trainings\.hours: column appears more than once"
    ) as info:
        validate_tables(tables, existing={"reps": pd.DataFrame({"rep_id": ["R1"]})})
    assert "hours.1" not in str(info.value)


def test_an_unclosed_quote_names_the_line_where_its_record_starts(tmp_path):
    text = "\n".join([HEADER, ROWS[0], 'R2,"CRM hygiene,2023-09-01,1.5,', ROWS[0], ROWS[0]])
    message = problems(folder_with(tmp_path, content=text + "\n"))
    assert re.search(
        r"trainings\.csv line 3: a quote \(\"\) in this record is never closed", message
    )


def test_a_quote_closed_in_the_wrong_place_is_named(tmp_path):
    text = "\n".join([HEADER, 'R2,"CRM hygiene,2023-09-01,1.5,', 'R3",x,2024-01-01,1,'])
    message = problems(folder_with(tmp_path, content=text + "\n"))
    assert "trainings.csv line 2: 6 field(s), expected 5 as in the header" in message
    assert 'the record runs to line 3: a quote (") opened on line 2' in message


def test_a_stray_character_after_a_closing_quote_is_named(tmp_path):
    text = "\n".join([HEADER, ROWS[0], 'R2,"CRM" hygiene,2023-09-01,1.5,'])
    message = problems(folder_with(tmp_path, content=text + "\n"))
    assert 'trainings.csv line 3: a closing quote must be followed by ","' in message


def test_not_utf8_names_the_line_of_the_first_bad_byte(tmp_path):
    text = "\n".join([HEADER, ROWS[0], ROWS[1], "R3,Caf\xe9 talk,2024-01-01,1,"]) + "\n"
    message = problems(folder_with(tmp_path, content=text.encode("cp1252")))
    assert "trainings.csv: not UTF-8 text (byte 0xe9 on line 4)" in message
    assert "`fieldsales import`" in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (f"{HEADER}\n{ROWS[0]}\n".encode("utf-16"), "UTF-16 text (it starts with a UTF-16 byte"),
        (f"{HEADER}\n{ROWS[0]}\n".encode("utf-16-le"), "UTF-16 text without a byte order mark"),
        (f"{HEADER}\n{ROWS[0]}\n".encode("utf-32"), "UTF-32 text"),
        (b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive (an Excel .xlsx workbook?)"),
        (f"{HEADER}\n{ROWS[0]}\n".encode() + b"\x00\x01\x02", "binary content, not CSV text"),
    ],
)
def test_other_encodings_and_binary_files_are_recognised(tmp_path, content, expected):
    message = problems(folder_with(tmp_path, content=content))
    assert f"trainings.csv: {expected}" in message


def test_binary_content_names_the_line(tmp_path):
    content = f"{HEADER}\n{ROWS[0]}\n".encode() + b"R2,\x00\x00\x01,x\n"
    message = problems(folder_with(tmp_path, content=content))
    assert "(a NUL byte on line 3)" in message


@pytest.mark.parametrize(("sep", "shown"), [(";", "';'"), ("\t", "tab")])
def test_another_separator_is_recognised(tmp_path, sep, shown):
    text = "\n".join([HEADER.replace(",", sep), ROWS[0].replace(",", sep)]) + "\n"
    message = problems(folder_with(tmp_path, content=text))
    assert f"trainings.csv: the fields are separated by {shown}; canonical CSV uses ','" in message
    assert "required column missing" not in message
    assert message.count("\n") == 1  # one problem, not one per line


def test_empty_file_and_header_only(tmp_path):
    message = problems(folder_with(tmp_path, content="\n\n"))
    assert "trainings.csv: the file is empty (no header line)" in message
    tables, _ = read_canonical_folder(folder_with(tmp_path, content=HEADER + "\n"))
    assert len(tables["trainings"]) == 0
    assert list(tables["trainings"].columns) == HEADER.split(",")


def test_every_problem_of_the_folder_is_reported_at_once(tmp_path):
    folder = folder_with(
        tmp_path,
        content=f"{HEADER}\nR1,A\n",
        **{
            "reps.csv": b"\xff\xfer\x00e\x00",
            "deals.csv": "deal_id;amount\nD1;5\n",
            "Accounts.csv": "account_id\nA1\n",
            "deal.csv": "x\n1\n",
            "notes.csv": "x\n1\n",
            "quotas.csv": "rep_id,period,metric,target\nR1,2024-01,revenue,5\n",
        },
    )
    message = problems(folder)
    assert message.startswith(f"{folder}: 6 problem(s) with the CSV files; nothing was checked")
    for expected in (
        "Accounts.csv: not a canonical table name — rename it to accounts.csv",
        "deal.csv: not a canonical table name — did you mean deals.csv?",
        "notes.csv: not a canonical table name — rename it to a canonical table, or move it",
        "deals.csv: the fields are separated by ';'",
        "reps.csv: UTF-16 text",
        "trainings.csv line 2: 2 field(s), expected 5",
    ):
        assert expected in message


def test_other_files_are_ignored_or_noted(tmp_path):
    folder = folder_with(
        tmp_path,
        content=f"{HEADER}\n{ROWS[0]}\n",
        **{"README.md": "# notes", "reps.xlsx": b"PK", "._trainings.csv": b"\x00\x05"},
    )
    (folder / "ground_truth").mkdir()
    (folder / "ground_truth" / "reps.csv").write_text("anything")
    tables, notes = read_canonical_folder(folder)
    assert list(tables) == ["trainings"]
    assert notes == [
        "._trainings.csv: not read — hidden file",
        "reps.xlsx: not read — canonical tables are read from reps.csv; export it as CSV, "
        "or use `fieldsales import`",
    ]


def test_all_readers_give_the_same_tables(tiny_sample, tmp_path, monkeypatch):
    plain, quoted = tmp_path / "plain", tmp_path / "quoted"
    plain.mkdir()
    quoted.mkdir()
    for name, df in tiny_sample.tables.items():
        df.to_csv(plain / f"{name}.csv", index=False, lineterminator="\n")
        df.to_csv(quoted / f"{name}.csv", index=False, quoting=csv.QUOTE_ALL)
    with monkeypatch.context() as m:  # both take the fast path
        m.setattr(canonical, "_read_quoted", lambda name, text: pytest.fail(name))
        a, _ = read_canonical_folder(plain)
        b, _ = read_canonical_folder(quoted)
    monkeypatch.setattr(canonical, "_read_lines", lambda name, body: None)
    c, _ = read_canonical_folder(quoted)
    assert list(a) == list(b) == list(c) == list(tiny_sample.tables)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], check_index_type=False)
        pd.testing.assert_frame_equal(a[name], c[name], check_index_type=False)
        assert a[name].index[0] == 2 and a[name].index[-1] == len(a[name]) + 1


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ('"say ""hi"""', 'say "hi"'),
        ('""""', '"'),
        ('""', None),
        ('"Paris, FR"', "Paris, FR"),
        ('" "', " "),
        ('5" screen', '5" screen'),  # a quote inside an unquoted cell is text (csv module)
        ('"two\nlines"', "two\nlines"),  # a quoted line break (csv module)
    ],
)
def test_quoted_cells_read_the_same_on_every_path(tmp_path, monkeypatch, cell, value):
    text = f"{HEADER}\nR1,{cell},2024-02-15,4,85\n{ROWS[1]}\n"
    folder = folder_with(tmp_path, content=text)
    fast = read_canonical_folder(folder)[0]["trainings"]
    monkeypatch.setattr(canonical, "_read_lines", lambda name, body: None)
    slow = read_canonical_folder(folder)[0]["trainings"]
    pd.testing.assert_frame_equal(fast, slow)
    got = fast["course"].iloc[0]
    assert (pd.isna(got) and value is None) or got == value
    assert fast.index.tolist() == [2, 3 + cell.count("\n")]
