"""Saved commission plans in the incentive design app: save, version history, load.

Plans are :mod:`fieldsales.state` documents of kind ``plan`` keyed by the
plan's name; every save is a new version with who saved it and when. A form
remembers the version it was loaded from, so a save that would silently
replace a colleague's newer version (or another plan of the same name) is
refused with a message saying who saved what, and when.
"""

from __future__ import annotations

import dataclasses

import ipywidgets as widgets

from ..exceptions import ConfigError
from ..incentives import CommissionPlan, PlanError, example_plan
from ..state import StateConflictError, open_store
from ._common import default_user, error_html, esc, guarded

__all__ = ["SavedPlans", "KIND", "variant"]

#: Saved commission plans: ``fieldsales.state`` documents of this kind, keyed by plan name.
KIND = "plan"


def variant(plan: CommissionPlan) -> CommissionPlan:
    """A copy of ``plan`` under another name, as plan B starts."""
    return dataclasses.replace(plan, name=f"{plan.name} – variant"[:200])


class SavedPlans:
    """The saving half of the app's page (a mixin of ``_Page``).

    Needs ``ws``, ``forms`` (label -> :class:`PlanForm`), ``valid`` (label -> the last
    valid plan), ``quiet`` (True while the page sets widgets itself) and ``guard``
    (an action as a guarded callback).
    """

    def saved_widgets(self, user: str = "") -> None:
        lay = widgets.Layout
        self.user = widgets.Text(value=user or default_user(), description="Your name",
                                 continuous_update=False, layout=lay(width="300px"))  # fmt: skip
        self.saved = widgets.Dropdown(description="Saved plans", layout=lay(width="330px"))
        self.version = widgets.Dropdown(layout=lay(width="360px"))
        self.load_a = widgets.Button(description="Load into plan A", layout=lay(width="150px"))
        self.load_b = widgets.Button(description="Load into plan B", layout=lay(width="150px"))
        self.copy = widgets.Button(description="Copy plan A", layout=lay(width="110px"))
        self.history = widgets.HTML()
        self.history.add_class("fs-view")
        self.user.add_class("fs-user")

    def wire_saved(self) -> None:
        for label, form in self.forms.items():
            form.save.on_click(guarded(form.message, lambda label=label: self.save(label)))
        run = self.guard(self.show_history)
        self.saved.observe(lambda _: None if self.quiet else run(), names="value")
        self.load_a.on_click(self.guard(lambda: self.load("A")))
        self.load_b.on_click(self.guard(lambda: self.load("B")))
        self.copy.on_click(self.guard(self.copy_a))

    def initial_plan(self, name: str, notes: list[str]) -> tuple[CommissionPlan, tuple | None]:
        """Saved plan ``name`` (empty: the most recently saved one), else the example plan;
        and ``(name, version)`` when it was saved."""
        with open_store(self.ws) as store:
            keys = store.list_keys(KIND)
            if name and name not in keys:
                raise ConfigError(
                    f"no saved plan {name!r}; saved plans: {', '.join(keys) or '(none yet)'}; "
                    "leave it empty for the most recently saved one"
                )
            docs = [store.latest(KIND, k) for k in ([name] if name else keys)]
        docs = sorted((d for d in docs if d is not None), key=lambda d: d.saved_at)
        if not docs:
            return example_plan(), None
        try:
            return CommissionPlan.from_dict(docs[-1].body), (docs[-1].key, docs[-1].version)
        except PlanError as exc:
            notes.append(f"The saved plan “{docs[-1].key}” could not be read "
                         f"({exc.problems[0]}); showing the example plan instead.")  # fmt: skip
            return example_plan(), None

    def origin(self, label: str, loaded: tuple | None, *, copied: bool = False) -> None:
        """Say beside the form's title where its plan comes from."""
        if loaded:
            text = f"saved plan, version {loaded[1]}"
        elif copied:
            text = "a copy of plan A: change it to compare"
        else:
            text = "the example plan, not saved yet"
        self.forms[label].origin.value = f'<span class="fs-muted">{esc(text)}</span>'

    def save(self, label: str) -> None:
        form = self.forms[label]
        plan, user = form.check(), self.user.value.strip()
        if plan is None:
            form.message.value = error_html(f"Fix the problems of plan {label} before saving it.")
            return
        if not user:
            form.message.value = error_html(
                "Type your name in “Your name” first: it is recorded with the saved version."
            )
            return
        expected = form.loaded[1] if form.loaded and form.loaded[0] == plan.name else 0
        try:
            with open_store(self.ws) as store:
                version = store.save_document(
                    KIND, plan.name, plan.to_dict(), user,
                    note=form.note.value.strip() or None, expected_version=expected,
                )  # fmt: skip
        except StateConflictError as exc:
            when = f", {exc.saved_at:%d %b %Y %H:%M} UTC" if exc.saved_at else ""
            head = (f"A plan named “{plan.name}” is already saved" if expected == 0
                    else f"“{plan.name}” was saved again since you loaded it")  # fmt: skip
            form.message.value = error_html(
                f"{head} (version {exc.latest_version}, by {exc.saved_by}{when}). Nothing was "
                "saved: load it from “Saved plans” below and make your changes there, or give "
                "this plan another name."
            )
            self.show_saved(plan.name)  # so it can be loaded from there at once
            return
        form.loaded = (plan.name, version)
        form.note.value = ""
        self.origin(label, form.loaded)
        form.message.value = (
            f'<p class="fs-muted">Saved “{esc(plan.name)}” as version {version}, '
            f"by {esc(user)}.</p>"
        )
        self.show_saved(plan.name)

    def show_saved(self, key: str = "") -> None:
        """Refresh the saved plans' dropdown and show ``key``'s versions."""
        with open_store(self.ws) as store:
            keys = store.list_keys(KIND)
        self.quiet = True
        try:
            self.saved.options = [(k, k) for k in keys] or [("(no plan saved yet)", "")]
            self.saved.value = key if key in keys else (keys[0] if keys else "")
        finally:
            self.quiet = False
        self.show_history()

    def show_history(self) -> None:
        key = self.saved.value
        if not key:
            self.version.options = [("–", 0)]
            self.history.value = (
                '<p class="fs-muted">No plan is saved yet: edit plan A or B above, type your '
                "name and save it.</p>"
            )
            return
        with open_store(self.ws) as store:
            hist = store.history(KIND, key).sort_values("version", ascending=False)
        when = [f"{t:%d %b %Y %H:%M} UTC" for t in hist["saved_at"]]
        self.version.options = [
            (f"version {r.version} · {r.saved_by} · {w}", int(r.version))
            for r, w in zip(hist.itertuples(), when, strict=True)
        ]
        self.version.value = int(hist["version"].iloc[0])
        notes = [n if isinstance(n, str) else "" for n in hist["note"]]
        rows = "".join(
            f'<tr><td class="fs-num">{r.version}</td><td class="fs-nowrap">{esc(r.saved_by)}</td>'
            f'<td class="fs-nowrap">{w}</td><td>{esc(n)}</td></tr>'
            for r, w, n in zip(hist.itertuples(), when, notes, strict=True)
        )
        self.history.value = (
            f"<p>Versions of “{esc(key)}”, newest first:</p>"
            '<table class="fs-table"><thead><tr><th>Version</th><th>Saved by</th><th>When</th>'
            f"<th>Note</th></tr></thead><tbody>{rows}</tbody></table>"
        )

    def load(self, label: str) -> None:
        """Show the chosen version of the chosen saved plan in form ``label``."""
        key, version = self.saved.value, self.version.value
        if not key:
            return
        with open_store(self.ws) as store:
            doc = store.get(KIND, key, version)
            latest = store.latest(KIND, key).version
        try:
            plan = CommissionPlan.from_dict(doc.body)
        except PlanError as exc:
            self.forms[label].message.value = error_html(
                f"Version {version} of “{key}” could not be read: {exc.problems[0]}."
            )
            return
        # edits start from the store as it is now: saving checks nobody saved after `latest`
        self.forms[label].show(plan, loaded=(key, latest))
        self.origin(label, (key, version))
        self.forms[
            label
        ].message.value = f'<p class="fs-muted">Loaded version {version} of “{esc(key)}”.</p>'

    def copy_a(self) -> None:
        self.forms["B"].show(variant(self.valid["A"]))
        self.origin("B", None, copied=True)
        self.forms["B"].message.value = ""
