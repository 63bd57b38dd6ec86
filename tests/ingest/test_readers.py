"""Reading exports: encodings, delimiters, footers, bad files, line numbers."""

from __future__ import annotations

import codecs

import pytest

from fieldsales.exceptions import InputFileError
from fieldsales.ingest import detect_encoding, read_export
from fieldsales.ingest._csvread import MAX_LINE_BYTES

from .conftest import FIXTURES

ROWS = "Name,Amount\nMüller,1\n张伟,2\n"


@pytest.mark.parametrize(
    ("encoding", "prefix", "expected"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
        ("utf-16-le", b"", "utf-16-le"),
        ("gb18030", b"", "gb18030"),
    ],
)
def test_encodings_are_detected(tmp_path, encoding, prefix, expected):
    path = tmp_path / "x.csv"
    path.write_bytes(prefix + ROWS.encode(encoding))
    raw = read_export(path)
    assert raw.encoding == expected
    assert raw.frame["Name"].tolist() == ["Müller", "张伟"]
    assert raw.frame.index.tolist() == [2, 3]


def test_latin1_is_told_from_gb18030(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes("Name,City\nJosé Müller,Zürich\nZoë,Besançon\n".encode("cp1252"))
    raw = read_export(path)
    assert raw.encoding == "cp1252"
    assert raw.frame["City"].tolist() == ["Zürich", "Besançon"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters_are_detected(tmp_path, delimiter):
    path = tmp_path / "x.csv"
    path.write_text(f"a{delimiter}b{delimiter}c\n1{delimiter}2{delimiter}3\n", encoding="utf-8")
    raw = read_export(path)
    assert raw.delimiter == delimiter
    assert raw.frame.to_dict("records") == [{"a": "1", "b": "2", "c": "3"}]


def test_salesforce_footer_is_dropped_with_a_note():
    raw = read_export(FIXTURES / "salesforce_opportunities_latin1.csv")
    assert raw.encoding == "cp1252"
    assert raw.frame.index.tolist() == [2, 3, 4, 5]
    assert raw.rejected == []
    assert raw.frame.loc[2, "Opportunity Owner"] == "José Müller"
    note = next(n for n in raw.notes if "footer" in n)
    assert "lines 6-13" in note and "Confidential Information" in note


def test_line_numbers_count_line_breaks_in_cells_blank_and_bad_lines(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b'a,b,c\n1,2,3\n\n4,"x\ny",6\n7,8\n5" tv,9,10\n')
    raw = read_export(path)
    assert raw.frame.index.tolist() == [2, 4, 7]  # line 3 blank, 4-5 one record, 6 bad
    assert raw.frame.loc[4, "b"] == "x\ny"
    assert raw.frame.loc[7, "a"] == '5" tv'
    assert [(r.line, r.values) for r in raw.rejected] == [(6, {"a": "7", "b": "8"})]
    assert "has 2 field(s) where the header has 3" in raw.rejected[0].reason
    assert raw.blank_lines == 1


def test_truncated_last_line_is_reported(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"a,b,c\n1,2,3\n4,5")
    raw = read_export(path)
    assert raw.frame.index.tolist() == [2]
    assert raw.rejected[0].line == 3
    assert "truncated export" in raw.rejected[0].reason


def test_last_line_cut_inside_quotes_is_reported(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b'a,b,c\n1,2,3\n4,5,"half a cell\n')
    raw = read_export(path)
    assert raw.frame.index.tolist() == [2]
    assert raw.rejected[0].line == 3
    assert "ends inside a quoted cell" in raw.rejected[0].reason


def test_empty_file_is_unusable(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"  \n\n")
    with pytest.raises(InputFileError, match=r"x\.csv: the file is empty"):
        read_export(path)


def test_header_only_file_reads_zero_rows(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Record Id,Deal Owner,Amount\n", encoding="utf-8")
    raw = read_export(path)
    assert raw.columns == ["Record Id", "Deal Owner", "Amount"]
    assert len(raw.frame) == 0 and raw.rows_read == 0


def test_binary_file_is_unusable(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(InputFileError, match=r"not a text export \(binary bytes"):
        read_export(path)


def test_old_xls_is_refused_with_advice(tmp_path):
    path = tmp_path / "x.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    with pytest.raises(InputFileError, match=r"old Excel \.xls workbook; open it in Excel"):
        read_export(path)


def test_a_200_mb_line_is_quarantined_not_read(tmp_path):
    path = tmp_path / "big.csv"
    size = 200 * 1024 * 1024
    with open(path, "wb") as fh:
        fh.write(b"a,b\n1,2\n")
        fh.write(b"x" * size + b",3\n")
        fh.write(b"4,5\n")
    raw = read_export(path)
    assert raw.frame.index.tolist() == [2, 4]
    assert raw.frame["a"].tolist() == ["1", "4"]
    [reject] = raw.rejected
    assert reject.line == 3
    assert f"{size + 2:,} bytes long (limit {MAX_LINE_BYTES:,})" in reject.reason
    assert len(reject.text) == 2000


def test_xlsx_title_rows_formulas_and_dates(tmp_path):
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Report"
    ws.append(["Opportunities with amounts"])
    ws.append([])
    ws.append(["Opportunity Owner", "Amount", "Close Date", "Note"])
    ws.append(["Zoë Faure", 1200.0, dt.datetime(2026, 10, 13), '=HYPERLINK("http://x","y")'])
    ws.append(["José Müller", 8750.5, dt.datetime(2026, 11, 30, 9, 30), "plain"])
    ws.append([])
    ws.append(["Confidential Information - Do Not Distribute"])
    wb.create_sheet("Other")
    path = tmp_path / "report.xlsx"
    wb.save(path)
    raw = read_export(path)
    assert raw.columns == ["Opportunity Owner", "Amount", "Close Date", "Note"]
    assert raw.frame.index.tolist() == [4, 5]
    assert raw.frame.loc[4].tolist() == [
        "Zoë Faure",
        "1200",
        "2026-10-13",
        '=HYPERLINK("http://x","y")',
    ]
    assert raw.frame.loc[5, "Close Date"] == "2026-11-30 09:30:00"
    assert any("2 title row(s)" in n for n in raw.notes)
    assert any("footer dropped" in n for n in raw.notes)
    with pytest.raises(InputFileError, match=r"no sheet named 'Nope'; the workbook has: Report"):
        read_export(path, sheet="Nope")


def test_detect_encoding_explains_itself():
    enc, how = detect_encoding("商机名称,客户名称\n华东,上海\n".encode("gb18030"))
    assert enc == "gb18030" and "common Chinese" in how
