import pandas as pd
import pytest

from fieldsales.exceptions import ValidationFailure
from fieldsales.safe_csv import escape_cell, failures_frame, write_csv


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("-2+3", "'-2+3"),
        ("Acme = best", "Acme = best"),
        (-2.5, -2.5),
        (None, None),
    ],
)
def test_formula_like_text_is_escaped(value, expected):
    assert escape_cell(value) == expected


def test_written_csv_keeps_numbers_and_escapes_text(tmp_path):
    df = pd.DataFrame({"name": ["=1+1", "Acme"], "amount": [-5.0, 10.0]})
    path = write_csv(df, tmp_path / "out.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert back["name"].tolist() == ["'=1+1", "Acme"]
    assert back["amount"].tolist() == [-5.0, 10.0]


def test_failures_frame_has_one_row_per_failure():
    failures = [
        ValidationFailure("deals", "amount", 3, "12k", "must be a number", "write digits"),
        ValidationFailure("reps", None, None, None, "table is empty"),
    ]
    frame = failures_frame(failures)
    assert frame.to_dict("records")[0] == {
        "table": "deals", "column": "amount", "row": 3, "value": "12k",
        "rule": "must be a number", "hint": "write digits",
    }  # fmt: skip
    assert len(frame) == 2
