"""What a KPI query needs: the workspace's tables, the buckets, the grouping."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import ibis
import pyarrow as pa

from .. import rollups
from ..workspace import Workspace
from ._periods import TRUNCATE_UNIT, Buckets

__all__ = ["Context", "BY"]

BY = ("rep", "team", "region", "company")
ENTITY = "entity"


@dataclass
class Context:
    ws: Workspace
    buckets: Buckets
    by: str
    as_of: object  # last timestamp in the data: "now" for open complaints
    backend: object = None  # an Ibis backend; None = the workspace's DuckDB
    cache: dict = field(default_factory=dict)  # intermediate tables shared by KPIs

    def remember(self, key: str, expr: ibis.Table) -> ibis.Table:
        """``expr`` computed once and kept as a temporary table until :meth:`release`."""
        if key not in self.cache:
            con = self.ws.con if self.backend is None else self.backend
            if con.name == "duckdb":
                # ibis 12's CachedTable.release() emits "DROP TABLE IF EXISTS" without the
                # table's name on DuckDB, so the temporary table is managed here
                name = f"fs_{key}_{uuid.uuid4().hex[:12]}"
                self.cache[key] = (con, name, con.create_table(name, expr, temp=True))
            else:
                self.cache[key] = (None, None, expr.cache())
        return self.cache[key][2]

    def release(self) -> None:
        """Drop the intermediate tables."""
        for con, name, table in self.cache.values():
            if con is None:
                table.release()
            else:
                con.con.execute(f'DROP TABLE IF EXISTS temp.main."{name}"')
        self.cache.clear()

    @property
    def grain(self) -> str:
        return self.buckets.grain

    def table(self, name: str) -> ibis.Table:
        """A workspace table, or a rollup of the activity log (:mod:`fieldsales.rollups`)."""
        if name == "activity_days" and self.grain != "week":
            name = "activity_months"  # the same columns, 23x fewer rows; months nest
        if name in rollups.ROLLUPS:  # stored beside the log; on another backend, from the log
            if self.backend is None:
                return rollups.table(self.ws, name)
            return rollups.ROLLUPS[name](self.table(rollups.SOURCE))
        if self.backend is None:
            return self.ws.table(name)
        return self.backend.read_parquet(self.ws.file(name), table_name=f"fs_{name}")

    def periods(self) -> ibis.Table:
        """One row per bucket: its index (0, 1, ...), period_start, period_end (exclusive), days."""
        b = self.buckets
        days = [(e - s).days for s, e in zip(b.starts, b.ends, strict=True)]
        table = pa.table(
            {
                "bucket_index": pa.array(range(len(days)), pa.int64()),
                "period_start": pa.array(b.starts.values.astype("datetime64[us]")),
                "period_end": pa.array(b.ends.values.astype("datetime64[us]")),
                "days": pa.array(days, pa.int64()),
            }
        )
        return ibis.memtable(table)

    def in_window(self, t: ibis.Table, time: str) -> ibis.Table:
        """Rows of ``t`` whose ``time`` falls in the buckets, with their bucket start."""
        col = t[time].cast("timestamp")
        t = t.filter(
            col >= self.buckets.start.to_pydatetime(), col < self.buckets.end.to_pydatetime()
        )
        return t.mutate(period_start=t[time].cast("timestamp").truncate(TRUNCATE_UNIT[self.grain]))

    def with_entity(self, t: ibis.Table, rep: str = "rep_id") -> ibis.Table:
        """Add the grouping column ``entity`` from the row's rep."""
        if self.by == "rep":
            return t.mutate(entity=t[rep]).filter(lambda r: r.entity.notnull())
        if self.by == "company":
            return t.mutate(entity=ibis.literal("company"))
        reps = self.table("reps").select(_rep=lambda r: r.rep_id, _group=lambda r: r[self.by])
        joined = t.left_join(reps, t[rep] == reps._rep)
        return (
            joined.mutate(entity=joined._group)
            .drop("_rep", "_group")
            .filter(lambda r: r.entity.notnull())
        )

    def mean_over_reps(self, per_rep: ibis.Table) -> ibis.Table:
        """Roll rep-level values (entity = rep_id) up to the grouping by their mean."""
        if self.by == "rep":
            return per_rep
        t = self.with_entity(per_rep.rename(rep_id="entity"), rep="rep_id")
        return t.group_by(["entity", "period_start"]).aggregate(value=t.value.mean())
