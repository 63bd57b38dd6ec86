"""The manager's apps: ipywidgets factories that the ``playbook/`` notebooks display.

>>> from fieldsales.apps import team_health                       # doctest: +SKIP
>>> app = team_health("build/sample-workspace")                    # doctest: +SKIP
>>> app.controls["team"].value = "East 3"                          # doctest: +SKIP
>>> app.parts["action"].value                                      # doctest: +SKIP

Each factory returns a fresh :class:`App` (an ``ipywidgets.VBox``) whose
``controls`` and ``parts`` name its widgets, so tests drive it from Python.
Charts are drawn offline (vega-lite v5 mimetype, or static SVG): see
:mod:`fieldsales.apps._render`. ``fieldsales serve WORKSPACE`` serves the
notebooks with Voila; ``docs/playbook.md`` describes each app.
"""

from ._common import (
    APPS,
    App,
    AppLink,
    default_user,
    esc,
    guarded,
    html_table,
    links_html,
    open_ws,
    wait_for_viewer,
)
from ._cross_department_checklist import cross_department_checklist
from ._diversity_checklist import diversity_checklist
from ._goal_setting import goal_setting
from ._incentive_design import incentive_design
from ._index import team_health
from ._one_on_ones import one_on_ones
from ._render import (
    EMBED_OPTIONS,
    VEGALITE_V5,
    ChartDisplay,
    chart_output,
    show_chart,
    show_html,
    vegalite_v5_spec,
)

__all__ = [
    "team_health",
    "goal_setting",
    "incentive_design",
    "one_on_ones",
    "diversity_checklist",
    "cross_department_checklist",
    "App",
    "AppLink",
    "APPS",
    "open_ws",
    "wait_for_viewer",
    "default_user",
    "esc",
    "html_table",
    "links_html",
    "guarded",
    "ChartDisplay",
    "chart_output",
    "show_chart",
    "show_html",
    "vegalite_v5_spec",
    "VEGALITE_V5",
    "EMBED_OPTIONS",
]
