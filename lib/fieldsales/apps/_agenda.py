"""Preparing, recording and following up a 1:1: the agenda as HTML, the form, the actions.

Part of the 1:1 planner (:mod:`fieldsales.apps._one_on_ones`). The agenda's
topics come from :func:`fieldsales.signals._agenda.agenda`; the form checks
what the manager typed and hands it to
:meth:`fieldsales.state.StateStore.record_one_on_one`; the open actions are a grid
with a "Done" button per row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import ipywidgets as widgets
import pandas as pd

from ..signals._agenda import AgendaItem, practice_title
from ._common import esc

__all__ = [
    "agenda_html",
    "ActionRow",
    "RecordForm",
    "fill_actions_grid",
    "ACTIONS_GRID_COLUMNS",
    "DEFAULT_DUE_DAYS",
    "AGENDA_STYLE",
]

#: An action's due date, by default: this many days after the 1:1.
DEFAULT_DUE_DAYS = 14

#: Columns of the open-actions grid: rep, text, owner, due, agreed on, flag, button.
ACTIONS_GRID_COLUMNS = (
    "minmax(130px, max-content) minmax(240px, 1fr) minmax(110px, max-content) "
    "max-content max-content max-content max-content"
)
#: Styles of the agenda and the form (added to the page once, with the app's header).
AGENDA_STYLE = """<style>
.fs-agenda { max-width: 62em; }
.fs-agenda ol { padding-left: 1.4em; margin: 0.3em 0 0.6em; }
.fs-agenda li { margin: 0 0 0.7em; }
.fs-agenda .fs-topic { font-weight: 600; }
.fs-agenda .fs-practice { color: #666; font-size: 0.88em; margin-left: 0.4em; }
.fs-agenda .fs-urgent { color: #c0392b; font-size: 0.88em; font-weight: 600; margin-left: 0.4em; }
.fs-agenda .fs-detail { color: #333; }
.fs-agenda .fs-suggest { color: #1f3b57; }
.fs-agenda .fs-last { background: #f7f9fb; border-left: 4px solid #9fb3c8; padding: 4px 10px; }
.fs-grid { font-size: 0.95em; }
.fs-grid .fs-head { font-weight: 600; border-bottom: 2px solid #ccd; }
.fs-late { color: #c0392b; font-weight: 600; }
</style>"""

_TEXT = {
    "en": {
        "heading": "Suggested agenda for {name}",
        "signals": "From the signals of {month} and the open actions of earlier 1:1s.",
        "suggest": "Suggested:",
        "urgent": "urgent",
        "practice": "practice",
        "last": "Last 1:1: {day} ({source}).",
        "notes": "Notes then:",
        "never": "No 1:1 recorded yet (at work since {day}).",
        "source": {"CRM": "from the CRM", "recorded here": "recorded on this page"},
    },
    "zh": {
        "heading": "{name}的一对一面谈建议议程",
        "signals": "依据{month}的各项提醒及以往面谈中未完成的待办事项。",
        "suggest": "建议：",
        "urgent": "紧急",
        "practice": "实践",
        "last": "上次一对一面谈：{day}（{source}）。",
        "notes": "当时的记录：",
        "never": "尚无一对一面谈记录（{day}入职）。",
        "source": {"CRM": "来自CRM", "recorded here": "在本页记录"},
    },
}


def _day(value, lang: str) -> str:
    day = pd.Timestamp(value)
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else f"{day:%d %b %Y}"


def _month(label: str, lang: str) -> str:
    month = pd.Period(label, freq="M")
    return f"{month.year}年{month.month}月" if lang == "zh" else f"{month:%B %Y}"


def agenda_html(
    name: str,
    items: list[AgendaItem],
    *,
    lang: str = "en",
    month: str = "",
    last: pd.Timestamp | None = None,
    source: str = "",
    last_notes: str = "",
    since: pd.Timestamp | None = None,
) -> str:
    """The agenda of a 1:1 with ``name`` as HTML, every CRM or typed string escaped.

    ``month`` is the month the alerts are for (``2026-10``); ``last``,
    ``source`` and ``last_notes`` describe the latest 1:1 (or ``since``, the
    hire date, when there was none).
    """
    text = _TEXT[lang]
    parts = [f"<h3>{esc(text['heading'].format(name=name))}</h3>"]
    if month:
        parts.append(
            f'<p class="fs-muted">{esc(text["signals"].format(month=_month(month, lang)))}</p>'
        )
    if last is not None and not pd.isna(last):
        shown = text["last"].format(day=_day(last, lang), source=text["source"].get(source, source))
        if last_notes.strip():
            shown += f" {text['notes']} “{last_notes.strip()}”"
        parts.append(f'<p class="fs-last">{esc(shown)}</p>')
    elif since is not None and not pd.isna(since):
        parts.append(f'<p class="fs-last">{esc(text["never"].format(day=_day(since, lang)))}</p>')
    rows = []
    for item in items:
        flag = f'<span class="fs-urgent">{esc(text["urgent"])}</span>' if item.urgent else ""
        label = f"{text['practice']} {practice_title(item.practice, lang)}"
        detail = f'<br><span class="fs-detail">{esc(item.detail)}</span>' if item.detail else ""
        rows.append(
            f'<li><span class="fs-topic">{esc(item.title)}</span>{flag}'
            f'<span class="fs-practice">{esc(label)}</span>{detail}'
            f'<br><span class="fs-suggest"><em>{esc(text["suggest"])}</em> '
            f"{esc(item.suggestion)}</span></li>"
        )
    parts.append(f"<ol>{''.join(rows)}</ol>")
    return f'<div class="fs-agenda">{"".join(parts)}</div>'


@dataclass
class ActionRow:
    """The widgets of one action item in the form: its text, owner and due date."""

    text: widgets.Text
    owner: widgets.Combobox
    due: widgets.DatePicker
    box: widgets.HBox = field(init=False)

    def __post_init__(self):
        self.box = widgets.HBox([self.text, self.owner, self.due])
        self.box.add_class("fs-action-row")

    @classmethod
    def new(cls, due: date, owners: list[str]) -> ActionRow:
        return cls(
            widgets.Text(placeholder="Action agreed", layout=widgets.Layout(width="420px")),
            widgets.Combobox(
                placeholder="Owner", options=owners, layout=widgets.Layout(width="200px")
            ),
            widgets.DatePicker(
                value=due,
                description="due",
                style={"description_width": "initial"},
                layout=widgets.Layout(width="200px"),
            ),  # fmt: skip
        )

    @property
    def blank(self) -> bool:
        return not self.text.value.strip() and not self.owner.value.strip()


class RecordForm:
    """The "record a 1:1" form: day, notes and action rows; it checks, the app saves.

    ``box`` is the form's widget; ``rows`` the action rows (the first is
    there from the start; "Add an action" adds one).
    """

    def __init__(self, today: date):
        self.today = today
        self.owners: list[str] = []
        self.held_on = widgets.DatePicker(value=today, description="Held on")
        self.notes = widgets.Textarea(
            placeholder="What you talked about, what you agreed (kept private to managers)",
            description="Notes",
            layout=widgets.Layout(width="720px", height="90px"),
        )
        self.add = widgets.Button(description="Add an action", icon="plus")
        self.save = widgets.Button(description="Save the 1:1", button_style="primary")
        self.saved = widgets.HTML()
        self.saved.add_class("fs-saved")
        self.rows: list[ActionRow] = []
        self.rows_box = widgets.VBox()
        self.add.on_click(lambda _b: self.add_row())
        self.add_row()
        self.box = widgets.VBox(
            [
                self.held_on,
                self.notes,
                widgets.HTML(
                    '<p class="fs-muted">Actions agreed (leave a row empty to skip it):</p>'
                ),
                self.rows_box,
                self.add,
                widgets.HBox([self.save, self.saved]),
            ]
        )
        self.box.add_class("fs-record")

    def set_owners(self, owners: list[str]) -> None:
        """Names offered as owners (the rep and the manager); any other name can be typed."""
        self.owners = [o for o in dict.fromkeys(owners) if o]
        for row in self.rows:
            row.owner.options = self.owners

    def add_row(self) -> ActionRow:
        day = self.held_on.value or self.today
        row = ActionRow.new(day + timedelta(days=DEFAULT_DUE_DAYS), self.owners)
        self.rows.append(row)
        self.rows_box.children = [r.box for r in self.rows]
        return row

    def clear(self) -> None:
        """Back to an empty form (after a save): today, no notes, one empty action row."""
        self.held_on.value = self.today
        self.notes.value = ""
        for row in self.rows:
            row.box.close()
            row.text.close()
            row.owner.close()
            row.due.close()
        self.rows = []
        self.add_row()

    def check(self) -> tuple[date | None, list[dict], list[str]]:
        """The day, the actions to save and the problems found (empty when all is well)."""
        problems = []
        held_on = self.held_on.value
        if held_on is None:
            problems.append("choose the day the 1:1 was held")
        elif held_on > self.today:
            problems.append(
                f"the day of the 1:1 ({held_on:%d %b %Y}) is after today: record a 1:1 once held"
            )
        actions = []
        for number, row in enumerate(self.rows, start=1):
            if row.blank:
                continue
            text, owner, due = row.text.value.strip(), row.owner.value.strip(), row.due.value
            missing = [
                what
                for what, value in (("a text", text), ("an owner", owner), ("a due date", due))
                if not value
            ]
            if missing:
                problems.append(f"action {number} needs {' and '.join(missing)}")
                continue
            actions.append({"text": text, "owner": owner, "due": due})
        return held_on, actions, problems


def fill_actions_grid(
    grid: widgets.GridBox, found: pd.DataFrame, close: Callable[[int], None]
) -> None:
    """One grid row per open action: rep, text, owner, due, agreed, a flag, a Done button.

    ``found``: open actions with ``rep_name`` and ``late`` added; ``close(action_id)``
    runs when a row's button is clicked. The grid's former cells are closed.
    """
    for child in grid.children:
        child.close()
    heads = ["Rep", "Action", "Owner", "Due", "Agreed on", "", ""]
    cells: list[widgets.Widget] = []
    if not found.empty:
        for text in heads:
            cell = widgets.HTML(esc(text) if text else "")
            cell.add_class("fs-head")
            cells.append(cell)
    for row in found.itertuples(index=False):
        late = '<span class="fs-late">past due</span>' if row.late else ""
        cells += [
            widgets.HTML(esc(row.rep_name)),
            widgets.HTML(esc(row.text)),
            widgets.HTML(esc(row.owner)),
            widgets.HTML(f"{pd.Timestamp(row.due):%d %b %Y}"),
            widgets.HTML(f"{pd.Timestamp(row.held_on):%d %b %Y}"),
            widgets.HTML(late),
        ]
        button = widgets.Button(
            description="Done", tooltip=f"Mark action {row.action_id} done",
            layout=widgets.Layout(width="70px"),
        )  # fmt: skip
        button.on_click(lambda _b, action_id=row.action_id: close(action_id))
        cells.append(button)
    grid.children = cells
