"""Owners become reps, account names become accounts.

An owner cell holds a name, an e-mail address or a CRM user id. It is matched
to the reps table by e-mail (case-insensitive), then rep_id, then exact name
(spaces normalised). An owner not yet known becomes a new rep with a stable
id: the owner value itself when it is an id (one token with a digit, such as
``R00001``), else derived from the e-mail or the name (``REP-`` + 10 hex
digits of its SHA-1), so a second import of the same people finds them instead of
duplicating them. A name shared by two reps is ambiguous: those rows are
quarantined, asking for the e-mail or id.

Accounts named by name (Zoho "Account Name", Fxiaoke 客户名称) are matched
the same way (id, then exact name); unknown ones become accounts with id
``ACC-`` + 10 hex digits, the defaults of the preset for the columns an export
of deals cannot know (tier, segment, region), and the earliest date of their
rows as created date.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..schema import columns

__all__ = ["OwnerMatch", "resolve_owners", "resolve_accounts", "stable_id"]


def stable_id(prefix: str, key: str) -> str:
    """``PREFIX-`` + 10 upper-case hex digits of the SHA-1 of the normalised key."""
    norm = " ".join(key.split()).casefold()
    return f"{prefix}-{hashlib.sha1(norm.encode('utf-8')).hexdigest()[:10].upper()}"


def _pairs(first: pd.Series, second: pd.Series) -> tuple[np.ndarray, pd.DataFrame]:
    """Row codes and the distinct (first, second) pairs, empty cells as None."""
    import pyarrow as pa
    import pyarrow.compute as pc

    def arrow(series: pd.Series):
        arr = pa.array(series.astype("str").array) if len(series) else pa.array([], pa.string())
        return pc.fill_null(pc.cast(arr, pa.large_string()), "\x00")

    sep = pa.scalar("\x1f", pa.large_string())
    joined = pc.binary_join_element_wise(arrow(first), arrow(second), sep)
    encoded = pc.dictionary_encode(joined)
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    parts = [u.split("\x1f", 1) for u in encoded.dictionary.to_pylist()]
    keys = pd.DataFrame(
        [[None if x == "\x00" else x for x in p] for p in parts], columns=["a", "b"], dtype=object
    )
    return codes, keys


def _id_like(value) -> bool:
    """A CRM user id, not a name: one token with a digit, no '@' (R00001, 4876876000000098)."""
    text = str(value).strip() if isinstance(value, str) else ""
    return bool(text) and " " not in text and "@" not in text and any(ch.isdigit() for ch in text)


def _norm(text) -> str:
    return " ".join(str(text).split())


@dataclass
class OwnerMatch:
    """Outcome of matching one column of owners."""

    ids: pd.Series
    new: pd.DataFrame
    ambiguous: dict[str, list[str]] = field(default_factory=dict)
    matched: dict[str, int] = field(default_factory=dict)


def resolve_owners(
    owners: pd.Series,
    emails: pd.Series | None,
    reps: pd.DataFrame | None,
    first_seen: pd.Series,
    defaults: dict[str, str],
) -> OwnerMatch:
    """Map owner cells to rep ids; unknown owners become new reps.

    Parameters
    ----------
    owners
        Owner cells (name, e-mail or id); empty cells stay empty.
    emails
        Owner e-mail cells when the export has a separate column.
    reps
        The reps already in the workspace (or None).
    first_seen
        A date per row: a new rep's hire date is the earliest of its rows.
    defaults
        Values for the reps columns an export does not have (team, region...).
    """
    reps = reps if reps is not None else pd.DataFrame(columns=["rep_id", "name", "email"])
    by_email = {
        str(e).casefold(): r
        for e, r in zip(reps["email"], reps["rep_id"], strict=True)
        if isinstance(e, str)
    }
    by_id = set(reps["rep_id"].dropna().astype(str))
    by_name: dict[str, list[str]] = {}
    for name, rid in zip(reps["name"], reps["rep_id"], strict=True):
        if isinstance(name, str):
            by_name.setdefault(_norm(name), []).append(rid)
    email_col = emails if emails is not None else pd.Series(None, index=owners.index, dtype="str")
    codes, keys = _pairs(owners, email_col)
    result: dict[tuple, str | None] = {}
    new_rows: dict[str, dict] = {}
    match = OwnerMatch(pd.Series(dtype="str"), pd.DataFrame())
    counts = {"email": 0, "id": 0, "name": 0, "new": 0}
    for owner, email in keys.itertuples(index=False):
        mail = email if isinstance(email, str) and "@" in email else None
        if mail is None and isinstance(owner, str) and "@" in owner:
            mail = owner.strip()
        rid, how = None, None
        if mail and mail.casefold() in by_email:
            rid, how = by_email[mail.casefold()], "email"
        elif isinstance(owner, str) and owner.strip() in by_id:
            rid, how = owner.strip(), "id"
        elif isinstance(owner, str) and _norm(owner) in by_name:
            hits = by_name[_norm(owner)]
            if len(hits) > 1:
                match.ambiguous[owner] = hits
            else:
                rid, how = hits[0], "name"
        if rid is None and owner not in match.ambiguous and (mail or isinstance(owner, str)):
            rid = owner.strip() if _id_like(owner) else stable_id("REP", mail or owner)
            name = _norm(owner) if isinstance(owner, str) and owner.strip() else mail
            new_rows.setdefault(rid, {"rep_id": rid, "name": name, "email": mail})
            how = "new"
        if how:
            counts[how] += 1
        result[(owner, email)] = rid
    ids = np.array([result[(o, e)] for o, e in keys.itertuples(index=False)], dtype=object)
    match.ids = pd.Series(ids[codes] if len(codes) else [], index=owners.index, dtype="str")
    match.matched = counts
    if new_rows:
        new = pd.DataFrame(list(new_rows.values()))
        earliest = pd.DataFrame({"k": match.ids.to_numpy(), "d": first_seen.to_numpy()})
        earliest = earliest.groupby("k", sort=False)["d"].min()
        fallback = pd.Timestamp.today().normalize()
        new["hire_date"] = new["rep_id"].map(earliest).fillna(fallback).dt.normalize()
        match.new = _complete(new, "reps", defaults)
    else:
        match.new = pd.DataFrame(columns=columns("reps"))
    return match


def _complete(frame: pd.DataFrame, table: str, defaults: dict[str, str]) -> pd.DataFrame:
    for column in columns(table):
        if column not in frame:
            frame[column] = defaults.get(column)
    frame = frame[[c for c in columns(table) if c in frame]]
    for column in frame:
        if column.endswith("_date"):
            frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
        else:
            frame[column] = frame[column].astype("str")
    return frame


def resolve_accounts(
    ids: pd.Series | None,
    names: pd.Series | None,
    accounts: pd.DataFrame | None,
    first_seen: pd.Series,
    defaults: dict[str, str],
) -> tuple[pd.Series, pd.DataFrame, dict[str, list[str]]]:
    """Map account ids/names to account ids; unknown ones become new accounts.

    Returns the account id per row, the new accounts, and ambiguous names
    (name -> the ids sharing it).
    """
    index = first_seen.index
    accounts = accounts if accounts is not None else pd.DataFrame(columns=["account_id", "name"])
    known = set(accounts["account_id"].dropna().astype(str))
    by_name: dict[str, list[str]] = {}
    for name, aid in zip(accounts["name"], accounts["account_id"], strict=True):
        if isinstance(name, str):
            by_name.setdefault(_norm(name), []).append(aid)
    id_col = ids if ids is not None else pd.Series(None, index=index, dtype="str")
    name_col = names if names is not None else pd.Series(None, index=index, dtype="str")
    codes, keys = _pairs(id_col, name_col)
    result, new_rows, ambiguous = {}, {}, {}
    for aid, name in keys.itertuples(index=False):
        out = None
        if isinstance(aid, str) and aid.strip():
            out = aid.strip()
            if out not in known:
                new_rows.setdefault(out, {"account_id": out, "name": _norm(name or out)})
        elif isinstance(name, str) and name.strip():
            hits = by_name.get(_norm(name), [])
            if len(hits) > 1:
                ambiguous[name] = hits
            elif hits:
                out = hits[0]
            else:
                out = stable_id("ACC", name)
                new_rows.setdefault(out, {"account_id": out, "name": _norm(name)})
        result[(aid, name)] = out
    out = np.array([result[(i, n)] for i, n in keys.itertuples(index=False)], dtype=object)
    resolved = pd.Series(out[codes] if len(codes) else [], index=index, dtype="str")
    if new_rows:
        new = pd.DataFrame(list(new_rows.values()))
        earliest = pd.DataFrame({"k": resolved.to_numpy(), "d": first_seen.to_numpy()})
        earliest = earliest.groupby("k", sort=False)["d"].min()
        new["created_date"] = new["account_id"].map(earliest)
        new["created_date"] = new["created_date"].fillna(pd.Timestamp.today()).dt.normalize()
        new = _complete(new, "accounts", defaults)
    else:
        new = pd.DataFrame(columns=columns("accounts"))
    return resolved, new, ambiguous


def earliest_dates(frame: pd.DataFrame, candidates: tuple[str, ...]) -> pd.Series:
    """Per row, the earliest of the given date columns that the frame has."""
    present = [frame[c] for c in candidates if c in frame]
    if not present:
        return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    stacked = np.column_stack([p.to_numpy(dtype="datetime64[ns]") for p in present])
    with np.errstate(invalid="ignore"):
        values = pd.DataFrame(stacked, index=frame.index).min(axis=1)
    return values.astype("datetime64[ns]")
