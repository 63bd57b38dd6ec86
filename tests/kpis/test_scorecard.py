import math

import pytest

from fieldsales.exceptions import ConfigError
from fieldsales.kpis import scorecard


def test_scorecard_of_r1_in_february(hand_ws):
    card = scorecard(hand_ws, "R1", "2026-02").set_index("kpi")
    assert card.attrs == {"rep_id": "R1", "period": "2026-02", "team": "T1", "team_size": 2}
    rev = card.loc["revenue_won"]
    assert (rev["value"], rev["target"], rev["previous"], rev["change"]) == (3000, 4000, 1000, 2000)
    # T1 in February: R1 3000, R2 0 -> R1 does at least as well as both
    assert rev["team_percentile"] == 1.0
    assert card.loc["quota_attainment", "target"] == 1.0
    # R2's attainment is undefined (zero quota): no one to compare with
    assert math.isnan(card.loc["quota_attainment", "team_percentile"])
    # lower is better: R1 16 days vs R2 258 days
    assert card.loc["days_since_one_on_one", "team_percentile"] == 1.0
    assert math.isnan(card.loc["rep_fte", "team_percentile"])  # neutral KPI


def test_scorecard_of_r2_ranks_below(hand_ws):
    card = scorecard(hand_ws, "R2", "2026-02").set_index("kpi")
    assert card.loc["revenue_won", "team_percentile"] == 0.5  # only itself at or below 0
    assert card.loc["days_since_one_on_one", "team_percentile"] == 0.5


def test_scorecard_errors_are_explained(hand_ws):
    with pytest.raises(ConfigError, match="no rep 'R9'"):
        scorecard(hand_ws, "R9", "2026-02")
    with pytest.raises(ConfigError, match="R3 has no data and was not employed in 2026-01"):
        scorecard(hand_ws, "R3", "2026-01")
    with pytest.raises(ConfigError, match="one period such as 2026-10"):
        scorecard(hand_ws, "R1", "2026-01..2026-02")
