"""Importing exports into a workspace: nothing lost, owners matched, upserts by id."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from fieldsales import Workspace
from fieldsales.exceptions import ConfigError, InputFileError
from fieldsales.ingest import import_file, stable_id

from .conftest import FIXTURES, TODAY

ZOHO = FIXTURES / "zoho_deals.csv"


def load(ws_path, name, **kw):
    return import_file(ws_path, FIXTURES / name, today=TODAY, **kw)


def deals_by_id(ws_path):
    return Workspace.open(ws_path).frame("deals").set_index("deal_id")


def test_zoho_deals_every_row_accounted_for(tmp_path):
    report = load(tmp_path / "ws", "zoho_deals.csv", currency="USD")
    assert (report.rows_read, report.loaded, report.duplicates, report.quarantined) == (7, 5, 1, 1)
    assert report.reasons == {"Amount: not an amount": 1}
    assert report.preset == "zoho" and report.table == "deals"
    assert report.unmapped == ["Deal Name", "Probability (%)"]
    deals = deals_by_id(tmp_path / "ws")
    won = deals.loc["zcrm_4876876000000312"]
    assert (won.amount, won.currency, won.stage, won.status) == (
        12400.0,
        "USD",
        "Closed Won",
        "won",
    )
    assert won.created_date == pd.Timestamp("2026-07-20")  # time of day dropped
    assert won.close_date == pd.Timestamp("2026-10-01")
    assert won.account_id == "zcrm_4876876000000112"
    assert deals.loc["zcrm_4876876000000313", "status"] == "lost"  # Closed-Lost to Competition
    assert deals.loc["zcrm_4876876000000314", "amount"] == 0.0  # open deal without amount
    reps = Workspace.open(tmp_path / "ws").frame("reps").set_index("name")
    assert reps.loc["Ana Lima", "rep_id"] == stable_id("REP", "Ana Lima")
    assert reps.loc["Ana Lima", "hire_date"] == pd.Timestamp("2026-07-20")  # earliest record
    assert reps.loc["Ben Okafor", "hire_date"] == pd.Timestamp("2026-06-30")
    assert sorted(reps.index) == ["Ana Lima", "Ben Okafor", "Chen Wei"]  # not the quarantined one
    accounts = Workspace.open(tmp_path / "ws").frame("accounts").set_index("account_id")
    assert accounts.loc["zcrm_4876876000000114", "name"] == "Harbor Marina"
    assert accounts.loc["zcrm_4876876000000114", "created_date"] == pd.Timestamp("2026-09-01")
    assert set(accounts["tier"]) == {"C"}


def test_quarantine_file_keeps_line_values_reasons_escaped(tmp_path):
    export = tmp_path / "deals.csv"
    export.write_text(
        ZOHO.read_text(encoding="utf-8").replace('"9,800.00"', '"=1+1"'), encoding="utf-8"
    )
    report = import_file(tmp_path / "ws", export, today=TODAY, currency="USD")
    quarantine = pd.read_csv(report.quarantine_file, dtype=str, encoding="utf-8-sig")
    assert quarantine["line"].tolist() == ["4", "6"]
    row = quarantine.iloc[0]
    assert row["Amount"] == "'=1+1"  # escaped for Excel
    assert row["Deal Name"].startswith("'=HYPERLINK(")
    assert row["reasons"] == "Amount '=1+1': not an amount"
    assert report.quarantine_file.startswith(str(tmp_path / "ws" / "quarantine" / "deals-"))
    saved = json.loads(Path(report.report_file).read_text(encoding="utf-8"))
    assert saved["rows_read"] == saved["loaded"] + saved["duplicates"] + saved["quarantined"]


def test_reimport_changes_nothing_and_newer_export_updates(tmp_path):
    ws_path = tmp_path / "ws"
    load(ws_path, "zoho_deals.csv", currency="USD")
    before = Workspace.open(ws_path).data_hash
    again = load(ws_path, "zoho_deals.csv", currency="USD")
    assert (again.inserted, again.updated, again.unchanged, again.written) == (0, 0, 5, False)
    assert Workspace.open(ws_path).data_hash == before
    assert again.new_reps == []
    newer = tmp_path / "newer.csv"
    text = ZOHO.read_text(encoding="utf-8").replace('"42,000.00"', '"45,000.00"')
    text += (
        '"zcrm_4876876000000317","Chen Wei","Dock","1,000.00","Qualification",'
        '"2026-12-01","Harbor Marina","zcrm_4876876000000114","2026-10-20 10:00:00","10"\n'
    )
    newer.write_text(text, encoding="utf-8")
    report = import_file(ws_path, newer, today=TODAY, currency="USD")
    assert (report.inserted, report.updated, report.unchanged) == (1, 1, 4)
    deals = deals_by_id(ws_path)
    assert deals.loc["zcrm_4876876000000311", "amount"] == 45000.0
    assert len(deals) == 6
    assert len(Workspace.open(ws_path).frame("reps")) == 3  # nobody duplicated


def test_conflicting_duplicates_are_quarantined(tmp_path):
    export = tmp_path / "deals.csv"
    text = ZOHO.read_text(encoding="utf-8").splitlines()
    text[6] = text[6].replace('"12,400.00"', '"99.00"')  # line 7: same id as line 3, other amount
    export.write_text("\n".join(text) + "\n", encoding="utf-8")
    report = import_file(tmp_path / "ws", export, today=TODAY, currency="USD")
    assert (report.loaded, report.duplicates, report.quarantined) == (4, 0, 3)
    key = "Record Id: conflicting duplicate — lines 3, 7 share this id with different values"
    assert report.reasons[key] == 2
    assert "zcrm_4876876000000312" not in deals_by_id(tmp_path / "ws").index


def test_salesforce_latin1_report_with_footer(tmp_path):
    report = load(tmp_path / "ws", "salesforce_opportunities_latin1.csv")
    assert (report.rows_read, report.loaded, report.quarantined) == (4, 4, 0)
    assert report.preset == "salesforce"
    assert report.decisions["date_order"].startswith("MDY")
    deals = deals_by_id(tmp_path / "ws")
    deal = deals.loc["0065g00000AbCdE1"]
    assert (deal.amount, deal.currency, deal.status) == (25000.0, "USD", "won")
    assert (deal.created_date, deal.close_date) == (
        pd.Timestamp("2026-06-02"),
        pd.Timestamp("2026-09-15"),
    )
    assert deals.loc["0065g00000AbCdE2", "amount"] == 8750.5
    reps = Workspace.open(tmp_path / "ws").frame("reps")
    assert sorted(reps["name"]) == ["José Müller", "Zoë Faure"]
    accounts = Workspace.open(tmp_path / "ws").frame("accounts")
    assert sorted(accounts["name"]) == ["Brasserie Nœud", "Café Olé GmbH", "Société Générale"]


def test_hubspot_bom_export_closed_deal_without_amount_is_quarantined(tmp_path):
    report = load(tmp_path / "ws", "hubspot_deals_bom.csv", currency="USD")
    assert (report.loaded, report.quarantined) == (3, 1)
    assert report.reasons == {"Amount: value is required (the cell is empty)": 1}
    deals = deals_by_id(tmp_path / "ws")
    assert deals.loc["9001", "amount"] == 25000.0
    assert deals.loc["9002", "status"] == "open"  # internal stage name contractsent
    assert deals.loc["9002", "close_date"] == pd.Timestamp("2026-12-01")


def test_fxiaoke_gb18030_export(tmp_path):
    report = load(tmp_path / "ws", "fxiaoke_deals_gb18030.csv")
    assert report.rows_read == report.loaded == 4
    assert any("encoding gb18030" in n for n in report.notes)
    deals = deals_by_id(tmp_path / "ws")
    key = "华东区域门店改造\x1f上海百联集团\x1f2026-06-01 10:20"
    first = deals.loc["H-" + hashlib.sha1(key.encode()).hexdigest()[:12].upper()]
    assert (first.amount, first.currency, first.status) == (128000.0, "CNY", "won")
    assert first.close_date == pd.Timestamp("2026-09-18")
    by_stage = deals.set_index("stage")
    assert by_stage.loc["谈判审核", "close_date"] == pd.Timestamp("2026-12-05")
    assert by_stage.loc["输单", "status"] == "lost"
    assert by_stage.loc["赢单", "amount"].tolist() == [128000.0, 12345.5]


def test_generic_preset_with_a_mapping_file(tmp_path):
    report = import_file(
        tmp_path / "ws",
        FIXTURES / "custom_export.csv",
        today=TODAY,
        mapping=FIXTURES / "custom_mapping.yaml",
    )
    assert report.loaded == 4
    assert report.decisions["decimal Value"].startswith("decimal comma")
    deals = deals_by_id(tmp_path / "ws")
    first = deals.loc["A-100"]
    assert (first.amount, first.currency, first.status) == (1234.5, "EUR", "won")
    assert (first.created_date, first.close_date) == (
        pd.Timestamp("2026-02-03"),
        pd.Timestamp("2026-03-15"),
    )
    assert deals.loc["A-103", "amount"] == 12.0


def test_owners_are_matched_on_a_second_import(tmp_path):
    ws_path = tmp_path / "ws"
    load(ws_path, "zoho_deals.csv", currency="USD")
    report = load(ws_path, "zoho_calls.csv")
    assert report.table == "activities" and report.loaded == 3
    assert report.new_reps == []
    assert report.decisions["owners Call Owner"] == "2 by name"
    calls = Workspace.open(ws_path).frame("activities").set_index("activity_id")
    assert calls.loc["zcrm_7001", "rep_id"] == stable_id("REP", "Ana Lima")
    assert calls.loc["zcrm_7002", "duration_minutes"] == 5.5
    assert set(calls["type"]) == {"call"}
    assert len(Workspace.open(ws_path).frame("reps")) == 3


def test_wrong_preset_says_which_one_fits(tmp_path):
    with pytest.raises(
        InputFileError,
        match=r"(?s)salesforce preset cannot fill.*"
        r"deals\.rep_id: none of the headers 'Opportunity Owner'.*"
        r"try --preset zoho --table deals",
    ):
        import_file(tmp_path / "ws", ZOHO, preset="salesforce", today=TODAY)


def test_unknown_headers_cannot_be_detected(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("foo,bar\n1,2\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"cannot tell what this export is.*--suggest-mapping"):
        import_file(tmp_path / "ws", path, today=TODAY)


def test_header_only_file_is_nothing_to_do(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text(ZOHO.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    report = import_file(tmp_path / "ws", path, today=TODAY)
    assert (report.rows_read, report.loaded, report.written) == (0, 0, False)
    assert "no data rows: nothing to do" in report.notes


def test_no_currency_anywhere_is_a_file_error(tmp_path):
    with pytest.raises(InputFileError, match=r"no currency in this export.*--currency"):
        import_file(tmp_path / "ws", ZOHO, today=TODAY)


def test_bad_mapping_file_is_a_config_error(tmp_path):
    mapping = tmp_path / "m.yaml"
    mapping.write_text("table: deals\ncolumns:\n  Opp: deal_nr\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"m\.yaml: deals\.columns: 'deal_nr' is not a column"):
        import_file(tmp_path / "ws", FIXTURES / "custom_export.csv", mapping=mapping)


def test_sample_deals_import_through_generic(tmp_path):
    report = import_file(tmp_path / "ws", "data/sample/deals.csv", today=TODAY)
    assert report.preset == "generic"
    assert report.loaded == report.rows_read == 14402
    reps = Workspace.open(tmp_path / "ws").frame("reps")
    assert reps["rep_id"].str.fullmatch(r"R\d{5}").all()  # ids kept as given


def run_cli(*args):
    env = {**os.environ, "FIELDSALES_TODAY": "2026-10-31"}
    proc = subprocess.run(
        [sys.executable, "-m", "fieldsales.cli", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_cli_import_and_suggest_mapping(tmp_path):
    proc = run_cli("import", tmp_path / "ws", ZOHO, "--currency", "USD")
    assert proc.returncode == 0, proc.stderr
    assert "rows read 7 = loaded 5 (new 5, updated 0, unchanged 0) + duplicates 1" in proc.stdout
    assert "new reps from owners (3)" in proc.stdout
    draft = run_cli("import", "--suggest-mapping", FIXTURES / "custom_export.csv")
    assert draft.returncode == 0
    assert "  Opp Nr:" in draft.stdout and "table: deals" in draft.stdout
    bad = tmp_path / "bin.csv"
    bad.write_bytes(bytes(range(256)) * 8)
    failed = run_cli("import", tmp_path / "ws", bad)
    assert failed.returncode == 2
    assert failed.stderr.startswith("error: ") and "not a text export" in failed.stderr
