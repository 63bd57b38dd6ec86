"""Altair charts in Voila with no network: the vega-lite v5 mimetype, or static SVG.

Altair 6's own renderers either load vega from a CDN (blank offline) or emit
``application/vnd.vegalite.v6.json``, which breaks nbformat, nbclient and
Voila. Voila bundles JupyterLab's vega 5 renderer (vega-lite 5.21), so the
chart's spec is sent as the **v5** mimetype and drawn locally, interactively
(tooltips). Every spec :mod:`fieldsales.charts` builds exists in vega-lite 5.

Charts go into an ``ipywidgets.Output`` with :meth:`~ipywidgets.Output.append_display_data`,
never ``with out: display(...)``: displaying a JSON-type chart inside the
capture context while Voila executes the notebook hung it in 3-6 loads of 8.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import ipywidgets as widgets

__all__ = [
    "VEGALITE_V5",
    "VEGALITE_V5_SCHEMA",
    "EMBED_OPTIONS",
    "ChartDisplay",
    "vegalite_v5_spec",
    "chart_output",
    "show_chart",
    "show_html",
]

#: The mimetype Voila's bundled vega renderer draws (JupyterLab's vega5 extension).
VEGALITE_V5 = "application/vnd.vegalite.v5+json"
#: ``$schema`` of the specs sent: vega-embed picks its parser from it (it fetches nothing).
VEGALITE_V5_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
#: vega-embed options: keep "save as SVG/PNG", drop "open in the Vega editor" (it would
#: post personnel data to an outside web page) and the source/compiled views.
EMBED_OPTIONS: dict[str, Any] = {
    "actions": {"export": True, "source": False, "compiled": False, "editor": False}
}


def vegalite_v5_spec(chart: alt.TopLevelMixin) -> dict:
    """The chart's spec with the data inlined, labelled as vega-lite v5.

    Altair 6 writes a v6 ``$schema``; the specs fieldsales builds use nothing
    that vega-lite 5 lacks, so only the label changes.
    """
    spec = chart.to_dict()
    spec["$schema"] = VEGALITE_V5_SCHEMA
    return spec


class ChartDisplay:
    """A display object for ``chart``: the v5 mimetype, or SVG when ``static``.

    Pass it to :meth:`ipywidgets.Output.append_display_data` or ``display``.
    SVG (made locally by vl-convert) needs no script at all; the v5 mimetype
    is interactive (tooltips) and needs Voila's or JupyterLab's vega renderer.
    """

    def __init__(self, chart: alt.TopLevelMixin, *, static: bool = False):
        self.chart = chart
        self.static = static

    def _title(self) -> str:
        title = getattr(self.chart, "title", None)
        text = getattr(title, "text", title)
        return text if isinstance(text, str) and text else "chart"

    def _repr_mimebundle_(self, include=None, exclude=None):
        text = f"<{self._title()}>"
        if self.static:
            import vl_convert as vlc

            svg = vlc.vegalite_to_svg(self.chart.to_dict(), allowed_base_urls=[])
            return {"image/svg+xml": svg, "text/plain": text}, {}
        data = {VEGALITE_V5: vegalite_v5_spec(self.chart), "text/plain": text}
        return data, {VEGALITE_V5: {"embed_options": EMBED_OPTIONS}}


def show_chart(out: widgets.Output, chart: alt.TopLevelMixin, *, static: bool = False) -> None:
    """Replace what ``out`` shows with ``chart`` (see :class:`ChartDisplay`).

    Clears by resetting ``out.outputs`` (``Output.clear_output`` enters the
    capture context, which is what hangs Voila).
    """
    out.outputs = ()
    out.append_display_data(ChartDisplay(chart, static=static))


def show_html(out: widgets.Output, html_text: str) -> None:
    """Replace what ``out`` shows with a piece of HTML (escape CRM strings first)."""
    out.outputs = ()
    out.outputs = (
        {"output_type": "display_data", "data": {"text/html": html_text}, "metadata": {}},
    )


def chart_output(
    chart: alt.TopLevelMixin | None = None, *, static: bool = False, name: str = ""
) -> widgets.Output:
    """A new ``Output`` widget (CSS class ``fs-chart``) showing ``chart`` if given.

    ``name`` adds the class ``fs-chart-NAME`` so tests and styles can find it.
    """
    out = widgets.Output()
    out.add_class("fs-chart")
    if name:
        out.add_class(f"fs-chart-{name}")
    if chart is not None:
        show_chart(out, chart, static=static)
    return out
