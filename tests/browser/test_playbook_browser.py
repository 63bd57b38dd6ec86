"""Every playbook app in a real browser, with the network cut off.

Parametrized over ``playbook/*.ipynb``: an app added later is tested here
without a new line. App-specific tests (a saved item survives a reload) use
the helpers of ``browser_helpers``.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request

import pytest
from browser_helpers import (
    apps,
    change_control,
    open_app,
    record,
    screenshot,
    view_text,
    wait_for_charts,
)

APPS = apps()


def test_there_are_apps():
    assert APPS[0] == "index"


@pytest.mark.parametrize("app", APPS)
def test_app_loads_offline_and_draws_its_charts(page, playbook_server, app):
    seconds = open_app(page, playbook_server, app)
    record(app, "first_view", seconds)
    charts = page.page.locator(".fs-chart").count()
    if charts:
        assert wait_for_charts(page.page) >= 1, "no chart drawn (vega or SVG)"
    assert page.page.locator(".jp-OutputArea-output[data-mime-type*=error]").count() == 0
    assert "Traceback" not in page.page.inner_text("body")
    html = page.page.content()
    assert "cdn.jsdelivr" not in html and "cdnjs" not in html  # not even an unused CDN link
    screenshot(page.page, app)
    page.assert_clean()


@pytest.mark.parametrize("app", APPS)
def test_a_control_changes_what_is_shown(page, playbook_server, app):
    open_app(page, playbook_server, app)
    if not page.page.locator(".fs-control").count():
        pytest.fail(f"{app}: mark at least one control with the CSS class fs-control")
    before = view_text(page.page)
    record(app, "control_reaction", change_control(page.page))
    assert view_text(page.page) != before
    wait_for_charts(page.page)
    page.assert_clean()


def test_team_health_follows_the_team_and_month(page, playbook_server):
    open_app(page, playbook_server, "index")
    p = page.page
    assert "all teams" in view_text(p)
    team, month = p.locator(".fs-control select").all()
    choice = team.locator("option").nth(1).inner_text()
    team.select_option(label=choice)
    p.get_by_text(f"team {choice}").first.wait_for()
    p.wait_for_function(  # one team: the table loses its team column
        "() => ![...document.querySelectorAll('.fs-view th')].some(t => t.innerText === 'Team')"
    )
    previous = month.locator("option").nth(1)
    value, text = previous.get_attribute("value"), previous.inner_text()
    start = time.perf_counter()
    month.select_option(value=value)  # a month not computed yet: KPIs and alerts run now
    p.get_by_text(f"{text}, team {choice}").wait_for(timeout=120_000)
    record("index", "month_recompute", time.perf_counter() - start)
    assert wait_for_charts(p) == 2
    page.assert_clean()


def test_links_reach_the_other_apps(page, playbook_server):
    open_app(page, playbook_server, "index")
    hrefs = page.page.locator(".fs-links a").evaluate_all("(links) => links.map(a => a.href)")
    base = f"{playbook_server.base}/voila/render/"
    for name in ("goal_setting", "incentive_design", "one_on_ones", "diversity_checklist",
                 "cross_department_checklist"):  # fmt: skip
        assert f"{base}{name}.ipynb" in hrefs


def test_the_file_listing_is_offline_too(page, playbook_server):
    page.page.goto(f"{playbook_server.base}/?token={playbook_server.token}")
    page.page.get_by_text("index.ipynb").first.wait_for(timeout=60_000)
    assert not page.external, f"requests leaving the machine: {page.external}"
    # Voila 0.5's own tree page logs widget-plugin errors (it has no kernel): not ours


def test_pages_need_the_token(playbook_server):
    url = playbook_server.url("index", token=False)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as refused:
        opener.open(url, timeout=30)
    assert refused.value.code in (302, 401, 403)
    refused.value.close()
    with pytest.raises(urllib.error.HTTPError) as wrong:
        opener.open(url + "?token=wrong", timeout=30)
    assert wrong.value.code in (302, 401, 403)
    wrong.value.close()
