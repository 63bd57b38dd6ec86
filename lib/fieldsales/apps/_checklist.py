"""A practice checklist a manager fills in: owner, status, evidence and due date per item.

The items come from :mod:`fieldsales.playbook` (their ids are stable); the
answers are saved in the decisions store (:mod:`fieldsales.state`), one
version per save, with who saved and when. "Save changes" saves only the
items edited since the page was loaded, each against the version it started
from: if a colleague saved the same item in between, nothing of that item is
overwritten and the page says who saved it and when.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import ipywidgets as widgets
import pandas as pd

from ..exceptions import ConfigError, FieldsalesError
from ..playbook import LANGUAGES, PracticeChecklist, checklist_name
from ..state import StateConflictError, StateError, StateValueError, open_store
from ..workspace import Workspace
from ._common import STYLE, App, default_user, error_html, esc, guarded, note_html

__all__ = [
    "ChecklistEditor",
    "checklist_app",
    "STATUS_OPTIONS",
    "SEEDED_BY",
    "CHECKLIST_STYLE",
]

#: The status dropdown: what a manager reads, what the store keeps.
STATUS_OPTIONS = (("to do", "todo"), ("doing", "doing"), ("done", "done"),
                  ("not applicable", "not_applicable"))  # fmt: skip
#: ``saved_by`` of the items the page adds to the store before anyone answered them.
SEEDED_BY = "fieldsales"
_CLOSED = {"done", "not_applicable"}
_FIELDS = ("owner", "status", "evidence", "due")
#: Styles of the checklist rows (added to the page with :data:`._common.STYLE`).
CHECKLIST_STYLE = """<style>
.fs-check-head { font-weight: 600; color: #444; border-bottom: 2px solid #ccd; }
.fs-check-row { border-bottom: 1px solid #e3e3e3; padding: 3px 0; align-items: flex-start; }
.fs-check-text { line-height: 1.35; padding-right: 8px; }
.fs-check-text small { color: #777; }
.fs-check-text .fs-unsaved { color: #c0392b; font-weight: 600; }
.fs-progress { background: #e8edf2; border-radius: 4px; height: 10px; width: 420px; margin: 4px 0; }
.fs-progress div { background: #2e8b57; border-radius: 4px; height: 10px; }
</style>"""
_WIDTHS = {"text": "38%", "owner": "130px", "status": "130px", "evidence": "auto", "due": "150px"}


def _when(value: object) -> str:
    """A saved time as a manager reads it, in the server's local time."""
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert(datetime.now().astimezone().tzinfo)
    return f"{stamp:%d %b %Y %H:%M}"


def _text_or_empty(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _day(value: object) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


@dataclass
class _Row:
    """The widgets of one item and the answer they were loaded with."""

    item_id: str
    text: str
    label: widgets.HTML
    owner: widgets.Text
    status: widgets.Dropdown
    evidence: widgets.Text
    due: widgets.DatePicker
    box: widgets.HBox
    version: int = 0
    saved: dict = field(default_factory=dict)
    saved_note: str = ""

    def values(self) -> dict:
        return {
            "owner": self.owner.value.strip() or None,
            "status": self.status.value,
            "evidence": self.evidence.value.strip() or None,
            "due": self.due.value,
        }

    def show(self, values: dict) -> None:
        """Put ``values`` (as :meth:`values` gives them) into the row's fields."""
        self.owner.value = values["owner"] or ""
        self.status.value = values["status"]
        self.evidence.value = values["evidence"] or ""
        self.due.value = values["due"]

    def changes(self) -> dict:
        """The fields edited since the row was loaded or saved."""
        now = self.values()
        return {f: now[f] for f in _FIELDS if now[f] != self.saved.get(f)}


class ChecklistEditor(widgets.VBox):
    """The checklist of one practice for one scope (company or team), saved in the store.

    Parameters
    ----------
    ws : the workspace whose store keeps the answers.
    checklist : the practice's checklist (:func:`fieldsales.playbook.load_checklist`).
    user : the "Your name" field; its value is recorded as who saved.
    today : the day overdue items are judged against.
    lang : ``en`` or ``zh``, the language of the items.

    ``rows`` maps item ids to their widgets (``owner``, ``status``,
    ``evidence``, ``due``); ``summary`` (progress) and ``message`` (what the
    last save did) are HTML; ``save_button`` and ``reload_button`` act.
    """

    def __init__(self, ws: Workspace, checklist: PracticeChecklist, *, user: widgets.Text,
                 today: date, lang: str = "en"):  # fmt: skip
        self.ws, self.checklist, self.user, self.today, self.lang = ws, checklist, user, today, lang
        self.name = ""
        self.scope = ""
        self.drafts: dict[str, dict] = {}  # checklist name -> unsaved edits left there
        self.summary = widgets.HTML()
        self.summary.add_class("fs-view")
        self.message = widgets.HTML()
        self.save_button = widgets.Button(
            description="Save changes", button_style="primary", layout=widgets.Layout(width="170px")
        )
        self.save_button.add_class("fs-save")
        self.reload_button = widgets.Button(description="Reload", tooltip="Read the saved "
                                            "answers again; unsaved edits are dropped")  # fmt: skip
        self.rows: dict[str, _Row] = {}
        self._loading = False
        head = self._head()
        for item in checklist.active():
            self.rows[item.id] = self._row(item.id, item.text_in(lang), item.evidence_in(lang))
        self.save_button.on_click(guarded(self.message, self.save))
        self.reload_button.on_click(guarded(self.message, self.reload))
        buttons = widgets.HBox([self.save_button, self.reload_button])
        super().__init__(
            [self.summary, head, *(r.box for r in self.rows.values()), buttons, self.message]
        )
        self.add_class("fs-checklist")

    # -- building ----------------------------------------------------------------------
    def _head(self) -> widgets.HBox:
        cells = [("Item", "text"), ("Owner", "owner"), ("Status", "status"),
                 ("Evidence", "evidence"), ("Due", "due")]  # fmt: skip
        boxes = [widgets.HTML(title, layout=widgets.Layout(width=_WIDTHS[key],
                 flex="1 1 auto" if key == "evidence" else "0 0 auto"))
                 for title, key in cells]  # fmt: skip
        head = widgets.HBox(boxes)
        head.add_class("fs-check-head")
        return head

    def _row(self, item_id: str, text: str, hint: str) -> _Row:
        def fixed(key):
            return widgets.Layout(width=_WIDTHS[key], flex="0 0 auto")

        label = widgets.HTML(layout=fixed("text"))
        label.add_class("fs-check-text")
        owner = widgets.Text(placeholder="who does it", layout=fixed("owner"))
        status = widgets.Dropdown(options=STATUS_OPTIONS, value="todo", layout=fixed("status"))
        evidence = widgets.Text(placeholder=hint or "what shows it is done",
                                layout=widgets.Layout(flex="1 1 auto", width="auto"))  # fmt: skip
        due = widgets.DatePicker(layout=fixed("due"))
        for w, css in ((owner, "fs-owner"), (status, "fs-status"), (evidence, "fs-evidence"),
                       (due, "fs-due")):  # fmt: skip
            w.add_class(css)
            w.observe(self._edited, names="value")
        box = widgets.HBox([label, owner, status, evidence, due])
        box.add_class("fs-check-row")
        box.add_class(f"fs-item-{item_id}")
        return _Row(item_id, text, label, owner, status, evidence, due, box)

    # -- reading ----------------------------------------------------------------------
    def load(self, team: str = "") -> None:
        """Show the checklist of ``team`` (empty: the company's), adding missing items.

        Unsaved edits of the checklist left are kept as a draft of that checklist
        and come back, still unsaved, when it is shown again.
        """
        left, kept = self.scope, self._keep_draft()
        self.name = checklist_name(self.checklist.practice, team)
        self.scope = f"team {team}" if team else "the whole company"
        with open_store(self.ws) as store:
            store.ensure_checklist(self.name, self.checklist.seed("en"), saved_by=SEEDED_BY)
            saved = store.checklist(self.name)
        self._fill(saved, list(self.rows))
        back = self._restore_draft()
        notes = []
        if kept:
            notes.append(f"{kept} unsaved edit(s) of the checklist of {esc(left)} are kept: "
                         "switch back to it to save them.")  # fmt: skip
        if back:
            notes.append(f"Your {back} unsaved edit(s) of this checklist are back: save them "
                         "to keep them.")  # fmt: skip
        self.message.value = "".join(note_html(n) for n in notes)

    def _keep_draft(self) -> int:
        """Keep the unsaved edits of the checklist shown (with the version each edit
        started from, so that a colleague's later save is still caught); their number."""
        if not self.name:  # the first load: the rows hold no answers yet, only blanks
            return 0
        draft = {i: (self.rows[i].values(), self.rows[i].version) for i in self.changed()}
        if draft:
            self.drafts[self.name] = draft
        return len(draft)

    def _restore_draft(self) -> int:
        draft = self.drafts.pop(self.name, {})
        self._loading = True
        try:
            for item_id, (values, version) in draft.items():
                self.rows[item_id].show(values)
                self.rows[item_id].version = version
        finally:
            self._loading = False
        for item_id in draft:
            self._label(self.rows[item_id])
        self._count_changes()
        return len(draft)

    def reload(self) -> None:
        """Read the saved answers again (unsaved edits of this checklist are dropped)."""
        with open_store(self.ws) as store:
            saved = store.checklist(self.name)
        self._fill(saved, list(self.rows))
        self.message.value = (
            f'<p class="fs-muted">Reloaded at {datetime.now():%H:%M:%S}: '
            "the page shows what is saved now.</p>"
        )

    def _fill(self, saved: pd.DataFrame, item_ids: list[str]) -> None:
        by_id = saved.set_index("item_id") if len(saved) else pd.DataFrame()
        self._loading = True
        try:
            for item_id in item_ids:
                row = self.rows[item_id]
                if item_id not in by_id.index:
                    continue
                answer = by_id.loc[item_id]
                row.saved = {
                    "owner": _text_or_empty(answer["owner"]) or None,
                    "status": str(answer["status"]),
                    "evidence": _text_or_empty(answer["evidence"]) or None,
                    "due": _day(answer["due"]),
                }
                row.version = int(answer["version"])
                row.show(row.saved)
                if row.version == 1 and answer["updated_by"] == SEEDED_BY:
                    row.saved_note = "not answered yet"
                else:
                    row.saved_note = (
                        f"saved by {answer['updated_by']}, {_when(answer['updated_at'])}"
                    )
                self._label(row)
        finally:
            self._loading = False
        self._refresh_summary()
        self._count_changes()

    # -- editing and saving -----------------------------------------------------------
    def _edited(self, change) -> None:
        if self._loading:
            return
        for row in self.rows.values():
            if change["owner"] in (row.owner, row.status, row.evidence, row.due):
                self._label(row)
        self._count_changes()

    def _label(self, row: _Row) -> None:
        unsaved = ' <span class="fs-unsaved">● not saved</span>' if row.changes() else ""
        row.label.value = f"{esc(row.text)}<br><small>{esc(row.saved_note)}</small>{unsaved}"

    def _count_changes(self) -> None:
        n = len(self.changed())
        self.save_button.description = f"Save changes ({n})" if n else "Save changes"

    def changed(self) -> list[str]:
        """Ids of the items edited and not saved yet."""
        return [item_id for item_id, row in self.rows.items() if row.changes()]

    def save(self) -> list[str]:
        """Save the edited items; return the ids saved. Conflicts are listed in ``message``."""
        who = self.user.value.strip()
        todo = self.changed()
        if not todo:
            self.message.value = '<p class="fs-muted">Nothing to save: no item was changed.</p>'
            return []
        if not who:
            self.message.value = error_html("Type your name in “Your name” before saving: "
                                            "each saved answer records who saved it.")  # fmt: skip
            return []
        done, problems = [], []
        with open_store(self.ws) as store:
            for item_id in todo:
                row = self.rows[item_id]
                try:
                    store.save_checklist_item(
                        self.name, item_id, saved_by=who, expected_version=row.version,
                        **row.changes(),
                    )  # fmt: skip
                except StateConflictError as err:
                    problems.append(
                        f"{err.saved_by or 'someone'} saved “{row.text}” at "
                        f"{_when(err.saved_at) if err.saved_at else 'an unknown time'} after you "
                        "opened the page — reload to see it (your edit is still on the page)."
                    )
                except StateValueError as err:  # e.g. an owner name longer than the store keeps
                    problems.append(f"“{row.text}” was not saved: {err}")
                except StateError as err:  # e.g. locked too long: the items saved so far stay
                    problems.append(f"“{row.text}” was not saved: {err} — try again.")
                else:
                    done.append(item_id)
            saved = store.checklist(self.name)
        self._fill(saved, done)
        parts = []
        if done:
            parts.append(
                f'<p class="fs-muted">Saved {len(done)} item(s) by {esc(who)} at '
                f"{datetime.now():%H:%M:%S}.</p>"
            )
        parts += [error_html(text) for text in problems]
        self.message.value = "".join(parts)
        return done

    # -- progress ---------------------------------------------------------------------
    def progress(self) -> dict:
        """Counts of the saved answers: done, applicable, not applicable, doing, overdue."""
        statuses = [row.saved.get("status", "todo") for row in self.rows.values()]
        overdue = [
            row
            for row in self.rows.values()
            if row.saved.get("due") is not None
            and row.saved["due"] < self.today
            and row.saved.get("status") not in _CLOSED
        ]
        na = statuses.count("not_applicable")
        return {
            "done": statuses.count("done"),
            "applicable": len(statuses) - na,
            "not_applicable": na,
            "doing": statuses.count("doing"),
            "overdue": [r.item_id for r in overdue],
        }

    def _refresh_summary(self) -> None:
        p = self.progress()
        share = p["done"] / p["applicable"] if p["applicable"] else 1.0
        extra = [f"{p['doing']} in progress"] if p["doing"] else []
        if p["not_applicable"]:
            extra.append(f"{p['not_applicable']} not applicable")
        head = (
            f"<b>{p['done']} of {p['applicable']} items done</b> for {esc(self.scope)}"
            + (f" · {', '.join(extra)}" if extra else "")
            + (
                f' · <b style="color:#c0392b">{len(p["overdue"])} overdue</b>'
                if p["overdue"]
                else " · none overdue"
            )  # fmt: skip
        )
        bar = f'<div class="fs-progress"><div style="width:{share:.0%}"></div></div>'
        late = ""
        if p["overdue"]:
            items = "".join(
                f"<li>{esc(self.rows[i].text)} <span class='fs-muted'>(due "
                f"{self.rows[i].saved['due']:%d %b %Y}"
                + (f", {esc(self.rows[i].saved['owner'])}" if self.rows[i].saved["owner"] else "")
                + ")</span></li>"
                for i in p["overdue"]
            )
            late = f'<p class="fs-muted">Overdue:</p><ul class="fs-links">{items}</ul>'
        self.summary.value = f"<p>{head}</p>{bar}{late}"


def checklist_app(
    ws: Workspace,
    checklist: PracticeChecklist,
    *,
    team: str,
    user: str,
    today: date,
    lang: str,
    analytics: list[widgets.Widget],
    controls: dict[str, widgets.Widget],
    parts: dict[str, widgets.Widget],
) -> App:
    """The page of a practice checklist: title, team and name, the checklist, the analytics.

    The checklist comes first (it is the manager's work), the analytics below.
    ``controls`` and ``parts`` of the analytics are added to the app's.
    """
    reps = ws.frame("reps", columns=["team", "role"])
    teams = sorted(set(reps.loc[reps["role"] != "manager", "team"].astype(str)))
    if team and team not in teams:
        raise ConfigError(f"no team {team!r} in workspace {ws.path}; teams: {', '.join(teams)}")
    if lang not in LANGUAGES:
        raise ConfigError(f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    team_box = widgets.Dropdown(
        options=[("Whole company", "")] + [(t, t) for t in teams], value=team,
        description="Checklist of", style={"description_width": "initial"},
        layout=widgets.Layout(width="280px"),
    )  # fmt: skip
    user_box = widgets.Text(value=user or default_user(), description="Your name",
                            placeholder="recorded with each save",
                            layout=widgets.Layout(width="300px"))  # fmt: skip
    header = widgets.HTML(
        STYLE + CHECKLIST_STYLE + f"<h1>{esc(checklist.title_in(lang))}</h1>"
        f'<p class="fs-lead">{esc(checklist.lead_in(lang))} Fill in the checklist for your team '
        "(or the whole company): an owner, a status, the evidence and a due date per item; "
        "each save is kept with who saved it and when. What the data show is below it.</p>"
    )  # fmt: skip
    status = widgets.HTML()
    editor = ChecklistEditor(ws, checklist, user=user_box, today=today, lang=lang)

    def load() -> None:
        editor.load(team_box.value)
        status.value = ""

    team_box.observe(guarded(status, load), names="value")
    try:
        load()
    except FieldsalesError as exc:  # e.g. the store cannot be opened: say so, show the rest
        status.value = error_html(str(exc))
    return App(
        [header, widgets.HBox([team_box, user_box]), status,
         widgets.HTML("<h2>Checklist</h2>"), editor, *analytics],
        controls={"team": team_box, "user": user_box, **controls},
        parts={"checklist": editor, "summary": editor.summary, "message": editor.message,
               "status": status, **parts},
    )  # fmt: skip
