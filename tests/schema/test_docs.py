"""docs/data-model.md is generated from the models and must be current."""

from pathlib import Path

from fieldsales.schema import data_model_markdown, table_names

DOC = Path(__file__).resolve().parents[2] / "docs" / "data-model.md"


def test_data_model_doc_is_current():
    assert DOC.read_text(encoding="utf-8") == data_model_markdown(), (
        "docs/data-model.md is out of date; regenerate it with\n"
        "  PYTHONPATH=lib python -m fieldsales.schema._docs > docs/data-model.md"
    )


def test_doc_covers_every_table_and_convention():
    text = data_model_markdown()
    for table in table_names():
        assert f"\n## {table}\n" in text
    assert "local wall time" in text
    assert "line numbers" in text
    assert "| `amount` | number | yes | no | currency (see currency) | no |  |" in text
    assert "- `type`: must be one of visit, call, email, meeting, demo, other" in text
