"""Customer service tables: customer_feedback, complaints."""

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from ._base import CanonicalTable, date_only, field, table_check

__all__ = ["CustomerFeedback", "Complaints"]

REP = "reps.rep_id"
ACCOUNT = "accounts.account_id"


class CustomerFeedback(CanonicalTable):
    """One row per survey answer from a customer (CSAT and/or NPS)."""

    account_id: Series[str] = field("Account that answered.", references=ACCOUNT)
    rep_id: Series[str] = field(
        "Rep the feedback is about; empty if not attributed.", references=REP, nullable=True
    )
    date: Series[pa.DateTime] = field("Day of the answer.")
    csat: Series[float] = field(
        "Customer satisfaction, a whole number from 1 (very unhappy) to 5 (very happy).",
        unit="points (1-5)",
        nullable=True,
        in_range={"min_value": 1, "max_value": 5},
    )
    nps: Series[float] = field(
        "Likelihood to recommend, a whole number from 0 to 10 (Net Promoter Score answer).",
        unit="points (0-10)",
        nullable=True,
        in_range={"min_value": 0, "max_value": 10},
    )
    comment: Series[str] = field("Free-text comment.", nullable=True)

    _dates = date_only("date")

    @pa.check(
        "csat",
        "nps",
        name="whole_number",
        error="must be a whole number",
        description="survey scores are integers; do not average them before import",
    )
    def _whole(cls, series: pd.Series) -> pd.Series:
        return series.isna() | (series == series.round())

    @table_check(
        "csat",
        uses=("csat", "nps"),
        error="csat or nps must be given",
        description="drop answers that have neither score",
    )
    def _has_score(cls, df: pd.DataFrame) -> pd.Series:
        return df["csat"].notna() | df["nps"].notna()


class Complaints(CanonicalTable):
    """One row per customer complaint, with its response and resolution times."""

    complaint_id: Series[str] = field(
        "Identifier of the complaint, as in the ticketing system.", key=True, unique=True
    )
    account_id: Series[str] = field("Account that complained.", references=ACCOUNT)
    rep_id: Series[str] = field(
        "Rep concerned; empty if not attributed.", references=REP, nullable=True
    )
    opened_at: Series[pa.DateTime] = field(
        "When the complaint was opened, local wall time.", unit="local time"
    )
    first_response_at: Series[pa.DateTime] = field(
        "When the customer first got an answer; empty if not yet.",
        unit="local time",
        nullable=True,
    )
    resolved_at: Series[pa.DateTime] = field(
        "When the complaint was resolved; empty while open.", unit="local time", nullable=True
    )
    severity: Series[str] = field(
        "How serious the complaint is.", isin=["low", "medium", "high", "critical"]
    )
    category: Series[str] = field("Topic, e.g. 'delivery' or 'billing'.")

    @table_check(
        "first_response_at",
        uses=("first_response_at", "opened_at"),
        error="must be on or after opened_at",
        description="check the time zone and day/month order of both times",
    )
    def _response_after_open(cls, df: pd.DataFrame) -> pd.Series:
        return _not_before(df["first_response_at"], df["opened_at"])

    @table_check(
        "resolved_at",
        uses=("resolved_at", "opened_at"),
        error="must be on or after opened_at",
        description="check the time zone and day/month order of both times",
    )
    def _resolved_after_open(cls, df: pd.DataFrame) -> pd.Series:
        return _not_before(df["resolved_at"], df["opened_at"])

    @table_check(
        "resolved_at",
        uses=("resolved_at", "first_response_at"),
        error="must be on or after first_response_at",
        description="a complaint is answered before (or when) it is resolved; check both times",
    )
    def _resolved_after_response(cls, df: pd.DataFrame) -> pd.Series:
        return _not_before(df["resolved_at"], df["first_response_at"])


def _not_before(later: pd.Series, earlier: pd.Series) -> pd.Series:
    """True where ``later`` is on or after ``earlier``, or either is empty."""
    return later.isna() | earlier.isna() | (later >= earlier)
