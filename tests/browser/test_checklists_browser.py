"""The two checklist apps in chromium: a saved answer survives a reload; the analytics show.

(Named ``..._browser`` because ``tests/apps/test_checklists.py`` has the plain name and
the test folders are not packages.)
"""

from __future__ import annotations

import re
import time

import pytest
from browser_helpers import open_app, record, survives_reload, view_text

ITEMS = {"diversity_checklist": "p20-languages", "cross_department_checklist": "p19-recognition"}


@pytest.mark.parametrize("app", sorted(ITEMS))
def test_a_saved_answer_survives_a_reload(page, playbook_server, app):
    field = f".fs-item-{ITEMS[app]} .fs-evidence input"
    stamp = f"checked in the browser test, {time.strftime('%Y-%m-%d %H:%M:%S')}"

    def save(p):
        p.locator(field).fill(stamp)
        p.get_by_text("● not saved").first.wait_for()
        start = time.perf_counter()
        p.get_by_role("button", name=re.compile(r"^Save changes")).click()
        p.get_by_text("Saved 1 item(s)").wait_for(timeout=60_000)
        record(app, "save", time.perf_counter() - start)
        return stamp

    def read(p):
        p.locator(field).wait_for(timeout=120_000)
        return p.locator(field).input_value()

    survives_reload(page, playbook_server, app, save, read)
    label = page.page.locator(f".fs-item-{ITEMS[app]} .fs-check-text").inner_text()
    assert "saved by" in label
    page.assert_clean()


def test_the_diversity_page_says_what_it_cannot_judge(page, playbook_server):
    open_app(page, playbook_server, "diversity_checklist")
    p = page.page
    assert p.get_by_text("Pay: not in the data").count() == 1
    select = p.locator(".fs-control select").nth(1)  # the team list first, then the grouping
    select.select_option(label="age band")
    p.get_by_text("Age band", exact=True).first.wait_for(timeout=60_000)
    assert "too small to judge" in view_text(p)
    page.assert_clean()


def test_the_cross_department_page_lists_what_the_data_lack(page, playbook_server):
    open_app(page, playbook_server, "cross_department_checklist")
    p = page.page
    assert p.get_by_text("Won deal → onboarding start").count() == 1
    select = p.locator(".fs-control select").nth(1)
    select.select_option(label="Won deal → first customer feedback")
    p.get_by_text("No feedback within 90 days").wait_for(timeout=60_000)
    page.assert_clean()
