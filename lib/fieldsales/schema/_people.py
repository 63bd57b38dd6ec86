"""People tables: reps, one_on_ones, trainings, pulse_surveys, compliance."""

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from ._base import CanonicalTable, date_only, field, table_check

__all__ = ["Reps", "OneOnOnes", "Trainings", "PulseSurveys", "Compliance"]

REP = "reps.rep_id"


class Reps(CanonicalTable):
    """One row per sales rep or manager, current or former.

    Rep data is personnel data. The optional group columns (``gender``,
    ``age_band``) exist for equity analysis only (fairness audits of pay,
    targets and models); they are never used as model inputs.
    """

    rep_id: Series[str] = field("Identifier of the rep, as in the CRM.", key=True, unique=True)
    name: Series[str] = field("Display name of the rep.")
    email: Series[str] = field("Work e-mail address.", nullable=True, str_contains="@")
    manager_id: Series[str] = field(
        "rep_id of the direct manager; empty at the top of the hierarchy.",
        references=REP,
        nullable=True,
    )
    team: Series[str] = field("Team the rep belongs to.")
    region: Series[str] = field("Sales region.")
    territory: Series[str] = field("Territory the rep covers.")
    hire_date: Series[pa.DateTime] = field("First working day.")
    exit_date: Series[pa.DateTime] = field("Last working day; empty while employed.", nullable=True)
    exit_type: Series[str] = field(
        "Why the rep left: voluntary (resigned) or involuntary (dismissed).",
        nullable=True,
        isin=["voluntary", "involuntary"],
    )
    role: Series[str] = field("Job role.", isin=["field_rep", "inside_rep", "manager"])
    gender: Series[str] | None = field(
        "Self-reported gender; for equity analysis only, never a model input.",
        nullable=True,
    )
    age_band: Series[str] | None = field(
        "Age band such as '30-39'; for equity analysis only, never a model input.",
        nullable=True,
    )

    _dates = date_only("hire_date", "exit_date")

    @table_check(
        "exit_date",
        uses=("exit_date", "hire_date"),
        error="must be on or after hire_date",
        description="check the day/month order of both dates",
    )
    def _exit_after_hire(cls, df: pd.DataFrame) -> pd.Series:
        exit_, hire = df["exit_date"], df["hire_date"]
        return exit_.isna() | hire.isna() | (exit_ >= hire)

    @table_check(
        "exit_type",
        uses=("exit_type", "exit_date"),
        error="must be given when exit_date is set and empty when it is not",
        description="set exit_type to voluntary or involuntary for leavers, clear it otherwise",
    )
    def _exit_type_with_exit_date(cls, df: pd.DataFrame) -> pd.Series:
        return df["exit_date"].isna() == df["exit_type"].isna()


class OneOnOnes(CanonicalTable):
    """One row per one-to-one meeting between a rep and their manager."""

    rep_id: Series[str] = field("The rep who met their manager.", references=REP)
    manager_id: Series[str] = field("The manager who held the meeting.", references=REP)
    date: Series[pa.DateTime] = field("Day of the meeting.")
    minutes: Series[float] = field("Length of the meeting.", unit="minutes", nullable=True, gt=0)
    notes: Series[str] = field("Free-text notes (personnel data).", nullable=True)

    _dates = date_only("date")


class Trainings(CanonicalTable):
    """One row per course a rep completed."""

    rep_id: Series[str] = field("The rep who took the course.", references=REP)
    course: Series[str] = field("Course name.")
    completed_on: Series[pa.DateTime] = field("Day the course was completed.")
    hours: Series[float] = field("Time spent on the course.", unit="hours", ge=0)
    score: Series[float] = field(
        "Final score, if the course is graded.",
        unit="points (0-100)",
        nullable=True,
        in_range={"min_value": 0, "max_value": 100},
    )

    _dates = date_only("completed_on")


class PulseSurveys(CanonicalTable):
    """One row per answer of a rep to the short wellbeing (pulse) survey."""

    rep_id: Series[str] = field("The rep who answered.", references=REP)
    date: Series[pa.DateTime] = field("Day of the answer.")
    engagement: Series[float] = field(
        "How engaged the rep feels (1 low, 5 high).",
        unit="points (1-5)",
        in_range={"min_value": 1, "max_value": 5},
    )
    stress: Series[float] = field(
        "How stressed the rep feels (1 low, 5 high).",
        unit="points (1-5)",
        in_range={"min_value": 1, "max_value": 5},
    )

    _dates = date_only("date")


class Compliance(CanonicalTable):
    """One row per compliance item a rep must complete (contract, certification, training)."""

    rep_id: Series[str] = field("The rep the item applies to.", references=REP)
    item: Series[str] = field("Name of the item, e.g. 'GDPR refresher'.")
    kind: Series[str] = field("Kind of item.", isin=["contract", "certification", "training"])
    due_date: Series[pa.DateTime] = field("Day the item is due.")
    completed_on: Series[pa.DateTime] = field(
        "Day the item was completed; empty while outstanding.", nullable=True
    )
    expires_on: Series[pa.DateTime] = field(
        "Day the item stops being valid; empty if it never expires.", nullable=True
    )

    _dates = date_only("due_date", "completed_on", "expires_on")
