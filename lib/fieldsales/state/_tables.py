"""The tables of the decisions store, as portable SQLAlchemy Core metadata.

Only generic Core types are used, so the same metadata creates the tables in
SQLite (the workspace's ``state.sqlite``) and in PostgreSQL. Every timestamp is
UTC: :class:`UTCDateTime` refuses naive values on the way in and returns
aware ones on the way out, whatever the database keeps.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator

__all__ = [
    "STATE_SCHEMA_VERSION",
    "metadata",
    "meta",
    "documents",
    "one_on_one_records",
    "action_items",
    "checklist_items",
    "checklist_history",
]

#: Version of the layout below, kept in ``meta`` under ``state_schema_version``.
STATE_SCHEMA_VERSION = 1

KIND_LEN = 64
KEY_LEN = 200
NAME_LEN = 200  # people (saved_by, owner, manager), checklist names
ID_LEN = 100  # rep ids, checklist item ids
STATUS_LEN = 20


class UTCDateTime(TypeDecorator):
    """An aware UTC datetime; stored without zone in SQLite, as timestamptz in PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"timestamp {value!r} has no time zone; pass an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, str):  # pragma: no cover - a value written by hand
            value = datetime.fromisoformat(value)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()

# Made by fieldsales.workspace for every workspace (key TEXT PRIMARY KEY, value TEXT);
# declared here so a store on a server gets it too. create_all skips it when present.
meta = Table(
    "meta",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(KIND_LEN), nullable=False),
    Column("key", String(KEY_LEN), nullable=False),
    Column("version", Integer, nullable=False),
    Column("body", JSON, nullable=False),
    Column("saved_by", String(NAME_LEN), nullable=False),
    Column("saved_at", UTCDateTime, nullable=False),
    Column("note", Text),
    UniqueConstraint("kind", "key", "version", name="uq_documents_version"),
)

one_on_one_records = Table(
    "one_on_one_records",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("rep_id", String(ID_LEN), nullable=False),
    Column("held_on", Date, nullable=False),
    Column("manager", String(NAME_LEN), nullable=False),
    Column("notes", Text, nullable=False),
    Column("saved_by", String(NAME_LEN), nullable=False),
    Column("saved_at", UTCDateTime, nullable=False),
    Index("ix_one_on_one_records_rep", "rep_id", "held_on"),
)

action_items = Table(
    "action_items",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("record_id", Integer, ForeignKey("one_on_one_records.id"), nullable=False),
    Column("rep_id", String(ID_LEN), nullable=False),
    Column("text", Text, nullable=False),
    Column("owner", String(NAME_LEN), nullable=False),
    Column("due", Date, nullable=False),
    Column("status", String(STATUS_LEN), nullable=False),
    Column("closed_at", UTCDateTime),
    Column("closed_by", String(NAME_LEN)),
    Index("ix_action_items_open", "status", "rep_id"),
)


def _checklist_fields() -> list[Column]:
    """The answer columns, shared by the current row and its history."""
    return [
        Column("text", Text, nullable=False),
        Column("owner", String(NAME_LEN)),
        Column("status", String(STATUS_LEN), nullable=False),
        Column("evidence", Text),
        Column("due", Date),
        Column("updated_by", String(NAME_LEN), nullable=False),
        Column("updated_at", UTCDateTime, nullable=False),
    ]


# The current answer per item (one row each) ...
checklist_items = Table(
    "checklist_items",
    metadata,
    Column("checklist", String(NAME_LEN), primary_key=True),
    Column("item_id", String(ID_LEN), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    *_checklist_fields(),
)

# ... and every version of it, the current one included: nothing saved is lost.
checklist_history = Table(
    "checklist_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("checklist", String(NAME_LEN), nullable=False),
    Column("item_id", String(ID_LEN), nullable=False),
    Column("version", Integer, nullable=False),
    *_checklist_fields(),
    UniqueConstraint("checklist", "item_id", "version", name="uq_checklist_history_version"),
)
