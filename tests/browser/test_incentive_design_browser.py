"""The incentive design app in chromium: a saved plan survives a reload; edits, errors and
statements reach the page.

What every app gets (loads offline, charts drawn, a control changes a view,
screenshot) is in ``test_playbook_browser.py``. The plan saved here goes to the
served workspace's store, as plan "Field 2026" (the example plan) with a
description and a note naming the run, so the page keeps opening on the example
plan's figures.
"""

from __future__ import annotations

import secrets
import time

from browser_helpers import open_app, record, survives_reload, wait_for_charts

APP = "incentive_design"


def _fill(p, selector: str, value: str) -> None:
    """Type into a text widget and commit it (the app's text fields update on Enter)."""
    field = p.locator(selector)
    field.fill(value)
    field.press("Enter")


def test_a_saved_plan_survives_a_reload(page, playbook_server):
    token = f"browser test {secrets.token_hex(4)}"

    def save(p):
        _fill(p, ".fs-user input", "browser-test")
        _fill(p, ".fs-plan-a .fs-field-description input", f"Saved by the {token}")
        _fill(p, ".fs-plan-a .fs-field-note input", token)
        p.locator(".fs-plan-a button", has_text="Save plan A").click()
        p.locator(".fs-plan-a .fs-field-message", has_text="as version").wait_for(timeout=60_000)
        return f"Saved by the {token}"

    def read(p):
        field = p.locator(".fs-plan-a .fs-field-description input")
        field.wait_for(timeout=120_000)
        return field.input_value()

    survives_reload(page, playbook_server, APP, save, read)
    p = page.page
    history = p.locator(".fs-view", has_text="Versions of")
    assert token in history.inner_text()  # the note of the version saved
    assert "browser-test" in history.inner_text()
    assert "saved plan, version" in p.locator(".fs-plan-a").inner_text()
    page.assert_clean()


def test_an_invalid_plan_says_why_in_plain_words_then_a_fix_redraws(page, playbook_server):
    open_app(page, playbook_server, APP)
    p = page.page
    _fill(p, ".fs-plan-b .fs-field-cap input", "0.5")
    error = p.locator(".fs-plan-b .fs-field-problems .fs-error")
    error.wait_for(timeout=60_000)
    text = error.inner_text()
    assert "Cap (0.5×) is below the commission paid at 100% attainment" in text
    assert "cap =" not in text and "Traceback" not in p.inner_text("body")
    comparison = p.locator(".fs-view", has_text="Paid on actual data")
    assert "pts" not in comparison.inner_text()  # B is a copy of A: no difference
    start = time.perf_counter()
    _fill(p, ".fs-plan-b .fs-field-cap input", "1.5")  # a lower cap than plan A's
    comparison.filter(has_text="pts").wait_for(timeout=60_000)  # B caps more reps than A
    record(APP, "edit_plan_b", time.perf_counter() - start)
    assert error.count() == 0
    assert wait_for_charts(p) == 2
    page.assert_clean()


def test_a_reps_statement_is_shown_and_written(page, playbook_server):
    open_app(page, playbook_server, APP)
    p = page.page
    rep = p.locator(".fs-control", has_text="Statement for").locator("select")
    choice = rep.locator("option").nth(1)
    name = choice.inner_text().replace("\xa0", " ")
    start = time.perf_counter()
    rep.select_option(value=choice.get_attribute("value"))
    frame = p.frame_locator("iframe.fs-statement")
    frame.locator("h1", has_text="Payout statement").wait_for(timeout=60_000)
    record(APP, "statement", time.perf_counter() - start)
    assert name.split(" (")[0] in frame.locator("p.meta").inner_text()
    assert frame.locator("tr.total").count() == 1
    link = p.locator("a", has_text="Download the statement as CSV")
    assert link.get_attribute("href").startswith("data:text/csv;base64,")
    written = playbook_server.workspace / "exports" / link.get_attribute("download")
    assert written.is_file() and "Total pay" in written.read_text(encoding="utf-8-sig")
    page.assert_clean()
