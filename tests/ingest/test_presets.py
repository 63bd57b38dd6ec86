"""Presets as data, detection from headers, mapping files and drafts."""

from __future__ import annotations

import pytest

from fieldsales.exceptions import ConfigError
from fieldsales.ingest import (
    detect,
    load_mapping,
    load_preset,
    preset_names,
    read_export,
    suggest_mapping,
)

from .conftest import FIXTURES


def test_every_preset_loads_with_ordered_stages():
    assert preset_names() == ["fxiaoke", "generic", "hubspot", "salesforce", "zoho"]
    zoho = load_preset("zoho")
    assert zoho.stage_order()[:2] == ["Qualification", "Needs Analysis"]
    assert zoho.tables["deals"].stages["Closed-Lost to Competition"] == "lost"
    assert load_preset("fxiaoke").tables["deals"].stages["赢单"] == "won"
    for name in preset_names():
        assert "deals" in load_preset(name).tables


@pytest.mark.parametrize(
    ("fixture", "preset", "table"),
    [
        ("zoho_deals.csv", "zoho", "deals"),
        ("zoho_calls.csv", "zoho", "activities"),
        ("salesforce_opportunities_latin1.csv", "salesforce", "deals"),
        ("hubspot_deals_bom.csv", "hubspot", "deals"),
        ("fxiaoke_deals_gb18030.csv", "fxiaoke", "deals"),
    ],
)
def test_preset_and_table_are_detected(fixture, preset, table):
    found = detect(read_export(FIXTURES / fixture).columns)
    assert (found.preset.name, found.table) == (preset, table)
    assert found.how.startswith(f"detected preset {preset}, table {table}")


def test_mapping_file_extends_generic():
    mapping = load_mapping(FIXTURES / "custom_mapping.yaml")
    spec = mapping.tables["deals"]
    assert spec.columns["deal_id"][0] == "Opp Nr"
    assert spec.stages == {"Offerte": "open", "Getekend": "won", "Verloren": "lost"}
    assert (mapping.date_order, mapping.decimal, mapping.currency) == ("DMY", ",", "EUR")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("date_order: YMD\n", r"date_order must be DMY or MDY, got 'YMD'"),
        ("currency: euro\n", r"currency must be an ISO 4217 code"),
        ("table: deals\nstages:\n  Won: yes\n", r"'Won': 'True' is not one of open, won, lost"),
        ("columns:\n  A: deal_id\n", r"columns/stages at the top level need `table:`"),
        ("colums: {}\n", r"unknown key\(s\) \['colums'\]"),
    ],
)
def test_mapping_mistakes_name_the_file_and_key(tmp_path, text, message):
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_mapping(path)


def test_unknown_preset():
    with pytest.raises(ConfigError, match=r"unknown preset 'pipedrive'; presets are: fxiaoke"):
        load_preset("pipedrive")


def test_suggest_mapping_drafts_every_header():
    draft = suggest_mapping(FIXTURES / "zoho_deals.csv")
    assert "table: deals" in draft
    assert "  Stage: stage" in draft and "  Deal Name: ~" in draft
    assert "  Closed-Lost to Competition: lost" in draft
