"""Revenue by product, segment and account region, worked out by hand on the tiny workspace.

Won deals (tests/kpis/conftest.py): D1 R1 1000 Core, closed 2026-01-20, account A1
(Enterprise, North); D2 R1 3000 Core, 2026-02-10, A1; D5 R3 4000 Core, 2026-02-27, A3
(Mid-Market, South). D3 and D6 are lost, D4 open: not counted.
"""

from __future__ import annotations

import math
from datetime import date

import pytest

from fieldsales import Workspace
from fieldsales.exceptions import ConfigError
from fieldsales.kpis import compute, revenue_breakdown
from fieldsales.kpis._breakdown import NOT_SET


def _rows(frame, *keys):
    return {tuple(r[k] for k in keys): r for r in frame.to_dict("records")}


def test_product_by_company(hand_ws):
    out = revenue_breakdown(hand_ws, "product", period="2026-01..2026-02")
    rows = _rows(out, "period", "product")
    assert set(rows) == {("2026-01", "Core"), ("2026-02", "Core")}
    assert rows[("2026-01", "Core")]["revenue_won"] == 1000.0  # D1
    assert rows[("2026-02", "Core")]["revenue_won"] == 7000.0  # D2 3000 + D5 4000
    assert rows[("2026-02", "Core")]["deals_won"] == 2.0
    assert rows[("2026-02", "Core")]["share"] == 1.0  # the only product won
    assert rows[("2026-02", "Core")]["growth"] == pytest.approx(6.0)  # 7000 / 1000 - 1
    # 2025-12 (the bucket before) had no won Core deal: growth undefined, not infinite
    assert math.isnan(rows[("2026-01", "Core")]["growth"])


def test_segment_shares_add_up(hand_ws):
    out = revenue_breakdown(hand_ws, "segment", period="2026-02")
    rows = _rows(out, "segment")
    assert rows[("Enterprise",)]["share"] == pytest.approx(3000 / 7000)  # D2
    assert rows[("Mid-Market",)]["share"] == pytest.approx(4000 / 7000)  # D5
    assert rows[("Enterprise",)]["growth"] == pytest.approx(2.0)  # 3000 / 1000 (D1) - 1
    assert math.isnan(rows[("Mid-Market",)]["growth"])  # nothing won in January


def test_breakdown_by_region_adds_up_to_revenue_won(hand_ws):
    out = revenue_breakdown(hand_ws, "account_region", period="2026-02", by="region")
    rows = _rows(out, "region", "account_region")
    assert rows[("North", "North")]["revenue_won"] == 3000.0  # D2, R1 in North
    assert rows[("South", "South")]["revenue_won"] == 4000.0  # D5, R3 in South
    kpi = compute(hand_ws, ["revenue_won"], period="2026-02", by="region")
    totals = out.groupby("region")["revenue_won"].sum()
    assert totals.to_dict() == kpi.set_index("region")["revenue_won"].to_dict()


def test_missing_product_is_counted_as_not_set(hand_ws, tmp_path):
    tables = {name: hand_ws.frame(name) for name in hand_ws.tables}
    tables["deals"].loc[tables["deals"]["deal_id"] == "D2", "product"] = None
    ws = Workspace.create(tmp_path / "ws")
    ws.write_tables(tables, today=date(2026, 3, 1))
    out = revenue_breakdown(ws, "product", period="2026-02", by="rep")
    rows = _rows(out, "rep_id", "product")
    assert rows[("R1", NOT_SET)]["revenue_won"] == 3000.0  # D2, now without a product
    assert rows[("R3", "Core")]["revenue_won"] == 4000.0  # D5
    assert rows[("R1", NOT_SET)]["rep_name"] == "Rui Field"


def test_unknown_dimension_is_explained(hand_ws):
    with pytest.raises(ConfigError, match="unknown breakdown 'colour'; use one of: product"):
        revenue_breakdown(hand_ws, "colour")
