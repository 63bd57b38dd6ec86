from pathlib import Path

from fieldsales.kpis import catalogue, public_ids
from fieldsales.kpis._docs import kpis_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "kpis.md"


def test_docs_kpis_md_is_current():
    assert DOC.read_text(encoding="utf-8") == kpis_markdown(), (
        "docs/kpis.md is out of date: run `make docs`"
    )


def test_catalogue_documents_every_public_kpi():
    cat = catalogue()
    assert list(cat["id"]) == public_ids()
    for column in ("name", "name_zh", "definition", "formula", "unit", "direction", "practices"):
        assert cat[column].astype(bool).all(), column
    # the ids the issue names
    named = {
        "revenue_won", "deals_won", "deals_lost", "win_rate", "avg_deal_size",
        "sales_cycle_days", "pipeline_open_value", "pipeline_coverage", "quota_attainment",
        "new_customers", "customer_visits", "accounts_touched", "accounts_overdue_contact",
        "days_since_one_on_one", "one_on_ones_held", "training_hours", "csat", "nps",
        "complaints_opened", "sla_breaches", "compliance_overdue", "after_hours_share",
        "crm_completeness",
    }  # fmt: skip
    assert named <= set(cat["id"])
