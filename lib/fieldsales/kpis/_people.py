"""People KPIs: 1:1s, training, compliance, wellbeing, headcount (practices 2, 3, 10, 11, 13)."""

from __future__ import annotations

import ibis

from ._context import Context
from ._registry import KPI, Event, register

PULSE_WINDOW_MONTHS = 3


def _employed(ctx: Context) -> ibis.Table:
    """Reps (not managers) x buckets they worked in, with the days they were there."""
    r = ctx.table("reps").filter(lambda t: t.role != "manager")
    p = ctx.periods()
    j = r.join(
        p,
        [r.hire_date < p.period_end, r.exit_date.isnull() | (r.exit_date >= p.period_start)],
    )
    # the exit day itself is worked: employment ends the day after exit_date
    left = ibis.coalesce(j.exit_date + ibis.interval(days=1), j.period_end)
    end = ibis.least(left, j.period_end)
    start = ibis.greatest(j.hire_date, j.period_start)
    return j.mutate(worked=end.delta(start, unit="day"), last_day=end)


def _fte(ctx: Context) -> ibis.Table:
    e = _employed(ctx)
    e = ctx.with_entity(e.mutate(share=e.worked / e.days))
    return e.group_by(["entity", "period_start"]).aggregate(value=e.share.sum())


register(KPI(
    "rep_fte", "Rep headcount (FTE)", "销售人员（全职当量）",
    "Reps employed in the period, counting a mid-period hire or exit for the share of days worked.",
    "sum(days employed in period / days in period)",
    "fte", "neutral", ("reps",), (5, 11), "sum", custom=_fte, fill=0.0,
))  # fmt: skip
register(KPI(
    "one_on_ones_held", "1:1s held", "一对一面谈次数",
    "One-to-one meetings between rep and manager.", "count(one_on_ones)",
    "count", "higher", ("one_on_ones",), (2,), "sum", fill=0.0,
    event=Event("one_on_ones", "date", lambda t: t.count()),
))  # fmt: skip


def _days_since_one_on_one(ctx: Context) -> ibis.Table:
    """Per rep at the last day worked in the bucket: days since the latest 1:1 (or hire)."""
    e = _employed(ctx).select("rep_id", "period_start", "last_day", "hire_date")
    o = ctx.table("one_on_ones").select(o_rep="rep_id", o_date="date")
    if ctx.backend is None:
        # as-of join: the latest 1:1 before the last day, without pairing every 1:1 with
        # every bucket (12M intermediate rows at 10k reps); Spark has no as-of join
        last = e.asof_join(o, on=e.last_day > o.o_date, predicates=[e.rep_id == o.o_rep])
    else:
        j = e.left_join(o, [e.rep_id == o.o_rep, o.o_date < e.last_day])
        keys = ["rep_id", "period_start", "last_day", "hire_date"]
        last = j.group_by(keys).aggregate(o_date=j.o_date.max())
    since = ibis.coalesce(last.o_date, last.hire_date)
    day = last.last_day - ibis.interval(days=1)
    per_rep = last.select(
        entity=last.rep_id, period_start=last.period_start, value=day.delta(since, unit="day")
    )
    return ctx.mean_over_reps(per_rep)


register(KPI(
    "days_since_one_on_one", "Days since last 1:1", "距上次一对一天数",
    "Days from the latest 1:1 (or the hire date) to the rep's last day in the period; "
    "teams show their reps' mean.",
    "last day worked - max(one_on_ones.date)", "days", "lower", ("one_on_ones", "reps"), (2,),
    "mean_of_reps", custom=_days_since_one_on_one,
))  # fmt: skip
register(KPI(
    "training_hours", "Training hours", "培训时长",
    "Hours of courses completed.", "sum(trainings.hours)",
    "hours", "higher", ("trainings",), (3,), "sum", fill=0.0,
    event=Event("trainings", "completed_on", lambda t: t.hours.sum()),
))  # fmt: skip
register(KPI(
    "trainings_completed", "Courses completed", "完成课程数",
    "Courses completed.", "count(trainings)",
    "count", "higher", ("trainings",), (3,), "sum", fill=0.0,
    event=Event("trainings", "completed_on", lambda t: t.count()),
))  # fmt: skip


def _compliance_overdue(ctx: Context) -> ibis.Table:
    """Items due before the end of the bucket and not completed by then, for reps employed."""
    c = ctx.table("compliance")
    e = _employed(ctx)
    j = c.join(e, [c.rep_id == e.rep_id, c.due_date < e.last_day])
    j = j.filter(j.completed_on.isnull() | (j.completed_on >= j.last_day))
    j = ctx.with_entity(j)
    return j.group_by(["entity", "period_start"]).aggregate(value=j.count())


register(KPI(
    "compliance_overdue", "Compliance items overdue", "逾期合规事项",
    "Contracts, certifications and compliance trainings past their due date and not "
    "completed by the rep's last day in the period.",
    "count(compliance | due_date <= end, not completed by end)",
    "count", "lower", ("compliance", "reps"), (13,), "sum", custom=_compliance_overdue, fill=0.0,
))  # fmt: skip


def _pulse(column: str):
    def build(ctx: Context) -> ibis.Table:
        s = ctx.table("pulse_surveys")
        p = ctx.periods()
        j = s.join(
            p,
            [
                s.date < p.period_end,
                s.date >= p.period_end - ibis.interval(months=PULSE_WINDOW_MONTHS),
            ],
        )
        j = ctx.with_entity(j)
        return j.group_by(["entity", "period_start"]).aggregate(value=j[column].mean())

    return build


register(KPI(
    "pulse_engagement", "Engagement (3-month pulse)", "敬业度（近三月）",
    "Mean engagement (1-5) of pulse answers in the three months up to the period end.",
    "mean(pulse_surveys.engagement | last 3 months)",
    "score", "higher", ("pulse_surveys",), (10, 11), "recompute", custom=_pulse("engagement"),
))  # fmt: skip
register(KPI(
    "pulse_stress", "Stress (3-month pulse)", "压力（近三月）",
    "Mean stress (1-5) of pulse answers in the three months up to the period end.",
    "mean(pulse_surveys.stress | last 3 months)",
    "score", "lower", ("pulse_surveys",), (10,), "recompute", custom=_pulse("stress"),
))  # fmt: skip
