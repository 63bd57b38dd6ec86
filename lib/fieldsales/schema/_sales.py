"""Sales tables: accounts, deals, activities, quotas."""

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from ._base import CanonicalTable, date_only, field, table_check

__all__ = ["Accounts", "Deals", "Activities", "Quotas"]

REP = "reps.rep_id"
ACCOUNT = "accounts.account_id"


class Accounts(CanonicalTable):
    """One row per customer account (company or outlet)."""

    account_id: Series[str] = field(
        "Identifier of the account, as in the CRM.", key=True, unique=True
    )
    name: Series[str] = field("Account name.")
    owner_rep_id: Series[str] = field(
        "Rep who owns the account; empty if unassigned.", references=REP, nullable=True
    )
    tier: Series[str] = field("Account tier, A being the most valuable.", isin=["A", "B", "C"])
    segment: Series[str] = field("Customer segment, e.g. 'SMB' or 'enterprise'.")
    region: Series[str] = field("Sales region of the account.")
    created_date: Series[pa.DateTime] = field("Day the account was created in the CRM.")

    _dates = date_only("created_date")


class Deals(CanonicalTable):
    """One row per deal (opportunity), open or closed."""

    deal_id: Series[str] = field("Identifier of the deal, as in the CRM.", key=True, unique=True)
    account_id: Series[str] = field(
        "Account the deal is with; empty if not linked.", references=ACCOUNT, nullable=True
    )
    rep_id: Series[str] = field("Rep who owns the deal.", references=REP)
    amount: Series[float] = field(
        "Deal value in the deal's currency.", unit="currency (see currency)", ge=0
    )
    currency: Series[str] = field("ISO 4217 currency code of amount, e.g. EUR.")
    stage: Series[str] = field("CRM stage name, as in the CRM.")
    status: Series[str] = field(
        "Whether the deal is open, won or lost.", isin=["open", "won", "lost"]
    )
    created_date: Series[pa.DateTime] = field("Day the deal was created.")
    close_date: Series[pa.DateTime] = field(
        "Day the deal was won or lost; for open deals the expected close day.", nullable=True
    )
    product: Series[str] = field("Main product sold.", nullable=True)

    _dates = date_only("created_date", "close_date")

    @pa.check(
        "currency",
        name="iso_4217",
        error="must be three upper-case letters (ISO 4217 code such as EUR or USD)",
        description="replace symbols and names (€, 'euro') with the ISO code",
    )
    def _currency_code(cls, series: pd.Series) -> pd.Series:
        return series.str.fullmatch(r"[A-Z]{3}")

    @table_check(
        "close_date",
        uses=("close_date", "status"),
        error="must be given when status is won or lost",
        description="fill in the day the deal closed",
    )
    def _closed_have_date(cls, df: pd.DataFrame) -> pd.Series:
        return df["close_date"].notna() | ~df["status"].isin(["won", "lost"])

    @table_check(
        "close_date",
        uses=("close_date", "created_date"),
        error="must be on or after created_date",
        description="check the day/month order of both dates",
    )
    def _close_after_created(cls, df: pd.DataFrame) -> pd.Series:
        close, created = df["close_date"], df["created_date"]
        return close.isna() | created.isna() | (close >= created)


class Activities(CanonicalTable):
    """One row per logged activity: visit, call, e-mail, meeting, demo.

    Visits are CRM records, not location tracking.
    """

    activity_id: Series[str] = field(
        "Identifier of the activity, as in the CRM.", key=True, unique=True
    )
    rep_id: Series[str] = field("Rep who performed the activity.", references=REP)
    account_id: Series[str] = field(
        "Account concerned; empty if none.", references=ACCOUNT, nullable=True
    )
    type: Series[str] = field(
        "Kind of activity.", isin=["visit", "call", "email", "meeting", "demo", "other"]
    )
    started_at: Series[pa.DateTime] = field(
        "When the activity started, local wall time without time zone.", unit="local time"
    )
    duration_minutes: Series[float] = field(
        "How long it lasted; empty if not logged.", unit="minutes", nullable=True, ge=0
    )


class Quotas(CanonicalTable):
    """One row per rep, month and metric: the target the rep is measured against."""

    rep_id: Series[str] = field("Rep the target applies to.", references=REP, key=True)
    period: Series[str] = field("Calendar month, written YYYY-MM.", key=True)
    metric: Series[str] = field(
        "What is counted.", key=True, isin=["revenue", "new_customers", "deals_won", "visits"]
    )
    target: Series[float] = field(
        "Target value for the month.",
        unit="per metric: currency, customers, deals or visits",
        ge=0,
    )

    class Config:
        unique = ["rep_id", "period", "metric"]

    @pa.check(
        "period",
        name="calendar_month",
        error="must be a calendar month written YYYY-MM (e.g. 2024-03)",
        description="write the month as year-month with two-digit month",
    )
    def _period_is_month(cls, series: pd.Series) -> pd.Series:
        return series.str.fullmatch(r"\d{4}-(0[1-9]|1[0-2])")
