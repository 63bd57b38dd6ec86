"""What every playbook app shares: the widget tree type, escaping, tables, styles, links.

Conventions that the browser tests (``tests/browser``) rely on:

- the controls a manager changes carry the CSS class ``fs-control``;
- the parts whose content they change carry ``fs-view``;
- each chart's ``Output`` carries ``fs-chart`` (see :func:`._render.chart_output`).
"""

from __future__ import annotations

import getpass
import html
import math
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from os import PathLike

import ipywidgets as widgets
import pandas as pd

from ..config import SHARED_SERVER
from ..exceptions import FieldsalesError
from ..workspace import Workspace, open_workspace

__all__ = [
    "App",
    "AppLink",
    "APPS",
    "esc",
    "fmt",
    "html_table",
    "tiles_html",
    "links_html",
    "note_html",
    "error_html",
    "guarded",
    "open_ws",
    "wait_for_viewer",
    "default_user",
    "STYLE",
]


@dataclass(frozen=True)
class AppLink:
    """A playbook app: its notebook ``playbook/NAME.ipynb``, a title and one line on it."""

    name: str
    title: str
    blurb: str

    @property
    def href(self) -> str:
        """Relative link: from ``/voila/render/index.ipynb`` to ``/voila/render/NAME.ipynb``."""
        return f"{self.name}.ipynb"


#: The manager's apps, in the order the index lists them.
APPS: tuple[AppLink, ...] = (
    AppLink("index", "Team health", "attainment, alerts by practice, reps needing action"),
    AppLink("goal_setting", "Goal setting", "SMART targets per rep from the team's target"),
    AppLink(
        "incentive_design", "Incentive design", "what a commission plan pays and what it costs"
    ),
    AppLink("one_on_ones", "1:1 planning", "who needs a 1:1 this week, and an agenda for it"),
    AppLink("diversity_checklist", "Diversity checklist", "inclusive hiring, pay and evaluation"),
    AppLink(
        "cross_department_checklist",
        "Cross-department checklist",
        "working with marketing, service, finance and product",
    ),
)

#: Styles of the apps (Voila's lab template, JupyterLab light theme).
STYLE = """<style>
.fs-app { max-width: 1180px; }
.fs-app h1 { margin: 0.2em 0 0.1em; font-size: 1.8em; }
.fs-app h2 { margin: 0.9em 0 0.3em; font-size: 1.25em; }
.fs-lead { color: #444; font-size: 1.05em; margin: 0.2em 0 0.4em; max-width: 60em; }
.fs-muted { color: #666; font-size: 0.92em; }
.fs-note { background: #fff8e1; border-left: 4px solid #f1c40f; padding: 4px 10px; margin: 6px 0; }
.fs-error { background: #fdecea; border-left: 4px solid #c0392b; padding: 4px 10px; margin: 6px 0; }
.fs-tiles { display: flex; flex-wrap: wrap; gap: 10px; margin: 8px 0 4px; }
.fs-tile { border: 1px solid #dde3ea; border-radius: 6px; padding: 6px 14px; min-width: 120px;
           background: #f7f9fb; }
.fs-tile b { display: block; font-size: 1.6em; color: #1f3b57; }
.fs-tile span { color: #555; font-size: 0.9em; }
.fs-tile.fs-bad b { color: #c0392b; }
.fs-table { border-collapse: collapse; margin: 0.3em 0 1em; font-size: 0.95em; }
.fs-table th { text-align: left; border-bottom: 2px solid #ccd; padding: 4px 10px; }
.fs-table td { border-bottom: 1px solid #e3e3e3; padding: 4px 10px; vertical-align: top; }
.fs-table td.fs-num { text-align: right; white-space: nowrap; }
.fs-table td.fs-nowrap { white-space: nowrap; }
.fs-links { padding-left: 1.2em; margin: 0.2em 0; }
.fs-chart { margin: 4px 28px 4px 0; }
.fs-links li { margin: 2px 0; }
</style>"""


class App(widgets.VBox):
    """The widget tree an app factory returns: a ``VBox`` with named handles.

    ``controls`` maps a name to each widget a manager changes (a test sets its
    ``value``); ``parts`` maps a name to each widget whose content is shown,
    so tests can read what changed without walking ``children``.
    """

    def __init__(
        self,
        children: Iterable[widgets.Widget],
        *,
        controls: Mapping[str, widgets.Widget],
        parts: Mapping[str, widgets.Widget],
        **kwargs,
    ):
        super().__init__(children=tuple(children), **kwargs)
        self.add_class("fs-app")
        self.controls = dict(controls)
        self.parts = dict(parts)
        for control in self.controls.values():
            control.add_class("fs-control")


