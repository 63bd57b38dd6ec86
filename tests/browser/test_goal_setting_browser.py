"""The goal-setting app in the browser: edit a target, save it, reload, see it; export."""

from __future__ import annotations

import secrets
from pathlib import Path

from browser_helpers import open_app, record, screenshot, survives_reload, wait_for_charts

APP = "goal_setting"


def choose_first_team(p) -> str:
    """Pick the first team in the Team dropdown and wait for its target boxes."""
    team = p.locator(".fs-control select").nth(1)
    name = team.locator("option").nth(1).inner_text()
    team.select_option(label=name)
    p.locator(".fs-target input").first.wait_for(timeout=60_000)
    p.get_by_text(f"team {name}").first.wait_for(timeout=60_000)
    return name


def test_an_edited_target_survives_a_reload(page, playbook_server):
    value = str(100_000 + secrets.randbelow(800_000))

    def save(p):
        choose_first_team(p)
        box = p.locator(".fs-target input").first
        box.fill(value)
        box.press("Enter")
        p.get_by_text("Unsaved changes").wait_for(timeout=30_000)
        p.locator(".fs-control input[type=text]").first.fill("browser test")
        p.get_by_role("button", name="Save targets").click()
        # an earlier run's version may say "saved by browser test" already: wait for this save
        p.get_by_text("Unsaved changes").wait_for(state="detached", timeout=30_000)
        p.get_by_text("saved by browser test").wait_for(timeout=30_000)
        return value

    def read(p):
        choose_first_team(p)
        p.get_by_text("saved by browser test").wait_for(timeout=30_000)
        return str(round(float(p.locator(".fs-target input").first.input_value())))

    assert survives_reload(page, playbook_server, APP, save, read) == value
    p = page.page
    assert p.get_by_text("Unsaved changes").count() == 0
    wait_for_charts(p)
    screenshot(p, f"{APP}-team")
    # leave the sample workspace as found: the proposals back, saved as the latest version
    p.get_by_role("button", name="Use the proposals").click()
    p.get_by_text("Unsaved changes").wait_for(timeout=30_000)
    p.get_by_role("button", name="Save targets").click()
    p.get_by_text("Unsaved changes").wait_for(state="detached", timeout=30_000)
    assert p.locator(".fs-target input").first.input_value() != value
    page.assert_clean()


def test_the_export_is_offered_as_a_download(page, playbook_server):
    record(APP, "first_view_export_test", open_app(page, playbook_server, APP))
    p = page.page
    p.get_by_role("button", name="Export CSV").click()
    link = p.locator("a.fs-download")
    link.wait_for(timeout=60_000)
    with p.expect_download(timeout=30_000) as download:
        link.click()
    path = download.value.path()
    text = Path(path).read_text(encoding="utf-8-sig")
    assert text.startswith("team,rep_id,rep,metric,kpi,period,target,proposed")
    assert download.value.suggested_filename.startswith("goals-")
    page.assert_clean()
