"""The 1:1 planner in chromium: a 1:1 recorded on the page, and its action, survive a reload.

The save goes to the served workspace's state store (the sample workspace's
``state.sqlite``); the test marks its action done at the end, so no open
action is left behind (the 1:1 record itself stays, as a manager's would).
"""

from __future__ import annotations

import secrets
import time

from browser_helpers import (
    PAGE_TIMEOUT,
    open_app,
    record,
    screenshot,
    survives_reload,
    wait_for_charts,
)

APP = "one_on_ones"
_DONE_BUTTON = """(text) => {
    const cells = [...document.querySelector('.fs-grid').children];
    const at = cells.findIndex(c => c.innerText.trim() === text);
    return at < 0 ? null : cells[at + 5].getAttribute('title');
}"""


def _rep_select(p):
    return p.locator(".fs-control select").nth(1)  # after the team


def test_a_recorded_1_1_and_its_action_survive_a_reload(page, playbook_server):
    text = f"Shadow two customer visits ({secrets.token_hex(3)})"
    chosen = {}

    def save(p):
        rep = _rep_select(p)
        label = rep.locator("option:checked").inner_text().replace("\xa0", " ")
        chosen["name"] = label.split(",")[0].split(" (")[0]
        assert not label.endswith("(0 days)")
        p.locator(".fs-control input[type=text]").first.fill("browser test")  # Your name
        p.locator(".fs-record textarea").fill("Walked through the pipeline; all well.")
        row = p.locator(".fs-action-row").first
        row.locator("input").nth(0).fill(text)
        row.locator("input").nth(1).fill("browser test")
        p.get_by_role("button", name="Save the 1:1").click()
        p.get_by_text(f"Saved: the 1:1 with {chosen['name']}").wait_for(timeout=60_000)
        p.locator(".fs-grid").get_by_text(text).wait_for(timeout=60_000)
        return text

    def read(p):
        p.locator(".fs-grid").get_by_text(text).wait_for(timeout=PAGE_TIMEOUT * 1000)
        return p.locator(".fs-grid").get_by_text(text).inner_text().strip()

    assert survives_reload(page, playbook_server, APP, save, read) == text
    p = page.page
    # the rep's cadence counts the 1:1 just recorded: 0 days, after the reload too
    labels = _rep_select(p).locator("option").all_inner_texts()
    mine = [x for x in labels if x.replace("\xa0", " ").startswith(chosen["name"])]
    assert mine and all(x.replace("\xa0", " ").endswith("(0 days)") for x in mine), mine

    # the agenda of that rep starts with the open action
    _rep_select(p).select_option(label=mine[0])
    start = time.perf_counter()
    p.get_by_role("button", name="Draft the agenda").click()
    p.get_by_text(f"Suggested agenda for {chosen['name']}").wait_for(timeout=PAGE_TIMEOUT * 1000)
    record(APP, "agenda_draft", time.perf_counter() - start)
    first = p.locator(".fs-agenda li").first.inner_text()
    assert first.startswith("Follow up: an action from the 1:1 of") and text in first
    screenshot(p, f"{APP}_agenda")  # the page with an agenda drafted and an open action

    # mark it done: it leaves the list, and stays gone after another reload
    title = p.evaluate(_DONE_BUTTON, text)
    assert title and title.startswith("Mark action ")
    p.locator(f'.fs-grid button[title="{title}"]').click()
    p.get_by_text("Marked done.").wait_for(timeout=60_000)
    assert p.locator(".fs-grid").get_by_text(text).count() == 0
    p.reload(timeout=PAGE_TIMEOUT * 1000)
    p.wait_for_selector(".fs-app", state="visible", timeout=PAGE_TIMEOUT * 1000)
    wait_for_charts(p)
    assert p.locator(".fs-grid").get_by_text(text).count() == 0
    page.assert_clean()


def test_the_team_narrows_the_list_and_the_chart(page, playbook_server):
    open_app(page, playbook_server, APP)
    p = page.page
    team = p.locator(".fs-control select").first
    choice = team.locator("option").nth(1).inner_text()
    start = time.perf_counter()
    team.select_option(label=choice)
    p.get_by_text(f"Team {choice} · today").wait_for(timeout=60_000)
    # the summary, the chart and the table are separate widgets, updated one after another
    p.wait_for_function(  # one team: the table loses its team column
        "() => ![...document.querySelectorAll('.fs-view table th')]"
        ".some(t => t.innerText === 'Team')",
        timeout=60_000,
    )
    record(APP, "team_change", time.perf_counter() - start)
    assert wait_for_charts(p) == 1
    assert "Team" not in p.locator(".fs-view table th").all_inner_texts()  # one team
    page.assert_clean()