def default_user() -> str:
    """Who saves, by default: ``FIELDSALES_USER``, else the login name, else empty.

    Empty on a ``fieldsales serve`` that others reach (not on localhost): its
    login name is the server's account, not the manager's, so "Your name" is
    left for each manager to type.
    """
    name = os.environ.get("FIELDSALES_USER", "").strip()
    if name:
        return name
    if os.environ.get(SHARED_SERVER):
        return ""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment or the password database
        return ""


def wait_for_viewer() -> None:
    """In a pre-heated Voila kernel, wait here until a manager opens the page.

    Voila runs a pre-heated kernel's notebook before anyone asks for the page,
    which saves the kernel start and the imports (most of a first view). An
    app showing saved decisions calls this before reading them, so that a
    page opened after a save shows it. Anywhere else it returns at once.
    """
    if os.environ.get("VOILA_PREHEAT", "False") == "False":
        return
    from voila.utils import wait_for_request

    wait_for_request()


def open_ws(ws: Workspace | str | PathLike | None) -> Workspace:
    """A workspace from an open one, a folder, or ``""``/None (``FIELDSALES_WORKSPACE``)."""
    if isinstance(ws, Workspace):
        return ws
    workspace = open_workspace(ws)
    workspace.verify(content=False)
    return workspace


def tiles_html(tiles: list[tuple[str, str, bool]]) -> str:
    """Figure tiles above a page's charts: ``(figure, what it is, shown in red)``."""
    return (
        '<div class="fs-tiles">'
        + "".join(
            f'<div class="fs-tile{" fs-bad" if bad else ""}"><b>{esc(value)}</b>'
            f"<span>{esc(text)}</span></div>"
            for value, text, bad in tiles
        )
        + "</div>"
    )


def esc(value: object) -> str:
    """Text safe inside HTML: CRM strings (names, teams) are escaped wherever shown."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return html.escape(str(value), quote=True)


def fmt(value: object, unit: str = "") -> str:
    """A number as a manager reads it: ``ratio`` -> 87%, ``currency`` -> 12,340."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    if isinstance(value, str):
        return value
    if unit == "ratio":
        return f"{float(value):.0%}"
    if unit in ("currency", "count"):
        return f"{float(value):,.0f}"
    return f"{value}"


def html_table(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    *,
    units: Mapping[str, str] | None = None,
    nowrap: Iterable[str] = (),
    empty: str = "(none)",
) -> str:
    """An HTML table of ``frame``'s ``columns`` (name -> heading), every cell escaped.

    ``units`` formats numbers by column (see :func:`fmt`); ``nowrap`` columns
    (names, teams) are kept on one line.
    """
    units = dict(units or {})
    nowrap = set(nowrap)
    if frame.empty:
        return f'<p class="fs-muted"><em>{esc(empty)}</em></p>'
    head = "".join(f"<th>{esc(title)}</th>" for title in columns.values())
    rows = []
    for record in frame[list(columns)].itertuples(index=False):
        cells = []
        for name, value in zip(columns, record, strict=True):
            unit = units.get(name, "")
            css = ' class="fs-num"' if unit else ' class="fs-nowrap"' if name in nowrap else ""
            cells.append(f"<td{css}>{esc(fmt(value, unit))}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f'<table class="fs-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def links_html(apps: Iterable[AppLink] = APPS, *, current: str = "") -> str:
    """A list of links to the other apps (relative, so they work behind any base URL)."""
    items = "".join(
        f'<li><a href="{esc(app.href)}">{esc(app.title)}</a>'
        f' <span class="fs-muted">— {esc(app.blurb)}</span></li>'
        for app in apps
        if app.name != current
    )
    return f'<ul class="fs-links">{items}</ul>'


def note_html(text: str) -> str:
    return f'<div class="fs-note">{esc(text)}</div>'


def error_html(text: str) -> str:
    return f'<div class="fs-error">{esc(text)}</div>'


def guarded(status: widgets.HTML, action: Callable[[], None]) -> Callable[..., None]:
    """``action`` as a widget callback that never shows a traceback to a manager.

    A :class:`FieldsalesError` (a user-facing message) is shown in ``status``;
    anything else shows a short notice there and prints the traceback to the
    kernel's own stderr, i.e. the terminal running ``fieldsales serve``.
    """

    def run(*_args) -> None:
        try:
            action()
        except FieldsalesError as exc:
            status.value = error_html(str(exc))
        except Exception as exc:  # a bug: details to the server log, not to the page
            traceback.print_exc(file=sys.__stderr__ or sys.stderr)
            status.value = error_html(
                f"This view could not be updated ({type(exc).__name__}); "
                "the terminal running `fieldsales serve` shows the details."
            )

    return run
