"""Charts for Voila with no network: the vega-lite v5 mimetype, or SVG; shared widget helpers."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import altair as alt
import ipywidgets as widgets
import pandas as pd
import pytest

from fieldsales import charts
from fieldsales.apps import (
    APPS,
    EMBED_OPTIONS,
    VEGALITE_V5,
    ChartDisplay,
    _render,
    chart_output,
    html_table,
    links_html,
    show_chart,
    show_html,
    vegalite_v5_spec,
)

FRAME = pd.DataFrame({"quota_attainment": [0.4, 0.8, 0.95, 1.1, 1.3]})
SOURCE = Path(_render.__file__).read_text(encoding="utf-8")


def test_altair_in_the_venv_emits_a_newer_schema_than_voila_draws():
    # why the renderer relabels: if this fails, altair went back to v5 (simplify _render)
    assert "/vega-lite/v5" not in charts.attainment_histogram(FRAME).to_dict()["$schema"]


def test_the_spec_is_labelled_v5_and_keeps_everything_else():
    chart = charts.attainment_histogram(FRAME)
    spec = vegalite_v5_spec(chart)
    original = chart.to_dict()
    assert spec["$schema"] == "https://vega.github.io/schema/vega-lite/v5.json"
    assert {k: v for k, v in spec.items() if k != "$schema"} == {
        k: v for k, v in original.items() if k != "$schema"
    }
    json.dumps(spec)  # plain JSON: it travels in a widget's state


def test_display_bundle_is_the_v5_mimetype_with_safe_embed_options():
    data, metadata = ChartDisplay(charts.attainment_histogram(FRAME))._repr_mimebundle_()
    assert set(data) == {VEGALITE_V5, "text/plain"}
    assert data["text/plain"] == "<Quota attainment across the team>"
    assert metadata == {VEGALITE_V5: {"embed_options": EMBED_OPTIONS}}
    assert EMBED_OPTIONS["actions"]["editor"] is False  # no personnel data to an outside site


def test_static_bundle_is_svg_made_locally():
    data, _ = ChartDisplay(charts.attainment_histogram(FRAME), static=True)._repr_mimebundle_()
    assert set(data) == {"image/svg+xml", "text/plain"}
    assert data["image/svg+xml"].startswith("<svg") and "attainment" in data["image/svg+xml"]


def test_show_chart_replaces_the_output_without_the_capture_context():
    out = chart_output(charts.attainment_histogram(FRAME), name="x")
    assert {"fs-chart", "fs-chart-x"} <= set(out._dom_classes)
    show_chart(out, charts.attainment_histogram(FRAME.head(2)))
    assert len(out.outputs) == 1 and out.outputs[0]["output_type"] == "display_data"
    show_chart(out, charts.attainment_histogram(FRAME), static=True)
    assert list(out.outputs[0]["data"]) == ["image/svg+xml", "text/plain"]
    show_html(out, "<p>none</p>")
    assert out.outputs == ({"output_type": "display_data", "data": {"text/html": "<p>none</p>"},
                            "metadata": {}},)  # fmt: skip
    # `with out: display(chart)` hung Voila: the module never enters an Output's context
    tree = ast.parse(SOURCE)
    assert not [node for node in ast.walk(tree) if isinstance(node, ast.With)]
    calls = {n.func.attr for n in ast.walk(tree) if isinstance(n, ast.Call)
             and isinstance(n.func, ast.Attribute)}  # fmt: skip
    assert "clear_output" not in calls and "append_display_data" in calls


def test_chart_specs_only_use_vega_lite_5_features():
    # vega-lite 5.21 is what Voila bundles; these are the marks and options the apps use
    for chart in (
        charts.attainment_histogram(FRAME).configure_axisY(tickMinStep=1),
        charts.alerts_by_practice_chart(
            pd.DataFrame({"practice_name": ["1. Clear goals"], "severity": ["high"], "alerts": [2]})
        ),
    ):
        spec = vegalite_v5_spec(chart.properties(title=alt.TitleParams("t", subtitle="s")))
        import vl_convert as vlc

        vlc.vegalite_to_vega(spec, vl_version="5.21")  # raises on a spec v5 cannot compile


def test_html_table_escapes_and_formats():
    frame = pd.DataFrame({"name": ["<b>x</b>"], "ratio": [0.876], "missing": [None]})
    text = html_table(frame, {"name": "Rep", "ratio": "Share", "missing": "Other"},
                      units={"ratio": "ratio"}, nowrap=["name"])  # fmt: skip
    assert "&lt;b&gt;x&lt;/b&gt;" in text and "<b>" not in text
    assert '<td class="fs-num">88%</td>' in text and '<td class="fs-nowrap">' in text
    assert "<td>–</td>" in text
    assert "(none)" in html_table(frame.head(0), {"name": "Rep"})


def test_links_to_every_other_app_are_relative_voila_renders():
    text = links_html(APPS, current="index")
    names = [app.name for app in APPS]
    assert names[0] == "index"
    for name in ("goal_setting", "incentive_design", "one_on_ones", "diversity_checklist",
                 "cross_department_checklist"):  # fmt: skip
        assert name in names
        assert f'href="{name}.ipynb"' in text  # /voila/render/index.ipynb -> /voila/render/NAME
    assert 'href="index.ipynb"' not in text


@pytest.mark.parametrize("value", [widgets.Output(), widgets.HTML()])
def test_app_widgets_are_plain_ipywidgets(value):
    # the apps build on stock widgets only: Voila renders them with no extra extension
    assert type(value).__module__.startswith("ipywidgets")
